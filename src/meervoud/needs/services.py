"""Changes to information needs: a municipality asks, the learning network answers."""

from django.db import transaction
from django.utils import timezone

from meervoud.needs.models import InformationNeed, NeedStatus


@transaction.atomic
def submit_need(form, *, user) -> InformationNeed:
    """Store a valid QuestionnaireForm. An officer of a municipality always asks for their own
    municipality, whatever the request contained."""
    need = form.save(commit=False)
    if form.fixed_municipality is not None:
        need.municipality = form.fixed_municipality
    need.asked_by = user
    need.status = NeedStatus.OPEN
    need.save()
    form.save_m2m()
    return need


@transaction.atomic
def set_status(need: InformationNeed, *, status: str, note: str, user) -> InformationNeed:
    if status not in NeedStatus.values:
        raise ValueError(f"Unknown status {status!r}")
    note = (note or "").strip()
    if status == NeedStatus.ANSWERED and not note:
        raise ValueError("An answered need says what answered it")
    need.status = status
    need.answer_note = note
    need.status_changed_by = user
    need.status_changed_at = timezone.now()
    need.save(update_fields=["status", "answer_note", "status_changed_by", "status_changed_at",
                             "updated_at"])
    return need
