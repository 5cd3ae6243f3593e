"""Writing to the audit log. Call `record` wherever non-public data is shown or leaves the
system; it takes a request (preferred: it knows the user, the path and the address) or a user
(for commands and background work)."""

from django.db import models

from meervoud.audit.models import Action, AuditEvent
from meervoud.core.network import client_address, network_digest


def hash_ip(address: str | None) -> str:
    """A keyed hash of the network the request came from, not of the address itself.

    IPv4 is cut to /24 and IPv6 to /48 first, so even with the key the hash cannot be turned
    back into a household; it still shows whether events came from the same network."""
    return network_digest(address, v4_prefix=24, v6_prefix=48)


def _object(obj_type, obj_id) -> tuple[str, str]:
    if isinstance(obj_type, models.Model):
        return obj_type._meta.label_lower, str(obj_type.pk if obj_id in (None, "") else obj_id)
    if isinstance(obj_type, type) and issubclass(obj_type, models.Model):
        return obj_type._meta.label_lower, "" if obj_id is None else str(obj_id)
    return str(obj_type or ""), "" if obj_id is None else str(obj_id)


def record(request_or_user, action: str, obj_type="", obj_id=None, detail: str = "") -> AuditEvent:
    """Append one event. `obj_type` is a label ("stories.story"), a model or an instance;
    `detail` is a short note (filters, counts, file format) and must never hold personal content."""
    if action not in Action.values:
        raise ValueError(f"Unknown audit action {action!r}")
    request = request_or_user if hasattr(request_or_user, "META") else None
    user = getattr(request, "user", None) if request is not None else request_or_user
    authenticated = bool(getattr(user, "is_authenticated", False))
    object_type, object_id = _object(obj_type, obj_id)
    return AuditEvent.objects.create(
        user_id=user.pk if authenticated else None,
        username=user.get_username()[:150] if authenticated else "",
        role=(getattr(user, "role", "") or "")[:20] if authenticated else "",
        action=action,
        object_type=object_type[:60],
        object_id=object_id[:64],
        detail=str(detail)[:300],
        path=request.path[:300] if request is not None else "",
        ip_hash=hash_ip(client_address(request)) if request is not None else "",
    )


def record_anonymous(request, action: str, *, username: str = "", detail: str = "") -> AuditEvent:
    """For events without a logged-in user (failed logins): the username tried is kept only
    when it belongs to an existing account, so typing a password into the username field
    does not end up in the log."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    known = User.objects.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    return AuditEvent.objects.create(
        user_id=known.pk if known else None,
        username=known.get_username() if known else "",
        role=getattr(known, "role", "") if known else "",
        action=action,
        object_type="accounts.user" if known else "",
        object_id=str(known.pk) if known else "",
        detail=detail[:300],
        path=request.path[:300] if request is not None else "",
        ip_hash=hash_ip(client_address(request)) if request is not None else "",
    )


def forget_admin_history(instance) -> int:
    """Django's admin history keeps ``str(obj)`` of what an administrator added, changed or
    deleted: for a person that is her username or her name in the pool. Once she is erased, the
    rows about her say only what kind of record it was and its number. Returns how many."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    neutral = f"{instance._meta.verbose_name} {instance.pk}"[:200]
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk)).exclude(object_repr=neutral).update(object_repr=neutral)
