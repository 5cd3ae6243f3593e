"""Changes to information needs: a municipality asks, the learning network answers."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

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
def set_status(need: InformationNeed, *, status: str, note: str, user,
               _from_lead: bool = False) -> bool:
    """Returns whether anything changed: saving the same status and note again does not make
    this user the one who changed it, today. The officer who asked hears of a change someone
    else made (``needs.notifications``), once the change is saved.

    Questions joined to this one (``join_need``) change with it, each asker hearing of her own.
    A joined question changed on its own (withdrawn by its municipality, say) is no longer
    answered together. A lead withdrawn by its municipality leaves the others waiting: the
    oldest of them leads from then on."""
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
    fields = ["status", "answer_note", "status_changed_by", "status_changed_at", "updated_at"]
    if need.joined_to_id is not None and not _from_lead:
        need.joined_to = None
        fields.append("joined_to")
    need.save(update_fields=fields)
    notifications.status_changed(need, previous_status=previous_status, by=user)
    joined = list(need.joined.select_related("asked_by").order_by("created_at", "pk"))
    if joined and status == NeedStatus.WITHDRAWN:
        _hand_over(joined)
    else:
        for member in joined:
            set_status(member, status=status, note=note, user=user, _from_lead=True)
    return True


def _hand_over(joined: list[InformationNeed]) -> None:
    """The oldest question that waited with a withdrawn lead leads the others."""
    lead, *others = joined
    InformationNeed.objects.filter(pk=lead.pk).update(joined_to=None)
    InformationNeed.objects.filter(pk__in=[other.pk for other in others]).update(joined_to=lead)


class CannotJoin(Exception):
    """Why a question cannot be answered together with another (a sentence for the page)."""


# how far the network got: a group goes as far as the furthest of its questions
_PROGRESS = {NeedStatus.OPEN: 0, NeedStatus.IN_PROGRESS: 1, NeedStatus.ANSWERED: 2}


@transaction.atomic
def join_need(need: InformationNeed, *, into: InformationNeed, user) -> InformationNeed:
    """Answer ``need`` together with ``into`` (the same question from another municipality, or a
    colleague's): it takes over the status and answer of ``into``'s group, and every later
    change. Its asker hears of that on her own question; her question and contact details stay
    her municipality's. Questions already joined to ``need`` come along. Returns the lead."""
    need = InformationNeed.objects.select_for_update().get(pk=need.pk)
    # read again: another coordinator may have joined ``into`` to a third question meanwhile
    into = InformationNeed.objects.select_for_update().get(pk=into.pk)
    lead = InformationNeed.objects.select_for_update().get(pk=into.joined_to_id or into.pk)
    if need.pk == lead.pk:
        raise CannotJoin(_("Deze vraag kan niet met zichzelf samen beantwoord worden."))
    if need.status not in STILL_OPEN:
        raise CannotJoin(_("Deze vraag is al %(status)s. Alleen een vraag die nog open staat, "
                           "kan samen met een andere beantwoord worden.")
                         % {"status": str(need.get_status_display()).lower()})
    if lead.status == NeedStatus.WITHDRAWN:
        raise CannotJoin(_("De andere vraag is ingetrokken. Kies een vraag die nog loopt of "
                           "beantwoord is."))
    members = [need, *need.joined.all()]
    InformationNeed.objects.filter(pk__in=[m.pk for m in members]).update(joined_to=lead)
    furthest = max(members, key=lambda m: _PROGRESS.get(m.status, 0))
    if _PROGRESS[lead.status] < _PROGRESS.get(furthest.status, 0):
        # the network already works on one of them: so it does on the whole group
        set_status(lead, status=furthest.status, note="", user=user)
    else:
        for member in members:
            member.refresh_from_db()
            set_status(member, status=lead.status, note=lead.answer_note, user=user,
                       _from_lead=True)
    return lead


@transaction.atomic
def unjoin_need(need: InformationNeed, *, user) -> bool:
    """Answer ``need`` on its own again, from the status it has now."""
    return bool(InformationNeed.objects.filter(pk=need.pk, joined_to__isnull=False)
                .update(joined_to=None))


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
