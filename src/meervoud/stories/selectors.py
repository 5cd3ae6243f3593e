from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from meervoud.accounts.permissions import user_can
from meervoud.stories.models import VIA_NAMES, Consent, ConsentText, Narrator, Purpose, Story, link_digest
from meervoud.stories.pseudonyms import api_pseudonym, import_pseudonym


def narrator_by_link(token: str | None) -> Narrator | None:
    """Whose personal link this is: the key from the address, compared by its digest (only the
    digest is stored). None for no key or a key that opens nothing (any more)."""
    if not token:
        return None
    return Narrator.objects.filter(token_digest=link_digest(token)).first()


def current_consent_text(purpose: str) -> ConsentText:
    return ConsentText.objects.filter(purpose=purpose).order_by("-version").first()


def current_consent_texts() -> dict[str, ConsentText]:
    return {purpose: current_consent_text(purpose) for purpose in Purpose.values}


def with_active_consent(purpose: str, queryset: QuerySet[Story] | None = None) -> QuerySet[Story]:
    queryset = Story.objects.all() if queryset is None else queryset
    active = Consent.objects.filter(
        story=OuterRef("pk"), purpose=purpose, withdrawn_at__isnull=True
    )
    return queryset.filter(Exists(active))


def shared_place_levels(stories: QuerySet[Story]) -> dict[int, str]:
    """Per story whose narrator lets what is learned be shared with the place of her story: the
    finest place level that may be named for it, "municipality" or "region" (she chose the
    region only). A story missing here may be counted for the whole country only: naming her
    municipality, region or province would share with them what she did not want shared.

    A consent for another municipality or region than the story's own shares nothing of it."""
    levels = {}
    for story_id, town, region, own_town, own_region in Consent.objects.filter(
            story__in=stories, purpose=Purpose.SHARE, withdrawn_at__isnull=True).values_list(
            "story_id", "share_municipality_id", "share_region_id", "story__municipality_id",
            "story__municipality__region_id"):
        if town == own_town or (town is None and region is None):
            levels[story_id] = "municipality"
        elif town is None and region == own_region:
            levels[story_id] = "region"
    return levels


def with_any_active_consent(queryset: QuerySet[Story] | None = None) -> QuerySet[Story]:
    """Stories whose narrator still consents to something: a story without any consent is not
    read by anyone, whatever its rows still hold until they are deleted."""
    queryset = Story.objects.all() if queryset is None else queryset
    return queryset.filter(Exists(Consent.objects.filter(story=OuterRef("pk"), withdrawn_at__isnull=True)))


def readable_stories(user) -> QuerySet[Story]:
    """The whole stories this person may read on /verhalen/: a researcher only those whose
    narrator consented to research, a coordinator every story with some consent left."""
    if user_can(user, "stories.view_all_consented"):
        return with_any_active_consent()
    return with_active_consent(Purpose.RESEARCH, with_any_active_consent())


def by_narrator_reference(queryset: QuerySet[Story], reference: str, user) -> QuerySet[Story]:
    """The stories of the narrator someone asks about (a narrator who phones): by the pseudonym
    itself, by the reference a file import was given for her, or by the reference this person's
    organisation sent with her story to the API. Only their own organisation's: the API keys the
    reference per sender, so the same client number at another organisation finds nothing."""
    return queryset.filter(Q(narrator__code__iexact=reference)
                           | Q(narrator__code__in=[import_pseudonym(reference), api_pseudonym(reference, user)]))


def stories_for_analysis() -> QuerySet[Story]:
    """The only way analysis gets its stories: those whose narrator consented to analysis."""
    return with_active_consent(Purpose.ANALYSIS).select_related(
        "narrator", "municipality__region__province"
    ).prefetch_related("life_domains")


def active_purposes(story: Story) -> set[str]:
    """The purposes the narrator still consents to for this story. Read from ``consents.all()``
    so that a list of stories fetched with ``prefetch_related("consents")`` asks no query per
    story; without the prefetch it is one query."""
    return {consent.purpose for consent in story.consents.all() if consent.active}


def kept_without_consent_until(story: Story):
    """The date the retention rule deletes a story with no active consent (counted from the
    last withdrawal, or from when it came in), so its narrator can still change her mind; None
    while any consent is active."""
    consents = list(story.consents.all())
    if any(c.withdrawn_at is None for c in consents):
        return None
    since = max((c.withdrawn_at for c in consents), default=story.created_at)
    return timezone.localdate(since + timedelta(days=settings.MEERVOUD_KEEP_WITHOUT_CONSENT_DAYS))


def public_totals(k: int) -> dict:
    """What the home page may say about the collection: stories with consent for analysis and
    their distinct narrators, or only that there are fewer than ``k`` narrators. A handful of
    stories on a small installation should not be countable from the outside."""
    stories = stories_for_analysis()
    narrators = stories.values("narrator").distinct().count()
    if narrators < k:
        return {"shown": False, "k": k}
    return {"shown": True, "k": k, "stories": stories.count(), "narrators": narrators}


def _moment(value) -> str | None:
    return value.isoformat() if value else None


def held_about(narrator) -> dict:
    """Everything Meervoud holds about one narrator with her stories, for her own download (AVG
    art. 15 and 20): each story with what was stored with it, its consents and their history,
    and the themes its sentences are used in. Only hers: no other narrator's words, no internal
    keys (the personal link, hashes, accounts). The keys are the API's names where it has them,
    so the download can be read back by another system."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from meervoud.stories.models import ConsentEvent, Language, Level, RecoveryPhase, Source
    from meervoud.stories.uses import quoted_sentences, themes_used

    def label(choices, value) -> str:
        return str(choices(value).label) if value in choices.values else value or ""

    events: dict[int, list[dict]] = {}
    for event in ConsentEvent.objects.filter(narrator_code=narrator.code):
        events.setdefault(event.story_id_ref, []).append({
            "moment": _moment(event.at), "doel": event.purpose, "doelOmschrijving": label(Purpose, event.purpose),
            "handeling": event.action, "handelingOmschrijving": label(ConsentEvent.Action, event.action),
            "tekstversie": event.consent_text_version, "via": event.via,
            "viaOmschrijving": str(VIA_NAMES.get(event.via, ""))})
    held = list(narrator.stories.select_related("municipality").prefetch_related(
        "life_domains", "consents__consent_text", "consents__share_municipality", "consents__share_region"))
    # the download is kept and shared: theme names as anyone may read them (uses.theme_name)
    used = themes_used([story.pk for story in held])
    quoted = quoted_sentences([story.pk for story in held])
    stories = []
    for story in held:
        stories.append({
            "id": story.pk, "titel": story.title, "verhaal": story.text,
            "watHielp": story.helped, "watHinderde": story.hindered,
            "gemeente": story.municipality.name,
            "levensdomeinen": [str(domain) for domain in story.life_domains.all()],
            "niveau": label(Level, story.level), "herstelfase": label(RecoveryPhase, story.recovery_phase),
            "datum": story.told_on.isoformat(), "taal": label(Language, story.language),
            "bron": label(Source, story.source), "fictief": story.is_fictional,
            "ontvangenOp": _moment(story.created_at),
            "zelfIngevuld": {"eigenKracht": story.helped_own_strength, "lotgenoten": story.helped_peers,
                             "professionals": story.helped_professionals, "regie": story.sense_of_control,
                             "hoeNu": story.doing_now},
            "vervangenGegevens": dict(story.deidentification or {}),
            "eigenTekst": ({"bewaard": True, "tekst": story.original_text,
                            "bewaardTot": _moment(story.original_expires_at)} if story.original_text else
                           {"bewaard": False, "uitleg": _("Je eigen tekst met namen bewaren we niet (meer).")}),
            "toestemmingen": [{
                "doel": consent.purpose, "doelOmschrijving": label(Purpose, consent.purpose),
                "status": _("gegeven") if consent.active else _("ingetrokken"),
                "tekst": consent.consent_text.text, "tekstversie": consent.consent_text.version,
                "gegevenOp": _moment(consent.given_at), "ingetrokkenOp": _moment(consent.withdrawn_at),
                # sharing without a place named is sharing with the story's own municipality
                "gedeeldMet": (str(consent.share_municipality or consent.share_region or story.municipality.name)
                               if consent.purpose == Purpose.SHARE else None),
            } for consent in story.consents.all()],
            "toestemmingsgeschiedenis": events.pop(story.pk, []),
            "gebruiktInThemas": used.get(story.pk, []),
            # what the public may read of her words: she decides on quoting with these in view
            "geciteerd": quoted.get(story.pk, []),
        })
    return {
        "uitleg": _("Dit is alles wat Meervoud bewaart bij je verhalen. Bij elke toestemming staat "
                    "wanneer je die gaf of introk. Bij 'gebruiktInThemas' staat in welke thema's "
                    "zinnen uit je verhaal worden gebruikt. Bij 'geciteerd' staan de zinnen uit je "
                    "verhaal die als citaat in de Kennisbank en in verslagen kunnen staan."),
        "gemaaktOp": _moment(timezone.now()),
        "verteller": {"pseudoniem": narrator.code, "sinds": _moment(narrator.created_at),
                      "metAccount": narrator.user_id is not None},
        "verhalen": stories,
        # what stays as proof after a story was deleted: only when and to what she consented
        "verwijderdeVerhalen": [{"id": story_id, "toestemmingsgeschiedenis": history}
                                for story_id, history in sorted(events.items())],
    }
