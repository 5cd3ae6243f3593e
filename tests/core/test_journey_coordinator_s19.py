"""The coordinator's daily work with the pool, now that Meervoud sends e-mail and erases
accounts (session 19 journey review).

She works at a self-help organisation and runs the pool of peer experts. A municipality posts an
assignment; she lets the matching propose a team of two, sends it, waits for the answers, and
starts the work once both said yes. Experts fall ill, pull out or ask to be erased while they are
on a team; the municipality closes the work with its evaluation; a good practice she rejects goes
back to its proposer by mail. Each test is one place where the app lets her (or the people she
works for) down, told in its docstring; each asserts what they should have got. They go through
the pages with the test client, as she would, and read the mail from ``mail.outbox``.
"""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone

from meervoud.accounts import services as accounts
from meervoud.accounts.models import Role
from meervoud.pool import services as pool
from meervoud.pool.models import Assignment, Evaluation, Proposal
from meervoud.practices.models import PracticeStatus

from tests.pool.builders import TODAY, assignment, expert, officer_of, org, profile_post, sent
from tests.conftest import run_background_tasks

pytestmark = pytest.mark.django_db

SITE = "https://meervoud.example.nl"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.MEERVOUD_SITE_URL = SITE


# -- helpers ----------------------------------------------------------------------------------


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def _main(response) -> str:
    """The page's own content (no menu, no footer), as text."""
    html = response.content.decode()
    return _text(html.split('<main id="main"', 1)[-1].split("</main>", 1)[0])


def _row_of(response, title: str) -> str:
    """The text of the (first) table row on the page that names ``title``."""
    for row in re.findall(r"(?s)<tr>.*?</tr>", response.content.decode()):
        if title in unescape(row):
            return _text(row)
    raise AssertionError(f"no row for {title!r}")


def _said(response) -> list[str]:
    """The messages shown after a POST that redirects."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def _to(address: str):
    return [message for message in mail.outbox if address in message.to]


def _with_address(user, address: str):
    user.email = address
    user.save()
    return user


@pytest.fixture
def coordinator(make_user):
    return _with_address(make_user(Role.COORDINATOR, "coordinator-noord"),
                         "coordinator@zelfregie.example")


@pytest.fixture
def privacy_officer(django_user_model):
    return django_user_model.objects.create_superuser("privacy", password="geheim-wachtwoord-1",
                                                      role=Role.ADMINISTRATOR)


@pytest.fixture
def team(make_user):
    """An assignment of the municipality of Groningen, posted by its policy officer, and Anna and
    Bert (both with an e-mail address) who were asked for it; nobody answered yet."""
    municipality = org()
    asker = _with_address(officer_of(make_user, municipality), "beleid@groningen.example")
    work = assignment(municipality, "Training wijkteam Oost")
    work.posted_by = asker
    work.save()
    anna = expert(make_user, "Anna")
    bert = expert(make_user, "Bert")
    _with_address(anna.user, "anna@example.org")
    _with_address(bert.user, "bert@example.org")
    return work, anna, bert


def _both_said_yes(team, capture):
    """Anna and Bert said yes: the team is complete and the municipality was told so."""
    work, anna, bert = team
    first, second = sent(work, anna, bert)
    with capture(execute=True):
        pool.accept(first)
        pool.accept(second)
    run_background_tasks()
    work.refresh_from_db()
    assert work.status == Assignment.Status.FILLED
    assert len(_to("beleid@groningen.example")) == 1  # 'Het team voor je opdracht staat'
    mail.outbox.clear()
    return work, first, second


def _bert_goes(how, client, second, privacy_officer):
    """Bert leaves the team: he takes back his yes on his pool page (ill), or the privacy officer
    erases his account at his request."""
    if how == "pulls out":
        client.force_login(second.expert.user)
        client.post(reverse("pool:respond", args=[second.pk]),
                    {"action": "decline", "reason": "Ik ben ziek geworden."})
        client.logout()
    else:
        accounts.erase_account(second.expert.user, by=privacy_officer)


# -- a team falls apart: who hears and what her overview shows ---------------------------------


def test_a_no_after_the_start_date_breaks_up_a_team_that_is_already_working(
        client, team, django_capture_on_commit_callbacks):
    """The training began a week ago; Anna and Bert are giving it. Nobody pressed 'Opdracht is
    gestart' (the start is a manual click, and nothing reminds her), so the assignment is still
    'Team compleet'. Bert clicks 'nee' on his pool page: the site takes it as a no before the
    start, withdraws the whole team and mails Anna that her yes no longer counts, in the middle
    of work she is doing. SHOULD: once the start date has passed the work counts as started
    (as 'Loopt'): Bert is told to talk to the coordinator, Anna's yes stands."""
    work, anna, bert = team
    Assignment.objects.filter(pk=work.pk).update(start=TODAY - timedelta(days=7))
    work.refresh_from_db()
    first, second = sent(work, anna, bert)
    pool.accept(first)
    pool.accept(second)
    assert Assignment.objects.get(pk=work.pk).status == Assignment.Status.FILLED

    client.force_login(bert.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pool:respond", args=[second.pk]),
                    {"action": "decline", "reason": "Ik heb er geen zin meer in."})
    run_background_tasks()
    first.refresh_from_db()
    assert first.status == Proposal.Status.ACCEPTED, (
        "a no a week into the work withdrew Anna's yes: the team of running work was broken up")
    assert _to("anna@example.org") == []


