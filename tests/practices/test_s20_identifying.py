"""Every text of a good practice is published to everyone: names, phone numbers, e-mail and
street addresses are refused in all of them, with a Dutch message on the field (session 20)."""

import html

import pytest
from django.urls import reverse

from meervoud.practices.identifying import identifying_words
from meervoud.practices.models import GoodPractice, PracticeStatus

from tests.practices.test_views import proposal_data

pytestmark = pytest.mark.django_db

MESSAGE = "Hier staat een naam, telefoonnummer, e-mailadres of adres"


@pytest.mark.parametrize("text, found", [
    ("Marieke de Vries loopt mee. Bel haar op 06-12345678.", ["Marieke de Vries", "06-12345678"]),
    ("Vraag naar mevrouw Jansen.", ["Jansen"]),
    ("Mail naar piet@gmail.com of bel 050-1234567.", ["piet@gmail.com", "050-1234567"]),
    ("Kom langs op Hoofdstraat 12, 9711 AB Groningen.", ["Hoofdstraat 12", "9711 AB"]),
])
def test_what_points_to_a_person_is_found(text, found):
    assert identifying_words(text) == found


@pytest.mark.parametrize("text", [
    "Maatje bij de schuldhulp", "Buddy bij de schuldhulp", "Herstelcafé Drenthe",
    "Ervaringsdeskundigen van Lentis en VNN lopen mee naar de intake.",
    "In 2023 deden 12 mensen mee, 4 uur per week.", "",
])
def test_projects_places_and_numbers_pass(text):
    assert identifying_words(text) == []


@pytest.mark.parametrize("field", ["title", "summary", "place_note", "organisations",
                                   "expert_work", "what_works", "conditions"])
def test_each_text_refuses_a_name_and_keeps_what_was_typed(client, make_user, field):
    client.force_login(make_user("beleid"))
    typed = "Samen met Marieke de Vries van het wijkteam"
    response = client.post(reverse("practices:propose"), proposal_data(**{field: typed}))
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert f'{MESSAGE}: "Marieke de Vries". Iedereen kan dit lezen.' in page
    assert typed in page  # the form keeps it, to change
    assert not GoodPractice.objects.filter(proposed_by__isnull=False).exists()


def test_the_api_gives_the_same_message(make_user):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(make_user("beleid"))
    response = api.post(reverse("api:practices"), {
        "titel": "Meelopen bij de verslavingszorg", "samenvatting": "Bel 06-12345678 voor info.",
        "gemeenten": ["Groningen"], "levensdomeinen": ["verslaving"]}, format="json")
    assert response.status_code == 400, response.content
    assert MESSAGE in response.content.decode()
    assert not GoodPractice.objects.filter(title="Meelopen bij de verslavingszorg").exists()


def test_a_stored_practice_with_a_phone_number_is_not_published(client, make_user, make_practice):
    practice = make_practice("Meelopen bij de verslavingszorg", municipalities=["Groningen"],
                             status=PracticeStatus.PROPOSED)
    practice.expert_work = "Marieke loopt mee, bel 06-12345678."
    practice.save()
    client.force_login(make_user("coordinator"))
    response = client.post(reverse("practices:decide", args=[practice.slug]),
                           {"action": "publish"}, follow=True)
    page = html.unescape(response.content.decode())
    assert "Deze praktijk kan zo niet in de catalogus. Bij 'Wat doen de ervaringsdeskundigen?' " \
           "staat een naam" in page
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PROPOSED
