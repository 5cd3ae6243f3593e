"""Small helpers for what a form posts."""

from django.http import Http404


def posted_pk(request, name: str) -> int:
    """The row number a button posted under ``name``. Anything but a number (a tampered or
    truncated form) is a 404, as an unknown number is, not a server error."""
    value = request.POST.get(name, "")
    if not (value.isascii() and value.isdecimal()) or len(value) > 18:
        raise Http404
    return int(value)
