"""Changes to good practices: propose, edit, publish, reject, and the seed from the sources."""

import hashlib
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


class Outdated(ReviewError):
    """The practice (or the change that waits) is not the version the coordinator read: the
    proposer changed it since. Nothing is published that no coordinator read."""


def version_of(practice: GoodPractice) -> str:
    """A short mark of what a coordinator reads on a practice's page: its stored texts (every
    save moves ``updated_at``) and the change that waits. The decision form carries it, so a
    decision holds only for the version she read."""
    seen = [practice.updated_at.isoformat() if practice.updated_at else "",
            practice.pending_change]
    return hashlib.sha256(json.dumps(seen, sort_keys=True, default=str).encode()).hexdigest()[:20]


def _check_seen(practice: GoodPractice, seen: str | None) -> None:
    """``seen``: the version the coordinator read (None: a caller without a page, such as a
    command or a test, decides on what is stored)."""
    if seen is not None and seen != version_of(practice):
        raise Outdated("changed since it was read")


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
    """Save an edit. A reviewer's edit keeps the status it had. The proposer's edit of a
    practice in the catalogue waits for a coordinator as a change (``propose_change``) while
    the published texts stay online. Her edit of anything else (rejected, withheld) sends it
    back for review; the decision then becomes an earlier decision."""
    practice = form.save(commit=False)
    opened_as = practice.status  # what she saw when the form was read
    # The decision as stored now, under a lock: the form's copy may be older (a coordinator
    # decided while the proposer was typing), and a second click must not archive it twice.
    stored = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if not reviewer and opened_as == stored.status == PracticeStatus.PUBLISHED \
            and stored.is_published:
        return propose_change(stored, form)
    for field in ("status", "rejection_reason", "reviewed_by_id", "reviewed_at", "proposed_at"):
        setattr(practice, field, getattr(stored, field))
    if _address_follows_title(stored, practice.title):
        practice.slug = _unique_slug(practice.title, exclude_pk=practice.pk)
    # A practice published while the form was open must not take the unreviewed edit into
    # the catalogue: an edit of a proposal goes back to review as a whole.
    if not reviewer and practice.status != PracticeStatus.PROPOSED:
        _archive_decision(practice)
        practice.status = PracticeStatus.PROPOSED
        practice.proposed_at = timezone.now()
    if not reviewer:
        # the whole practice goes back to review: a change that waited is in this edit too
        practice.pending_change, practice.pending_since, practice.change_reason = None, None, ""
    practice.save()
    form.save_m2m()
    practice.themes.add(*form.kept_themes)
    return practice


# ------------------------------------------------------------------ changes of a published practice


def _many(name: str) -> bool:
    return GoodPractice._meta.get_field(name).many_to_many


def _comparable(name: str, value):
    """A field's value as stored in ``pending_change``: text as is, related objects as sorted
    primary keys, roles as a list."""
    if _many(name):
        return sorted(item.pk for item in value)
    if name == "roles":
        return list(value or [])
    return value if value is not None else ""


def stored_value(practice: GoodPractice, name: str):
    """A field of the practice as it is now, in the form of ``pending_change``."""
    return _comparable(name, getattr(practice, name).all() if _many(name)
                       else getattr(practice, name))


def _same(name: str, one, other) -> bool:
    return sorted(one) == sorted(other) if name == "roles" else one == other


def propose_change(practice: GoodPractice, form) -> GoodPractice:
    """Keep the proposer's edit of a practice in the catalogue as a change that waits for a
    coordinator: only the fields that differ from what is published, so that a coordinator's
    own edit of another field meanwhile is not undone when the change is taken over. An edit
    back to what is published drops the change. The caller holds the row lock."""
    changes = {}
    for name in form._meta.fields:
        value = form.cleaned_data.get(name)
        if name == "themes":
            value = list(value or []) + list(form.kept_themes)
        new = _comparable(name, value)
        if not _same(name, new, stored_value(practice, name)):
            changes[name] = new
    practice.pending_change = changes or None
    practice.pending_since = timezone.now() if changes else None
    practice.change_reason = ""
    # the published texts did not change: not "updated" for the catalogue
    practice.save(update_fields=["pending_change", "pending_since", "change_reason"])
    return practice


def _changeable() -> tuple[str, ...]:
    """What a change may set: the fields of the form she proposes it with, nothing else (the
    JSON is also editable in the admin; status, address and proposer are never in a change)."""
    from meervoud.practices.forms import PracticeForm

    return tuple(PracticeForm.Meta.fields)


