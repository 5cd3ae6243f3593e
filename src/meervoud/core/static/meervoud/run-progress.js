// The analysis page's progress, updated in place (knowledge/run.html). A file, not an inline
// script: the Content Security Policy allows no inline script.
//
// The page used to reload itself, which sent a screen reader back to the top and moved focus.
// Here only the parts that changed are replaced: the status line is a role=status region, so a
// new step is announced once, and nothing that has focus is touched. Without JavaScript the
// page has a button to refresh it by hand.
(function () {
  "use strict";
  var INTERVAL = 5000;
  var PARTS = ["run-status", "run-bar", "run-outcome"];
  var live = document.getElementById("run-live");
  if (!live || !live.hasAttribute("data-running") || !window.fetch || !window.DOMParser) {
    return;
  }
  var manual = document.getElementById("run-refresh");
  if (manual) {
    manual.hidden = true;
  }
  var failures = 0;

  function showManual() {
    if (manual) {
      manual.hidden = false;
    }
  }

  function apply(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("run-live");
    if (!fresh) {
      return null;  // not the analysis page (signed out?): see the catch below
    }
    PARTS.forEach(function (id) {
      var now = document.getElementById(id);
      var next = fresh.querySelector("#" + id);
      // Only a real change: rewriting the same words would make a screen reader repeat them.
      if (now && next && now.innerHTML !== next.innerHTML) {
        now.innerHTML = next.innerHTML;
      }
    });
    return fresh.hasAttribute("data-running");
  }

  function poll() {
    fetch(window.location.href, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var running = apply(html);
        if (running === null) {
          throw new Error("no progress on the page");
        }
        failures = 0;
        if (running) {
          window.setTimeout(poll, INTERVAL);
        } else {
          live.removeAttribute("data-running");
        }
      })
      .catch(function () {
        // Signed out, or the server is away: stop asking and give her the button back.
        failures += 1;
        if (failures < 3) {
          window.setTimeout(poll, INTERVAL * 2);
        } else {
          showManual();
        }
      });
  }

  window.setTimeout(poll, INTERVAL);
}());