def test_after_an_erasure_the_overview_hides_that_a_running_team_is_down_to_one(
        client, team, coordinator, privacy_officer):
    """The training runs with Anna and Bert. Bert asks to be forgotten and the privacy officer
    erases his account (running work does not stop an erasure). His place on the team simply
    vanishes: her overview shows the training as 'Loopt' with Anna alone, exactly like a healthy
    team, and nobody is told. Anna now works alone, against the rule that nobody is deployed
    alone. SHOULD: the overview says the running team is smaller than it should be (as the page
    does when she records a stop herself: 'nog maar één ervaringsdeskundige'), without naming
    the erased person."""
    work, anna, bert = team
    first, second = sent(work, anna, bert)
    pool.accept(first)
    pool.accept(second)
    pool.start(Assignment.objects.get(pk=work.pk))
    client.force_login(coordinator)
    shortfall = re.compile(r"nog maar (één|1)|alleen|niet (meer )?compleet|te klein|\b1 van 2\b|"
                           r"minder dan", re.I)
    before = _row_of(client.get(reverse("pool:overview")), work.title)
    assert not shortfall.search(before), before

    accounts.erase_account(bert.user, by=privacy_officer)
    row = _row_of(client.get(reverse("pool:overview")), work.title)
    assert "Bert" not in row
    assert shortfall.search(row), "a running team down to one looks like any running team: " + row


