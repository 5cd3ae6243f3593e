"""A peer expert curates a theme in the browser: names it, writes the collective statement in
their own words, splits off what does not belong; a second peer expert validates it (nobody
validates words they wrote themselves); the public knowledge base then shows their wording and
nothing before validation."""

import pytest

from meervoud.accounts.models import Role
from meervoud.knowledge.models import Theme
from tests.browser.actions import login, logout, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_peer_expert_names_writes_splits_and_validates_a_theme(page, live_server, publish, make_user):
    from meervoud.demo.services import create_demo_accounts

    create_demo_accounts()
    make_user(Role.NARRATOR, "ed-tweede")  # the second pair of eyes
    publish.theme("t-wachten", validated=False, label="wachten, lijst, hulp")
    publish.many("t-wachten", 6, text=None)
    stray = [publish.statement("t-wachten", f"anders-{i}", text=f"Mijn hond liep weg, deel {i}, en dat was zwaar.")
             for i in range(3)]

    page.goto(f"{live_server.url}/kennisbank/")
    assert page.get_by_role("link", name="wachten, lijst, hulp").count() == 0  # not validated yet

    login(page, live_server, "verteller")
    page.goto(f"{live_server.url}/kennis/thema/t-wachten/")
    assert serious_violations(page) == []
    page.get_by_label("Naam van het thema").fill("Lang wachten op hulp")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.get_by_role("heading", name="Lang wachten op hulp", level=1).wait_for()

    page.get_by_label("Kennisuitspraak").fill("Wie lang moet wachten, raakt de moed kwijt.")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.locator("blockquote", has_text="raakt de moed kwijt").wait_for()

    for statement in stray:
        page.locator("tr", has_text=statement.text).get_by_role("checkbox").check()
    page.get_by_label("Wat wil je doen?").select_option(label="Maak er een nieuw thema van")
    page.get_by_label("Naam van het nieuwe thema").fill("Een huisdier kwijt")
    page.get_by_role("button", name="Uitvoeren").click()
    page.get_by_role("heading", name="Een huisdier kwijt", level=1).wait_for()
    page.get_by_role("link", name="Alle thema's").click()
    page.get_by_role("link", name="Lang wachten op hulp").click()
    assert "hond" not in page.locator("#statements-form").inner_text()

    # she wrote the name and the collective statement: someone else validates them
    page.locator("#own-words-first").wait_for()
    assert page.get_by_role("button", name="Markeer als gevalideerd").count() == 0
    logout(page)
    login(page, live_server, "ed-tweede", password="geheim-wachtwoord-1")
    page.goto(f"{live_server.url}/kennis/thema/t-wachten/")
    page.get_by_role("button", name="Markeer als gevalideerd").click()
    page.get_by_role("button", name="Validatie intrekken").wait_for()
    assert Theme.objects.get(key="t-wachten").validated

    page.goto(f"{live_server.url}/kennisbank/")
    page.get_by_role("link", name="Lang wachten op hulp").click()
    page.get_by_role("heading", name="Lang wachten op hulp", level=1).wait_for()
    assert "raakt de moed kwijt" in page.content()
    assert page.locator("#n-narrators").inner_text() == "6"


def test_a_quote_appears_in_the_knowledge_base_once_a_peer_expert_approves_it(page, live_server, publish):
    """Session 23: the theme page lists the sentences that may be quoted; one click approves a
    sentence, and the public theme page quotes it; an unread sentence is never quoted."""
    from meervoud.demo.services import create_demo_accounts

    create_demo_accounts()
    publish.theme("t-post", name="Post openen")
    publish.many("t-post", 4, purposes=("analysis",))
    read = "Mijn buurvrouw ging mee naar de bank en daarna durfde ik mijn post weer te openen."
    unread = "Ik legde de brieven jarenlang ongeopend in een la, tot de deurwaarder aanbelde."
    publish.statement("t-post", "citeerbaar-1", text=read, quote_approved=False)
    publish.statement("t-post", "citeerbaar-2", text=unread, quote_approved=False)

    page.goto(f"{live_server.url}/kennisbank/thema/t-post/")
    assert read not in page.content() and unread not in page.content()

    login(page, live_server, "verteller")
    page.goto(f"{live_server.url}/kennis/thema/t-post/")
    item = page.locator("#quotes-to-review li", has_text="Mijn buurvrouw ging mee")
    item.get_by_role("button", name="Mag getoond worden").click()
    page.get_by_text("Goedgekeurd: deze zin mag als citaat in de Kennisbank staan.").wait_for()
    assert serious_violations(page) == []
    logout(page)

    page.goto(f"{live_server.url}/kennisbank/thema/t-post/")
    assert read in page.content() and unread not in page.content()
