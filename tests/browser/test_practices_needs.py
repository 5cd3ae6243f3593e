import pytest

from meervoud.needs.models import InformationNeed
from meervoud.practices.models import GoodPractice, PracticeStatus
from tests.browser.actions import login, logout, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_asks_and_coordinator_publishes_a_practice(page, live_server):
    from meervoud.demo.services import create_demo_accounts
    from meervoud.practices.demo import create_demo_practices

    create_demo_accounts()
    create_demo_practices()  # transactional tests wiped the seed migration's rows

    login(page, live_server, "beleid")
    page.get_by_role("link", name="Kennisvragen").click()
    page.get_by_role("link", name="Een kennisvraag stellen").click()
    page.get_by_text("U stelt deze vraag voor de gemeente Groningen.").wait_for()
    assert serious_violations(page) == []
    page.get_by_label("Wat wilt u weten?").fill(
        "Wat helpt dakloze jongeren om weer een eigen plek te vinden?")
    page.get_by_label("Dak- en thuisloosheid").check()
    page.get_by_label("Binnen drie maanden").check()
    page.get_by_label("Naam contactpersoon").fill("Contactpersoon Test")
    page.get_by_label("E-mail contactpersoon").fill("test@example.org")
    page.get_by_role("button", name="Vraag versturen").click()
    # No form chosen: a clear message, and what was typed is still there.
    page.locator("#id_formats_error").get_by_text("Kies minstens één vorm").wait_for()
    # the summary above the form names the question and leads to it
    page.get_by_role("alert").get_by_role("link", name="In welke vorm wilt u het antwoord?").click()
    assert serious_violations(page) == []
    assert page.get_by_label("Naam contactpersoon").input_value() == "Contactpersoon Test"
    assert not InformationNeed.objects.exists()
    page.get_by_label("Workshop").check()
    page.get_by_role("button", name="Vraag versturen").click()
    page.get_by_text("Uw vraag is ontvangen").wait_for()
    need = InformationNeed.objects.get()
    assert need.municipality.name == "Groningen" and need.formats == ["workshop"]
    assert list(need.life_domains.values_list("slug", flat=True)) == ["dak-thuisloosheid"]
    logout(page)

    login(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/behoeften/kloof/")
    page.get_by_text("Open onderzoeksvraag").first.wait_for()
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/praktijken/beoordelen/")
    page.get_by_role("link", name="Ervaringsmaatjes bij de schuldhulp (fictief)").click()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Publiceren").click()
    page.get_by_text("De praktijk is gepubliceerd").wait_for()
    assert GoodPractice.objects.get(slug="demo-ervaringsmaatjes-schuldhulp").status == \
        PracticeStatus.PUBLISHED
    logout(page)

    page.get_by_role("link", name="Goede praktijken").click()
    page.get_by_label("Levensdomein").select_option(label="Armoede en schulden")
    page.get_by_role("button", name="Filter").click()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Ervaringsmaatjes bij de schuldhulp (fictief)").click()
    page.get_by_role("heading", name="Ervaringsmaatjes bij de schuldhulp (fictief)").wait_for()
    assert "Inloopspreekuur" not in page.content()
