"""Things that change stories and consent. Views, the importer and the demo loader all come
through here, so the privacy rules hold whichever way a story arrives."""

import copy
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from meervoud import deidentify as deid
from meervoud.core.network import network_digest
from meervoud.engine.text import content_hash
from meervoud.stories import erasures
from meervoud.stories.models import (
    INTAKE_PAGE_MAX_AGE,
    Consent,
    ConsentEvent,
    ConsentText,
    IntakeSender,
    Language,
    Level,
    Narrator,
    Purpose,
    SentForm,
    Source,
    Story,
    link_digest,
    new_token,
)
from meervoud.stories.selectors import current_consent_text
from meervoud.stories.signals import (
    story_left_analysis,
    story_quotes_withdrawn,
    story_research_withdrawn,
    story_text_changed,
)


@dataclass
class StoryDraft:
    """What a narrator told, before anything is stored. Holds identifying text: never persist it."""

    text: str
    municipality: object
    life_domains: list = field(default_factory=list)
    title: str = ""
    helped: str = ""
    hindered: str = ""
    level: str = Level.MICRO
    recovery_phase: str = ""
    language: str = Language.DUTCH
    told_on: date | None = None
    helped_own_strength: int | None = None
    helped_peers: int | None = None
    helped_professionals: int | None = None
    sense_of_control: int | None = None
    doing_now: int | None = None
    known_names: list[str] = field(default_factory=list)


@dataclass
class Deidentified:
    title: str
    text: str
    helped: str
    hindered: str
    counts: dict[str, int]
    # The names given and found, and kind -> person/place -> number: for a second pass over the
    # reviewed text that finds the same people and numbers them the same way. They are the names
    # themselves: in memory only, never stored, sent or shown.
    names: list[str] = field(default_factory=list, repr=False)
    numbers: dict[str, dict[str, int]] = field(default_factory=dict, repr=False)


def _merge_counts(*parts: dict[str, int]) -> dict[str, int]:
    total: dict[str, int] = {}
    for part in parts:
        for kind, count in part.items():
            total[kind] = total.get(kind, 0) + count
    return total


def deidentify_draft(draft: StoryDraft, numbers: dict[str, dict[str, int]] | None = None) -> Deidentified:
    """De-identify every free-text field of a draft with the names the narrator gave. A name
    found in one field is a known name in all of them: "mijn zus Dewayna" in the story also
    takes "Dewayna" out of the title and the "what helped" answer, and she has one number in all
    fields. ``numbers``: those of an earlier pass, kept (see ``create_story``)."""
    fields = (draft.title, draft.text, draft.helped, draft.hindered)

    def run(names):
        shared = copy.deepcopy(numbers or {})
        return [deid.deidentify(value, names, lang=draft.language, numbers=shared) for value in fields], shared

    names = list(draft.known_names)
    results, shared = run(names)
    found = sorted({a.text for result in results for a in result.annotations if a.kind == "person"}
                   - set(names))
    if found:
        names += found
        results, shared = run(names)
    return Deidentified(
        title=results[0].text,
        text=results[1].text,
        helped=results[2].text,
        hindered=results[3].text,
        counts=_merge_counts(*(result.counts for result in results)),
        names=names,
        numbers=shared,
    )


def _last_pseudonym_number() -> int:
    from django.db.models.functions import Length

    def highest(queryset, field: str) -> int:
        code = queryset.filter(**{f"{field}__regex": r"^V-[0-9]+$"}).order_by(
            Length(field).desc(), f"-{field}").values_list(field, flat=True).first()
        return int(code[2:]) if code else 0

    return max(highest(Narrator.objects, "code"), highest(ConsentEvent.objects, "narrator_code"))


def new_narrator(code: str | None = None, user=None) -> Narrator:
    if code is not None:
        return Narrator.objects.create(code=code, user=user)
    # Pseudonyms carry no meaning; the sequence number is the only thing they reveal. Never one
    # given before: the consent record (kept after retention removed the narrator) names people
    # by it, and two people under one pseudonym would mix their consents.
    number = _last_pseudonym_number() + 1
    while True:
        code = f"V-{number:05d}"
        if not Narrator.objects.filter(code=code).exists():
            try:
                with transaction.atomic():  # a savepoint: only this attempt is undone
                    return Narrator.objects.create(code=code, user=user)
            except IntegrityError:
                # Two intakes at the same moment counted the same number; take the next one.
                if not Narrator.objects.filter(code=code).exists():
                    raise
        number += 1


