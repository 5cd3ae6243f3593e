"""A narrator in the browser: what is stored when optional questions are skipped, and what the
next person on a shared computer can get back with the Back button."""

import pytest

from meervoud.stories.models import Story
from tests.browser.actions import fill_step_1

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tell_in_the_browser(page, live_server):
    """Only what step 1 requires, then 'Versturen' on step 2; the sliders are not touched.
    Returns the key of the personal link the thanks page shows."""
    page.goto(f"{live_server.url}/verhaal/nieuw/")
    fill_step_1(page)
    page.get_by_role("button", name="Volgende: bekijk je verhaal").click()
    page.get_by_label("Analyse").check()
    page.get_by_role("button", name="Versturen").click()
    page.locator("#personal-link").wait_for()
    return page.locator("#personal-link").inner_text().rstrip("/").rsplit("/", 1)[-1]


def test_sliders_left_alone_are_not_stored_as_answers(page, live_server):
    """'Hoeveel had je zelf te zeggen?' and 'Hoe gaat het nu met je?' are optional, but they are
    range sliders: a narrator who skips them is stored as having answered 50 and 50, which then
    counts as real self-signification."""
    tell_in_the_browser(page, live_server)
    story = Story.objects.get()
    assert (story.sense_of_control, story.doing_now) == (None, None)


def test_the_next_person_cannot_go_back_to_the_personal_link(page, live_server):
    """The thanks page shows the personal link 'maar één keer' for shared computers, but it is
    served without 'Cache-Control: no-store': the next person presses Back and the browser
    shows the page again from its cache, link included (to withdraw or delete the story)."""
    token = tell_in_the_browser(page, live_server)  # the link's key: only its digest is stored
    page.goto(f"{live_server.url}/kennisbank/")
    page.go_back()
    page.wait_for_load_state()
    assert token not in page.content(), page.url
