import pytest

from meervoud.stories.models import Narrator, Story, link_digest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_narrator_submits_story_and_sees_deidentified_preview(page, live_server):
    page.goto(f"{live_server.url}/verhaal/nieuw/")
    page.get_by_label("Jouw verhaal").fill(
        "Ik ben Sandra Bakker. Na de brand woonde ik bij mijn zus in Appingedam. "
        "Bel me op 06-12345678. Het wijkteam hielp pas toen er een ervaringsdeskundige bij zat."
    )
    page.get_by_label("Wat hielp jou?").fill("De ervaringsdeskundige die meekwam.")
    page.get_by_label("Namen in je verhaal").fill("Sandra Bakker")
    page.get_by_label("In welke gemeente speelde je verhaal zich af?").select_option(label="Eemsdelta")
    page.get_by_label("Dak- en thuisloosheid").check()
    page.get_by_role("button", name="Volgende: bekijk je verhaal").click()

    preview = page.get_by_label("Jouw verhaal zonder gegevens die naar jou leiden")
    text = preview.input_value()
    assert "Sandra" not in text and "Bakker" not in text
    assert "06-12345678" not in text
    assert "[PERSOON-1]" in text
    assert "ervaringsdeskundige" in text
    assert Story.objects.count() == 0

    page.get_by_label("Analyse", exact=True).check()
    page.get_by_label("Anoniem citeren").check()
    page.get_by_role("button", name="Versturen").click()
    link = page.locator("#personal-link")
    link.wait_for()
    story = Story.objects.get()
    key = link.inner_text().rstrip("/").rsplit("/", 1)[-1]  # only its digest is stored
    assert Narrator.objects.get(token_digest=link_digest(key)) == story.narrator
    assert "Sandra" not in story.text

    link.click()
    page.get_by_label("Ja, ik wil dit verhaal helemaal verwijderen").check()
    page.get_by_role("button", name="Verwijder dit verhaal helemaal").click()
    page.get_by_text("Je verhaal is verwijderd").wait_for()
    assert Story.objects.count() == 0
