"""A reader of the knowledge base: browse, filter, search, open a theme; pages pass axe-core."""

import pytest

from tests.browser.actions import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browse_filter_search_and_read_a_theme(page, live_server, publish):
    publish.theme("wachtlijsten", name="Lang wachten op hulp",
                  insight="Wie lang moet wachten, raakt de moed kwijt. Blijf contact houden tijdens het wachten.")
    publish.many("wachtlijsten", 5, kind="hindered", domains=("wachtlijsten",))
    publish.statement("wachtlijsten", "citeerbaar", text="Ik stond twee jaar op de wachtlijst en niemand belde terug.",
                      domains=("wachtlijsten",))
    publish.theme("schulden", name="Geldzorgen en de deurwaarder")
    publish.many("schulden", 6, "Zwolle", domains=("armoede-schulden",))

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Kennisbank").click()
    page.get_by_role("heading", name="Kennisbank: wat ervaringsdeskundigen samen weten").wait_for()
    assert page.get_by_role("link", name="Lang wachten op hulp").is_visible()
    assert page.get_by_role("link", name="Geldzorgen en de deurwaarder").is_visible()
    assert serious_violations(page) == []

    page.get_by_label("Levensdomein").select_option(label="Armoede en schulden")
    page.get_by_role("button", name="Toon thema's").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Geldzorgen en de deurwaarder").is_visible()
    assert page.get_by_role("link", name="Lang wachten op hulp").count() == 0

    page.goto(f"{live_server.url}/kennisbank/")
    page.get_by_role("textbox", name="Zoeken").fill("moed")
    page.get_by_role("button", name="Toon thema's").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Geldzorgen en de deurwaarder").count() == 0
    page.get_by_role("link", name="Lang wachten op hulp").click()

    page.get_by_role("heading", name="Lang wachten op hulp", level=1).wait_for()
    assert page.locator("#n-narrators").inner_text() == "6"
    assert "niemand belde terug" in " ".join(page.locator("blockquote").all_inner_texts())
    assert serious_violations(page) == []


def test_a_theme_opened_from_her_municipality_counts_for_it_and_says_so(page, live_server, publish):
    """Session 24: the policy officer filters on her municipality, opens a theme and reads the
    same n as on its card, with the place named; the spreadsheet link sits under the list."""
    publish.theme("contact", name="Een vaste contactpersoon")
    publish.many("contact", 6, "Groningen", prefix="G")
    publish.many("contact", 5, "Zwolle", prefix="Z")

    page.goto(f"{live_server.url}/kennisbank/")
    page.get_by_label("Gemeente").select_option(label="Groningen")
    page.get_by_role("button", name="Toon thema's").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Excel").is_visible()
    page.get_by_role("link", name="Een vaste contactpersoon").click()

    page.get_by_role("heading", name="Een vaste contactpersoon", level=1).wait_for()
    assert page.locator("#n-narrators").inner_text() == "6"
    assert "gemeente Groningen" in page.locator("#figures-about").inner_text()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Bekijk de cijfers voor heel Nederland, zonder filters").click()
    page.get_by_role("heading", name="Een vaste contactpersoon", level=1).wait_for()
    assert page.locator("#n-narrators").inner_text() == "11"
