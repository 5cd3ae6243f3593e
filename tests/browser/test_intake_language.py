"""Session 18: the intake's language buttons belong to the intake form; Enter still goes to the
next step (the first button of the form in the page's order is the step's own)."""

import pytest

from meervoud.stories.models import Story


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_enter_in_step_1_goes_to_step_2_and_switching_back_to_dutch_keeps_it(page, live_server):
    page.goto(f"{live_server.url}/verhaal/nieuw/")
    page.get_by_label("Jouw verhaal").fill(
        "Na de brand woonde ik bij mijn zus. Het wijkteam hielp pas toen er een "
        "ervaringsdeskundige bij zat en mee ging naar het loket.")
    page.get_by_label("In welke gemeente speelde je verhaal zich af?").select_option(label="Eemsdelta")
    page.get_by_label("Dak- en thuisloosheid").check()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_label("Titel (mag leeg blijven)").press("Enter")
    page.wait_for_load_state()
    page.get_by_label("Analyse").wait_for()
    assert "Het wijkteam hielp pas" in page.get_by_label("Jouw verhaal zonder gegevens die naar jou leiden").input_value()
    assert Story.objects.count() == 0
