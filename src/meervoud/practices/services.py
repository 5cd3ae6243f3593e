"""Changes to good practices: propose, edit, publish, reject, and the seed from the sources."""

import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from meervoud.core.mail import notify
from meervoud.core.resend import earlier_post
from meervoud.practices.identifying import identifying_fields
from meervoud.practices.models import EarlierDecision, GoodPractice, PracticeStatus

SEED_FILE = Path(__file__).with_name("data") / "seed_practices.json"
# Paths under /praktijken/ that a practice's slug must not shadow.
RESERVED_SLUGS = {"voorstellen", "beoordelen"}


class ReviewError(ValueError):
    """A practice is not in a state that allows this review step."""


class IdentifyingText(ValueError):
    """A practice whose texts point to a person cannot be published; ``fields`` says where."""

    def __init__(self, fields: list[str]):
        self.fields = fields
        super().__init__(f"identifying text in {', '.join(fields)}")


def _unique_slug(title: str, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:100] or "praktijk"
    slug, n = base, 2
    others = GoodPractice.objects.exclude(pk=exclude_pk)
    while slug in RESERVED_SLUGS or others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def propose_practice(form, *, user) -> tuple[GoodPractice, bool]:
    """Store a valid PracticeForm as a new proposal that waits for a coordinator. Returns
    ``(practice, created)``: the same proposal sent again shortly after is the first one."""
    earlier = earlier_post(GoodPractice.objects.all(), user=user, made_at="proposed_at",
                           proposed_by=user, title=form.cleaned_data["title"],
                           summary=form.cleaned_data["summary"])
    if earlier is not None:
        return earlier, False
    practice = form.save(commit=False)
    practice.slug = _unique_slug(practice.title)
    practice.status = PracticeStatus.PROPOSED
    practice.proposed_by = user
    practice.proposed_at = timezone.now()
    practice.save()
    form.save_m2m()
    return practice, True


@transaction.atomic
def update_practice(form, *, user, reviewer: bool) -> GoodPractice:
    """Save an edit. A proposer who edits a rejected practice sends it back for review; the
    rejection then becomes an earlier decision. A reviewer's edit keeps the status it had."""
    practice = form.save(commit=False)
    # The decision as stored now, under a lock: the form's copy may be older (a coordinator
    # decided while the proposer was typing), and a second click must not archive it twice.
    stored = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    for field in ("status", "rejection_reason", "reviewed_by_id", "reviewed_at", "proposed_at"):
        setattr(practice, field, getattr(stored, field))
    if _address_follows_title(stored, practice.title):
        practice.slug = _unique_slug(practice.title, exclude_pk=practice.pk)
    # Normally only a rejection: a proposer cannot open a published practice, but one published
    # while the form was open must not take the unreviewed edit into the catalogue.
    if not reviewer and practice.status != PracticeStatus.PROPOSED:
        _archive_decision(practice)
        practice.status = PracticeStatus.PROPOSED
        practice.proposed_at = timezone.now()
    practice.save()
    form.save_m2m()
    practice.themes.add(*form.kept_themes)
    return practice


def _address_follows_title(stored: GoodPractice, title: str) -> bool:
    """Whether an edit gives the practice a new address (slug) from its new title: when the
    title changes while the practice is not in the catalogue. Its address was made from the
    first title and is published with it (catalogue, API, open data); a practice withheld for a
    name in its title would otherwise show that name in its address again once it is fixed.
    A practice in the catalogue keeps its address, so that links to it keep working. The old
    address is not redirected: it may name the person the practice was withheld for."""
    return title != stored.title and not stored.is_published


def withdraw_practice(practice: GoodPractice) -> None:
    """The proposer takes back a proposal that is not in the catalogue (yet, or any more)."""
    if practice.is_published:
        raise ReviewError("published: a coordinator takes it offline")
    practice.delete()


def publish_practice(practice: GoodPractice, *, user) -> GoodPractice:
    """Publish a practice. Its texts are checked again, as stored: one proposed before the form
    refused names and phone numbers, or written in the admin, never passed that check."""
    return _decide(practice, PracticeStatus.PUBLISHED, user=user, reason="")


