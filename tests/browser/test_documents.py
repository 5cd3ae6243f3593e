"""A policy officer (not logged in) picks a municipality on the infographic page and downloads
the municipal report; the infographic page passes axe-core."""

import pytest
from pypdf import PdfReader

from tests.browser.actions import serious_violations
from tests.publication import document_data as data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choose_a_municipality_and_download_its_report(page, live_server, publish):
    data.build(publish)
    page.goto(f"{live_server.url}/kennisbank/infographic/")
    page.get_by_label("Gemeente", exact=True).select_option("Groningen")
    page.get_by_role("button", name="Toon infographic").click()
    page.get_by_role("heading", level=1,
                     name="Collectieve ervaringskennis voor gemeente Groningen").wait_for()
    assert page.get_by_role("img", name="Thema's met het aantal vertellers (n)").is_visible()
    assert data.CONTACT in page.locator("table").inner_text()

    with page.expect_download() as started:
        page.get_by_role("link", name="Rapport voor gemeente Groningen (PDF)").click()
    download = started.value
    assert download.suggested_filename == "rapport-groningen.pdf"
    reader = PdfReader(download.path())
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Wat ervaringsdeskundigen weten over het sociaal domein in gemeente Groningen" in text
    assert f"{data.CONTACT} (n = 7)" in text and data.DEBTS not in text


def test_infographic_page_has_no_serious_accessibility_problems(page, live_server, publish):
    data.build(publish)
    page.goto(f"{live_server.url}/kennisbank/infographic/?gemeente=Westerkwartier")
    page.get_by_text("Voor gemeente Westerkwartier zijn te weinig verhalen").wait_for()
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/kennisbank/rapport/Groningen/")
    page.get_by_role("heading", level=1).wait_for()
    assert serious_violations(page) == []
