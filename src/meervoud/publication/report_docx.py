"""The municipal report as a Word file: real headings (so the navigation pane and screen
readers see the structure), real tables with a repeating header row, page numbers in the
footer. Layout only: every sentence comes from the ``Report`` the PDF is made from."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from meervoud.core.language import docx_language
from meervoud.publication.report import Report, Table


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


def _table(document, table: Table) -> None:
    document.add_paragraph(table.caption, style="Caption")
    grid = document.add_table(rows=0, cols=2)
    grid.style = "Table Grid"
    if table.header:
        cells = grid.add_row().cells
        for cell, value in zip(cells, table.header):
            cell.text = value
            cell.paragraphs[0].runs[0].bold = True
        _repeat_header(grid.rows[0])
    for row in table.rows:
        cells = grid.add_row().cells
        cells[0].text, cells[1].text = row.label, row.value
    document.add_paragraph()


def write_docx(report: Report) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK, WD_PARAGRAPH_ALIGNMENT
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = report.title
    document.core_properties.author = "Meervoud"
    # the template's own dates (2013) and remark would otherwise be the file's
    made = timezone.now()
    document.core_properties.created = document.core_properties.modified = made
    document.core_properties.comments = ""
    document.core_properties.last_modified_by = "Meervoud"
    document.styles["Normal"].font.size = Pt(10.5)
    docx_language(document)
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    footer.add_run(_("Pagina") + " ")
    _field(footer, "PAGE")
    footer.add_run(" " + pgettext("paginanummer", "van") + " ")
    _field(footer, "NUMPAGES")

    document.add_paragraph("Meervoud · " + _("n is niet 1"))
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.made_on_line)
    if report.as_of_line:
        document.add_paragraph(report.as_of_line)
    if report.fictional:
        document.add_paragraph().add_run(_("Demo: gemaakt met fictieve verhalen")).bold = True
    if report.notice:
        document.add_paragraph().add_run(report.notice).bold = True
    if report.intro:
        document.add_paragraph(report.intro)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    chapters = report.chapters

    document.add_heading(chapters["samenvatting"], level=1)
    document.add_paragraph(report.summary_lead)
    for line in report.summary:
        document.add_paragraph(line, style="List Bullet")
    if report.hidden_themes_line:
        document.add_paragraph(report.hidden_themes_line)

    document.add_heading(chapters["themas"], level=1)
    for section in report.sections:
        document.add_heading(section.heading, level=2)
        paragraph = document.add_paragraph()
        if section.insight_lead:
            paragraph.add_run(section.insight_lead + " ").bold = True
        paragraph.add_run(section.insight)
        for table in section.tables:
            _table(document, table)
        if section.subthemes_line:
            document.add_paragraph(section.subthemes_line)
        if section.quotes:
            document.add_heading(_("Wat vertellers zeggen"), level=3)
            for quote in section.quotes:
                document.add_paragraph(f"“{quote.text}”", style="Quote")
                document.add_paragraph(f"— {quote.source}")
        document.add_paragraph(_("Meer over dit thema:") + " " + section.url)
    if not report.sections:
        document.add_paragraph(report.no_themes_line)

    document.add_heading(chapters["praktijken"], level=1)
    for practice in report.practices:
        document.add_heading(practice.title, level=2)
        if practice.places:
            document.add_paragraph(" · ".join([practice.places, *([", ".join(practice.domains)]
                                                                    if practice.domains else [])]))
        document.add_paragraph(practice.summary)
        document.add_paragraph(practice.url)
    if not report.practices:
        document.add_paragraph(report.no_practices_line)

    document.add_heading(chapters["inzetten"], level=1)
    document.add_paragraph(report.advice_lead)
    for line in report.advice:
        document.add_paragraph(line, style="List Bullet")
    document.add_heading(_("De pool van ervaringsdeskundigen"), level=2)
    for line in report.pool_lines:
        document.add_paragraph(line)
    if report.pool_table:
        _table(document, report.pool_table)
    if report.pool_hidden_line:
        document.add_paragraph(report.pool_hidden_line)
    document.add_paragraph(report.assignment_lead + " " + report.contact.assignment)
    document.add_paragraph(_("Uw opdrachten en hun teams volgen:") + " " + report.contact.assignments
                           + (f" · {_('Contact:')} {report.contact.email}" if report.contact.email else ""))

    document.add_heading(chapters["methode"], level=1)
    for line in report.methods:
        document.add_paragraph(line)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