@pytest.mark.parametrize("how", ["pulls out", "is erased"])
def test_the_municipality_is_not_told_when_its_complete_team_falls_apart(
        client, team, privacy_officer, django_capture_on_commit_callbacks, how):
    """Anna and Bert said yes, and the municipality got the mail 'Het team voor je opdracht
    staat'. A week before the training Bert takes his yes back (ill), or is erased at his
    request. The team goes back to the matching and Anna is mailed that her yes no longer counts,
    but the municipality hears nothing: it still plans the training with a team that is gone.
    SHOULD: whoever was told that the team stands is also told (by mail, without names or
    subject) that it no longer does, with the link to the assignment."""
    work, first, second = _both_said_yes(team, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        _bert_goes(how, client, second, privacy_officer)
    run_background_tasks()
    work.refresh_from_db()
    assert work.status == Assignment.Status.OPEN  # the team went back to the matching
    assert _to("anna@example.org"), "precondition: Anna heard that her yes no longer counts"

    told = _to("beleid@groningen.example")
    assert told, "the municipality was told the team stands, and not that it fell apart"
    assert SITE + reverse("pool:assignment", args=[work.pk]) in told[0].body


@pytest.mark.parametrize("how", ["pulls out", "is erased"])
def test_the_coordinator_is_not_told_when_a_team_she_sent_falls_apart(
        client, team, coordinator, privacy_officer, django_capture_on_commit_callbacks, how):
    """She sent Anna and Bert, both said yes. Bert takes his yes back on his pool page, or the
    privacy officer erases his account. Anna, the others and the site know; she, who has to find
    and ask a new team before the start date, gets no mail at all: she finds out only if she
    happens to open the overview (and after an erasure not even there). The mail module
    was added for exactly these moments. SHOULD: the coordinator(s) of the pool get a short mail
    (no names, no reason, a link to the assignment) when a team they sent falls apart."""
    work, anna, bert = team
    for profile in (anna, bert):
        Proposal.objects.create(assignment=work, expert=profile, status=Proposal.Status.PROPOSED)
    client.force_login(coordinator)
    client.post(reverse("pool:assignment", args=[work.pk]), {
        "action": "send", "team": list(work.proposals.values_list("pk", flat=True))})
    client.logout()
    first, second = work.proposals.get(expert=anna), work.proposals.get(expert=bert)
    assert second.status == Proposal.Status.SENT, "precondition: she sent the team"
    pool.accept(first)
    pool.accept(second)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _bert_goes(how, client, second, privacy_officer)
    run_background_tasks()
    assert Assignment.objects.get(pk=work.pk).status == Assignment.Status.OPEN

    told = _to("coordinator@zelfregie.example")
    assert told, "the coordinator is not told that the team she sent fell apart"
    assert "Ik ben ziek" not in told[0].body and "Bert" not in told[0].body
    assert SITE + reverse("pool:assignment", args=[work.pk]) in told[0].body


def test_marking_an_expert_unavailable_does_not_warn_her_about_work_he_said_yes_to(
        client, team, coordinator):
    """Bert phones: he is in hospital for the next three weeks. She opens his profile and adds
    'niet beschikbaar' for those weeks: 'Het profiel is opgeslagen.' But Bert said yes to the
    training that starts in two weeks, and nothing tells her: the team stays 'compleet' on paper.
    When Bert does this himself, his page warns him ('Let op: je zei ja tegen ...'). SHOULD: her
    confirmation warns that Bert said yes to work in that period (naming it), so she arranges a
    replacement."""
    work, anna, bert = team
    first, second = sent(work, anna, bert)
    pool.accept(first)
    pool.accept(second)
    client.force_login(coordinator)
    response = client.post(reverse("pool:expert_edit", args=[bert.pk]), profile_post(
        bert, blocked_from=str(TODAY), blocked_to=str(TODAY + timedelta(days=21))))
    assert bert.blocked.exists(), "precondition: the period is saved"
    said = " ".join(_said(response))
    assert work.title in said, "no warning that Bert said yes to work in that period: " + said


def test_the_coordinator_is_not_told_that_an_expert_she_asks_gets_no_mail(client, team, coordinator,
                                                                          django_capture_on_commit_callbacks):
    """Bert has no e-mail address in Meervoud. She sends the team: 'Het voorstel is naar de
    ervaringsdeskundigen gestuurd.' Anna gets a mail; Bert gets nothing, and nobody tells her, so
    she waits a week for an answer he does not know is asked of him. The mail module knows it
    cannot reach him (``notify`` returns False; the same for someone who switched messages off).
    SHOULD: the confirmation names who gets no mail, so she can phone them."""
    work, anna, bert = team
    _with_address(bert.user, "")
    for profile in (anna, bert):
        Proposal.objects.create(assignment=work, expert=profile, status=Proposal.Status.PROPOSED)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pool:assignment", args=[work.pk]), {
            "action": "send", "team": list(work.proposals.values_list("pk", flat=True))})
    run_background_tasks()
    assert work.proposals.get(expert=bert).status == Proposal.Status.SENT
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    said = " ".join(_said(response))
    assert "Bert" in said, "she is not told that Bert gets no mail: " + said


def test_after_an_erasure_the_overview_shows_a_team_that_fell_apart_as_never_asked(
        client, team, coordinator, privacy_officer):
    """Anna and Bert said yes; before the start Bert is erased at his request, and the team goes
    back to the matching. When an expert says no, the overview now says so ('... zei nee. Zoek
    een nieuw team.'); after an erasure it says nothing: the row reads a plain 'Open' with an
    empty team, like an assignment nobody was ever asked for, though the start is near and Anna
    was already told her yes no longer counts. SHOULD: the row says the team fell apart and a new
    one is needed (without naming the erased person)."""
    work, anna, bert = team
    first, second = sent(work, anna, bert)
    pool.accept(first)
    pool.accept(second)
    never_asked = assignment(work.organisation, "Voorlichting jongerenwerk")
    accounts.erase_account(bert.user, by=privacy_officer)

    client.force_login(coordinator)
    overview = client.get(reverse("pool:overview"))
    untouched = _row_of(overview, never_asked.title)
    fell_apart = _row_of(overview, work.title)
    cue = re.compile(r"afgezegd|gestopt|uit de pool|ingetrokken|niet meer compleet|nieuw team|"
                     r"opnieuw", re.I)
    assert not cue.search(untouched), untouched  # nobody was asked: nothing to say
    assert "Bert" not in fell_apart
    assert cue.search(fell_apart), "a team that fell apart looks like one nobody was asked for: " + fell_apart