class SentBefore(Exception):
    """The step-2 form was sent before; ``sent`` holds the story it stored (None: deleted since)."""

    def __init__(self, sent: SentForm):
        super().__init__(str(sent.token))
        self.sent = sent


def spend_form_token(token: uuid.UUID) -> SentForm:
    """Call first in the transaction that stores the story of a step-2 form, and give the
    result its story (``keep_sent_story``) before that transaction ends. A token spent before
    raises SentBefore: the same form sent again. Of two requests at the same moment the second
    waits here until the first is done (PostgreSQL: the unique index; SQLite: the write lock),
    and then finds the first one's token."""
    try:
        with transaction.atomic():  # a savepoint: only this insert is undone
            return SentForm.objects.create(token=token)
    except IntegrityError:
        earlier = SentForm.objects.select_related("story__narrator").filter(token=token).first()
        if earlier is None:
            raise
        raise SentBefore(earlier) from None


def keep_sent_story(sent: SentForm, story: Story) -> None:
    sent.story = story
    sent.save(update_fields=["story"])


def purge_sent_forms(now=None) -> int:
    """Forget the tokens of step-2 pages that can no longer be sent (INTAKE_PAGE_MAX_AGE: an
    older page is shown again with a new token), for a retention rule. Returns how many."""
    now = now or timezone.now()
    deleted, _counts = SentForm.objects.filter(sent_at__lt=now - INTAKE_PAGE_MAX_AGE).delete()
    return deleted


INTAKE_WINDOW = timedelta(hours=1)


class TooManyStories(Exception):
    """One address sent MEERVOUD_INTAKE_PER_HOUR stories in the last hour."""


def _sender(address: str) -> str:
    """A keyed hash of where a story came from: the address, or of IPv6 its /64 (one
    connection has a whole /64, so its single addresses would not limit anything). Whatever is
    no address counts as one unknown sender."""
    return network_digest(address, v4_prefix=32, v6_prefix=64, purpose="intake", length=32)


def count_intake(address: str, now=None) -> None:
    """Count one story sent through the public intake from ``address``, in the transaction
    that stores it; raise TooManyStories when the address used up its hour, so that the story
    is not stored (the caller's transaction is rolled back). Every story sent without an
    account is one more narrator: a limit keeps one script from making a theme look carried
    by many, or filling up a small municipality's cell. Generous: a self-help group may tell
    its stories together on one connection. Two processes at the same moment may both let
    the last one through; that is no harm."""
    now = now or timezone.now()
    sender = _sender(address)
    purge_intake_senders(now)  # before they pile up
    if IntakeSender.objects.filter(address=sender, sent_at__gte=now - INTAKE_WINDOW).count() \
            >= settings.MEERVOUD_INTAKE_PER_HOUR:
        raise TooManyStories
    IntakeSender.objects.create(address=sender, sent_at=now)


def purge_intake_senders(now=None) -> int:
    """Forget where stories came from once the hour they count in is over, also when no
    story came in since (for a retention rule). Returns how many."""
    now = now or timezone.now()
    deleted, _counts = IntakeSender.objects.filter(sent_at__lt=now - INTAKE_WINDOW).delete()
    return deleted


def issue_personal_link(narrator: Narrator) -> str:
    """A new personal link for the narrator; the old one, if any, opens nothing from now on
    (someone else found it). Returns the new link's key: only its digest is stored, so show it
    once and keep it nowhere (a session is stored in the database too)."""
    token = new_token()
    narrator.token_digest = link_digest(token)
    narrator.save(update_fields=["token_digest"])
    return token


def first_personal_link(narrator: Narrator) -> str | None:
    """Her first personal link, made as it is shown: the key, or None when she has one already
    (it was shown before, and is shown only once). One update that only writes where there is
    no link yet, so of two requests at the same moment only one gets a link to show."""
    token = new_token()
    made = Narrator.objects.filter(pk=narrator.pk, token_digest__isnull=True).update(
        token_digest=link_digest(token))
    if not made:
        return None
    narrator.token_digest = link_digest(token)
    return token


def personal_link_shown(story_id: int) -> None:
    """The thanks page showed the personal link of this story: a form sent again no longer
    brings it back (it is shown once)."""
    SentForm.objects.filter(story_id=story_id, link_shown=False).update(link_shown=True)


