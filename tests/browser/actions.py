"""What the browser tests do again and again: log in as a demo user, log out, fill in step 1 of
the intake, check with axe-core."""

from axe_playwright_python.sync_playwright import Axe


def login(page, live_server, username, password="meervoud-demo"):
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def logout(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def serious_violations(page) -> list[str]:
    """axe-core's findings of impact serious or critical on the page as it is now."""
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x)"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


STORY = ("Na de brand woonde ik bij mijn zus. Het wijkteam hielp pas toen er een "
         "ervaringsdeskundige bij zat.")


def fill_step_1(page, story: str = STORY) -> None:
    """Only what step 1 of the intake requires (the page is open): story, place, one topic."""
    page.get_by_label("Jouw verhaal").fill(story)
    page.get_by_label("In welke gemeente speelde je verhaal zich af?").select_option(label="Eemsdelta")
    page.get_by_label("Dak- en thuisloosheid").check()
