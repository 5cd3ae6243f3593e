import uuid
from pathlib import PurePath

from django.core.files import File
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from meervoud.teaching.models import Contribution, ContributionStatus


# what its author may still correct and send again: not yet judged, or not published
REVISABLE = (ContributionStatus.PENDING, ContributionStatus.REJECTED)


def _new(author, data: dict) -> Contribution:
    return Contribution(
        author=author, kind=data["kind"], title=data["title"].strip(),
        text=data.get("text") or "", url=data.get("url") or "",
        assignment=data.get("assignment") or None, author_role=data["author_role"])


def _attach(contribution: Contribution, upload, name: str) -> None:
    contribution.original_name = name[:255]
    # stored under a made-up name: the real one (kept in original_name) may be longer in
    # bytes than the file system allows, or hold characters it refuses
    suffix = PurePath(name).suffix.lower()
    contribution.file.save(uuid.uuid4().hex + (suffix if suffix.isascii() and len(suffix) <= 10 else ""),
                           upload, save=False)


def share(*, author, data: dict, upload=None) -> Contribution:
    """Store a contribution as pending; nobody else sees it until it is approved."""
    contribution = _new(author, data)
    if upload is not None:  # also next to a text or a link: what someone attached is kept
        _attach(contribution, upload, upload.name)
    contribution.save()
    return contribution


@transaction.atomic
def revise(contribution: Contribution, *, data: dict, upload=None,
           remove_file: bool = False) -> Contribution:
    """The author corrects a contribution that waits or was not published (the note said why)
    and sends it again, to be judged anew. Its file stays unless she picks another or removes
    it.

    Stored as a new contribution, and the old one goes: a moderator's page from before the
    correction then cannot publish words nobody has read (deciding on the old one says it was
    taken back), and a rejection's retention date no longer applies."""
    old = (Contribution.objects.select_for_update()
           .filter(pk=contribution.pk, status__in=REVISABLE).first())
    if old is None:
        raise ModerationError(_("Deze bijdrage kun je niet meer aanpassen. Misschien is hij "
                                "intussen gepubliceerd."))
    new = _new(old.author, data)
    if upload is not None:
        _attach(new, upload, upload.name)
    elif old.file and not remove_file:
        with old.file.open("rb") as handle:  # a copy: the old file goes with the old row
            _attach(new, File(handle), old.original_name or old.file.name)
    new.save()
    old.delete()
    return new


class ModerationError(ValueError):
    pass


@transaction.atomic
def moderate(contribution: Contribution, *, approve: bool, moderator, note: str = "") -> Contribution:
    """Approve or reject a pending contribution. Someone else decides on yours (four eyes), and
    a decision stands: a second moderator's page from before it cannot overwrite it (taking
    published material offline is its own step, :func:`take_offline`)."""
    if contribution.author_id == moderator.pk:
        raise ModerationError(_("Je eigen bijdrage beoordeelt iemand anders."))
    # locked: two moderators deciding at the same moment cannot both win
    pending = Contribution.objects.select_for_update().filter(pk=contribution.pk,
                                                              status=ContributionStatus.PENDING)
    if not pending.exists():
        raise ModerationError(_("Hierover is al besloten, door iemand anders of eerder."))
    note = note.strip()
    if not approve and not note:  # the note is all the author gets to go on
        raise ModerationError(_("Schrijf voor de inzender waarom dit niet gepubliceerd wordt."))
    status = ContributionStatus.APPROVED if approve else ContributionStatus.REJECTED
    return _decided(contribution, status, moderator=moderator, note=note)


def _decided(contribution: Contribution, status: str, *, moderator, note: str) -> Contribution:
    contribution.status = status
    contribution.moderated_by = moderator
    contribution.moderated_at = timezone.now()
    contribution.moderation_note = note
    contribution.save(update_fields=["status", "moderated_by", "moderated_at", "moderation_note"])
    return contribution


@transaction.atomic
def take_offline(contribution: Contribution, *, moderator, note: str) -> Contribution:
    """Published material comes off the module page (someone turned out to be recognisable in
    it): it is then a rejected contribution, with the reason for its author, and retention
    deletes it like any other."""
    if not Contribution.objects.select_for_update().filter(
            pk=contribution.pk, status=ContributionStatus.APPROVED).exists():
        raise ModerationError(_("Deze bijdrage staat niet (meer) bij de lesmodule."))
    if not note.strip():
        raise ModerationError(_("Schrijf voor de inzender waarom dit offline gaat."))
    return _decided(contribution, ContributionStatus.REJECTED, moderator=moderator, note=note.strip())


def withdraw(contribution: Contribution) -> None:
    """The author takes a contribution back; its file goes too (`signals.delete_file`)."""
    contribution.delete()


def purge_rejected(*, before) -> int:
    """Delete contributions rejected before `before`, files included (`signals.delete_file`).
    One rejected in the admin without a moderation date counts from when it was shared, so it
    is not kept for ever."""
    deleted, _counts = (Contribution.objects.filter(status=ContributionStatus.REJECTED)
                        .alias(rejected_at=Coalesce("moderated_at", "created_at"))
                        .filter(rejected_at__lt=before).delete())
    return deleted
