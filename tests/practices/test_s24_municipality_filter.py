"""The catalogue of good practices can be filtered on a municipality, as the Kennisbank, the
report and the API can: a policy officer of Groningen should not have to know that her city
lies in the COROP region "Overig Groningen" to find the practices of her city and its region.
Her municipality's practices come first, then the rest of its region, then its province
(``published_practices(municipality=…)``, the rule the API applies too)."""

import html
import re

import pytest
from django.urls import reverse

from meervoud.places.models import Municipality, Province, Region
from meervoud.practices.models import GoodPractice

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(make_practice):
    GoodPractice.objects.all().delete()  # the seeded practices would blur the picture
    make_practice("Buddy's in de stad", municipalities=["Groningen"], domains=["verslaving"])
    make_practice("Bij de buren", municipalities=["Westerkwartier"], domains=["verslaving"])
    make_practice("Hele regio", regions=["Overig Groningen"], domains=["armoede-schulden"])
    make_practice("Oost-Groningen", municipalities=["Oldambt"], domains=["verslaving"])
    make_practice("Heel het noorden", provinces=["Groningen", "Drenthe"], domains=["verslaving"])
    make_practice("Herstelcafe Maastricht", municipalities=["Maastricht"], domains=["verslaving"])
    make_practice("Assen", municipalities=["Assen"], domains=["verslaving"])
    make_practice("Haagse maatjes", municipalities=["Den Haag"], domains=["verslaving"])
    make_practice("Landelijk netwerk", domains=["verslaving"])  # national: no place


def titles(page: str) -> list[str]:
    return [html.unescape(title) for title in re.findall(
        r'<h3 lang="nl"><a href="[^"]*">([^<]*)</a></h3>', page)]


def selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return [html.unescape(value) for value in
            re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select)]


def catalogue(client, **filters) -> str:
    response = client.get(reverse("practices:catalogue"), filters)
    assert response.status_code == 200
    return response.content.decode()


def test_her_municipality_first_then_its_region_then_its_province(client, practices):
    page = catalogue(client, gemeente="Groningen")
    assert titles(page) == ["Buddy's in de stad", "Bij de buren", "Hele regio",
                            "Heel het noorden", "Oost-Groningen"]
    assert selected(page, "gemeente") == ["Groningen"]
    # she learns which region and province the rest comes from
    assert ("Eerst praktijken in gemeente Groningen, dan in de rest van de regio Overig "
            "Groningen, dan in de rest van de provincie Groningen.") in html.unescape(page)


def test_the_municipality_filter_goes_with_the_other_filters(client, practices):
    page = catalogue(client, gemeente="Groningen", domein="armoede-schulden")
    assert titles(page) == ["Hele regio"]
    assert selected(page, "gemeente") == ["Groningen"]
    assert selected(page, "domein") == ["armoede-schulden"]


def test_the_finest_place_wins(client, practices):
    """A municipality with a province elsewhere (an old province left in the form): the
    municipality decides, as in ``published_practices`` and the Kennisbank."""
    limburg = Province.objects.get(name="Limburg").pk
    assert titles(catalogue(client, gemeente="Groningen", provincie=limburg))[0] == \
        "Buddy's in de stad"


@pytest.mark.parametrize("typed", ["groningen", "GRONINGEN", " Groningen ", "GM0014"])
def test_a_name_typed_in_a_link_is_found_and_shown_as_chosen(client, practices, typed):
    page = catalogue(client, gemeente=typed)
    assert titles(page)[0] == "Buddy's in de stad" and "Herstelcafe Maastricht" not in titles(page)
    assert selected(page, "gemeente") == ["Groningen"]


def test_den_haag_is_the_hague(client, practices):
    page = catalogue(client, gemeente="Den Haag")
    assert titles(page) == ["Haagse maatjes"]
    assert selected(page, "gemeente") == ["'s-Gravenhage"]


def test_an_unknown_municipality_says_so_and_keeps_her_other_filters(client, practices):
    page = catalogue(client, gemeente="Groningn", domein="armoede-schulden")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert "Gemeente 'Groningn' bestaat niet. Bedoelt u: Groningen," in text
    assert "? De praktijken hieronder zijn niet op gemeente gefilterd." in text
    # the life domain still applies, over the whole country
    assert titles(page) == ["Hele regio"]
    assert selected(page, "domein") == ["armoede-schulden"]


def test_an_unknown_municipality_without_a_close_name(client, practices):
    page = html.unescape(catalogue(client, gemeente="Xyzzy"))
    assert "Gemeente 'Xyzzy' bestaat niet. De praktijken hieronder" in page
    assert "Bedoelt u" not in page
    assert "Herstelcafe Maastricht" in titles(page)


def test_a_merged_municipality_says_it_no_longer_exists(client, practices):
    Municipality.objects.create(cbs_code="GM0009", name="Ten Boer", active=False,
                                region=Region.objects.get(name="Overig Groningen"))
    page = html.unescape(catalogue(client, gemeente="Ten Boer"))
    assert "Gemeente 'Ten Boer' bestaat niet meer." in page
    assert "Ten Boer" not in " ".join(re.findall(r"<option[^>]*>[^<]*", page))


def test_the_municipality_select_offers_current_municipalities(client, practices):
    page = catalogue(client)
    select = re.search(r'<select name="gemeente".*?</select>', page, re.S).group(0)
    assert '<option value="Groningen">Groningen</option>' in select
    assert html.unescape('<option value="" selected>Alle gemeenten</option>') in select
    assert len(titles(page)) == 9  # no filter: everything, national practices too


def test_a_card_in_the_catalogue_names_the_published_themes_it_answers(client, make_practice, publish):
    """The officer reads on the card which collective knowledge a practice answers; a theme not
    published (not validated) is not named."""
    from meervoud.knowledge.models import Theme

    publish.theme("contact", name="Een vaste contactpersoon")
    publish.many("contact", 5)
    publish.theme("concept", name="Nog niet bekeken thema", validated=False)
    practice = make_practice("Maatjes voor nieuwe huurders", municipalities=("Groningen",))
    practice.themes.set(Theme.objects.filter(key__in=["contact", "concept"]))
    page = client.get(reverse("practices:catalogue")).content.decode()
    assert "Antwoord op:" in page and "Een vaste contactpersoon" in page
    assert "Nog niet bekeken thema" not in page