# -- good practices: her decision by mail ------------------------------------------------------


def test_the_link_in_a_rejection_mail_gives_page_not_found_instead_of_the_login(
        client, make_user, make_practice, coordinator, django_capture_on_commit_callbacks):
    """She rejects a proposed good practice with a reason. The proposer gets a mail: 'Op de
    pagina van je voorstel lees je waarom', with the link. She opens it from her mailbox, not
    logged in (as one does from a mail): 'Pagina niet gevonden'. A not yet published practice is
    a 404 for anyone not logged in, where the pool's pages send you to the login. SHOULD: the
    link leads to the login and then to her proposal with the reason."""
    proposer = _with_address(make_user(Role.POLICY_OFFICER, "indiener"), "indiener@gemeente.example")
    practice = make_practice("Buddy bij de schuldhulp", municipalities=["Groningen"],
                             status=PracticeStatus.PROPOSED, proposed_by=proposer)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("practices:decide", args=[practice.slug]), {
            "action": "reject", "reason": "Beschrijf wat de ervaringsdeskundigen precies doen."})
    run_background_tasks()
    (message,) = _to("indiener@gemeente.example")
    link = re.search(re.escape(SITE) + r"(/\S*)", message.body).group(1)
    client.logout()

    opened = client.get(link)
    assert opened.status_code == 302 and reverse("accounts:login") in opened["Location"], (
        f"the link in the mail gives {opened.status_code} to the proposer who is not logged in")
    client.force_login(proposer)
    assert "Beschrijf wat de ervaringsdeskundigen" in _main(client.get(link))


# -- erasure -----------------------------------------------------------------------------------


def test_an_erased_experts_own_evaluation_stays_readable(client, team, coordinator, privacy_officer):
    """After the training Bert wrote his evaluation, in his own words about himself. Later he asks
    to be erased. His profile, his place on the team and his account go, but his evaluation stays
    under the assignment for the municipality, the coordinator and the team to read, now as 'an
    expert' of a team whose other member everybody knows. The download of his own data counts
    his evaluations as his; erasing 'everything that is only hers' should too. SHOULD: his
    written evaluation goes with his account (a rating without text may stay for the figures)."""
    work, anna, bert = team
    first, second = sent(work, anna, bert)
    pool.accept(first)
    pool.accept(second)
    pool.start(Assignment.objects.get(pk=work.pk))
    words = "Zwaar voor mij, door mijn eigen verleden met drank, maar ik heb veel geleerd."
    pool.close(Assignment.objects.get(pk=work.pk), author=bert.user, rating=4, text=words)
    pool.close(Assignment.objects.get(pk=work.pk), author=coordinator, rating=4, text="Goed gedaan.")

    accounts.erase_account(bert.user, by=privacy_officer)
    client.force_login(coordinator)
    page = _main(client.get(reverse("pool:assignment", args=[work.pk])))
    assert "Goed gedaan." in page  # the evaluations are shown
    assert not Evaluation.objects.filter(text=words).exists() and "eigen verleden" not in page, (
        "the erased expert's own words stay under the assignment")


# -- waiting for answers -----------------------------------------------------------------------


def test_the_coordinator_cannot_remind_an_expert_who_has_not_answered(
        client, team, coordinator, django_capture_on_commit_callbacks):
    """Bert has left the question unanswered for nine days; Anna said yes. Meervoud sends no
    reminder, and the page offers none: all she can do is phone, or withdraw the team by taking
    Bert out (which also throws away Anna's yes). SHOULD (proposal): on the assignment page a
    'Herinner wie nog niet antwoordde' button (POST action=remind) mails those who were asked
    and have not answered, not those who did, and confirms it."""
    work, anna, bert = team
    first, second = sent(work, anna, bert)
    Proposal.objects.filter(pk__in=[first.pk, second.pk]).update(
        sent_at=timezone.now() - timedelta(days=9))
    pool.accept(first)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pool:assignment", args=[work.pk]), {"action": "remind"})
    run_background_tasks()
    assert response.status_code == 302, f"no reminder possible (status {response.status_code})"
    assert [m.to for m in mail.outbox] == [["bert@example.org"]], "Bert is not reminded (or Anna is)"
    assert _said(response)


