"""Review of the public side (knowledge base, infographic, report): what a reader or a policy
officer would hit. Each test states the expected behaviour and failed on the code it was
written against."""

import io
import re

import pytest
from django.urls import reverse

from meervoud.places.selectors import find_municipality
from meervoud.publication.disclosure import k_threshold
from meervoud.stories.models import Purpose

pytestmark = pytest.mark.django_db

NO_QUOTE = (Purpose.ANALYSIS,)


def _captions(html: str) -> list[str]:
    return re.findall(r"<figcaption>(.*?)</figcaption>", html, re.S)


def test_moving_a_story_outside_any_theme_updates_the_cached_quote_place(client, publish):
    """A quote names a municipality with a life domain only while k narrators there share that
    domain. When a story moves away and leaves the municipality with k-1 of them, the cached
    theme page must stop naming that municipality.

    (Session 20: those k are the theme's own narrators, so a story outside any theme no longer
    moves a caption; the story that moves here is one of the theme's. The test was written
    with an outlier story, whose k-1 neighbours made a quote's place safe then.)"""
    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    publish.statement("t", "Q", "Zwolle",
                      text="Ik moest maanden wachten op een eerste gesprek, niemand belde mij terug.")
    movers = publish.many("t", k - 1, "Zwolle", purposes=NO_QUOTE)
    publish.many("t", k, "Groningen", purposes=NO_QUOTE, domains=("verslaving",))
    url = reverse("publication:theme", args=["t"])
    assert any("gemeente Zwolle" in c for c in _captions(client.get(url).content.decode()))

    story = movers[0].story  # a coordinator corrects its place (admin): k - 1 left in Zwolle
    story.municipality = find_municipality("Groningen")
    story.save()

    captions = _captions(client.get(url).content.decode())
    assert captions and not any("Zwolle" in c for c in captions), captions


def test_a_corrected_story_text_no_longer_shows_in_its_quote(client, publish):
    """When a coordinator removes a revealing detail from a story's text (admin), the public
    quote cut from that story must not keep showing the removed words."""
    k = k_threshold()
    publish.theme("t", name="Werk")
    statement = publish.statement(
        "t", "Q", "Groningen",
        text="Ik werkte toen bij de bakkerij van mijn oom op de hoek en niemand hielp mij.")
    publish.many("t", k - 1, "Groningen", purposes=NO_QUOTE)
    url = reverse("publication:theme", args=["t"])
    assert "bakkerij van mijn oom" in client.get(url).content.decode()

    story = statement.story
    story.text = "Ik werkte toen bij [werkplek] en niemand hielp mij, maandenlang niet, echt niemand."
    story.save()

    assert "bakkerij van mijn oom" not in client.get(url).content.decode()


def test_the_infographic_pdf_is_a_tagged_pdf(client, publish):
    """The A4 infographic is a public-sector document with charts: the PDF must be tagged
    (MarkInfo/Marked and a structure tree), so screen readers get its headings, table and the
    charts' text alternatives, not an untagged page of loose glyphs."""
    from pypdf import PdfReader

    publish.backed("t", k_threshold(), name="Wachtlijsten", insight="Lang wachten maakt moedeloos.")
    response = client.get(reverse("publication:infographic_pdf"), {"gemeente": "Groningen"})
    assert response.status_code == 200
    root = PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    assert root.get("/Lang") == "nl"
    assert "/StructTreeRoot" in root and bool(root.get("/MarkInfo", {}).get("/Marked")), \
        sorted(root.keys())


def test_the_theme_page_gives_the_share_margin_in_percent_like_the_report(client, publish):
    """The theme page writes the share as a percentage; its margin must be percentages too
    ("61% tot 100%", as in the report), not fractions ("0,61 tot 1,00") next to "100%"."""
    from meervoud.publication.report import _percent
    from meervoud.publication.selectors import published_themes

    publish.backed("t", 6, name="Wachtlijsten")
    theme = published_themes().themes[0]
    low, high = (_percent(value) for value in theme.share_ci)
    html = client.get(reverse("publication:theme", args=["t"])).content.decode()
    share = re.search(r"Deel van alle vertellers</dt><dd>(.*?)</dd>", html, re.S).group(1)
    assert f"{low} tot {high}" in share, share


@pytest.mark.parametrize("url", ["/kennisbank/infographic/", "/kennisbank/infographic.svg",
                                 "/kennisbank/rapport/", "/kennisbank/workshop/"])
def test_a_very_long_number_as_municipality_is_not_a_server_error(client, url):
    """A municipality 'name' of 5000 digits (a mistyped or hostile link) gets the normal
    'does not exist' answer, not a 500 from int() refusing more than 4300 digits."""
    response = client.get(url, {"gemeente": "9" * 5000})
    assert response.status_code < 500


def test_the_report_keeps_the_capitals_of_a_life_domain_abbreviation(client, publish):
    """Dutch readers know NAH, LVB and GGZ in capitals: the report's title says
    'niet-aangeboren hersenletsel (NAH)', not '(nah)'."""
    publish.backed("t", k_threshold(), name="Opnieuw leren werken", domains=("nah",))
    html = client.get(reverse("publication:report", args=["Groningen"]), {"domein": "nah"}).content.decode()
    title = re.search(r'<h1 id="report-title">(.*?)</h1>', html, re.S).group(1)
    assert "(NAH)" in title, title


def test_the_knowledge_base_does_not_say_hidden_themes_rest_on_narrators(client, publish):
    """When no theme can be shown for a place, the page says so and does not also claim
    'Deze thema's rusten samen op N vertellers' about themes it does not show."""
    k = k_threshold()
    publish.backed("nog-niet-bekeken", k + 1, validated=False)
    html = client.get(reverse("publication:themes"), {"gemeente": "Groningen"}).content.decode()
    assert "Hier is nog geen gepubliceerde kennis." in html
    assert "rusten samen op" not in html


def test_a_quote_does_not_name_a_town_the_themes_breakdown_pooled_away(client, publish):
    """One of the theme's narrators lives in Zwolle; the place breakdown pools that single
    narrator into a wider cell. Zwolle has k narrators in other themes, but a quote captioned
    "gemeente Zwolle" under this theme would still tell who that one narrator is."""
    k = k_threshold()
    publish.theme("t", name="Wachtlijsten")
    publish.statement("t", "Q", "Zwolle",
                      text="Ik moest maanden wachten op een eerste gesprek, niemand belde mij terug.")
    publish.many("t", k, "Groningen", purposes=NO_QUOTE)
    publish.many("ander", k, "Zwolle", purposes=NO_QUOTE)
    page = client.get(reverse("publication:theme", args=["t"])).content.decode()
    captions = _captions(page)
    assert captions and "niemand belde mij terug" in page
    assert not any("Zwolle" in c for c in captions), captions
