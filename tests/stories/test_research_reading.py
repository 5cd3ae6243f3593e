"""A researcher reads a whole story only when its narrator said yes to research.

Analysis consent lets peer experts look at a story "together with many other stories"; the
research consent is the one that lets researchers of the learning network use a story. Before
this, /verhalen/ showed every consented story to researchers alike."""

import pytest
from django.urls import reverse

from meervoud.stories import services
from meervoud.stories.models import Purpose


def make_story(municipality, domains, purposes, text):
    draft = services.StoryDraft(text=text, municipality=municipality, life_domains=domains)
    return services.create_story(narrator=services.new_narrator(), draft=draft, purposes=set(purposes))


@pytest.fixture
def two_stories(municipality, domains):
    analysis_only = make_story(municipality, domains, {Purpose.ANALYSIS},
                               "Bij het wijkteam luisterde eindelijk iemand naar mij.")
    research = make_story(municipality, domains, {Purpose.ANALYSIS, Purpose.RESEARCH},
                          "De schuldhulp duurde een jaar voordat er iets gebeurde.")
    return analysis_only, research


@pytest.mark.django_db
def test_a_researcher_reads_only_stories_with_research_consent(client, make_user, two_stories):
    analysis_only, research = two_stories
    client.force_login(make_user("onderzoeker"))
    listed = client.get(reverse("stories:list")).content.decode()
    assert reverse("stories:detail", args=[research.pk]) in listed
    assert reverse("stories:detail", args=[analysis_only.pk]) not in listed
    assert "toestemming voor onderzoek" in listed
    assert client.get(reverse("stories:detail", args=[analysis_only.pk])).status_code == 404
    assert client.get(reverse("stories:detail", args=[research.pk])).status_code == 200


@pytest.mark.django_db
def test_withdrawing_research_consent_takes_the_story_from_researchers(client, make_user, two_stories):
    _, research = two_stories
    services.withdraw_consent(research, Purpose.RESEARCH, via="link")
    client.force_login(make_user("onderzoeker"))
    assert client.get(reverse("stories:detail", args=[research.pk])).status_code == 404


@pytest.mark.django_db
def test_a_coordinator_still_reads_every_consented_story(client, make_user, two_stories):
    analysis_only, research = two_stories
    client.force_login(make_user("coordinator"))
    listed = client.get(reverse("stories:list")).content.decode()
    for story in two_stories:
        assert reverse("stories:detail", args=[story.pk]) in listed
    assert "toestemming voor onderzoek" not in listed
    assert client.get(reverse("stories:detail", args=[analysis_only.pk])).status_code == 200
