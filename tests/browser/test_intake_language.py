"""Session 18: the intake's language buttons belong to the intake form; Enter still goes to the
next step (the first button of the form in the page's order is the step's own)."""

import pytest

from meervoud.stories.models import Story
from tests.browser.actions import fill_step_1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_enter_in_step_1_goes_to_step_2_and_switching_back_to_dutch_keeps_it(page, live_server):
    page.goto(f"{live_server.url}/verhaal/nieuw/")
    fill_step_1(page)
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
