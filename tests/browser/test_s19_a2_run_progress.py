"""Session 19 (A2): the analysis page follows a run without reloading itself (WCAG 2.2.1/2.2.2).

With JavaScript the status region is updated in place: the page, and whatever has focus, stays
where it is. Without JavaScript there is a button to refresh by hand."""

import pytest
from django.urls import reverse

from tests.browser.actions import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def run(reference_data):
    from meervoud.demo.services import create_demo_accounts
    from meervoud.knowledge.models import AnalysisRun

    create_demo_accounts()
    return AnalysisRun.objects.create(status=AnalysisRun.Status.QUEUED)


def test_the_progress_is_updated_in_place_and_focus_stays(page, live_server, run):
    from meervoud.knowledge.models import AnalysisRun

    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("knowledge:run", args=[run.pk]))
    assert page.locator("#run-refresh").is_hidden(), "with JavaScript the page updates itself"
    page.evaluate("() => { window.samePage = true; }")
    page.get_by_role("button", name="English").focus()

    AnalysisRun.objects.filter(pk=run.pk).update(status=AnalysisRun.Status.DONE, stories=3, narrators=3,
                                                 themes=2)
    page.get_by_role("link", name="Naar de thema's").wait_for(timeout=20000)
    assert page.evaluate("() => window.samePage === true"), "the page was reloaded"
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "English"
    assert "Klaar" in page.get_by_role("status").inner_text()
    assert page.locator("#run-progress").get_attribute("value") == "100"


def test_without_javascript_she_refreshes_with_a_button(browser, live_server, run):
    from meervoud.knowledge.models import AnalysisRun

    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    try:
        login(page, live_server, "coordinator")
        page.goto(live_server.url + reverse("knowledge:run", args=[run.pk]))
        button = page.get_by_role("button", name="Ververs")
        assert button.is_visible()
        AnalysisRun.objects.filter(pk=run.pk).update(status=AnalysisRun.Status.DONE)
        button.click()
        page.get_by_role("link", name="Naar de thema's").wait_for()
        assert page.get_by_role("button", name="Ververs").count() == 0
    finally:
        context.close()
