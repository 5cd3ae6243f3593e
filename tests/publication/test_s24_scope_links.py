"""Session 24: a theme's page counts for the scope it was opened from, the Kennisbank's total
counts the narrators behind the themes it shows, and the Kennisbank links the spreadsheets of
what it shows.

Numbers from ``document_data``: "Een vaste contactpersoon" has 7 narrators in Groningen, 9 in
regio Overig Groningen, 12 in the country; "Schulden stapelen zich op" 3 in Groningen, 8 in all.
"""

import csv
import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.publication import document_data as data
from tests.publication.test_review_s24_officer import section, text_of

pytestmark = pytest.mark.django_db

CONTACT_PAGE = "/kennisbank/thema/vaste-contactpersoon/"


def links(page: str, containing: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', page) if containing in href]


def narrators_on(page: str) -> str:
    return re.search(r'id="n-narrators">(\d+)<', page).group(1)


def open_link(client, link: str):
    parts = urlsplit(link)
    return client.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})


def test_a_card_link_keeps_the_place_and_the_page_counts_for_it(client, publish):
    data.build(publish)
    listing = client.get(reverse("publication:themes"), {"gemeente": "Groningen"}).content.decode()
    [link] = links(listing, CONTACT_PAGE)
    assert parse_qs(urlsplit(link).query) == {"gemeente": ["Groningen"]}

    page = open_link(client, link).content.decode()
    assert narrators_on(page) == "7"
    evidence = section(page, "evidence-heading")
    assert "Deze cijfers gaan over gemeente Groningen." in evidence
    # one step to the national figures, and back to the Kennisbank as she left it
    assert CONTACT_PAGE in links(page, "/kennisbank/thema/")
    assert narrators_on(client.get(CONTACT_PAGE).content.decode()) == "12"
    assert reverse("publication:themes") + "?gemeente=Groningen" in links(page, "/kennisbank/")


def test_without_a_place_the_page_says_it_counts_the_whole_country(client, publish):
    data.build(publish)
    page = client.get(CONTACT_PAGE).content.decode()
    assert narrators_on(page) == "12"
    assert "Deze cijfers gaan over heel Nederland." in section(page, "evidence-heading")
    assert "zonder filters" not in text_of(page), "no link to itself"


def test_a_small_municipality_widens_on_the_theme_page_as_in_the_list(client, publish):
    data.build(publish)
    listing = client.get(reverse("publication:themes"), {"gemeente": "Westerkwartier"}).content.decode()
    card = re.search(r"<strong>(\d+) vertellers</strong>", listing).group(1)
    [link] = links(listing, CONTACT_PAGE)

    page = open_link(client, link).content.decode()
    assert narrators_on(page) == card == "9"
    assert "deze cijfers gaan over regio Overig Groningen" in section(page, "evidence-heading")


def test_a_theme_too_small_in_the_place_shows_the_country_and_says_so(client, publish):
    data.build(publish)
    page = client.get(reverse("publication:theme", args=["schulden"]),
                      {"gemeente": "Groningen"}).content.decode()
    evidence = section(page, "evidence-heading")
    assert narrators_on(page) == "8", "the country's figures, not Groningen's 3"
    assert "In gemeente Groningen rust dit thema op te weinig vertellers" in evidence
    assert "minder dan 5" in evidence and "heel Nederland" in evidence
    assert " 3 " not in f" {evidence} ", "Groningen's count below k is never shown"


def test_an_unpublished_theme_is_not_found_whatever_the_place(client, publish):
    data.build(publish)
    for key in ("wachten", "nog-niet-bekeken"):
        for query in ({}, {"gemeente": "Groningen"}, {"regio": "Overig Groningen"}):
            assert client.get(reverse("publication:theme", args=[key]), query).status_code == 404


def test_an_unknown_place_in_the_address_counts_the_country(client, publish):
    data.build(publish)
    page = client.get(CONTACT_PAGE, {"gemeente": "Groningn"}).content.decode()
    assert narrators_on(page) == "12"
    assert "Deze cijfers gaan over heel Nederland." in section(page, "evidence-heading")


def test_life_domain_and_level_travel_with_the_place(client, publish):
    data.build(publish)
    listing = client.get(reverse("publication:themes"), {
        "gemeente": "Groningen", "domein": "armoede-schulden", "niveau": "micro"}).content.decode()
    [link] = links(listing, CONTACT_PAGE)
    assert parse_qs(urlsplit(link).query) == {
        "gemeente": ["Groningen"], "domein": ["armoede-schulden"], "niveau": ["micro"]}
    page = open_link(client, link).content.decode()
    assert narrators_on(page) == "7"
    assert "levensdomein Armoede en schulden" in section(page, "evidence-heading")


