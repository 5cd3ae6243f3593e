import io

import pytest
from django.urls import reverse

from meervoud.plans import exports, services
from meervoud.plans.models import ActionStatus, GoalTable

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled_plan(plan, plan_user):
    services.save_actions(plan, GoalTable.OWN_DIRECTION, [services.RowChange(None, None, {
        "goal": "Twintig bewoners in een herstelgroep", "what": "Wekelijkse herstelwerkgroep",
        "who": "Twee ervaringsdeskundigen", "when": "vanaf maart",
        "status": ActionStatus.BUSY, "progress": "Eerste groep gestart"})], user=plan_user)
    services.save_actions(plan, GoalTable.COLLABORATION, [services.RowChange(None, None, {
        "goal": "Samen casuïstiek bespreken", "what": "Tandems", "who": "Wijkteam",
        "when": "elke maand", "status": ActionStatus.PLANNED})], user=plan_user)
    services.create_programme(plan, kind="workshop", user=plan_user)
    return plan


def test_docx_has_real_headings_and_tables(filled_plan):
    from docx import Document

    document = Document(io.BytesIO(exports.plan_docx(filled_plan)))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith(("Heading", "Title"))]
    names = [text for _style, text in headings]
    assert ("Title", "Plan van aanpak lokaal projectteam") in headings
    for title in ("Achtergrond", "Projectstructuur", "Ondersteuning eigen regie en participatie",
                  "Ontwikkeling lokale samenwerking",
                  "Training sociaal werkers, ervaringsdeskundigen en team(s)",
                  "Routekaart: de acht stappen van Kotter", "Fase 1: Creëer een veranderklimaat"):
        assert title in names
    assert ("Heading 1", "Achtergrond") in headings
    assert ("Heading 3", "Wat wordt de focus/het thema van het lokale projectteam en waarom?") in headings
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Eenzaamheid in de wijk." in body
    assert "Stap 1: Creëer een gevoel van urgentie" in body
    info = document.tables[0]
    assert [c.text for c in info.rows[1].cells] == ["Locatie/wijk", "Wijk Noord"]
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["1", "Twintig bewoners in een herstelgroep", "Wekelijkse herstelwerkgroep",
            "Twee ervaringsdeskundigen", "vanaf maart", "Bezig: Eerste groep gestart"] in cells
    assert any(row[0] == "#" and "Deelnemers" in row for row in cells)
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer
    assert document.sections[0].page_width.cm == pytest.approx(21.0, abs=0.1)


def test_pdf_is_a4_with_headings_and_page_numbers(filled_plan):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(exports.plan_pdf(filled_plan)))
    assert len(reader.pages) >= 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("Plan van aanpak lokaal projectteam", "Achtergrond", "Projectstructuur",
                     "Ondersteuning eigen regie en participatie", "Twintig bewoners",
                     "Ontwikkeling lokale samenwerking", "Creëer een gevoel van urgentie",
                     f"Pagina 1 van {len(reader.pages)}", "Workshop Empowerment in de wijk"):
        assert expected in text, expected
    def titles(items):
        for item in items:
            yield from titles(item) if isinstance(item, list) else [item.title]

    outline = list(titles(reader.outline))  # real headings become PDF bookmarks
    assert "Achtergrond" in outline and "Routekaart: de acht stappen van Kotter" in outline


def test_download_views(client, filled_plan, plan_user):
    client.force_login(plan_user)
    response = client.get(reverse("plans:docx", args=[filled_plan.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="plan-van-aanpak-wijk-noord.docx"' in response["Content-Disposition"]
    response = client.get(reverse("plans:pdf", args=[filled_plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