@transaction.atomic
def publish_change(practice: GoodPractice, *, user, seen: str | None = None) -> GoodPractice:
    """Take the proposer's waiting change over into the published practice. Its texts are
    checked as for a publication; the practice keeps its address (links to it keep working).
    ``seen``: the version the coordinator read (``version_of``); a newer change is refused."""
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if not practice.pending_change:
        raise ReviewError("no change waits")
    _check_seen(practice, seen)
    related = {}
    changeable = _changeable()
    for name, value in practice.pending_change.items():
        if name not in changeable:
            continue
        if _many(name):
            related[name] = value
        else:
            setattr(practice, name, value)
    if found := identifying_fields(practice):
        raise IdentifyingText(found)
    practice.pending_change, practice.pending_since, practice.change_reason = None, None, ""
    practice.save()
    for name, pks in related.items():
        model = GoodPractice._meta.get_field(name).related_model
        # one removed since (a theme merged away) is left out, not an error
        getattr(practice, name).set(model.objects.filter(pk__in=pks))
    _tell_about_change(practice, user, taken_over=True)
    return practice


@transaction.atomic
def reject_change(practice: GoodPractice, *, user, reason: str,
                  seen: str | None = None) -> GoodPractice:
    """Do not take the waiting change over; the practice stays as published. The proposer
    reads the reason on its page. A change she sent after the coordinator read it is not
    refused with a reason written for another one."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError("a reason is required")
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if not practice.pending_change:
        raise ReviewError("no change waits")
    _check_seen(practice, seen)
    practice.pending_change, practice.pending_since = None, None
    practice.change_reason = reason[:1000]
    practice.save(update_fields=["pending_change", "pending_since", "change_reason"])
    _tell_about_change(practice, user, taken_over=False)
    return practice


def _tell_about_change(practice: GoodPractice, user, *, taken_over: bool) -> None:
    if not practice.proposed_by_id or practice.proposed_by_id == getattr(user, "pk", None):
        return
    if taken_over:
        subject, body = _("Je wijziging staat in de catalogus"), _(
            "Een coördinator heeft je wijziging van de goede praktijk overgenomen. Iedereen "
            "leest nu de nieuwe tekst.")
    else:
        subject, body = _("Je wijziging is niet overgenomen"), _(
            "Een coördinator heeft je wijziging van de goede praktijk niet overgenomen. De "
            "praktijk staat nog in de catalogus zoals eerst. Op de pagina van de praktijk lees "
            "je waarom.")
    notify(practice.proposed_by, subject, body, practice.get_absolute_url())


def _address_follows_title(stored: GoodPractice, title: str) -> bool:
    """Whether an edit gives the practice a new address (slug) from its new title: when the
    title changes while the practice is not in the catalogue. Its address was made from the
    first title and is published with it (catalogue, API, open data); a practice withheld for a
    name in its title would otherwise show that name in its address again once it is fixed.
    A practice in the catalogue keeps its address, so that links to it keep working. The old
    address is not redirected: it may name the person the practice was withheld for."""
    return title != stored.title and not stored.is_published


def withdraw_practice(practice: GoodPractice) -> None:
    """The proposer takes back her practice: a proposal, or one in the catalogue (the project
    stopped, or her organisation no longer wants it there). It is deleted, so it is gone from
    the catalogue, its page, the API, the downloads and the Kennisbank's theme pages at once."""
    practice.delete()


def publish_practice(practice: GoodPractice, *, user, seen: str | None = None) -> GoodPractice:
    """Publish a practice. Its texts are checked again, as stored: one proposed before the form
    refused names and phone numbers, or written in the admin, never passed that check.
    ``seen``: the version the coordinator read; one the proposer edited since is refused."""
    return _decide(practice, PracticeStatus.PUBLISHED, user=user, reason="", seen=seen)


def reject_practice(practice: GoodPractice, *, user, reason: str) -> GoodPractice:
    """Reject a proposal, or take a published practice offline again; always with a reason the
    proposer can read."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError("a reason is required")
    return _decide(practice, PracticeStatus.REJECTED, user=user, reason=reason[:1000])


@transaction.atomic
def _decide(practice: GoodPractice, status: str, *, user, reason: str,
            seen: str | None = None) -> GoodPractice:
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if practice.status == status:
        raise ReviewError(f"already {status}")
    # taking offline never waits for a reread; publishing holds for what was read
    if status == PracticeStatus.PUBLISHED:
        _check_seen(practice, seen)
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
