"""The one-page infographic: real WeasyPrint output read back with pypdf, the SVG parsed as XML,
the web page checked for structure; built from knowledge with known numbers around k."""

import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from meervoud.publication import documents, infographic
from tests.knowledge.conftest import demo_subset, tfidf  # noqa: F401  (fixtures)
from tests.publication import document_data as data
from tests.publication.document_data import flat

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
A4, A3 = (595.3, 841.9), (841.9, 1190.6)


@pytest.fixture
def knowledge(publish):
    data.build(publish)


def pdf_page(content: bytes):
    reader = PdfReader(io.BytesIO(content))
    return reader, flat(reader.pages[0].extract_text())


def size(page) -> tuple[float, float]:
    return round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)


def infographic_for(**asked):
    return infographic.build(documents.resolve(**asked))


def test_a4_pdf_is_one_page_with_the_published_themes_only(knowledge):
    reader, text = pdf_page(infographic.render_pdf(infographic_for(gemeente="Groningen")))
    assert len(reader.pages) == 1
    assert size(reader.pages[0]) == A4
    assert "Collectieve ervaringskennis voor gemeente Groningen" in text
    assert "n = 7 vertellers in gemeente Groningen" in text
    for heading in ("Wat is collectieve ervaringskennis?", "De belangrijkste thema's",
                    "Wat helpt en wat zit in de weg", "Tips voor gemeenten", "Goede praktijken",
                    "Rollen van ervaringsdeskundigen", "Contact"):
        assert heading in text
    assert data.CONTACT in text and "Eén vast gezicht bij de gemeente" in text
    # Three narrators in Groningen, four in the country, not validated: none of them shown.
    assert data.DEBTS not in text and data.WAITING not in text and data.UNCHECKED not in text
    # One narrator said the contact person was in the way: "fewer than 5", not 1.
    assert "minder dan 5" in text
    assert "Kwartiermaker" in text and "minimaal twee ervaringsdeskundigen" in text


def test_a3_pdf_is_one_a3_page(knowledge):
    reader, text = pdf_page(infographic.render_pdf(infographic_for(gemeente="Groningen"), paper="A3"))
    assert len(reader.pages) == 1
    assert size(reader.pages[0]) == A3
    assert data.CONTACT in text


def test_small_municipality_is_widened_and_says_so(knowledge):
    info = infographic_for(gemeente="Westerkwartier")
    sentence = ("Voor gemeente Westerkwartier zijn te weinig verhalen; deze cijfers gaan over "
                "regio Overig Groningen.")
    _reader, text = pdf_page(infographic.render_pdf(info))
    assert sentence in text
    assert "n = 9 vertellers in regio Overig Groningen" in text
    assert sentence in infographic.render_svg(info)


def test_svg_is_a_standalone_document_with_text(knowledge):
    svg = infographic.render_svg(infographic_for(gemeente="Groningen"))
    root = ET.fromstring(svg.encode())
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "Collectieve ervaringskennis voor gemeente Groningen"
    assert data.CONTACT in root.find(f"{SVG}desc").text
    words = " ".join("".join(node.itertext()) for node in root.iter(f"{SVG}text"))
    assert data.CONTACT in words and "Tips voor gemeenten" in words
    assert "Kwartiermaker" in words and "Contact" in words
    assert data.DEBTS not in svg and data.WAITING not in svg
    assert not list(root.iter(f"{SVG}image"))  # drawn from data, not pictures
    # Charts nested inside keep their own accessible name.
    charts = [node for node in root.iter(f"{SVG}svg") if node.get("role") == "img"]
    assert len(charts) == 3
    assert "7" in [node.text for node in charts[1].iter(f"{SVG}text")]


def test_domain_scope(knowledge):
    info = infographic_for(domein="Armoede en schulden")
    assert info.choice.scope.domain == "armoede-schulden"
    assert [t.title for t in info.themes] == [data.CONTACT, data.DEBTS]
    assert "levensdomein" in info.title


def test_nothing_to_show_still_makes_a_page():
    reader, text = pdf_page(infographic.render_pdf(infographic_for(gemeente="Groningen")))
    assert len(reader.pages) == 1
    assert "Voor gemeente Groningen zijn (nog) te weinig verhalen" in text
    assert "Tips voor gemeenten" in text