@transaction.atomic
def create_story(
    *,
    narrator: Narrator,
    draft: StoryDraft,
    purposes: set[str],
    source: str = Source.FORM,
    reviewed: Deidentified | None = None,
    is_fictional: bool = False,
    share_municipality=None,
    share_region=None,
    consent_texts: dict[str, ConsentText] | None = None,
    via: str | None = None,
) -> Story:
    """Store a story and its consents (to the ``consent_texts`` versions the narrator read, where
    given; a version published meanwhile is not what they agreed to). ``via``: whose hand gave
    the consent, for its record (ConsentEvent.via); by default the way the story came in.

    `reviewed` is the de-identified version the narrator saw and possibly corrected. It is
    de-identified once more, so that a correction cannot bring an identifier back in.
    """
    if reviewed is None:
        reviewed = deidentify_draft(draft)
    else:
        again = deidentify_draft(
            StoryDraft(
                text=reviewed.text, title=reviewed.title, helped=reviewed.helped,
                hindered=reviewed.hindered, municipality=draft.municipality,
                # the names found in the story itself too: "mijn zus Dewayna" told once, then
                # "Dewayna" typed again while reviewing, without the words that gave her away
                language=draft.language, known_names=reviewed.names or draft.known_names,
            ),
            numbers=reviewed.numbers,
        )
        reviewed = Deidentified(
            title=again.title, text=again.text, helped=again.helped, hindered=again.hindered,
            counts=_merge_counts(reviewed.counts, again.counts),
        )
    keep_days = settings.MEERVOUD_KEEP_ORIGINAL_DAYS
    story = Story.objects.create(
        narrator=narrator,
        title=reviewed.title[:200],
        text=reviewed.text,
        helped=reviewed.helped,
        hindered=reviewed.hindered,
        original_text=draft.text if keep_days > 0 else "",
        original_expires_at=timezone.now() + timedelta(days=keep_days) if keep_days > 0 else None,
        content_hash=content_hash(reviewed.text),
        municipality=draft.municipality,
        level=draft.level,
        recovery_phase=draft.recovery_phase,
        language=draft.language,
        told_on=draft.told_on or timezone.localdate(),
        helped_own_strength=draft.helped_own_strength,
        helped_peers=draft.helped_peers,
        helped_professionals=draft.helped_professionals,
        sense_of_control=draft.sense_of_control,
        doing_now=draft.doing_now,
        deidentification=reviewed.counts,
        is_fictional=is_fictional,
        source=source,
    )
    story.life_domains.set(draft.life_domains)
    for purpose in sorted(purposes):
        give_consent(
            story, purpose, via=via or source,
            share_municipality=share_municipality if purpose == Purpose.SHARE else None,
            share_region=share_region if purpose == Purpose.SHARE else None,
            text=(consent_texts or {}).get(purpose),
        )
    return story


def _record(story: Story, purpose: str, version: int, action: str, via: str) -> None:
    ConsentEvent.objects.create(
        story_id_ref=story.pk,
        narrator_code=story.narrator.code,
        purpose=purpose,
        consent_text_version=version,
        action=action,
        via=via,
    )


@transaction.atomic
def give_consent(story: Story, purpose: str, *, via: str, share_municipality=None,
                 share_region=None, text: ConsentText | None = None) -> Consent:
    """``text``: the consent text version the narrator read (default: the current one)."""
    if purpose not in Purpose.values:
        raise ValueError(f"Unknown purpose {purpose!r}")
    active = story.consents.filter(purpose=purpose, withdrawn_at__isnull=True).first()
    if active:
        return active
    if purpose == Purpose.SHARE and share_municipality is None and share_region is None:
        # given again (the personal link has no place field): with whom it was shared before
        before = story.consents.filter(purpose=purpose).order_by("-withdrawn_at").first()
        if before is not None:
            share_municipality, share_region = before.share_municipality, before.share_region
    text = text or current_consent_text(purpose)
    consent = Consent.objects.create(
        story=story, purpose=purpose, consent_text=text,
        share_municipality=share_municipality, share_region=share_region,
    )
    _record(story, purpose, text.version, ConsentEvent.Action.GIVEN, via)
    return consent


@transaction.atomic
def withdraw_consent(story: Story, purpose: str, *, via: str) -> bool:
    """Withdraw one purpose. Returns False when there was nothing to withdraw."""
    consent = story.consents.filter(purpose=purpose, withdrawn_at__isnull=True).first()
    if consent is None:
        return False
    # outside the database too, before this commits: a restored backup must not bring it back
    erasures.remember_withdrawal(story, purpose, via=via)
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    _record(story, purpose, consent.consent_text.version, ConsentEvent.Action.WITHDRAWN, via)
    if purpose == Purpose.ANALYSIS:
        story_left_analysis.send(sender=Story, story_id=story.pk)
    elif purpose == Purpose.QUOTE:
        story_quotes_withdrawn.send(sender=Story, story_id=story.pk)
    elif purpose == Purpose.RESEARCH:
        story_research_withdrawn.send(sender=Story, story_id=story.pk)
    return True


