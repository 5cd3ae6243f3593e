"""A policy officer fills in a plan van aanpak in the browser and downloads it as Word and PDF."""

import io

import pytest
from tests.browser.actions import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_fill_in_a_plan_and_download_it(page, live_server):
    from docx import Document
    from pypdf import PdfReader

    from meervoud.demo.services import create_demo_accounts
    from meervoud.plans.models import ChecklistItem, Plan

    create_demo_accounts()
    login(page, live_server, "beleid")
    page.get_by_role("link", name="Aanpak").click()
    page.get_by_role("link", name="Nieuw plan van aanpak").click()
    page.get_by_label("Gemeente", exact=True).select_option(label="Groningen")
    page.get_by_label("Locatie/wijk").fill("Vinkhuizen")
    page.get_by_label("Herstel-/zelfregieorganisatie(s)").fill("Herstelhuis Noord")
    page.get_by_label("Wijkteam(s)").fill("Wijkteam West")
    page.get_by_label("Projectleider").fill("Noor Bakker")
    page.get_by_label("Looptijd van").fill("2030-01-01")
    page.get_by_label("Looptijd tot en met").fill("2030-12-31")
    page.get_by_label("Wat wordt de focus/het thema van het lokale projectteam en waarom?").fill(
        "Jongeren met schulden vinden de weg naar hulp niet.")
    page.get_by_role("button", name="Plan aanmaken").click()
    page.get_by_text("Het plan van aanpak is aangemaakt").wait_for()
    plan = Plan.objects.get(location="Vinkhuizen")

    page.get_by_role("link", name="Tabel ‘Ondersteuning eigen regie en participatie’ bewerken").click()
    page.locator("#id_rij-0-goal").fill("Vijftien jongeren krijgen een ervaringsmaatje.")
    page.locator("#id_rij-0-what").fill("Maatjesproject met ervaringsdeskundigen.")
    page.locator("#id_rij-0-who").fill("Herstelhuis Noord")
    page.locator("#id_rij-0-when").fill("vanaf april")
    page.get_by_role("button", name="Tabel opslaan").click()
    page.get_by_text("De tabel is opgeslagen").wait_for()
    row = page.locator("#tabel-regie tbody tr").first
    row.get_by_role("combobox").select_option(label="Bezig")
    row.get_by_role("textbox").fill("Eerste vijf koppels gemaakt.")
    row.get_by_role("button", name="Voortgang opslaan").click()
    page.get_by_text("Voortgang opgeslagen").wait_for()

    page.get_by_role("link", name="Routekaart").click()
    step = page.locator("li", has_text="Stap 1: Creëer een gevoel van urgentie")
    step.get_by_label("Stap 1: Creëer een gevoel van urgentie").check()
    step.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Opgeslagen.").wait_for()
    assert ChecklistItem.objects.get(checklist__plan=plan, step_number=1).done

    with page.expect_download() as download:
        page.get_by_role("link", name="Download als Word").click()
    assert download.value.suggested_filename == "plan-van-aanpak-vinkhuizen.docx"
    document = Document(download.value.path())
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Jongeren met schulden vinden de weg naar hulp niet." in text
    assert "☑ Stap 1: Creëer een gevoel van urgentie" in text
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert "Vinkhuizen" in cells and "Vijftien jongeren krijgen een ervaringsmaatje." in cells
    assert "Bezig: Eerste vijf koppels gemaakt." in cells

    with page.expect_download() as download:
        page.get_by_role("link", name="Download als PDF").click()
    with open(download.value.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    pdf_text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Plan van aanpak lokaal projectteam – Vinkhuizen" in pdf_text
    assert "Vijftien jongeren krijgen" in pdf_text and "Noor Bakker" in pdf_text
    assert f"Pagina 1 van {len(reader.pages)}" in pdf_text
