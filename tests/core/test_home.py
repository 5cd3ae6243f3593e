"""The home page's totals follow the same disclosure rule as everything published."""

import pytest
from django.urls import reverse

from meervoud.stories import services
from meervoud.stories.models import Purpose, Story


def tell(municipality, domains, n, purposes=frozenset({Purpose.ANALYSIS})):
    for i in range(n):
        narrator = services.new_narrator()
        draft = services.StoryDraft(text=f"Verhaal nummer {i} over de nachtopvang.", municipality=municipality,
                                    life_domains=domains)
        services.create_story(narrator=narrator, draft=draft, purposes=set(purposes))


@pytest.mark.django_db
def test_fewer_narrators_than_k_shows_no_numbers(client, municipality, domains, settings):
    settings.MEERVOUD_MIN_NARRATORS = 5
    tell(municipality, domains, 4)
    page = client.get(reverse("core:home")).content.decode()
    assert "Nog minder dan 5 vertellers." in page
    assert "4 verhalen" not in page


@pytest.mark.django_db
def test_k_narrators_show_their_stories(client, municipality, domains, settings):
    settings.MEERVOUD_MIN_NARRATORS = 5
    tell(municipality, domains, 5)
    assert "5 verhalen van 5 vertellers." in client.get(reverse("core:home")).content.decode()


@pytest.mark.django_db
def test_threshold_comes_from_the_setting(client, municipality, domains, settings):
    settings.MEERVOUD_MIN_NARRATORS = 8
    tell(municipality, domains, 6)
    assert "Nog minder dan 8 vertellers." in client.get(reverse("core:home")).content.decode()


@pytest.mark.django_db
def test_stories_without_analysis_consent_or_withdrawn_are_not_counted(client, municipality, domains, settings):
    settings.MEERVOUD_MIN_NARRATORS = 5
    tell(municipality, domains, 5)
    tell(municipality, domains, 3, purposes={Purpose.QUOTE})
    page = client.get(reverse("core:home")).content.decode()
    assert "5 verhalen van 5 vertellers." in page
    services.withdraw_consent(Story.objects.filter(consents__purpose=Purpose.ANALYSIS).first(), Purpose.ANALYSIS,
                              via="link")
    assert "Nog minder dan 5 vertellers." in client.get(reverse("core:home")).content.decode()


@pytest.mark.django_db
def test_english_names_the_threshold_too(client, settings):
    settings.MEERVOUD_MIN_NARRATORS = 7
    client.cookies["django_language"] = "en"
    assert "Fewer than 7 narrators so far." in client.get(reverse("core:home")).content.decode()
