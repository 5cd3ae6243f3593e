"""Session 24, what a municipal policy officer meets in the report and the exports: a report
without themes says why and where to read them, export file names say the place, a mistyped
report address suggests the right name, and the API finds places as the report does."""

import html
import io
import re

import docx
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from meervoud.publication import documents, report
from tests.publication import document_data as data

pytestmark = pytest.mark.django_db


def text_of(page: str) -> str:
    found = re.search(r"<main.*?</main>", page, re.S)
    page = found.group(0) if found else page
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture
def small_here(publish):
    """Groningen has 7 narrators, but its two themes rest on 4 and 3 of them there; with
    Westerkwartier each reaches 5 in regio Overig Groningen."""
    publish.theme("a", name="Een vaste contactpersoon")
    publish.many("a", 4, "Groningen", prefix="GA")
    publish.statement("a", "WA-0", "Westerkwartier")
    publish.theme("b", name="Schulden stapelen zich op")
    publish.many("b", 3, "Groningen", prefix="GB")
    publish.many("b", 2, "Westerkwartier", prefix="WB")


# ------------------------------------------------------------------ a report without themes


def test_an_empty_report_counts_the_small_themes_and_links_the_region_that_shows_them(
        client, small_here):
    page = client.get(reverse("publication:report", args=["Groningen"])).content.decode()
    start = page.index('id="samenvatting"')
    summary = page[start:page.index("</section>", start)]
    assert "2 thema's worden hier door minder dan 5 vertellers genoemd" in text_of(summary)
    assert "In regio Overig Groningen rusten 2 thema's op genoeg vertellers" in text_of(summary)
    link = html.unescape(re.search(r'<a href="([^"]+)"', summary).group(1))
    assert link.startswith("http://testserver/")  # the printed PDF needs an address to type
    region = text_of(client.get(link.removeprefix("http://testserver")).content.decode())
    assert "Een vaste contactpersoon" in region and "Schulden stapelen zich op" in region


def test_the_word_file_says_the_same_about_the_small_themes(small_here):
    made = report.build(documents.resolve(gemeente="Groningen"), base_url="https://meervoud.example")
    assert "https://meervoud.example/kennisbank/?regio=Overig+Groningen" in made.hidden_themes_line
    word = docx.Document(io.BytesIO(report.render_docx(made)))
    assert made.hidden_themes_line in [paragraph.text for paragraph in word.paragraphs]


def test_a_report_with_themes_points_nowhere_else(publish):
    data.build(publish)
    made = report.build(documents.resolve(gemeente="Groningen"))
    assert made.sections and made.view.hidden_themes, "precondition: shown and hidden themes"
    assert made.wider is None and "Kennisbank" not in made.hidden_themes_line
    assert made.hidden_themes_line.startswith("2 andere thema's worden hier door minder dan 5")


def test_a_report_for_a_life_domain_links_the_region_with_that_domain(publish):
    publish.theme("a", name="Een vaste contactpersoon")
    publish.many("a", 4, "Groningen", prefix="GA", domains=("verslaving",))
    publish.many("a", 1, "Westerkwartier", prefix="WA", domains=("verslaving",))
    publish.many("x", 3, "Groningen", prefix="GX", domains=("verslaving",))
    made = report.build(documents.resolve(gemeente="Groningen", domein="verslaving"))
    assert not made.sections and made.wider is not None
    assert made.wider_url.endswith("/kennisbank/?regio=Overig+Groningen&domein=verslaving")


# ------------------------------------------------------------------ export file names


@pytest.mark.parametrize("asked,named", [
    ({"gemeente": "Den Haag"}, "meervoud-themas-s-gravenhage-"),
    ({"gemeente": "súdwest-fryslân"}, "meervoud-themas-sudwest-fryslan-"),
    ({"regio": "overig groningen", "domein": "verslaving"},
     "meervoud-themas-overig-groningen-verslaving-"),
    ({}, "meervoud-themas-2"),
])
def test_a_theme_export_is_named_after_the_place_asked_for_in_ascii(db, asked, named):
    for kind in ("csv", "xlsx"):
        response = APIClient().get(f"/api/v1/export/themas.{kind}", asked)
        assert response.status_code == 200
        filename = re.search(r'filename="([^"]+)"', response["Content-Disposition"]).group(1)
        assert filename.startswith(named) and filename.endswith(f".{kind}"), filename
        assert filename.isascii()