def test_the_report_and_the_infographic_link_to_the_same_figures(client, publish):
    data.build(publish)
    report = client.get(reverse("publication:report", args=["Groningen"])).content.decode()
    infographic = client.get(reverse("publication:infographic"), {"gemeente": "Groningen"}).content.decode()
    assert "(n = 7)" in text_of(report)
    for page in (report, infographic):
        [link] = links(page, CONTACT_PAGE)
        assert "gemeente=Groningen" in link
        assert narrators_on(open_link(client, link).content.decode()) == "7"


def test_the_report_says_the_same_total_as_the_kennisbank(client, publish):
    """Its introduction counts the narrators behind the themes it shows, not everyone with a
    story in the place (six of them only in a theme nobody validated)."""
    data.build(publish)
    publish.theme("nog-niet-bekeken", name=data.UNCHECKED, validated=False)
    publish.many("nog-niet-bekeken", 6, "Groningen", prefix="H")
    listing = text_of(client.get(reverse("publication:themes"), {"gemeente": "Groningen"}).content.decode())
    total = re.search(r"samen rusten op (\d+) verschillende vertellers", listing).group(1)
    report = text_of(client.get(reverse("publication:report", args=["Groningen"])).content.decode())
    assert f"Dit rapport bundelt wat {total} verschillende vertellers" in report


def test_the_total_counts_each_narrator_of_the_shown_themes_once(client, publish):
    publish.theme("a", name="Een vaste contactpersoon")
    publish.many("a", 7, "Groningen", prefix="G")                # G-0 .. G-6
    publish.theme("b", name="Schulden stapelen zich op")
    for i in range(3, 10):                                       # G-3 .. G-9: 4 shared with a
        publish.statement("b", f"G-{i}", "Groningen")
    publish.theme("c", name="Nog niet bekeken", validated=False)
    publish.many("c", 6, "Groningen", prefix="H")                # not shown: not in the total

    from meervoud.publication.selectors import published_themes
    from meervoud.publication.disclosure import Scope
    view = published_themes(Scope("municipality", "Groningen"))
    assert (view.narrators, view.theme_narrators) == (16, 10)

    page = text_of(client.get(reverse("publication:themes"), {"gemeente": "Groningen"}).content.decode())
    assert "Alle thema's hier samen rusten op 10 verschillende vertellers." in page


def test_the_kennisbank_links_the_spreadsheets_of_what_it_shows(client, publish):
    data.build(publish)
    page = client.get(reverse("publication:themes"),
                      {"gemeente": "Groningen", "domein": "armoede-schulden"}).content.decode()
    assert "Download deze cijfers als spreadsheet" in text_of(page)
    [csv_link] = links(page, reverse("api:export-themas-csv"))
    [xlsx_link] = links(page, reverse("api:export-themas-xlsx"))
    for link in (csv_link, xlsx_link):
        assert parse_qs(urlsplit(link).query) == {"gemeente": ["Groningen"], "domein": ["armoede-schulden"]}
    response = open_link(client, csv_link)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert {row[0] for row in rows[1:]} == {"vaste-contactpersoon"}, \
        "the file holds what the page shows, nothing more"
    assert ["vaste-contactpersoon", data.CONTACT, "thema", data.CONTACT, "7"] == rows[1][:5]


def test_the_spreadsheet_link_keeps_the_search_words(client, publish):
    data.build(publish)
    page = client.get(reverse("publication:themes"), {"q": "contactpersoon"}).content.decode()
    [link] = links(page, reverse("api:export-themas-csv"))
    assert parse_qs(urlsplit(link).query) == {"zoek": ["contactpersoon"]}


def test_no_spreadsheet_link_when_nothing_is_shown(client, publish):
    publish.backed("klein", 3, name="Klein thema")
    page = client.get(reverse("publication:themes")).content.decode()
    assert not links(page, "/api/v1/export/")


def test_the_infographic_links_the_kennisbank_of_its_place(client, publish):
    data.build(publish)
    page = client.get(reverse("publication:infographic"), {"gemeente": "Groningen"}).content.decode()
    assert any(link.endswith("/kennisbank/?gemeente=Groningen") for link in links(page, "/kennisbank/?"))
