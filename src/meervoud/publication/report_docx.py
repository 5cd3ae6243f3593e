"""The municipal report as a Word file: real headings (so the navigation pane and screen
readers see the structure), real tables with a repeating header row, page numbers in the
footer. Same content as the PDF, from the same ``Report``."""

from __future__ import annotations

import io

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meervoud.publication.report import Report, Row


def _field(paragraph, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(document, caption: str, header: tuple[str, str] | None, rows: list[Row]) -> None:
    document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    if header:
        cells = table.add_row().cells
        for cell, value in zip(cells, header):
            cell.text = value
            cell.paragraphs[0].runs[0].bold = True
        _repeat_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = row.label, row.value
    document.add_paragraph()


def _language(document) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    code = "en-GB" if (get_language() or "nl").startswith("en") else "nl-NL"
    run_properties = document.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), code)
    run_properties.append(lang)
    document.core_properties.language = code


def write_docx(report: Report) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK, WD_PARAGRAPH_ALIGNMENT
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = report.title
    document.core_properties.author = "Meervoud"
    document.styles["Normal"].font.size = Pt(10.5)
    _language(document)
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    footer.add_run(_("Pagina") + " ")
    _field(footer, "PAGE")
    footer.add_run(" " + _("van") + " ")
    _field(footer, "NUMPAGES")

    document.add_paragraph("Meervoud · " + _("n is niet 1"))
    document.add_heading(report.title, level=0)
    document.add_paragraph(_("Gemaakt op %(date)s") % {"date": report.made_on_text})
    if report.fictional:
        document.add_paragraph().add_run(_("Demo: gemaakt met fictieve verhalen")).bold = True
    if report.notice:
        document.add_paragraph().add_run(report.notice).bold = True
    document.add_paragraph(report.intro)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    document.add_heading("1. " + _("Samenvatting"), level=1)
    if report.sections:
        count = len(report.sections)
        document.add_paragraph(ngettext(
            "In %(scope)s komt één thema naar voren uit de verhalen:",
            "In %(scope)s komen %(counter)s thema's naar voren uit de verhalen:", count) % {
            "scope": report.about, "counter": count})
        for line in report.summary:
            document.add_paragraph(line, style="List Bullet")
        hidden = report.view.hidden_themes
        if hidden:
            document.add_paragraph(ngettext(
                "Eén ander thema noemen hier minder dan %(k)s vertellers; dat laten we niet zien.",
                "%(counter)s andere thema's noemen hier minder dan %(k)s vertellers; die laten we "
                "niet zien.", hidden) % {"k": report.k, "counter": hidden})
    else:
        document.add_paragraph(_("Er zijn hier nog geen thema's die we mogen laten zien."))

    document.add_heading("2. " + _("De thema's"), level=1)
    for section in report.sections:
        theme = section.theme
        document.add_heading(f"2.{section.number} {theme.title} (n = {theme.narrators})", level=2)
        paragraph = document.add_paragraph()
        if theme.insight:
            paragraph.add_run(_("Wat ervaringsdeskundigen zeggen:") + " ").bold = True
            paragraph.add_run(theme.insight)
        else:
            paragraph.add_run(_("De ervaringsdeskundigen schreven nog geen kennisuitspraak bij "
                                "dit thema."))
        _table(document, _("Onderbouwing"), None, section.evidence)
        if section.places:
            _table(document, _("Waar de vertellers vandaan komen"), (_("Plaats"), _("Vertellers")),
                   section.places)
        if section.domains:
            _table(document, _("Levensdomeinen van de vertellers"),
                   (_("Levensdomein"), _("Vertellers")), section.domains)
        if section.subthemes:
            document.add_paragraph(_("Deelthema's:") + " " + "; ".join(
                f"{row.label} (n = {row.value})" for row in section.subthemes))
        if section.quotes:
            document.add_heading(_("Wat vertellers zeggen"), level=3)
            for quote in section.quotes:
                document.add_paragraph(f"“{quote.text}”", style="Quote")
                document.add_paragraph(f"— {quote.source}")
        document.add_paragraph(_("Meer over dit thema:") + " " + section.url)
    if not report.sections:
        document.add_paragraph(_("Er zijn hier nog geen thema's die we mogen laten zien."))

    document.add_heading("3. " + _("Goede praktijken"), level=1)
    for practice in report.practices:
        document.add_heading(practice.title, level=2)
        if practice.places:
            document.add_paragraph(" · ".join([practice.places, *([", ".join(practice.domains)]
                                                                    if practice.domains else [])]))
        document.add_paragraph(practice.summary)
        document.add_paragraph(practice.url)
    if not report.practices:
        document.add_paragraph(_("Nog geen goede praktijken beschreven voor deze plek of deze "
                                 "thema's."))

    document.add_heading("4. " + _("Ervaringsdeskundigen inzetten in %(place)s") % {
        "place": report.about}, level=1)
    document.add_paragraph(_("Wat werkt, volgens het landelijke handboek voor de inzet van "
                             "ervaringsdeskundigen in sociale wijkteams:"))
    for line in report.advice:
        document.add_paragraph(line, style="List Bullet")
    document.add_heading(_("De pool van ervaringsdeskundigen"), level=2)
    for line in report.pool_lines:
        document.add_paragraph(line)
    if report.pool.domains:
        _table(document, _("Beschikbare ervaringsdeskundigen per levensdomein"),
               (_("Levensdomein"), _("Ervaringsdeskundigen")),
               [Row(count.label, str(count.n)) for count in report.pool.domains])
    if report.pool.hidden_domains:
        document.add_paragraph(ngettext(
            "Voor één levensdomein uit dit rapport zijn minder dan %(k)s ervaringsdeskundigen "
            "beschikbaar (of zij laten dat niet zien); dat getal noemen we niet.",
            "Voor %(counter)s levensdomeinen uit dit rapport zijn minder dan %(k)s "
            "ervaringsdeskundigen beschikbaar (of zij laten dat niet zien); die getallen noemen "
            "we niet.", report.pool.hidden_domains) % {
            "k": report.k, "counter": report.pool.hidden_domains})
    document.add_paragraph(_("Ervaringsdeskundigen nodig? Plaats een opdracht; de coördinatoren "
                             "stellen een team van minstens twee ervaringsdeskundigen voor:")
                           + " " + report.contact.assignment)
    document.add_paragraph(_("Over de pool:") + " " + report.contact.pool
                           + (f" · {_('Contact:')} {report.contact.email}" if report.contact.email else ""))

    document.add_heading("5. " + _("Zo is dit rapport gemaakt"), level=1)
    for line in report.methods:
        document.add_paragraph(line)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
