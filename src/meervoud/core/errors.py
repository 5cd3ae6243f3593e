"""The page shown when something breaks. It must render without the database (which may be
the very thing that broke), so it uses no request context processors."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader


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
    the user's language, with the way back (and a fresh form token, so trying again works)."""
    return render(request, "403_csrf.html", status=403)
