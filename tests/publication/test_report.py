"""The report for a municipality, read back from the real PDF (pypdf) and DOCX (python-docx)."""

import io

import docx
import docx.table
import docx.text.paragraph
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from meervoud.publication import documents, report
from meervoud.stories.models import Purpose, Story
from meervoud.stories.services import withdraw_consent
from tests.publication import document_data as data
from tests.publication.document_data import flat

pytestmark = pytest.mark.django_db
WIDENED = ("Voor gemeente Westerkwartier zijn te weinig verhalen; deze cijfers gaan over regio "
           "Overig Groningen.")


@pytest.fixture
def knowledge(publish):
    data.build(publish)


def report_for(**asked) -> report.Report:
    return report.build(documents.resolve(**asked))


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, flat(" ".join(page.extract_text() for page in reader.pages))


def open_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return flat(" ".join(parts))


def table_after(document, caption: str, occurrence: int = 0) -> list[list[str]]:
    """The rows of the table following the n-th paragraph with this caption."""
    body = document.element.body
    seen = -1
    for i, element in enumerate(body):
        if element.tag.endswith("}p") and docx.text.paragraph.Paragraph(element, document).text == caption:
            seen += 1
            if seen == occurrence:
                table = next(e for e in list(body)[i + 1:] if e.tag.endswith("}tbl"))
                wrapped = docx.table.Table(table, document)
                return [[cell.text for cell in row.cells] for row in wrapped.rows]
    raise AssertionError(f"no table captioned {caption!r}")


def test_pdf_has_themes_with_evidence_and_only_what_may_be_shown(knowledge):
    reader, text = pdf_text(report.render_pdf(report_for(gemeente="Groningen")))
    first = flat(reader.pages[0].extract_text())
    assert "Wat ervaringsdeskundigen weten over het sociaal domein in gemeente Groningen" in first
    assert len(reader.pages) >= 5
    assert "Pagina 2 van" in flat(reader.pages[1].extract_text())
    assert f"{data.CONTACT} (n = 7)" in text
    assert "Eén vast gezicht bij de gemeente" in text
    assert "Vertellers die zeggen: dit hielp 6" in text
    assert "Vertellers die zeggen: dit zat in de weg minder dan 5" in text
    # Below k in Groningen, below k anywhere, not validated: absent.
    assert data.DEBTS not in text and data.WAITING not in text and data.UNCHECKED not in text
    assert "2 andere thema's worden hier door minder dan 5 vertellers genoemd" in text
    # Quotes only from narrators who allowed quoting, with a generalised source.
    assert text.count(data.QUOTE) == 3
    assert data.NO_QUOTE not in text
    assert "Verteller uit gemeente Groningen, over armoede en schulden" in text
    for chapter in ("Goede praktijken", "Ervaringsdeskundigen inzetten in gemeente Groningen",
                    "De pool van ervaringsdeskundigen", "Zo is dit rapport gemaakt"):
        assert chapter in text
    assert "minstens 5 verschillende vertellers (k = 5)" in text
    assert "/pool/opdrachten/nieuw/" in text


def test_small_municipality_report_is_about_its_region_and_says_so(knowledge):
    made = report_for(gemeente="Westerkwartier")
    _reader, text = pdf_text(report.render_pdf(made))
    assert "Wat ervaringsdeskundigen weten over het sociaal domein in gemeente Westerkwartier" in text
    assert WIDENED in text
    assert f"{data.CONTACT} (n = 9)" in text
    document = open_docx(report.render_docx(made))
    assert WIDENED in docx_text(document)
    places = table_after(document, "Waar de vertellers vandaan komen")
    # Groningen's 7 next to n = 9 would give away Westerkwartier's 2 (9 - 7): Groningen joins
    # the rest, and no place is named
    assert places == [["Plaats", "Vertellers"], ["overige plaatsen", "9"]]
    assert "Westerkwartier" not in " ".join(" ".join(row) for row in places)


def test_docx_has_real_headings_tables_and_the_same_content(knowledge):
    document = open_docx(report.render_docx(report_for(gemeente="Groningen")))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", "Wat ervaringsdeskundigen weten over het sociaal domein in gemeente Groningen")
    assert ("Heading 1", "2. De thema's") in headings
    assert ("Heading 2", f"2.1 {data.CONTACT} (n = 7)") in headings
    assert ("Heading 1", "5. Zo is dit rapport gemaakt") in headings
    evidence = dict(map(tuple, table_after(document, "Onderbouwing")))
    assert evidence["Vertellers (n)"] == "7"
    assert evidence["Vertellers die zeggen: dit hielp"] == "6"
    assert evidence["Vertellers die zeggen: dit zat in de weg"] == "minder dan 5"
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert len(quotes) == 3 and all(q.startswith(f"“{data.QUOTE}") for q in quotes)
    text = docx_text(document)
    assert data.NO_QUOTE not in text and data.DEBTS not in text and data.WAITING not in text
    assert document.core_properties.title.startswith("Wat ervaringsdeskundigen weten")
    assert 'w:instr="PAGE"' in document.sections[0].footer._element.xml


