"""Journey review, session 18 (see tests/core/test_journey_narrator_s18.py): the two problems a
narrator meets in the browser itself, on a phone. Each failed on the code as it was reviewed."""

import pytest

from tests.browser.actions import fill_step_1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_switching_language_in_step_2_keeps_her_story(page, live_server):
    """She has written her story and reached step 2, with four consent texts to read. To be sure
    what she agrees to she presses 'English' in the header. She gets an empty English step 1:
    her story, her answers and her choices are gone (Back then only offers 'Confirm form
    resubmission'). Hurts newcomers and anyone who reads English better, and anyone who wrote a
    long story. SHOULD: switching language during the intake keeps what she typed (the same step
    in the other language, without JavaScript)."""
    page.goto(f"{live_server.url}/verhaal/nieuw/")
    fill_step_1(page)
    page.get_by_role("button", name="Volgende: bekijk je verhaal").click()
    page.get_by_label("Analyse").wait_for()

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en", "precondition: the page is now English"
    kept = page.evaluate("""() => [...document.querySelectorAll('textarea, input')]
                              .map(field => field.value).join(' ')""")
    assert "Het wijkteam hielp pas" in kept, f"her story is gone after switching language ({page.url})"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_narrators_pages_fit_a_phone_screen(page, live_server, monkeypatch):
    """On a 320 px wide phone (WCAG 1.4.10, reflow) three of her pages are wider than the screen:
    step 1, where 'Wat hielp het meest?' puts its three boxes side by side; the thanks page, where
    the personal link is one unbreakable line, so she cannot see the end of the link she must
    write down; and her personal page, where the consent table pushes 'Intrekken' and
    'Toestemming geven' off the screen. SHOULD: no narrator page scrolls sideways at 320 px (the
    triad stacks, the link wraps with overflow-wrap, the table becomes rows or cards)."""
    from types import SimpleNamespace

    from meervoud.stories import models

    # a link as six in ten of them are: 32 characters without a '-', where a line could break
    monkeypatch.setattr(models, "secrets", SimpleNamespace(token_urlsafe=lambda n: "Kq7pZt3mWx9vBn2cRf8hJd4sLg6yTa1e"))
    page.set_viewport_size({"width": 320, "height": 640})
    too_wide = {}

    def check(name):
        wide = page.evaluate("""() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))""")
        if wide:
            too_wide[name] = wide[:3]

    page.goto(f"{live_server.url}/verhaal/nieuw/")
    check("stap 1")
    fill_step_1(page)
    page.get_by_role("button", name="Volgende: bekijk je verhaal").click()
    page.get_by_label("Analyse").check()
    check("stap 2")
    page.get_by_role("button", name="Versturen").click()
    page.locator("#personal-link").wait_for()
    check("bedankt")
    page.locator("#personal-link").click()
    page.get_by_role("heading", level=1).wait_for()
    check("persoonlijke pagina")
    assert too_wide == {}, f"wider than a 320 px screen: {too_wide}"
