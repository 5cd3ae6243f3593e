"""A municipal policy officer's journey through Meervoud (session 16 review).

She works for the municipality of Groningen (role "beleid"). Over some weeks she reads the
knowledge base, downloads the report for her municipality, posts an assignment for peer experts
and follows it under "Mijn opdrachten" (change, cancel, languages), works in the local plan of
approach, and switches the site to English. Each test is one thing that went wrong for her, told
in its docstring, and asserts what she should have got.
"""

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.pool.builders import TODAY, assignment, assignment_post, expert, officer_of, org, sent

pytestmark = pytest.mark.django_db


# -- helpers ---------------------------------------------------------------------------------

def _text(html: str) -> str:
    """What a reader sees of a page: no tags, no scripts, one space between words."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _main(response) -> str:
    """The page's own content (inside <main>), as text."""
    html = response.content.decode()
    return _text(html.split('<main id="main"', 1)[-1].split("<footer", 1)[0])


def _why_cells(response) -> list[str]:
    """The 'Waarom' (why) column of the team table on an assignment page."""
    html = response.content.decode()
    table = html.split('id="proposals"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>", table.split("<tbody>", 1)[1], flags=re.S)
    return [_text(why) for _name, why in rows]


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _to_english(client, next_url="/"):
    """The language button in the site header, as she presses it."""
    response = client.post(reverse("set_language"), {"language": "en", "next": next_url})
    assert response.status_code == 302


@pytest.fixture
def groningen(db, publish):
    """The demo world around the demo policy officer of Groningen: demo accounts and pool, the
    demo plan she is a member of, and two published themes with stories from Groningen."""
    from meervoud.demo.pool import load_demo_pool
    from meervoud.demo.services import DEMO_PASSWORD, create_demo_accounts
    from meervoud.needs.demo import create_demo_needs
    from meervoud.plans.demo import create_demo_plan
    from meervoud.practices.demo import create_demo_practices

    create_demo_accounts()
    load_demo_pool(DEMO_PASSWORD)
    create_demo_practices()
    create_demo_needs()
    plan = create_demo_plan()
    publish.theme("wachtlijsten", name="Lang wachten op hulp",
                  insight="Wie lang wacht op hulp, raakt de moed kwijt.")
    publish.many("wachtlijsten", 6, "Groningen", kind="hindered")
    publish.many("wachtlijsten", 5, "Leeuwarden", kind="helped")
    publish.theme("schulden", name="Geldzorgen")
    publish.many("schulden", 6, "Groningen", domains=("armoede-schulden",))
    return {"plan": plan}


@pytest.fixture
def officer_client(client, groningen):
    from meervoud.accounts.models import User

    client.force_login(User.objects.get(username="beleid"))
    return client


def _team_sent_for(client, officer, organisation, **changes):
    """She posts an assignment through the form; a coordinator runs the matching and sends the
    proposed team (the coordinator's part through the services). Returns the assignment."""
    from meervoud.pool import services
    from meervoud.pool.models import Assignment

    client.force_login(officer)
    response = client.post(reverse("pool:assignment_new"), assignment_post(organisation, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Assignment.objects.get(title="Training voor het wijkteam")
    services.propose_teams(time_limit=5)
    assert services.ask_team(made).count >= 2
    return made


# -- the knowledge base and the municipal report ---------------------------------------------

def test_the_pool_link_in_her_municipal_report_opens_for_her(officer_client):
    """She opens the report 'Wat ervaringsdeskundigen weten … in gemeente Groningen' and, in the
    part about working with peer experts, clicks 'Over de pool'. She gets 'Geen toegang': the link
    goes to the coordinators' desk. Every link in a report made for municipalities (and printed
    in its PDF and Word file) should lead to a page a policy officer may open."""
    report = officer_client.get(reverse("publication:report", args=["Groningen"]))
    assert report.status_code == 200
    html = report.content.decode()
    assert "Over de pool" in html or "/pool/" in html  # the part about the pool is there
    links = {href.replace("&amp;", "&").replace("http://testserver", "")
             for href in re.findall(r'href="([^"#]+)"', html.split('<main id="main"', 1)[-1])}
    closed = {}
    for href in sorted(link for link in links if link.startswith("/") and not link.startswith("/static/")):
        status = officer_client.get(href).status_code
        if status in (403, 404):
            closed[href] = status
    assert closed == {}


def test_the_narrator_count_under_a_search_is_about_the_themes_found(officer_client):
    """She searches the knowledge base for 'moed' and finds one theme, 'Lang wachten op hulp',
    with 11 narrators. The line above it says 'Deze thema's rusten samen op 17 verschillende
    vertellers' — 17 is every narrator in the knowledge base, not of the theme she found. The
    line should count the narrators of the themes on the page (here 11), or not be there."""
    response = officer_client.get(reverse("publication:themes"), {"q": "moed"})
    page = _main(response)
    found = re.findall(r'<h3><a href="[^"]+">([^<]+)</a>', response.content.decode())
    assert found == ["Lang wachten op hulp"]
    assert "11 vertellers" in page
    claimed = re.search(r"Deze thema's rusten samen op (\d+) (?:verschillende )?verteller", page)
    assert claimed is None or claimed.group(1) == "11", claimed.group(0)


# -- Mijn opdrachten: posting, languages, changing and cancelling ----------------------------

def test_the_why_column_names_the_language_not_its_code(client, make_user):
    """She asks for peer experts who speak Turkish (kitchen-table talks with Turkish-speaking
    residents). The team is sent and she reads why each was chosen: '…; spreekt tr'. She should
    read the language's name, 'spreekt Turks', as everywhere else on the page."""
    organisation = org()
    expert(make_user, "Anna", languages=("nl", "tr"))
    expert(make_user, "Bert", languages=("tr",))
    officer = officer_of(make_user, organisation)
    made = _team_sent_for(client, officer, organisation, languages=["tr"])

    page = client.get(reverse("pool:assignment", args=[made.pk]))
    why = " | ".join(_why_cells(page))
    assert "Turks" in _main(page)  # the page itself knows the name ("Elke … spreekt: Turks.")
    assert "spreekt tr" not in why, why
    assert "Turks" in why, why


def test_the_why_column_is_in_english_after_switching(client, make_user):
    """She switches the site to English and opens her assignment to see the team. Everything is
    English except why each peer expert was chosen: 'ervaring met verslaving; heeft dit werk vaker
    gedaan (trainingen); werk met één persoon (micro)'. That explanation is made for her when
    the page is shown, so it should be in English too."""
    organisation = org()
    expert(make_user, "Anna")
    expert(make_user, "Bert")
    officer = officer_of(make_user, organisation)
    made = _team_sent_for(client, officer, organisation)

    _to_english(client)
    page = client.get(reverse("pool:assignment", args=[made.pk]))
    assert "Peer expert" in _main(page)  # the table's own header is English
    why = " | ".join(_why_cells(page))
    assert why, "she may read why (the experts share their experience with requesters)"
    for dutch in ("ervaring met", "heeft dit werk vaker gedaan", "werk met één persoon"):
        assert dutch not in why, why


def test_the_assignment_page_says_which_languages_the_team_really_speaks(client, make_user):
    """She ticks 'Nederlands' and 'Turks' on the form, whose help says each expert speaks at
    least one of them. The team that is sent speaks only Dutch, yet her assignment page says
    'Elke ervaringsdeskundige spreekt: Nederlands, Turks.' She believes she has Turkish speakers.
    The page should say what the rule is (at least one of these languages), or the team should
    really speak both."""
    from meervoud.pool import services
    from meervoud.pool.models import Assignment, Proposal

    organisation = org()
    expert(make_user, "Anna", languages=("nl",))
    expert(make_user, "Bert", languages=("nl",))
    client.force_login(officer_of(make_user, organisation))
    client.post(reverse("pool:assignment_new"), assignment_post(organisation, languages=["nl", "tr"]))
    made = Assignment.objects.get(title="Training voor het wijkteam")
    services.propose_teams(time_limit=5)
    if made.proposals.filter(status=Proposal.Status.PROPOSED).exists():
        services.ask_team(made)  # the coordinator sends what the matching proposed

    page = _main(client.get(reverse("pool:assignment", args=[made.pk])))
    team = [p.expert for p in made.proposals.filter(status=Proposal.Status.SENT)]
    claims_both = "spreekt: Nederlands, Turks" in page
    assert not (claims_both and any("tr" not in member.languages for member in team)), (
        [(member.display_name, member.languages) for member in team], page[page.find("Elke"):][:80])


def test_a_change_sent_after_the_team_was_asked_keeps_what_she_typed(client, make_user):
    """She opens 'Opdracht aanpassen' and rewrites the description at length. Meanwhile the
    coordinator sends the team. She saves: she lands on the assignment page with 'Annuleer de
    opdracht en plaats een nieuwe', and her new text is gone. What she typed should still be on
    the page she lands on (for instance in the form, or in a new assignment to post)."""
    organisation = org()
    made = assignment(organisation)
    officer = officer_of(make_user, organisation)
    client.force_login(officer)
    assert client.get(reverse("pool:assignment_edit", args=[made.pk])).status_code == 200

    sent(made, expert(make_user, "Anna"), expert(make_user, "Bert"))  # the coordinator, meanwhile
    typed = ("Twee ervaringsdeskundigen vertellen het wijkteam over herstel, en daarna over wat "
             "hen hielp toen zij schulden hadden.")
    response = client.post(reverse("pool:assignment_edit", args=[made.pk]),
                           assignment_post(organisation, title=made.title, description=typed),
                           follow=True)
    assert response.status_code == 409  # the form again, with why (a conflict, as in the plans)
    made.refresh_from_db()
    assert made.description != typed  # the team said yes to what it was: right not to change it
    assert typed in response.content.decode()


def test_pressing_cancel_twice_does_not_say_no_access(client, make_user):
    """She cancels an assignment ('Ja, annuleer deze opdracht'); the page is slow and she clicks
    again (or goes back and sends the form again). The second click shows 'Geen toegang — deze
    pagina is niet voor jouw rol'. She should land on her assignment, which is cancelled, as with
    any other form sent twice in Meervoud."""
    organisation = org()
    made = assignment(organisation)
    client.force_login(officer_of(make_user, organisation))
    url = reverse("pool:assignment", args=[made.pk])
    form = {"action": "cancel", "cancel_reason": "Het budget is op."}

    assert client.post(url, form).status_code == 302
    again = client.post(url, form, follow=True)
    assert again.status_code == 200
    assert "Deze opdracht gaat niet door." in _main(again)


def test_saving_a_change_to_a_cancelled_assignment_says_it_was_cancelled(client, make_user):
    """She has 'Opdracht aanpassen' open in a tab; meanwhile the assignment is cancelled (by her
    colleague or the coordinator). She saves and reads: 'Het team is al gevraagd … Annuleer de
    opdracht en plaats een nieuwe' — no team was ever asked, and it is cancelled already. The
    message should say that the assignment was cancelled."""
    from meervoud.pool import services

    organisation = org()
    made = assignment(organisation)
    client.force_login(officer_of(make_user, organisation))
    assert client.get(reverse("pool:assignment_edit", args=[made.pk])).status_code == 200
    services.cancel(made, reason="Dubbel geplaatst.")

    response = client.post(reverse("pool:assignment_edit", args=[made.pk]),
                           assignment_post(organisation, title=made.title), follow=True)
    page = _main(response)
    assert "Geannuleerd" in page
    assert "Het team is al gevraagd" not in page
    assert "Annuleer de opdracht" not in page


def test_an_assignment_that_ended_without_a_team_is_not_listed_as_planned(client, make_user):
    """Her assignment found no team, and its end date has passed. The matching no longer looks
    at it, but 'Mijn opdrachten' still lists it under 'Lopend en gepland' as 'Open', 0 of 2, as
    if a team might still come. It should no longer be shown as running or planned."""
    organisation = org()
    over = assignment(organisation, "Voorlichting in de bibliotheek",
                      start=TODAY - timedelta(days=90), days=60)
    assignment(organisation, "Training wijkteam")  # still to come: stays where it is
    client.force_login(officer_of(make_user, organisation))

    html = client.get(reverse("pool:assignments")).content.decode()
    current = html.split("Lopend en gepland", 1)[1].split("<h2", 1)[0]
    assert "Training wijkteam" in current
    assert over.title not in current
    assert over.title in html  # still findable, just not as planned work


# -- English exports -------------------------------------------------------------------------

def test_page_footers_of_english_pdfs_read_page_n_of_total(officer_client, groningen):
    """She switches to English and downloads the report for Groningen and her plan of approach
    as PDF, to share with an English-speaking partner. The report's pages say 'Page 2 from 9'
    and the plan's pages still say 'Pagina 2 van 4'. Both should say 'Page 2 of …'."""
    _to_english(officer_client)
    report = officer_client.get(reverse("publication:report_pdf", args=["Groningen"]))
    plan = officer_client.get(reverse("plans:pdf", args=[groningen["plan"].pk]))
    assert report.status_code == plan.status_code == 200
    for name, response in (("report", report), ("plan", plan)):
        text = _pdf_text(response.content)
        assert re.search(r"Page 2 of \d+", text), (name, re.findall(r"Pag\w* 2 \w+ \d+", text))
        assert not re.search(r"Pagina \d+ van \d+|Page \d+ from \d+", text), name
