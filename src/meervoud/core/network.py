"""Where a request comes from."""

import hashlib
import hmac
import ipaddress

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


def network_digest(address: str | None, *, v4_prefix: int, v6_prefix: int, purpose: str = "",
                   length: int = 16) -> str:
    """A keyed hash of the network ``address`` belongs to (IPv4 cut to ``v4_prefix`` bits, IPv6
    to ``v6_prefix``), never of anything that can be turned back without the key; "" when
    ``address`` is empty or not an address. ``purpose`` keeps the digests of one use apart
    from another's."""
    if not address:
        return ""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return ""
    prefix = v4_prefix if ip.version == 4 else v6_prefix
    network = str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))
    message = f"{purpose}:{network}" if purpose else network
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()[:length]
