"""Changes to information needs: a municipality asks, the learning network answers."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from meervoud.core.resend import earlier_post
from meervoud.needs import notifications
from meervoud.needs.models import STILL_OPEN, InformationNeed, NeedStatus


@transaction.atomic
def submit_need(form, *, user) -> tuple[InformationNeed, bool]:
    """Store a valid QuestionnaireForm; (need, created). An officer of a municipality always asks
    for their own municipality, whatever the request contained. The same questions for the same
    municipality sent again shortly after by the same person, while that need is still open,
    are that need (a double click, going back and sending again, an API client's retry), not a
    second one. Someone else's need is never the answer: its contact person is not theirs to
    read, and their own question would not be stored."""
    need = form.save(commit=False)
    if form.fixed_municipality is not None:
        need.municipality = form.fixed_municipality
    earlier = earlier_post(InformationNeed.objects.filter(status__in=STILL_OPEN), user=user,
                           made_at="created_at", asked_by=user, municipality=need.municipality,
                           questions=need.questions)
    if earlier is not None:
        return earlier, False
    need.asked_by = user
    need.status = NeedStatus.OPEN
    need.save()
    form.save_m2m()
    return need, True


@transaction.atomic
def set_status(need: InformationNeed, *, status: str, note: str, user) -> bool:
    """Returns whether anything changed: saving the same status and note again does not make
    this user the one who changed it, today. The officer who asked hears of a change someone
    else made (``needs.notifications``), once the change is saved."""
    if status not in NeedStatus.values:
        raise ValueError(f"Unknown status {status!r}")
    # the note says what answered the need: a need that is not (or no longer) answered has none
    note = (note or "").strip() if status == NeedStatus.ANSWERED else ""
    if status == NeedStatus.ANSWERED and not note:
        raise ValueError("An answered need says what answered it")
    if status == need.status and note == need.answer_note:
        return False
    previous_status = need.status
    need.status = status
    need.answer_note = note
    need.status_changed_by = user
    need.status_changed_at = timezone.now()
    need.save(update_fields=["status", "answer_note", "status_changed_by", "status_changed_at",
                             "updated_at"])
    notifications.status_changed(need, previous_status=previous_status, by=user)
    return True


class CannotWithdraw(Exception):
    pass


@transaction.atomic
def withdraw_need(need: InformationNeed, *, user) -> InformationNeed:
    """The municipality no longer needs an answer. An answered need stays answered: what
    answered it is part of the record."""
    need = InformationNeed.objects.select_for_update().get(pk=need.pk)
    if need.status not in STILL_OPEN:
        raise CannotWithdraw(need.get_status_display())
    set_status(need, status=NeedStatus.WITHDRAWN, note="", user=user)
    return need


@transaction.atomic
def forget_contact(user) -> int:
    """An erased account's name, e-mail and phone leave the needs they were put on as the
    contact person (the form fills in the officer's own). Her address on any need, or her name
    on a need she filled in herself; a colleague named as the contact is someone else and stays.
    The organisation has no general contact to put there instead: the fields are left empty.
    Returns how many needs changed."""
    hers = Q(pk__in=[])
    if user.email.strip():
        hers |= Q(contact_email__iexact=user.email.strip())
    if user.get_full_name().strip():
        hers |= Q(asked_by=user, contact_name__iexact=user.get_full_name().strip())
    return InformationNeed.objects.filter(hers).update(contact_name="", contact_email="",
                                                       contact_phone="")
