"""Where a request comes from."""

from django.conf import settings


def client_address(request) -> str:
    """The visitor's address, for login throttling and the audit log's hashed address.

    Behind Meervoud's own reverse proxy (MEERVOUD_BEHIND_PROXY=1) every request comes from the
    proxy itself, so one person's wrong passwords would lock an account for everyone. The proxy
    appends the address it saw to X-Forwarded-For: the last entry is the visitor. Earlier entries
    are whatever the visitor sent and are not trusted.
    """
    if settings.MEERVOUD_BEHIND_PROXY:
        last = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")
