"""A plan as a real document: DOCX (python-docx: headings, tables, page numbers) and PDF
(WeasyPrint: an HTML template with print CSS, A4, running footer with page numbers)."""

from io import BytesIO

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import ngettext
from django.utils.translation import gettext as _

from meervoud.core.language import docx_language
from meervoud.core.text import xml_safe
from meervoud.plans import reference, selectors
from meervoud.plans.models import ActionStatus, ChecklistKind, Plan, Programme


def period(plan: Plan) -> str:
    if plan.period_start and plan.period_end:
        return _("%(start)s t/m %(end)s") % {"start": formats.date_format(plan.period_start),
                                             "end": formats.date_format(plan.period_end)}
    if plan.period_start:
        return _("vanaf %(start)s") % {"start": formats.date_format(plan.period_start)}
    if plan.period_end:
        return _("tot en met %(end)s") % {"end": formats.date_format(plan.period_end)}
    return ""


def header_rows(plan: Plan) -> list[tuple[str, str]]:
    labels = {h["field"]: h["label"] for h in reference.plan_format()["header"]}
    return [
        (_("Gemeente"), plan.municipality.name),
        (labels["location"], plan.location),
        (labels["self_help_organisations"], plan.self_help_organisations),
        (labels["district_teams"], plan.district_teams),
        (labels["project_lead"], plan.project_lead),
        (_("Looptijd"), period(plan)),
    ]


def document_context(plan: Plan) -> dict:
    """Everything both documents show, in the order of Bijlage 1."""
    fmt = reference.plan_format()
    tables = []
    for table in fmt["tables"]:
        actions = list(plan.actions.filter(table=table["key"]))
        tables.append({**table, "actions": actions,
                       "has_participants": "participants" in table["columns"]})
    phases = []
    for checklist in plan.checklists.filter(kind=ChecklistKind.PHASE).prefetch_related("items"):
        items = list(checklist.items.all())
        phases.append({"checklist": checklist, "steps": [i for i in items if i.is_step],
                       # the team's own points and anything they noted: their work, not the handbook's
                       "points": [i for i in items if not i.is_step and (i.is_custom or i.note)],
                       "done": sum(i.done for i in items), "total": len(items)})
    others = [entry for entry in selectors.checklist_progress(plan)
              if entry["checklist"].kind != ChecklistKind.PHASE]
    # an own checklist is wholly the team's work: every point. On a handbook checklist, as on
    # a phase, the team's work is what they added and what they noted; a list without either
    # is its line in the table
    checklist_details = []
    for checklist in (plan.checklists.exclude(kind=ChecklistKind.PHASE)
                      .prefetch_related("items")):
        items = list(checklist.items.all())
        own = checklist.kind == ChecklistKind.OWN
        points = items if own else [i for i in items if i.is_custom or i.note]
        if own or points:
            checklist_details.append({"checklist": checklist, "points": points,
                                   "done": sum(i.done for i in items), "total": len(items)})
    programmes = []
    for programme in plan.programmes.prefetch_related("sessions__blocks"):
        programmes.append({"programme": programme, "sessions": [
            {"session": s, "minutes": selectors.session_minutes(s)} for s in programme.sessions.all()]})
    return {
        "plan": plan,
        "period": period(plan),
        "header": header_rows(plan),
        "sections": [{"title": section["title"], "key": section["key"],
                      "questions": [{"question": q["question"], "answer": getattr(plan, q["field"])}
                                    for q in section["questions"]]}
                     for section in fmt["sections"]],
        "members": list(plan.memberships.select_related("user", "user__organisation")),
        "tables": tables,
        "phases": phases,
        "other_checklists": others,
        "checklist_details": checklist_details,
        "programmes": programmes,
        "progress": selectors.action_progress(plan)["total"],
        "statuses": ActionStatus,
        "generated": timezone.localtime(),
    }


def member_name(member) -> str:
    user = member.user
    return user.get_full_name() or user.username


# -- DOCX ------------------------------------------------------------------------------------

