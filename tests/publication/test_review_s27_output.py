"""Review, session 27: the infographic and the municipal report read by a municipal policy
officer who copies their figures into a council memo. She must be able to say from which date
the figures are (the date the theme page, the API and the exports call "Stand van"), see the
same count of narrators in every document, learn which themes were left out and why, and
read the SVG without seeing it. Each test failed before its fix."""

import html
import io
import re
import xml.etree.ElementTree as ET
from datetime import datetime

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meervoud.knowledge.models import Theme
from meervoud.publication import documents, infographic, report
from meervoud.stories.models import Story
from tests.publication import document_data as data
from tests.publication.document_data import flat

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
AS_OF = timezone.make_aware(datetime(2026, 3, 14, 12, 0))


def pdf_text(content: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return flat(" ".join(parts))


def svg_desc(svg: str) -> str:
    root = ET.fromstring(svg.encode("utf-8"))
    return flat(root.find(f"{SVG}desc").text)


def page_text(page: str) -> str:
    found = re.search(r"<main.*?</main>", page, re.S)
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0) if found else page)))


@pytest.fixture
def knowledge(publish):
    data.build(publish)
    # the theme was last changed on 14 March: the figures are "as of" that day
    Theme.objects.filter(key="vaste-contactpersoon").update(updated_at=AS_OF)


def groningen(**extra):
    return documents.resolve(gemeente="Groningen", **extra)


# ------------------------------------------------------------------ the date of the figures


def test_the_report_says_the_date_its_figures_stand_for_as_the_theme_page_and_api_do(
        client, knowledge):
    """The theme page says "Stand van 14 maart 2026" and the API "standVan": "2026-03-14…".
    The report only said "Gemaakt op <today>", the day of the download: two downloads a month
    apart with the same figures seem to differ, and her memo cannot cite the date."""
    theme_page = page_text(client.get(reverse("publication:theme", args=["vaste-contactpersoon"])
                                      + "?gemeente=Groningen").content.decode())
    assert "Stand van 14 maart 2026." in theme_page
    api = client.get("/api/v1/themas?gemeente=Groningen").json()
    assert api["resultaten"][0]["standVan"].startswith("2026-03-14")

    made = report.build(groningen())
    for text in (pdf_text(report.render_pdf(made)), docx_text(report.render_docx(made)),
                 page_text(report.render_html(made, web=True))):
        assert "Stand van de cijfers: 14 maart 2026" in text
    # each theme's evidence carries the date its own page shows
    evidence = made.sections[0].tables[0].rows
    assert ("Stand van de cijfers", "14 maart 2026") in [(row.label, row.value) for row in evidence]


def test_the_infographic_says_the_date_its_figures_stand_for(knowledge):
    info = infographic.build(groningen())
    pdf = pdf_text(infographic.render_pdf(info))
    assert "Stand van de cijfers: 14 maart 2026" in pdf
    # the day it was made is named as such, not a bare date a reader takes for the figures'
    assert "Gemaakt op " + info.made_on_text in pdf
    svg = infographic.render_svg(info)
    assert "Stand van de cijfers: 14 maart 2026" in svg
    assert "Stand van de cijfers: 14 maart 2026" in infographic.render_html(info)


# ------------------------------------------------------------------ the same count everywhere


def test_the_infographic_counts_the_narrators_the_report_and_the_kennisbank_count(client, publish):
    """Groningen has 7 narrators; the one published theme rests on 5 of them (the other theme's
    2 are too few). The Kennisbank says "rusten samen op 5", the report "wat 5 verschillende
    vertellers ... vertelden", the infographic said "n = 7": three documents, two numbers."""
    publish.theme("contact", name=data.CONTACT)
    publish.many("contact", 5, "Groningen", prefix="G")
    publish.theme("klein", name="Een klein thema")
    publish.statement("klein", "H0", "Groningen")
    publish.statement("klein", "H1", "Groningen")

    kennisbank = page_text(client.get(reverse("publication:themes") + "?gemeente=Groningen")
                           .content.decode())
    assert "rusten op 5 verschillende vertellers" in kennisbank
    assert "wat 5 verschillende vertellers in gemeente Groningen" in report.build(groningen()).intro
    info = infographic.build(groningen())
    for text in (pdf_text(infographic.render_pdf(info)), infographic.render_svg(info)):
        assert "n = 5 vertellers in gemeente Groningen" in text
        assert "n = 7" not in text


# ------------------------------------------------------------------ what was left out, and why