def test_the_tips_are_the_handbooks_ten_tips_in_the_readers_language():
    """One text for the ten tips: what a plan copies from the handbook is what the infographic
    prints, also when the handbook's wording changes."""
    from django.utils import translation

    from meervoud.plans import reference
    handbook = next(c for c in reference.source("checklists")["checklists"]
                    if c["key"] == "tips-gemeenten")["groups"][0]["items"]
    info = infographic_for(gemeente="Groningen")
    assert info.tips == handbook and len(handbook) == 10
    assert "ervaringskennis in te zetten" in infographic.render_svg(info)
    with translation.override("en"):
        english = infographic_for(gemeente="Groningen").tips
        assert english == [translation.gettext(tip) for tip in handbook]
    assert english != handbook
    assert english[0] == "Develop a vision on using peer expertise."


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.ids, self.svgs, self.tables = [], set(), [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "svg":
            self.svgs.append(attrs)
        if tag == "table":
            self.tables += 1


def test_web_page_is_public_and_accessible(client, knowledge):
    response = client.get(reverse("publication:infographic"), {"gemeente": "Groningen"})
    assert response.status_code == 200
    html = response.content.decode()
    outline = Outline()
    outline.feed(html)
    assert outline.headings[0] == 1 and outline.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(outline.headings, outline.headings[1:]))
    assert len(outline.svgs) == 2
    for svg in outline.svgs:
        assert svg["role"] == "img"
        assert all(part in outline.ids for part in svg["aria-labelledby"].split())
    # The numbers are also in a table, with "fewer than 5" instead of the small number.
    assert outline.tables == 1
    row = re.search(rf'<tr><th scope="row"[^>]*><a href="[^"]+">{data.CONTACT}</a></th>(.*?)</tr>', html).group(1)
    assert re.findall(r'<td class="num">([^<]+)</td>', row) == ["7", "6", "minder dan 5"]
    assert data.DEBTS not in html
    assert reverse("publication:report_pdf", args=["Groningen"]) in html
    assert '<option selected>Groningen</option>' in html


def test_web_page_names_close_matches_for_an_unknown_place(client, knowledge):
    html = client.get(reverse("publication:infographic"), {"gemeente": "Groninge"}).content.decode()
    assert "Gemeente &#x27;Groninge&#x27; bestaat niet." in html and "Bedoelt u: Groningen" in html


def test_downloads(client, knowledge):
    response = client.get(reverse("publication:infographic_pdf"),
                          {"regio": "Overig Groningen", "formaat": "A3"})
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader, text = pdf_page(response.content)
    assert size(reader.pages[0]) == A3 and "regio Overig Groningen" in text
    response = client.get(reverse("publication:infographic_svg"), {"gemeente": "Groningen"})
    assert response["Content-Type"].startswith("image/svg+xml")
    ET.fromstring(response.content)
    assert client.get(reverse("publication:infographic_pdf"), {"gemeente": "Atlantis"}).status_code == 404


def test_command_writes_each_format(knowledge, tmp_path):
    out = io.StringIO()
    call_command("infographic", gemeente="Westerkwartier", output=str(tmp_path / "w.pdf"), stdout=out)
    assert "te weinig verhalen" in out.getvalue()
    reader, _text = pdf_page((tmp_path / "w.pdf").read_bytes())
    assert len(reader.pages) == 1
    call_command("infographic", regio="Overig Groningen", formaat="a3",
                 output=str(tmp_path / "r.pdf"), stdout=io.StringIO())
    assert size(PdfReader(tmp_path / "r.pdf").pages[0]) == A3
    call_command("infographic", domein="armoede-schulden", output=str(tmp_path / "d.svg"),
                 stdout=io.StringIO())
    assert data.DEBTS in (tmp_path / "d.svg").read_text()
    call_command("infographic", gemeente="Groningen", output=str(tmp_path / "g.html"),
                 stdout=io.StringIO())
    html = (tmp_path / "g.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "@page { size: A4" in html


def test_command_rejects_unknown_names_with_suggestions(knowledge, tmp_path):
    with pytest.raises(CommandError, match="Gemeente 'Groninge' bestaat niet. Bedoelt u: Groningen"):
        call_command("infographic", gemeente="Groninge", output=str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="Armoede en schulden"):
        call_command("infographic", domein="armoede", output=str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="Twente"):
        call_command("infographic", regio="Twent", output=str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match=r"\.pdf, \.svg of \.html"):
        call_command("infographic", gemeente="Groningen", output=str(tmp_path / "x.png"))
    assert not list(tmp_path.iterdir())


def test_real_analysis_with_long_statements_fits_one_page(tfidf, demo_subset):  # noqa: F811
    """The engine's themes on demo stories, all validated, each with a long collective
    statement: the print still fits one page in both sizes."""
    from django.utils import timezone

    from meervoud.knowledge.models import AnalysisRun, Theme
    from meervoud.knowledge.services import run_analysis

    demo_subset(30)
    run_analysis(AnalysisRun.objects.create())
    long = ("Ervaringsdeskundigen zien dat mensen pas hulp vragen als iemand de tijd neemt, "
            "luistert zonder oordeel en samen zoekt naar wat wel kan. " * 4)
    Theme.objects.filter(active=True).update(validated_at=timezone.now(), insight=long,
                                             name="Een heel lang thema over wachten en regels")
    info = infographic_for(provincie="Groningen")
    assert len(info.themes) >= 3
    for paper, expected in (("A4", A4), ("A3", A3)):
        reader, text = pdf_page(infographic.render_pdf(info, paper=paper))
        assert len(reader.pages) == 1 and size(reader.pages[0]) == expected
        assert "Contact" in text and "Tips voor gemeenten" in text
