"""A municipality says what it needs to know; who sees what."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meervoud.needs.models import InformationNeed, NeedStatus
from meervoud.places.selectors import find_municipality
from meervoud.stories.models import LifeDomain

pytestmark = pytest.mark.django_db


def answers(**changes):
    data = {
        "questions": "Wat helpt inwoners met schulden om op tijd hulp te vragen?",
        "purpose": "Nieuw schuldhulpbeleid",
        "life_domains": [LifeDomain.objects.get(slug="armoede-schulden").pk],
        "target_groups": "Jonge gezinnen",
        "formats": ["infographic", "workshop"],
        "urgency": "hoog",
        "deadline": "",
        "contact_name": "A. Ambtenaar",
        "contact_email": "a.ambtenaar@example.org",
        "contact_phone": "",
    }
    data.update(changes)
    return data


def test_an_officer_asks_for_their_own_municipality_only(client, officer):
    client.force_login(officer)
    page = client.get(reverse("needs:ask")).content.decode()
    assert 'name="municipality"' not in page and "voor de gemeente Groningen" in page
    response = client.post(reverse("needs:ask"),
                           answers(municipality=find_municipality("Zwolle").pk))
    need = InformationNeed.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("needs:detail",
                                                                           args=[need.pk])
    assert need.municipality.name == "Groningen" and need.asked_by == officer
    assert need.status == NeedStatus.OPEN and need.formats == ["infographic", "workshop"]


def test_a_coordinator_asks_on_behalf_of_a_chosen_municipality(client, make_user):
    client.force_login(make_user("coordinator"))
    response = client.post(reverse("needs:ask"), answers())
    assert "Kies de gemeente waarvoor u de vraag stelt." in response.content.decode()
    assert not InformationNeed.objects.exists()
    client.post(reverse("needs:ask"), answers(municipality=find_municipality("Assen").pk))
    assert InformationNeed.objects.get().municipality.name == "Assen"


@pytest.mark.parametrize("changes,message", [
    ({"formats": []}, "Kies minstens één vorm"),
    ({"contact_email": "geen-adres"}, "Dit e-mailadres klopt niet"),
    ({"questions": "?"}, "Beschrijf uw vraag in minstens 10 tekens."),
    ({"deadline": (timezone.localdate() - timedelta(days=1)).isoformat()},
     "Deze datum ligt in het verleden."),
])
def test_bad_answers_get_a_specific_message_and_keep_the_input(client, officer, changes, message):
    client.force_login(officer)
    html = client.post(reverse("needs:ask"), answers(**changes)).content.decode()
    assert message in html
    assert "Jonge gezinnen" in html  # what was typed is still there
    assert not InformationNeed.objects.exists()


def test_other_municipalities_do_not_see_a_need_or_its_contact(client, officer, make_user):
    from meervoud.accounts.models import Organisation, OrganisationKind

    client.force_login(officer)
    client.post(reverse("needs:ask"), answers())
    need = InformationNeed.objects.get()
    other = make_user("beleid", "beleid-leeuwarden")
    other.organisation = Organisation.objects.create(
        name="Gemeente Leeuwarden (test)", kind=OrganisationKind.MUNICIPALITY,
        municipality=find_municipality("Leeuwarden"))
    other.save()
    client.force_login(other)
    assert client.get(reverse("needs:detail", args=[need.pk])).status_code == 404
    assert "schulden" not in client.get(reverse("needs:list")).content.decode()
    overview = client.get(reverse("needs:overview")).content.decode()
    assert "Groningen" in overview  # which municipalities ask is public among municipalities
    assert "a.ambtenaar@example.org" not in overview and "A. Ambtenaar" not in overview

    client.force_login(make_user("onderzoeker"))
    assert "a.ambtenaar@example.org" in client.get(
        reverse("needs:detail", args=[need.pk])).content.decode()


def test_answering_needs_a_note_and_only_the_learning_network_may_change_status(
        client, officer, make_user):
    client.force_login(officer)
    client.post(reverse("needs:ask"), answers())
    need = InformationNeed.objects.get()
    url = reverse("needs:detail", args=[need.pk])
    assert client.post(url, {"status": "beantwoord", "answer_note": "x"}).status_code == 404

    client.force_login(make_user("coordinator"))
    html = client.post(url, {"status": "beantwoord", "answer_note": ""}).content.decode()
    assert "Schrijf op wat de vraag heeft beantwoord." in html
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    client.post(url, {"status": "beantwoord", "answer_note": "De infographic over schulden."})
    need.refresh_from_db()
    assert need.status == NeedStatus.ANSWERED and need.answer_note == "De infographic over schulden."
    assert need.status_changed_by.username == "coordinator"


@pytest.mark.parametrize("role,ask,overview,gaps", [
    ("beleid", 200, 200, 403), ("coordinator", 200, 200, 200),
    ("onderzoeker", 403, 200, 200), ("verteller", 403, 403, 403), ("beheerder", 200, 200, 200),
])
def test_role_matrix(client, make_user, role, ask, overview, gaps):
    client.force_login(make_user(role))
    assert client.get(reverse("needs:ask")).status_code == ask
    assert client.get(reverse("needs:overview")).status_code == overview
    assert client.get(reverse("needs:gaps")).status_code == gaps


def test_overview_counts_municipalities_not_questions(client, make_user):
    from meervoud.needs.demo import create_demo_needs
    from meervoud.needs.selectors import overview
    from meervoud.places.models import Province, Region

    assert create_demo_needs() == 5
    assert create_demo_needs() == 0
    everything = overview()
    assert everything.needs == 5 and everything.municipalities == 4
    rows = {row.slug: row for row in everything.domains}
    # Groningen asked twice, in different domains; psychische kwetsbaarheid comes from two towns.
    assert rows["psychische-kwetsbaarheid"].municipalities == 2
    assert rows["psychische-kwetsbaarheid"].per_format["rapport"] == 2
    assert rows["psychische-kwetsbaarheid"].per_format["workshop"] == 0
    groningen = overview(province=Province.objects.get(name="Groningen"))
    assert [r.region for r in groningen.regions] == ["Oost-Groningen", "Overig Groningen"]
    assert groningen.municipalities == 2
    region = overview(region=Region.objects.get(name="Overig Groningen"))
    assert region.regions[0].open == 2 and region.regions[0].answered == 0

    client.force_login(make_user("beleid"))
    html = client.get(reverse("needs:overview")).content.decode()
    row = re.search(r"<th scope=\"row\">Psychische kwetsbaarheid \(ggz\)</th>(.*?)</tr>", html, re.S)
    assert re.findall(r"<td>(\d+)</td>", row.group(1)) == ["2", "1", "2", "0", "1"]
