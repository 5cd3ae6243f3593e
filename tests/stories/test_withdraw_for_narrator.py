"""A narrator whose story came in by import or the API has no personal link: the sending
organisation knows them by the pseudonym. When such a narrator phones to take consent back, a
coordinator must be able to do it for them, in the app and on record. Giving consent on someone's
behalf is never possible: only taking it back."""

import re

import pytest
from django.urls import reverse

from meervoud.audit.models import AuditEvent
from meervoud.stories import services
from meervoud.stories.models import ConsentEvent, Purpose, Source, Story
from meervoud.stories.selectors import active_purposes

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(municipality, domains):
    draft = services.StoryDraft(text="De schuldhulp duurde een jaar voordat er iets gebeurde.",
                                municipality=municipality, life_domains=domains)
    return services.create_story(narrator=services.new_narrator(code="ORG-0042"), draft=draft,
                                 purposes={Purpose.ANALYSIS, Purpose.RESEARCH}, source=Source.IMPORT)


@pytest.fixture
def coordinator(client, make_user):
    client.force_login(make_user("coordinator"))
    return client


def _detail(story):
    return reverse("stories:detail", args=[story.pk])


def test_a_coordinator_finds_the_story_by_the_pseudonym(coordinator, imported, municipality, domains):
    other = services.create_story(narrator=services.new_narrator(code="ORG-0043"), draft=services.StoryDraft(
        text="Bij het wijkteam luisterde eindelijk iemand.", municipality=municipality, life_domains=domains),
        purposes={Purpose.ANALYSIS}, source=Source.IMPORT)
    listed = coordinator.get(reverse("stories:list"), {"verteller": "org-0042 "}).content.decode()
    assert _detail(imported) in listed and _detail(other) not in listed
    assert 'value="org-0042"' in listed  # the search box keeps what was typed


def test_a_coordinator_withdraws_one_consent_for_the_narrator(coordinator, imported):
    page = coordinator.get(_detail(imported)).content.decode()
    assert "Namens de verteller" in page
    response = coordinator.post(_detail(imported), {"what": Purpose.RESEARCH, "asked": "on"})
    assert response.status_code == 302 and response.url == _detail(imported)
    assert active_purposes(imported) == {Purpose.ANALYSIS}
    event = ConsentEvent.objects.get(story_id_ref=imported.pk, action=ConsentEvent.Action.WITHDRAWN)
    assert (event.purpose, event.via) == (Purpose.RESEARCH, "coordinator")
    audit = AuditEvent.objects.get(action="consent-withdrawn")
    assert audit.username == "coordinator" and audit.object_id == str(imported.pk)
    assert "onderzoek" in audit.detail or Purpose.RESEARCH in audit.detail


def test_without_the_tick_nothing_changes_and_the_choice_stays(coordinator, imported):
    response = coordinator.post(_detail(imported), {"what": Purpose.RESEARCH})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vink aan dat de verteller dit zelf heeft gevraagd" in page
    assert re.search(r'<input type="radio" name="what" value="research"[^>]* checked', page)
    assert active_purposes(imported) == {Purpose.ANALYSIS, Purpose.RESEARCH}


def test_a_coordinator_deletes_the_whole_story_for_the_narrator(coordinator, imported):
    response = coordinator.post(_detail(imported), {"what": "delete", "asked": "on"}, follow=True)
    assert not Story.objects.filter(pk=imported.pk).exists()
    assert "verwijderd" in response.content.decode()
    assert AuditEvent.objects.filter(action="story-deleted", object_id=str(imported.pk)).exists()
    withdrawn = ConsentEvent.objects.filter(story_id_ref=imported.pk, action=ConsentEvent.Action.WITHDRAWN)
    assert {event.via for event in withdrawn} == {"coordinator"} and withdrawn.count() == 2


def test_the_last_consent_taken_back_leads_to_the_list(coordinator, imported):
    coordinator.post(_detail(imported), {"what": Purpose.RESEARCH, "asked": "on"})
    response = coordinator.post(_detail(imported), {"what": Purpose.ANALYSIS, "asked": "on"})
    # back to the narrator's other stories (their pseudonym), not the whole list
    assert response.status_code == 302 and response.url == reverse("stories:list") + "?verteller=ORG-0042"
    assert active_purposes(imported) == set()


def test_a_consent_already_withdrawn_in_another_tab_is_said_plainly(coordinator, imported):
    services.withdraw_consent(imported, Purpose.RESEARCH, via="link")
    response = coordinator.post(_detail(imported), {"what": Purpose.RESEARCH, "asked": "on"})
    assert response.status_code == 200
    assert "al ingetrokken" in response.content.decode()


def test_consent_cannot_be_given_on_the_narrators_behalf(coordinator, imported):
    response = coordinator.post(_detail(imported), {"what": Purpose.QUOTE, "asked": "on"})
    assert response.status_code == 200
    assert Purpose.QUOTE not in active_purposes(imported)


@pytest.mark.parametrize("role", ["onderzoeker", "beleid"])
def test_other_roles_cannot_withdraw_for_a_narrator(client, make_user, imported, role):
    if role == "onderzoeker":
        services.give_consent(imported, Purpose.RESEARCH, via="import")
    client.force_login(make_user(role))
    assert "Namens de verteller" not in client.get(_detail(imported)).content.decode()
    response = client.post(_detail(imported), {"what": "delete", "asked": "on"})
    assert response.status_code in (403, 404)
    assert Story.objects.filter(pk=imported.pk).exists()