@transaction.atomic
def delete_story(story: Story, *, via: str) -> None:
    """The narrator takes the whole story back: every consent is withdrawn on record, then
    the story and everything derived from it (cascade) is deleted."""
    erasures.remember_deletion(story, via=via)  # see withdraw_consent
    for consent in story.consents.filter(withdrawn_at__isnull=True):
        withdraw_consent(story, consent.purpose, via=via)
    story_id = story.pk
    story.delete()
    story_left_analysis.send(sender=Story, story_id=story_id)


# the fields a narrator tells in her own words; only "text", "helped" and "hindered" are analysed
WORDS = ("title", "text", "helped", "hindered")
_TAG = re.compile(r"\[([A-Z-]+?)-(\d{1,6})\]")
_KIND_OF_LABEL = {label: kind for kind, (label, numbered) in deid.KINDS.items() if numbered}


@dataclass
class Correction:
    """What a correction changed: the fields, and what the de-identifier replaced in them."""

    fields: list[str]
    counts: dict[str, int]


def _numbers_in_use(story: Story) -> dict[str, dict[str, int]]:
    """The numbers the story's placeholders already have, in every field: a name typed into a
    correction is a new person, not the "[PERSOON-2]" of the "what helped" answer. The names
    behind them are not stored; these stand-ins can never match a real name."""
    numbers: dict[str, dict[str, int]] = {}
    for name in WORDS:
        for label, number in _TAG.findall(getattr(story, name) or ""):
            if label in _KIND_OF_LABEL:
                numbers.setdefault(_KIND_OF_LABEL[label], {})[f"\x00{number}"] = int(number)
    return numbers


@transaction.atomic
def correct_story(story: Story, *, via: str, known_names=(), **words: str) -> Correction:
    """Store corrected words (``title``, ``text``, ``helped``, ``hindered``) for a story: the
    narrator's own correction on her page, or the privacy officer's in the admin at her request
    (AVG art. 16). The words are de-identified as at intake. The sentences that are no longer in
    the story leave the analysis, and quotes of them leave what peer experts wrote, before this
    returns; a re-analysis is queued for the new words. The original text, if still kept, is
    dropped: it holds what the narrator wanted gone, and no longer belongs to this story."""
    unknown = set(words) - set(WORDS)
    if unknown:
        raise ValueError(f"Not a field of a story's words: {sorted(unknown)}")
    changed = {name: value for name, value in words.items() if value != getattr(story, name)}
    if not changed:
        return Correction([], {})
    cleaned = deidentify_draft(
        StoryDraft(municipality=story.municipality_id, language=story.language,
                   known_names=list(known_names), **{name: changed.get(name, "") for name in WORDS}),
        numbers=_numbers_in_use(story))
    if not (cleaned.text if "text" in changed else story.text).strip():
        raise ValueError("A story cannot be corrected to an empty text.")
    for name in changed:
        setattr(story, name, getattr(cleaned, name))
    story.title = story.title[:200]
    previous_hash = story.content_hash
    story.content_hash = content_hash(story.text)
    story.deidentification = _merge_counts(story.deidentification or {}, cleaned.counts)
    story.original_text, story.original_expires_at = "", None
    erasures.remember_correction(story, previous_hash, via=via)  # see withdraw_consent
    story.save(update_fields=[*changed, "content_hash", "deidentification", "original_text",
                              "original_expires_at"])
    if changed.keys() - {"title"}:  # the title is not analysed
        story_text_changed.send(sender=Story, story_id=story.pk)
    return Correction(sorted(changed), cleaned.counts)


def purge_expired_originals(now=None) -> int:
    """Blank original texts whose retention period has passed; returns how many. The period is
    the one set when the story came in, or MEERVOUD_KEEP_ORIGINAL_DAYS as it is now if that
    was lowered since (0: keep none)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.MEERVOUD_KEEP_ORIGINAL_DAYS)
    return Story.objects.exclude(original_text="").filter(
        Q(original_expires_at__lte=now) | Q(created_at__lte=cutoff)).update(
        original_text="", original_expires_at=None
    )