def test_the_coordinator_cannot_see_since_when_an_expert_has_not_answered(client, team, coordinator):
    """She sent the team nine days ago. Anna said yes the same day; Bert has not answered. The
    overview and the assignment page say 'Bert (verstuurd naar ervaringsdeskundige)', the same on
    day one as on day nine, so she cannot tell whose question has been waiting too long and whom
    to call (the start is near). SHOULD: the assignment page shows when the team was asked
    (or how long the question has waited)."""
    work, anna, bert = team
    asked = timezone.now() - timedelta(days=9)
    first, second = sent(work, anna, bert)
    Proposal.objects.filter(pk__in=[first.pk, second.pk]).update(sent_at=asked)
    pool.accept(first)
    client.force_login(coordinator)
    page = _main(client.get(reverse("pool:assignment", args=[work.pk])))
    day = timezone.localtime(asked).date()
    shown = {formats.date_format(day), formats.date_format(day, "SHORT_DATE_FORMAT"),
             formats.date_format(day, "j F"), formats.date_format(day, "j M"),
             day.isoformat(), day.strftime("%d-%m-%Y")}
    assert any(form in page for form in shown) or re.search(r"\b9 dagen\b|\b1 week", page), (
        "nothing on the page says since when Bert has been asked")


# -- after the work, and over time -------------------------------------------------------------


def test_a_poor_evaluation_from_the_municipality_never_reaches_the_coordinator(
        client, team, coordinator):
    """The municipality closes the training with 'Hoe ging het? 1' and 'Eén ervaringsdeskundige
    kwam twee keer niet.' The assignment leaves her overview the moment it is closed, no mail is
    sent, and 'Alle opdrachten' lists it only as 'Afgerond, 2 van 2': the rating is on the
    assignment's own page, which she has no reason to open. A poor evaluation needs a
    conversation with the team. SHOULD: the rating is shown where she keeps track of the work
    (next to the closed assignment in 'Alle opdrachten', or on the overview)."""
    work, anna, bert = team
    first, second = sent(work, anna, bert)
    pool.accept(first)
    pool.accept(second)
    pool.start(Assignment.objects.get(pk=work.pk))
    client.force_login(work.posted_by)
    client.post(reverse("pool:assignment", args=[work.pk]), {
        "action": "close", "rating": "1", "text": "Eén ervaringsdeskundige kwam twee keer niet."})
    assert Assignment.objects.get(pk=work.pk).status == Assignment.Status.CLOSED

    client.force_login(coordinator)
    pages = [client.get(reverse("pool:overview")), client.get(reverse("pool:assignments"))]
    rows = [_row_of(page, work.title) for page in pages if work.title in page.content.decode()]
    assert any(re.search(r"\b1\s*(/|van)\s*5\b|\b1 uit 5\b", row) for row in rows), (
        "the municipality's rating is nowhere on her pages: " + " | ".join(rows))


def test_an_assignment_that_ended_without_a_team_stays_open_on_her_overview(client, coordinator):
    """A municipality asked for a talk last month; no team could be found, and the end date has
    passed. The matching skips it now, but her overview still lists it as 'Open', among the
    assignments she has to find a team for, for ever (only closing or cancelling takes it off,
    and neither fits). 'Mijn opdrachten' calls the same assignment 'Voorbij zonder team'. SHOULD:
    the overview marks it as over without a team (or leaves it out of the open work)."""
    over = assignment(org(), "Voorlichting in de bibliotheek", start=TODAY - timedelta(days=30),
                      days=10)
    client.force_login(coordinator)
    overview = client.get(reverse("pool:overview"))
    if over.title in overview.content.decode():
        row = _row_of(overview, over.title)
        assert re.search(r"voorbij|verlopen|afgelopen", row, re.I), (
            "an assignment that is over reads as 'Open' on the overview: " + row)
