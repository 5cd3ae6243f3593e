import pytest

from meervoud.pool.models import Assignment, Proposal
from tests.browser.actions import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_post_assignment_match_and_accept(page, live_server):
    from meervoud.demo.pool import load_demo_pool
    from meervoud.demo.services import DEMO_PASSWORD, create_demo_accounts

    create_demo_accounts()
    load_demo_pool(DEMO_PASSWORD)

    login(page, live_server, "beleid")
    page.get_by_role("link", name="Mijn opdrachten").click()
    page.get_by_role("link", name="Nieuwe opdracht plaatsen").click()
    page.get_by_label("Titel").fill("Buddy's voor dakloze jongeren")
    page.get_by_label("Wat is de vraag?").fill("Twee maatjes voor jongeren in de nachtopvang.")
    page.get_by_label("Dak- en thuisloosheid").check()
    page.get_by_label("Wat moeten de ervaringsdeskundigen doen?").select_option("maatje")
    page.get_by_label("Uren per week per ervaringsdeskundige").fill("3")
    page.get_by_label("Begindatum").fill("2030-02-01")
    page.get_by_label("Einddatum").fill("2030-06-30")
    page.get_by_label("Gemeente (leeg = online)").select_option(label="Groningen")
    page.get_by_role("button", name="Opdracht plaatsen").click()
    page.get_by_text("De opdracht is geplaatst").wait_for()
    assignment = Assignment.objects.get(title="Buddy's voor dakloze jongeren")
    logout(page)

    login(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/pool/")
    page.get_by_role("button", name="Stel teams voor voor alle open opdrachten").click()
    page.get_by_text("teams voorgesteld").wait_for()
    page.get_by_role("link", name="Buddy's voor dakloze jongeren").click()
    team = list(assignment.proposals.filter(status=Proposal.Status.PROPOSED))
    assert len(team) == 2
    page.locator("#proposals tbody tr").nth(1).wait_for()
    assert page.locator("#proposals").inner_text().count("uur nog vrij") == 2
    page.get_by_role("button", name="Stuur het voorstel naar het team").click()
    page.get_by_text("Het voorstel is naar de ervaringsdeskundigen gestuurd").wait_for()
    logout(page)

    member = team[0].expert.user
    member.set_password("meervoud-demo")
    member.save()
    login(page, live_server, member.username)
    page.get_by_role("link", name="Mijn pool-profiel").click()
    row = page.locator("#my-proposals tr", has_text="Buddy's voor dakloze jongeren")
    row.get_by_role("button", name="Ja, ik doe mee").click()
    page.get_by_text("Je hebt de opdracht aangenomen").wait_for()
    assert Proposal.objects.get(pk=team[0].pk).status == Proposal.Status.ACCEPTED