def test_the_infographic_says_how_many_themes_rest_on_too_few_narrators(knowledge):
    """The report and the Kennisbank say "2 thema's ... minder dan 5 vertellers"; the infographic
    said nothing, so its one theme looks like all there is in Groningen."""
    info = infographic.build(groningen())
    line = "2 thema's rusten hier op minder dan 5 vertellers; die laten we niet zien."
    assert line in pdf_text(infographic.render_pdf(info))
    assert line in html.unescape(infographic.render_svg(info))
    assert line in flat(html.unescape(infographic.render_html(info)))


def test_the_infographic_says_it_shows_only_the_largest_themes(publish):
    """Eight themes are published for Groningen; the one page has room for fewer. It showed
    them under "De belangrijkste thema's" without saying that there are more."""
    for number in range(8):
        publish.theme(f"t{number}", name=f"Thema nummer {number}")
        publish.many(f"t{number}", 5, "Groningen", prefix="G")
    info = infographic.build(groningen())
    text = pdf_text(infographic.render_pdf(info))
    shown = len(set(re.findall(r"Thema nummer \d", text)))  # each in both charts
    assert shown < 8
    assert f"Hier staan de {shown} thema's met de meeste vertellers, van de 8." in text


# ------------------------------------------------------------------ text alternatives


def test_the_svg_text_alternative_holds_what_the_drawing_says(knowledge):
    """The SVG is one image (role="img"): a screen reader reads its <desc> and nothing inside.
    That held only the theme names: not the date, the demo warning, what helped and what was
    in the way, nor the themes left out."""
    Story.objects.update(is_fictional=True)
    desc = svg_desc(infographic.render_svg(infographic.build(groningen())))
    assert "Demo: gemaakt met fictieve verhalen." in desc
    assert "n = 7 vertellers in gemeente Groningen" in desc
    assert "Stand van de cijfers: 14 maart 2026" in desc
    assert "hielp 6, zat in de weg minder dan 5" in desc
    assert "2 thema's rusten hier op minder dan 5 vertellers" in desc


def test_a_long_theme_name_is_not_cut_off_in_the_printed_infographic(publish):
    """The print hides the table and shows the charts, whose labels were cut at one line: a
    theme without a statement reached the page only as "Vertellers ... bij de…"."""
    name = ("Vertellers missen één vast aanspreekpunt bij de gemeente en moeten hun verhaal "
            "steeds opnieuw doen")
    publish.theme("lang", name=name)
    publish.many("lang", 5, "Groningen", prefix="G")
    text = pdf_text(infographic.render_pdf(infographic.build(groningen())))
    assert name in text


# ------------------------------------------------------------------ a filter that leaves nothing


def test_a_report_with_nothing_to_show_says_so_once_on_its_cover(knowledge):
    """Groningen has no stories about verslaving. The cover said "Voor gemeente Groningen ...
    zijn (nog) te weinig verhalen ..." twice: once as the notice, once as the introduction."""
    made = report.build(groningen(domein="verslaving"))
    sentence = "zijn (nog) te weinig verhalen om cijfers te laten zien"
    assert pdf_text(report.render_pdf(made)).count(sentence) == 1
    assert docx_text(report.render_docx(made)).count(sentence) == 1


# ------------------------------------------------------------------ the Word file


def test_the_word_file_says_when_it_was_made_not_when_its_template_was(knowledge):
    """Word's "Eigenschappen" showed "Gemaakt: 23-12-2013" and the remark "generated by
    python-docx": the template's, not the report's."""
    document = docx.Document(io.BytesIO(report.render_docx(report.build(groningen()))))
    properties = document.core_properties
    assert properties.created.date() == timezone.now().date()
    assert properties.modified.date() == timezone.now().date()
    assert "python-docx" not in (properties.comments or "")


def test_the_charts_in_the_printed_infographic_have_their_numbers_as_alternative_text(knowledge):
    """A tagged PDF gives each chart one alternative text (the SVG's <title>), and the print
    hides the table: a screen reader heard "Thema's met het aantal vertellers (n)", no numbers."""
    reader = PdfReader(io.BytesIO(infographic.render_pdf(infographic.build(groningen()))))
    alternatives = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                alternatives.append(str(node.get("/Alt", "")))
            if node.get("/K") is not None:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert any(f"{data.CONTACT}: 7" in alt for alt in alternatives), alternatives
    assert any("hielp 6, zat in de weg minder dan 5" in alt for alt in alternatives), alternatives
