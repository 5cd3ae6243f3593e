"""The municipality that asked sees, on its own question, what is known already. Before, only
the learning network's gap view put a question next to the published knowledge; the officer who
asked saw her question and its status, and had to search the Kennisbank herself."""

import pytest
from django.urls import reverse

from meervoud.needs.models import InformationNeed, NeedStatus
from meervoud.places.selectors import find_municipality
from meervoud.stories.models import LifeDomain

pytestmark = pytest.mark.django_db


def asked(town: str, domains: list[str], by=None) -> InformationNeed:
    need = InformationNeed.objects.create(
        municipality=find_municipality(town), questions="Wat helpt bij verslaving?",
        formats=["rapport"], contact_name="X", contact_email="x@example.org", asked_by=by)
    need.life_domains.set(LifeDomain.objects.filter(slug__in=domains))
    return need


def page(client, user, need) -> str:
    client.force_login(user)
    response = client.get(reverse("needs:detail", args=[need.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def knowledge(publish, make_practice):
    publish.backed("hulp-zoeken", 12, domains=["verslaving"], name="Hulp zoeken is moeilijk")
    publish.backed("te-klein", 3, domains=["nieuwkomers"], name="Te weinig vertellers")
    make_practice("Verslavingsmaatjes", municipalities=["Groningen"], domains=["verslaving"])


def test_the_officer_reads_what_is_known_for_her_question(client, officer, knowledge):
    need = asked("Groningen", ["verslaving", "nieuwkomers"], by=officer)
    html = page(client, officer, need)
    known = html.split('id="known-heading"')[1]
    assert "Hulp zoeken is moeilijk" in known and "12 vertellers" in known
    assert "Verslavingsmaatjes" in known
    # the theme's page and the Kennisbank both count for Groningen, where it was found
    assert "/kennisbank/thema/hulp-zoeken/?gemeente=Groningen&amp;domein=verslaving" in known
    assert "?gemeente=Groningen&amp;domein=verslaving" in known.split("Lees in de Kennisbank")[0]
    # three narrators is below k: nothing of it, not even its name
    assert "Te weinig vertellers" not in html
    assert "Kennis beschikbaar" in known and "Open onderzoeksvraag" in known


def test_a_question_without_a_life_domain_says_the_network_will_look(client, officer, knowledge):
    html = page(client, officer, asked("Groningen", [], by=officer))
    assert "Bij deze vraag is geen levensdomein gekozen" in html
    assert "Hulp zoeken is moeilijk" not in html


def test_a_withdrawn_question_shows_no_knowledge(client, officer, knowledge):
    need = asked("Groningen", ["verslaving"], by=officer)
    need.status = NeedStatus.WITHDRAWN
    need.save()
    assert "Wat is er al bekend?" not in page(client, officer, need)


def test_the_network_sees_the_same_on_the_question(client, make_user, knowledge):
    need = asked("Assen", ["verslaving"])
    html = page(client, make_user("coordinator"), need)
    # Assen has too few narrators of its own: the knowledge comes from higher up, and says so
    assert "Hulp zoeken is moeilijk" in html and "gezocht in:" in html
    assert "gemeente Assen" not in html.split('id="known-heading"')[1]


def test_in_english(client, officer, knowledge):
    need = asked("Groningen", ["verslaving"], by=officer)
    client.force_login(officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("needs:detail", args=[need.pk])).content.decode()
    assert "What is known already?" in html and "Read in the knowledge base" in html
