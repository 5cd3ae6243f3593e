"""Memory of the production processes: `meervoud serve` with N web workers on the demo data.

Every web worker loads deduce and the embedding model (in the background as it starts), so
memory grows with the number of workers. This starts the set-up on a throw-away SQLite copy of
the demo, lets the workers warm up, sends each page kind a few requests and runs demo stories
through the intake's de-identification step (what touches deduce's tables), and prints one JSON line
per process kind with RSS and PSS (proportional set size: shared pages split between the
processes that share them, so PSS values add up to what the machine really spends; private =
pages no other process shares, what one more worker would add).

    python benchmarks/serve_memory.py --workers 2 [--port 8060] [--requests 40]

Linux only (reads /proc/<pid>/smaps_rollup).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from forms import form_fields  # benchmarks/forms.py, next to this script

ROOT = Path(__file__).resolve().parents[1]
MEERVOUD = str(Path(sys.executable).with_name("meervoud"))
PAGES = ["/", "/kennisbank/", "/kennisbank/?q=geen+geld+voor+eten", "/kennisbank/?provincie=Groningen",
         "/verhaal/nieuw/", "/kennis/"]


def intake_previews(base: str, count: int) -> None:
    """Step 1 of the intake with demo stories: the de-identification preview, nothing stored."""
    demo = ROOT / "src/meervoud/demo/data"
    texts = [story["text"] for path in sorted(demo.glob("stories_*.json"))
             for story in json.loads(path.read_text())["stories"]]
    rng = random.Random(0)
    for i in range(count):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = form_fields(opener.open(base + "/verhaal/nieuw/", timeout=60).read().decode(), "/verhaal/nieuw/")
        data = {"csrfmiddlewaretoken": page.values["csrfmiddlewaretoken"][0], "step": "story",
                "text": texts[i % len(texts)], "municipality": rng.choice(page.options["municipality"]),
                "life_domains": page.options["life_domains"][:1], "level": page.options["level"][0],
                "language": "nl"}
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(base + "/verhaal/nieuw/", data=body,
                                         headers={"Referer": base + "/verhaal/nieuw/"})
        review = form_fields(opener.open(request, timeout=120).read().decode(), "/verhaal/nieuw/")
        if review.values.get("step") != ["review"]:
            raise SystemExit("the intake did not reach its review step")


def children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry))
    return out


def tree(pid: int) -> list[int]:
    found = [pid]
    for child in children(pid):
        found += tree(child)
    return found


def memory(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0]) / 1024
    return {"rss_mib": fields["Rss"], "pss_mib": fields["Pss"],
            "private_mib": fields["Private_Clean"] + fields["Private_Dirty"]}


def kind(pid: int) -> str:
    cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    if "db_worker" in cmd:
        return "background worker"
    if "gunicorn" in cmd:
        parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        return "web worker" if "gunicorn" in Path(f"/proc/{parent}/cmdline").read_bytes().decode() else "gunicorn master"
    return "serve command"


def snapshot(root: int) -> dict[int, dict]:
    out = {}
    for pid in tree(root):
        try:
            out[pid] = {"kind": kind(pid), **memory(pid)}
        except (OSError, KeyError):
            pass
    return out


def settle(root: int, quiet_seconds: float = 10, limit: float = 180) -> float:
    """Wait until the processes' total PSS stops growing (warm-up finished)."""
    start = time.monotonic()
    last, since = -1.0, time.monotonic()
    while time.monotonic() - start < limit:
        total = sum(p["pss_mib"] for p in snapshot(root).values())
        if abs(total - last) > 2:
            last, since = total, time.monotonic()
        elif time.monotonic() - since >= quiet_seconds:
            break
        time.sleep(1)
    return time.monotonic() - start


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--port", type=int, default=8060)
    ap.add_argument("--requests", type=int, default=40, help="requests per page kind after warm-up")
    ap.add_argument("--stories", type=int, default=152, help="demo stories through the de-identification step")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="meervoud-memory-") as data:
        env = {**os.environ, "MEERVOUD_DEBUG": "0", "MEERVOUD_HTTPS": "0", "MEERVOUD_DATA_DIR": data,
               "MEERVOUD_SECRET_KEY": secrets.token_urlsafe(50)}
        env.pop("MEERVOUD_DATABASE_URL", None)
        subprocess.run([MEERVOUD, "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL)
        server = subprocess.Popen([MEERVOUD, "serve", "--port", str(args.port), "--workers", str(args.workers)],
                                  env=env, stdout=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{args.port}"
            for _ in range(120):
                try:
                    urllib.request.urlopen(base + "/gezond/", timeout=2)
                    break
                except OSError:
                    time.sleep(1)
            warm = settle(server.pid)
            for page in PAGES:
                for _ in range(args.requests):
                    urllib.request.urlopen(base + page, timeout=60).read()
            intake_previews(base, args.stories)
            settle(server.pid)
            procs = snapshot(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=60)
    by_kind: dict[str, list[dict]] = {}
    for p in procs.values():
        by_kind.setdefault(p["kind"], []).append(p)
    for name, items in sorted(by_kind.items()):
        print(json.dumps({"kind": name, "processes": len(items),
                          "rss_mib_each": [round(p["rss_mib"]) for p in items],
                          "pss_mib_each": [round(p["pss_mib"]) for p in items],
                          "private_mib_each": [round(p["private_mib"]) for p in items]}))
    print(json.dumps({"workers": args.workers, "stories_previewed": args.stories, "warm_up_seconds": round(warm, 1),
                      "total_pss_mib": round(sum(p["pss_mib"] for p in procs.values())),
                      "total_rss_mib": round(sum(p["rss_mib"] for p in procs.values()))}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
