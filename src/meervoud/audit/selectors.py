from django.db.models import QuerySet

from meervoud.audit.models import AuditEvent


def audit_events(*, action: str = "", role: str = "", username: str = "", object_type: str = "",
                 object_id: str = "", since=None, until=None) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if action:
        events = events.filter(action=action)
    if role:
        events = events.filter(role=role)
    if username:
        events = events.filter(username__iexact=username)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events


def object_types() -> list[str]:
    return list(AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True)
                .distinct().exclude(object_type=""))