def test_a_practice_export_is_named_after_its_place_and_life_domain(db):
    response = APIClient().get("/api/v1/export/goede-praktijken.csv",
                               {"gemeente": "groningen", "domein": "verslaving"})
    assert 'filename="meervoud-goede-praktijken-groningen-verslaving-' in response["Content-Disposition"]


# ------------------------------------------------------------------ a mistyped report address


@pytest.mark.parametrize("url", ["publication:report", "publication:report_pdf",
                                 "publication:report_docx"])
def test_a_mistyped_municipality_suggests_the_report_it_may_be(client, publish, url):
    data.build(publish)
    response = client.get(reverse(url, args=["Groningn"]), {"domein": "armoede-schulden"})
    assert response.status_code == 404
    page = response.content.decode()
    assert "Gemeente 'Groningn' bestaat niet." in text_of(page)
    assert "persoonlijke link" not in page  # the general 404 is written for narrators
    link = html.unescape(re.search(r'Bedoelt u: <a href="([^"]+)">Groningen</a>', page).group(1))
    assert link == reverse("publication:report", args=["Groningen"]) + "?domein=armoede-schulden"
    assert client.get(link).status_code == 200


def test_an_unknown_municipality_without_close_names_offers_the_list(client, db):
    response = client.get(reverse("publication:report", args=["Atlantis"]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Bedoelt u" not in page
    assert f'href="{reverse("publication:report_choice")}"' in page


def test_an_unknown_life_domain_in_an_infographic_download_is_suggested_once_by_name(client, db):
    response = client.get(reverse("publication:infographic_svg"),
                          {"gemeente": "Groningen", "domein": "armoede"})
    assert response.status_code == 404
    page = response.content.decode()
    assert "Levensdomein 'armoede' bestaat niet." in text_of(page)
    links = re.findall(r'<a href="([^"]+)">Armoede en schulden</a>', page)
    assert [html.unescape(link) for link in links] == [
        reverse("publication:infographic") + "?gemeente=Groningen&domein=armoede-schulden"]


# ------------------------------------------------------------------ the API finds places as the report does


@pytest.mark.parametrize("spelling", ["Groningen", "groningen", "GM0014", " GRONINGEN "])
def test_the_themes_api_takes_the_spellings_the_report_takes(db, spelling):
    response = APIClient().get("/api/v1/themas", {"gemeente": spelling})
    assert response.status_code == 200
    assert response.json()["gevraagd"]["naam"] == "Groningen"


def test_the_api_finds_the_hague_and_regions_and_domains_by_name(publish, make_practice):
    make_practice("Buddy's in Den Haag", municipalities=["'s-Gravenhage"])
    make_practice("Herstelcafé in Maastricht", municipalities=["Maastricht"])
    practices = APIClient().get("/api/v1/goede-praktijken", {"gemeente": "Den Haag"}).json()
    titles = [p["titel"] for p in practices["resultaten"]]
    assert titles[0] == "Buddy's in Den Haag" and "Herstelcafé in Maastricht" not in titles
    body = APIClient().get("/api/v1/themas", {"regio": "OVERIG GRONINGEN",
                                              "domein": "Armoede en schulden"}).json()
    assert body["gevraagd"]["naam"] == "Overig Groningen"
    assert body["gevraagd"]["domein"] == "armoede-schulden"


@pytest.mark.parametrize("path", ["/api/v1/themas", "/api/v1/goede-praktijken",
                                  "/api/v1/export/themas.csv"])
def test_an_unknown_municipality_stays_a_400_that_suggests_the_name(db, path):
    response = APIClient().get(path, {"gemeente": "Groningn"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    [problem] = response.json()["invalidParams"]
    assert problem["name"] == "gemeente"
    assert problem["reason"].startswith("Gemeente 'Groningn' bestaat niet. Bedoelt u: Groningen")