def reject_practice(practice: GoodPractice, *, user, reason: str) -> GoodPractice:
    """Reject a proposal, or take a published practice offline again; always with a reason the
    proposer can read."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError("a reason is required")
    return _decide(practice, PracticeStatus.REJECTED, user=user, reason=reason[:1000])


@transaction.atomic
def _decide(practice: GoodPractice, status: str, *, user, reason: str) -> GoodPractice:
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if practice.status == status:
        raise ReviewError(f"already {status}")
    if status == PracticeStatus.PUBLISHED and (found := identifying_fields(practice)):
        raise IdentifyingText(found)
    _archive_decision(practice)
    practice.status = status
    practice.rejection_reason = reason
    practice.reviewed_by = user
    practice.reviewed_at = timezone.now()
    practice.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at",
                                 "updated_at"])
    if practice.proposed_by_id and practice.proposed_by_id != getattr(user, "pk", None):
        _tell_proposer(practice)
    return practice


def _tell_proposer(practice: GoodPractice) -> None:
    if practice.status == PracticeStatus.PUBLISHED:
        subject, body = _("Je praktijk staat in de catalogus"), _(
            "Een coördinator heeft de goede praktijk die je voorstelde gepubliceerd. "
            "Iedereen kan hem nu lezen.")
    else:
        subject, body = _("Je praktijk staat niet in de catalogus"), _(
            "Een coördinator heeft de goede praktijk die je voorstelde niet gepubliceerd, of uit "
            "de catalogus gehaald. "
            "Op de pagina van je voorstel lees je waarom. Je kunt het aanpassen en opnieuw indienen.")
    notify(practice.proposed_by, subject, body, practice.get_absolute_url())


def _archive_decision(practice: GoodPractice) -> None:
    """Move the decision in force on ``practice`` (if any) to its earlier decisions and clear it
    there. The caller saves the practice."""
    if practice.status != PracticeStatus.PROPOSED:
        EarlierDecision.objects.create(
            practice=practice, decision=practice.status, reason=practice.rejection_reason,
            decided_by_id=practice.reviewed_by_id, decided_at=practice.reviewed_at)
    practice.rejection_reason = ""
    practice.reviewed_by = None
    practice.reviewed_at = None


@transaction.atomic
def seed_practices(path: Path = SEED_FILE, models=None) -> int:
    """Create the practices of the seed file that are not there yet; returns how many were made.

    Existing practices (same slug) are left alone, so a coordinator's edits survive a re-run.
    `models` lets a data migration pass its historical models (GoodPractice, LifeDomain,
    Municipality, Region, Province). A place or life domain the file names but the database
    lacks is an error: a silent skip would publish a practice in the wrong place.
    """
    if models is None:
        from meervoud.places.models import Municipality, Province, Region
        from meervoud.stories.models import LifeDomain

        Practice = GoodPractice
    else:
        Practice, LifeDomain, Municipality, Region, Province = models
    payload = json.loads(path.read_text(encoding="utf-8"))
    now = timezone.now()
    created = 0
    for item in payload["practices"]:
        if Practice.objects.filter(slug=item["slug"]).exists():
            continue
        practice = Practice.objects.create(
            slug=item["slug"], title=item["title"], summary=item["summary"],
            place_note=item.get("place_note", ""),
            organisations="\n".join(item.get("organisations", [])),
            roles=item.get("roles", []), expert_work=item.get("expert_work", ""),
            level=item.get("level", ""), what_works=item.get("what_works", ""),
            conditions=item.get("conditions", ""), contact=item.get("contact", ""),
            website=item.get("website", ""), source=item.get("source", ""),
            status=PracticeStatus.PUBLISHED, proposed_at=now, reviewed_at=now,
        )
        for field, model, key in (("life_domains", LifeDomain, "slug"),
                                  ("municipalities", Municipality, "name"),
                                  ("regions", Region, "name"), ("provinces", Province, "name")):
            names = item.get(field, [])
            found = list(model.objects.filter(**{f"{key}__in": names}))
            missing = set(names) - {getattr(obj, key) for obj in found}
            if missing:
                raise ValueError(f"{item['slug']}: unknown {field} {sorted(missing)}")
            getattr(practice, field).set(found)
        created += 1
    return created