def _page_number_field(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _table(document, header: list[str], rows: list[list[str]], widths=None):
    from docx.shared import Cm, Pt

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        run = cell.paragraphs[0].add_run(xml_safe(text))
        run.bold = True
    # Repeat the header row on every page.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = xml_safe(text)
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
            if widths:
                cell.width = Cm(widths[index])
    return table


def _point(document, point) -> None:
    """A point of a checklist: ticked or not, its text and the team's note."""
    document.add_paragraph(f"{'☑' if point.done else '☐'} {xml_safe(point.shown.text)}"
                           + (f" — {xml_safe(point.note)}" if point.note else ""),
                           style="List Bullet")


def _points_done(entry) -> str:
    return ngettext("%(done)s van %(total)s punt gedaan", "%(done)s van %(total)s punten gedaan",
                    entry["total"]) % {"done": entry["done"], "total": entry["total"]}


def plan_docx(plan: Plan) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    context = document_context(plan)
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = xml_safe(_("Plan van aanpak lokaal projectteam") + f" – {plan.location}")
    document.core_properties.subject = xml_safe(plan.title)
    docx_language(document)

    footer = section.footer.paragraphs[0]
    footer.text = xml_safe(_("Plan van aanpak %(location)s · pagina ") % {"location": plan.location})
    _page_number_field(footer)
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_heading(_("Plan van aanpak lokaal projectteam"), level=0)
    subtitle = document.add_paragraph()
    subtitle.add_run(xml_safe(plan.title)).bold = True
    if context["period"]:
        document.add_paragraph(context["period"])
    if plan.is_fictional:
        document.add_paragraph(_("Fictief voorbeeld: alle namen en gegevens in dit plan zijn "
                                 "verzonnen."))
    info = document.add_table(rows=0, cols=2)
    info.style = "Table Grid"
    for label, value in context["header"]:
        cells = info.add_row().cells
        cells[0].text, cells[1].text = label, xml_safe(value) or "–"
        cells[0].paragraphs[0].runs[0].bold = True
        cells[0].width, cells[1].width = Cm(5.5), Cm(11.5)

    for part in context["sections"]:
        document.add_heading(part["title"], level=1)
        for question in part["questions"]:
            document.add_heading(question["question"], level=3)
            answer = xml_safe(question["answer"]).strip()
            if answer:
                for line in answer.splitlines():
                    document.add_paragraph(line)
            else:
                document.add_paragraph(_("(nog niet ingevuld)")).runs[0].italic = True
        if part["key"] == "structure":
            document.add_heading(_("Projectteam in Meervoud"), level=2)
            _table(document, [_("Naam"), _("Rol in het project"), _("Organisatie")],
                   [[member_name(m), m.get_role_display(),
                     str(m.user.organisation or "")] for m in context["members"]],
                   widths=[5.5, 5.5, 6])

    for table in context["tables"]:
        document.add_heading(table["title"], level=1)
        document.add_paragraph(table["intro"])
        short = table["short"]
        header = ["#", short["goal"], short["what"], short["who"], short["when"]]
        if table["has_participants"]:
            header.append(short["participants"])
        header.append(_("Voortgang"))
        rows = []
        for number, action in enumerate(table["actions"], start=1):
            row = [str(number), action.goal, action.shown.what, action.who, action.when
                   + (f" ({formats.date_format(action.due)})" if action.due else "")]
            if table["has_participants"]:
                row.append("" if action.participants is None else str(action.participants))
            row.append(action.get_status_display()
                       + (f": {action.progress}" if action.progress else ""))
            rows.append(row)
        if not rows:
            rows = [["1", "", "", "", ""] + ([""] if table["has_participants"] else []) + [""]]
        widths = [0.8, 4, 4, 2.8, 2.4, 3] if not table["has_participants"] else [0.8, 3.6, 3, 2.6, 2.2, 1.8, 3]
        _table(document, header, rows, widths=widths)

    document.add_heading(_("Routekaart: de acht stappen van Kotter"), level=1)
    document.add_paragraph(reference.roadmap()["intro"])
    for phase in context["phases"]:
        checklist = phase["checklist"]
        document.add_heading(xml_safe(checklist.shown.title), level=2)
        dates = []
        if checklist.starts_on:
            dates.append(_("begint %(d)s") % {"d": formats.date_format(checklist.starts_on)})
        if checklist.ends_on:
            dates.append(_("klaar %(d)s") % {"d": formats.date_format(checklist.ends_on)})
        document.add_paragraph("; ".join(dates + [_points_done(phase)]))
        for step in phase["steps"]:
            document.add_paragraph(f"{'☑' if step.done else '☐'} " + _("Stap %(n)s: %(title)s")
                                   % {"n": step.step_number, "title": xml_safe(step.shown.text)}
                                   + (f" — {xml_safe(step.note)}" if step.note else ""),
                                   style="List Bullet")
        for point in phase["points"]:
            _point(document, point)
        if checklist.note:
            document.add_paragraph(xml_safe(checklist.note))

    document.add_heading(_("Checklists"), level=1)
    _table(document, [_("Checklist"), _("Gedaan")],
           [[entry["checklist"].shown.title, f"{entry['done']} / {entry['total']}"]
            for entry in context["other_checklists"]], widths=[13, 4])
    for entry in context["checklist_details"]:
        document.add_heading(xml_safe(entry["checklist"].shown.title), level=2)
        document.add_paragraph(_points_done(entry))
        for point in entry["points"]:
            _point(document, point)

    if context["programmes"]:
        document.add_heading(_("Trainingen en workshops"), level=1)
        for entry in context["programmes"]:
            programme = entry["programme"]
            document.add_heading(xml_safe(programme.shown.title), level=2)
            if programme.trainers:
                document.add_paragraph(xml_safe(_("Trainers: %(t)s") % {"t": programme.trainers}))
            if programme.venue:
                document.add_paragraph(xml_safe(_("Plaats: %(p)s") % {"p": programme.venue}))
            for part in entry["sessions"]:
                session = part["session"]
                when = " ".join(filter(None, [
                    formats.date_format(session.date) if session.date else "",
                    session.start_time.strftime("%H:%M") if session.start_time else ""]))
                venue = f" · {session.venue}" if session.venue else ""
                document.add_paragraph(xml_safe(f"{session.shown.title}: {when or _('nog niet gepland')}"
                                                f"{venue} ({part['minutes']} min)"), style="List Bullet")

    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- PDF -------------------------------------------------------------------------------------

def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_tags=True)  # tagged: headings and tables for screen readers


def plan_pdf(plan: Plan) -> bytes:
    html = render_to_string("plans/export/plan.html", {
        **document_context(plan), "roadmap_intro": reference.roadmap()["intro"]})
    return _pdf(html)


def programme_pdf(programme: Programme) -> bytes:
    html = render_to_string("plans/export/programme.html", {
        "plan": programme.plan, "screen": False, **selectors.programme_context(programme)})
    return _pdf(html)