def test_pdf_and_docx_say_the_same_sentences(knowledge):
    """Both files lay out one Report; every sentence it writes appears in both."""
    made = report_for(gemeente="Groningen")
    _reader, pdf = pdf_text(report.render_pdf(made))
    word = docx_text(open_docx(report.render_docx(made)))
    sentences = [made.title, made.made_on_line, made.intro, made.summary_lead, made.hidden_themes_line,
                 made.advice_lead, made.assignment_lead, *made.chapters.values(), *made.summary,
                 *made.advice, *made.pool_lines, *made.methods]
    for section in made.sections:
        sentences += [section.heading, section.insight, section.subthemes_line,
                      *(table.caption for table in section.tables),
                      *(f"{row.label} {row.value}" for table in section.tables for row in table.rows)]
    sentences = [flat(s) for s in sentences if s]
    assert made.hidden_themes_line and len(sentences) > 40
    assert [s for s in sentences if s not in pdf] == []
    assert [s for s in sentences if s not in word] == []


def test_another_municipality_gets_its_own_themes(knowledge):
    _reader, text = pdf_text(report.render_pdf(report_for(gemeente="Leeuwarden")))
    assert f"{data.DEBTS} (n = 5)" in text
    assert data.CONTACT not in text  # three narrators in Leeuwarden


def test_withdrawn_quote_consent_removes_the_quote(knowledge):
    quoted = report_for(gemeente="Groningen").sections[0].quotes[0].text
    story = Story.objects.get(text=quoted)
    withdraw_consent(story, Purpose.QUOTE, via="link")
    _reader, text = pdf_text(report.render_pdf(report_for(gemeente="Groningen")))
    assert quoted not in text
    assert text.count(data.QUOTE) == 3  # the fourth quotable narrator takes its place


def test_report_for_a_life_domain(knowledge):
    made = report_for(gemeente="Groningen", domein="armoede-schulden")
    assert made.title == ("Wat ervaringsdeskundigen weten over armoede en schulden in gemeente "
                          "Groningen")
    assert [s.theme.title for s in made.sections] == [data.CONTACT]


def test_downloads_are_public(client, knowledge):
    response = client.get(reverse("publication:report_pdf", args=["Groningen"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="rapport-groningen.pdf"' in response["Content-Disposition"]
    _reader, text = pdf_text(response.content)
    assert "http://testserver/pool/opdrachten/nieuw/" in text
    response = client.get(reverse("publication:report_docx", args=["Westerkwartier"]))
    assert WIDENED in docx_text(open_docx(response.content))
    page = client.get(reverse("publication:report", args=["Groningen"])).content.decode()
    assert data.CONTACT in page and reverse("publication:report_pdf", args=["Groningen"]) in page
    assert client.get(reverse("publication:report_pdf", args=["Atlantis"])).status_code == 404
    chosen = client.get(reverse("publication:report_choice"), {"gemeente": "gm0014"})
    assert chosen.status_code == 302 and chosen.url == reverse("publication:report", args=["Groningen"])


def test_command_writes_pdf_and_docx(knowledge, tmp_path):
    out = io.StringIO()
    call_command("report", gemeente="Westerkwartier", output=str(tmp_path / "r.pdf"), stdout=out)
    assert WIDENED in out.getvalue()
    _reader, text = pdf_text((tmp_path / "r.pdf").read_bytes())
    assert WIDENED in text
    call_command("report", gemeente="Groningen", output=str(tmp_path / "r.docx"), stdout=io.StringIO())
    assert data.CONTACT in docx_text(docx.Document(tmp_path / "r.docx"))


def test_command_rejects_unknown_municipality_and_format(knowledge, tmp_path):
    with pytest.raises(CommandError, match="Gemeente 'Leeuwarde' bestaat niet. Bedoelt u: Leeuwarden"):
        call_command("report", gemeente="Leeuwarde", output=str(tmp_path / "r.pdf"))
    with pytest.raises(CommandError, match=r"\.pdf of \.docx"):
        call_command("report", gemeente="Groningen", output=str(tmp_path / "r.odt"))
    assert not list(tmp_path.iterdir())
