"""The contact of a good practice is published to everyone: organisations and functions pass,
people do not (session 16, next to the review in test_review_s16.py)."""

import pytest
from django.urls import reverse

from meervoud.practices.forms import names_a_person
from meervoud.practices.models import GoodPractice

from tests.practices.test_views import proposal_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("contact", [
    "Herstelhuis Noord", "Gemeente Groningen, team Wonen, 050-3678888", "info@herstelhuis.nl",
    "Stichting De Brug, info@debrug.nl", "team.wonen@groningen.nl", "wmo-loket@gemeente.nl",
    "IWP Ervaringsdeskundigheid Noord-Nederland", "Ixta Noa", "Buurtteamorganisatie Utrecht",
])
def test_an_organisation_or_function_is_a_contact(contact):
    assert not names_a_person(contact)


@pytest.mark.parametrize("contact", [
    "Jan Jansen", "marieke.devries@herstelhuis.nl", "m.devries@herstelhuis.nl",
    "info@herstelhuis.nl of 06 12 34 56 78", "+31 6 12345678", "herstelgroep@hotmail.com",
])
def test_a_person_is_not(contact):
    assert names_a_person(contact)


def test_the_seed_catalogue_passes_its_own_rule():
    """Editing a practice from the sources must not be refused for its own contact."""
    contacts = set(GoodPractice.objects.exclude(contact="").values_list("contact", flat=True))
    assert contacts
    assert [contact for contact in contacts if names_a_person(contact)] == []


def test_the_api_answers_a_repeated_proposal_with_the_first_one(make_user):
    from rest_framework.test import APIClient

    from meervoud.api.tokens import issue_token

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(make_user('beleid'))[0]}")
    body = {"titel": "Maatjes voor nieuwkomers", "samenvatting": "Ervaringsdeskundigen lopen mee.",
            "levensdomeinen": ["nieuwkomers"], "gemeenten": ["Groningen"], "contact": "Herstelhuis"}
    first = api.post(reverse("api:practices"), body, format="json")
    again = api.post(reverse("api:practices"), body, format="json")
    assert (first.status_code, again.status_code) == (201, 200), first.content
    assert first["Location"] == again["Location"]
    assert GoodPractice.objects.filter(title="Maatjes voor nieuwkomers").count() == 1


def test_a_persons_contact_is_refused_through_the_api_as_well(make_user):
    from rest_framework.test import APIClient

    from meervoud.api.tokens import issue_token

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(make_user('beleid'))[0]}")
    body = {"titel": "Maatjes voor nieuwkomers", "samenvatting": "Ervaringsdeskundigen lopen mee.",
            "levensdomeinen": ["nieuwkomers"], "gemeenten": ["Groningen"],
            "contact": "Marieke de Vries, 06-12345678"}
    response = api.post(reverse("api:practices"), body, format="json")
    assert response.status_code == 400
    assert "contact" in response.content.decode()


def test_the_form_keeps_the_proposal_when_the_contact_is_refused(client, make_user):
    client.force_login(make_user("verteller"))
    response = client.post(reverse("practices:propose"), proposal_data(contact="Jan Jansen"))
    html = response.content.decode()
    assert "Noem een organisatie of functie" in html
    assert "Iemand die de weg kent." in html


def test_taking_a_published_practice_offline_says_so(client, make_user, make_practice):
    from meervoud.practices.models import PracticeStatus

    practice = make_practice("Inloop in de wijk", municipalities=["Groningen"],
                             status=PracticeStatus.PUBLISHED)
    client.force_login(make_user("coordinator"))
    response = client.post(reverse("practices:decide", args=[practice.slug]),
                           {"action": "reject", "reason": "De inloop is gestopt."}, follow=True)
    html = response.content.decode()
    assert "offline gehaald" in html and "is afgewezen" not in html


def test_the_coordinator_sees_who_proposed_it(client, make_user):
    proposer = make_user("beleid", "beleid-brug")
    client.force_login(proposer)
    client.post(reverse("practices:propose"), proposal_data())
    practice = GoodPractice.objects.get(title="Maatjes voor nieuwkomers")
    coordinator = make_user("coordinator")
    client.force_login(coordinator)
    assert "beleid-brug" in client.get(practice.get_absolute_url()).content.decode()
    from meervoud.practices import services

    services.publish_practice(practice, user=coordinator)
    client.logout()
    public = client.get(practice.get_absolute_url())
    assert public.status_code == 200 and "beleid-brug" not in public.content.decode()


def test_the_proposer_withdraws_a_proposal_after_confirming(client, make_user):
    client.force_login(make_user("beleid", "beleid-brug"))
    client.post(reverse("practices:propose"), proposal_data())
    practice = GoodPractice.objects.get(title="Maatjes voor nieuwkomers")
    url = reverse("practices:withdraw", args=[practice.slug])
    assert url in client.get(practice.get_absolute_url()).content.decode()
    assert "Weet je zeker" in client.get(url).content.decode()
    client.post(url)
    assert not GoodPractice.objects.filter(pk=practice.pk).exists()
    again = client.post(url, follow=True)
    assert again.status_code == 200 and "er niet meer" in again.content.decode()


def test_a_published_practice_or_someone_elses_is_not_withdrawn(client, make_user):
    from meervoud.practices import services

    proposer = make_user("beleid", "beleid-brug")
    client.force_login(proposer)
    client.post(reverse("practices:propose"), proposal_data())
    practice = GoodPractice.objects.get(title="Maatjes voor nieuwkomers")
    url = reverse("practices:withdraw", args=[practice.slug])
    client.force_login(make_user("verteller", "iemand-anders"))
    client.post(url)
    assert GoodPractice.objects.filter(pk=practice.pk).exists()
    services.publish_practice(practice, user=make_user("coordinator"))
    client.force_login(proposer)
    response = client.post(url, follow=True)
    assert GoodPractice.objects.filter(pk=practice.pk).exists()
    assert "offline" in response.content.decode()  # what to do instead
