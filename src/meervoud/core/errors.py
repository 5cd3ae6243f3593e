"""The page shown when something breaks. It must render without the database (which may be
the very thing that broke), so it uses no request context processors."""

import sys

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve

from meervoud.core.typed import KeepTypedMixin, mark_expired


def server_error(request, *args, **kwargs):
    """handler500: 503 with "try again shortly" when the database is unreachable, else 500.

    Django calls this inside its exception handler, so sys.exc_info() holds the cause."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, (OperationalError, InterfaceError))
    template = "503.html" if unavailable else "500.html"
    response = HttpResponse(loader.render_to_string(template), status=503 if unavailable else 500)
    if unavailable:
        response["Retry-After"] = "30"
    return response


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form from before a logout, a second tab or a long pause. Django's own
    page is bare English-marked text with a remark about DEBUG; this one is the site's page, in
    the user's language, with the way back (and a fresh form token, so trying again works).

    A form page that can show itself as typed (core.typed) comes back with what was typed and
    a fresh token, still as a 403: the post itself is refused and not processed."""
    kept = _as_typed(request)
    if kept is not None:
        return kept
    return render(request, "403_csrf.html", status=403)


def _as_typed(request):
    # Only a form sent from one of Meervoud's own pages: another site could otherwise post a
    # text of its choosing and have it shown here, ready to send, under "press the button again".
    if request.method != "POST" or not _from_this_site(request):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    view_class = getattr(match.func, "view_class", None)
    if not (isinstance(view_class, type) and issubclass(view_class, KeepTypedMixin)):
        return None
    mark_expired(request)
    # through the whole view, so its own permission check still applies
    response = match.func(request, *match.args, **match.kwargs)
    if response.status_code == 200:
        response.status_code = 403
    return response


def _from_this_site(request) -> bool:
    """The browser says the form came from this site (Origin, which browsers send with every
    form post), as Django's own CSRF check compares it."""
    origin = request.META.get("HTTP_ORIGIN")
    if not origin:
        return False
    try:
        own = "%s://%s" % ("https" if request.is_secure() else "http", request.get_host())
    except DisallowedHost:
        return False
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS
