from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from meervoud.stories import services
from meervoud.stories.models import Purpose

TEXT = ("Ik ben Jan de Vries en ik woonde aan de Hoofdstraat 12 in Groningen. "
        "Mijn dochter Lisa belde mij op 06-12345678 toen ik bij het Leger des Heils sliep.")


def create(municipality, domains, **draft):
    draft = services.StoryDraft(text=TEXT, municipality=municipality, life_domains=domains,
                                known_names=["Jan de Vries", "Lisa"], **draft)
    return services.create_story(narrator=services.new_narrator(), draft=draft,
                                 purposes={Purpose.ANALYSIS})


@pytest.mark.django_db
def test_only_deidentified_text_is_stored_by_default(municipality, domains, settings):
    settings.MEERVOUD_KEEP_ORIGINAL_DAYS = 0
    story = create(municipality, domains)
    for identifier in ("Jan", "Vries", "Lisa", "Hoofdstraat", "12345678", "Leger des Heils"):
        assert identifier not in story.text
    assert story.original_text == ""
    assert story.original_expires_at is None
    assert story.deidentification.get("person", 0) >= 2
    assert "Jan" not in str(story.deidentification)


@pytest.mark.django_db
def test_original_is_kept_only_when_configured_and_purged_after_expiry(municipality, domains, settings):
    settings.MEERVOUD_KEEP_ORIGINAL_DAYS = 7
    story = create(municipality, domains)
    assert story.original_text == TEXT
    assert story.original_expires_at > timezone.now() + timedelta(days=6)
    assert services.purge_expired_originals(now=timezone.now()) == 0
    assert services.purge_expired_originals(now=timezone.now() + timedelta(days=8)) == 1
    story.refresh_from_db()
    assert story.original_text == "" and story.original_expires_at is None


@pytest.mark.django_db
def test_a_reviewed_correction_cannot_bring_an_identifier_back(municipality, domains):
    draft = services.StoryDraft(text=TEXT, municipality=municipality, life_domains=domains,
                                known_names=["Jan de Vries", "Lisa"])
    reviewed = services.deidentify_draft(draft)
    reviewed.text = reviewed.text + " Bel gerust Lisa via lisa.devries@example.nl."
    story = services.create_story(narrator=services.new_narrator(), draft=draft,
                                  purposes={Purpose.ANALYSIS}, reviewed=reviewed)
    assert "Lisa" not in story.text
    assert "lisa.devries@example.nl" not in story.text


@pytest.mark.django_db
def test_a_pseudonym_taken_by_a_concurrent_intake_moves_on_to_the_next_number(monkeypatch):
    from django.db.models.query import QuerySet

    from meervoud.stories.models import Narrator

    services.new_narrator(code="V-00002")  # another intake took number 2 after we counted
    real_exists, calls = QuerySet.exists, []

    def stale_first_look(queryset):
        calls.append(1)
        return False if len(calls) == 1 else real_exists(queryset)

    monkeypatch.setattr(QuerySet, "exists", stale_first_look)
    with transaction.atomic():
        narrator = services.new_narrator()
        # The clash was undone on its own: the surrounding transaction still works.
        assert Narrator.objects.filter(code="V-00002").count() == 1
    assert narrator.code == "V-00003"
    assert Narrator.objects.count() == 2


@pytest.mark.django_db
def test_a_name_typed_into_the_reviewed_text_keeps_or_gets_its_own_number(municipality, domains):
    """The narrator adds a sentence while reviewing: a person already in the story is found again
    (even without the "mijn zus" that gave her away) and keeps her number; a new person gets a new
    one, never a number that already stands for someone else."""
    draft = services.StoryDraft(text="Mijn zus Dewayna hielp me. Jan de Vries van de bank niet.",
                                municipality=municipality, life_domains=domains)
    first = services.deidentify_draft(draft)
    assert first.text == "Mijn zus [PERSOON-1] hielp me. [PERSOON-2] van de bank niet."
    reviewed = services.Deidentified(
        title="", text=first.text + " Later belde Dewayna. Mijn buurman Karel kwam ook.",
        helped="", hindered="", counts=first.counts, names=first.names, numbers=first.numbers)
    story = services.create_story(narrator=services.new_narrator(), draft=draft,
                                  purposes={Purpose.ANALYSIS}, reviewed=reviewed)
    assert story.text.endswith("Later belde [PERSOON-1]. Mijn buurman [PERSOON-3] kwam ook.")


@pytest.mark.django_db
def test_one_person_has_one_number_in_the_title_the_story_and_the_answers(municipality, domains):
    draft = services.StoryDraft(title="Hoe Karel mij hielp", text="Mijn zus Dewayna belde. Mijn buurman Karel kwam.",
                                helped="Karel.", municipality=municipality, life_domains=domains)
    result = services.deidentify_draft(draft)
    assert result.title == "Hoe [PERSOON-1] mij hielp"
    assert result.text == "Mijn zus [PERSOON-2] belde. Mijn buurman [PERSOON-1] kwam."
    assert result.helped == "[PERSOON-1]."
