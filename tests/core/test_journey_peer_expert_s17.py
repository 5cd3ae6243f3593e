"""A peer expert's weeks in Meervoud (session 17 journey review).

Anna is an ervaringsdeskundige with an account (role "verteller"). She tells her own story of
homelessness and what helped her, and afterwards checks on "Mijn verhalen" what is kept and
what she consented to. With other peer experts she curates the themes under "Kennis": she
writes a collective statement, tidies themes up and validates them for the Kennisbank. She
keeps a profile in the pool, with her experience (addiction) visible to coordinators only; she
is proposed for assignments, says yes, sees a team fall apart, marks herself unavailable for a
holiday and evaluates an assignment she works on. Each test is one place where the app lets her
down, told in its docstring; each asserts what she should have got. All go through the pages
with the test client, as she would.
"""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.knowledge.models import Theme
from meervoud.pool import services as pool
from meervoud.pool.models import Assignment, Proposal
from meervoud.stories.models import Story

from tests.pool.builders import TODAY, assignment, expert, officer_of, org, profile_post, sent
from tests.stories.test_intake_views import step1, step2

pytestmark = pytest.mark.django_db


# -- helpers ----------------------------------------------------------------------------------


def _text(html: str) -> str:
    """What a reader sees of a piece of page: no tags, no scripts, one space between words."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def _main(response) -> str:
    """The page's own content (inside <main>, no menu, no footer), as text."""
    html = response.content.decode()
    return _text(html.split('<main id="main"', 1)[-1].split(">", 1)[-1].split("<footer", 1)[0])


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _form_fields(html: str, marker: str) -> dict[str, str]:
    """The fields of the form on a page that holds ``marker``, as her browser would send them."""
    form = next(f for f in re.findall(r"(?s)<form\b.*?</form>", html) if marker in f)
    fields = {unescape(name): unescape(value) for name, value in
              re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)}
    for name, value in re.findall(r'(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form):
        fields[unescape(name)] = unescape(value).lstrip("\n")
    return fields


@pytest.fixture
def anna(make_user):
    """Anna's pool profile: addiction experience, shown to pool coordinators only."""
    return expert(make_user, "Anna", visible="coordinators")


def _running_team(make_user, anna, *, title="Training wijkteam Oost"):
    """An assignment that started today and runs two more months; Anna and Bert said yes."""
    made = assignment(org(), title=title, start=TODAY, days=60)
    first, second = sent(made, anna, expert(make_user, "Bert"))
    pool.accept(first)
    pool.accept(second)
    pool.start(Assignment.objects.get(pk=made.pk))
    made.refresh_from_db()
    return made


# -- privacy and consent ----------------------------------------------------------------------


def test_her_private_experience_is_not_given_away_by_a_proposal_she_did_not_accept(client, make_user, anna):
    """Anna chose 'Wie mag zien waar je ervaring mee hebt? Alleen coördinatoren van de pool': the
    profile page promises 'we laten het alleen zien aan wie jij kiest'. The municipality posts
    'Training over verslaving' (life domain: addiction only). The matching only places experts
    who share the assignment's life domain, so the coordinator sends Anna and Bert. Before Anna
    has even read the proposal, the municipality's page lists 'Anna (test)' in the team of an
    assignment about addiction: it now knows her addiction past, which she kept from it, and
    saying no afterwards cannot undo that. Her name should not reach the requester of such an
    assignment before she has said yes (and her proposal should tell her what a yes reveals)."""
    municipality = org()
    made = assignment(municipality, title="Training over verslaving", domains=("verslaving",))
    expert(make_user, "Bert", visible="coordinators")
    pool.propose_teams(time_limit=5)
    assert pool.ask_team(made).count == 2
    assert made.proposals.get(expert=anna).status == Proposal.Status.SENT  # asked, not answered

    client.force_login(officer_of(make_user, municipality))
    page = _main(client.get(reverse("pool:assignment", args=[made.pk])))
    assert made.title in page
    assert "Anna (test)" not in page, (
        "the municipality reads her name on the team of an addiction assignment: " + page)


# -- her words: the collective statement ------------------------------------------------------


def test_a_colleagues_collective_statement_is_not_silently_overwritten(client, make_user, publish):
    """Anna opens 'Wachten op hulp' to write its collective statement; the field is empty. While
    she writes, Bert (another peer expert) saves his: 'Wie lang wacht, raakt de moed kwijt.'
    Anna saves hers from the page she had open. The page says 'Opgeslagen.', Bert's words are
    gone, and the history only says 'bert · Kennisuitspraak geschreven', without them: nobody can
    get them back. Her save should be stopped as a conflict (as the plans do), or at least the
    words it replaced should stay readable on the theme page."""
    publish.backed("wachten-op-hulp", 6, validated=False)
    url = reverse("knowledge:theme", args=["wachten-op-hulp"])
    client.force_login(make_user(Role.NARRATOR, "anna"))
    form = _form_fields(client.get(url).content.decode(), 'name="form" value="texts"')
    assert form["insight"] == ""

    bert = client.__class__()
    bert.force_login(make_user(Role.NARRATOR, "bert"))
    his = "Wie lang wacht, raakt de moed kwijt. Dat zeggen zes vertellers."
    bert.post(url, {"form": "insight", "insight": his})

    after = client.post(url, {**form, "insight": "Wachten maakt ziek."}, follow=True)
    assert his in _main(after), (
        "Bert's collective statement is gone without a trace: " + _main(after).split("Wat is er veranderd", 1)[-1])


def test_a_draft_collective_statement_does_not_go_public_unvalidated(client, make_user, publish):
    """'Lang wachten op hulp' is validated and in the Kennisbank. Anna starts rewriting its
    collective statement and saves a draft to finish with the group next week ('CONCEPT, nog
    bespreken: …'). At once the public Kennisbank shows her draft under 'Wat ervaringsdeskundigen
    hierover zeggen', to every municipality, although no peer expert validated those words (a
    merge of unvalidated statements does ask for validation again). Words nobody validated
    should not be published as what peer experts say."""
    publish.backed("wachten-op-hulp", 6, name="Lang wachten op hulp",
                   insight="Wie lang wacht op hulp, raakt de moed kwijt.")
    public = reverse("publication:theme", args=["wachten-op-hulp"])
    assert "Wie lang wacht op hulp" in _main(client.get(public))  # published, validated

    client.force_login(make_user(Role.NARRATOR, "anna"))
    draft = "CONCEPT, nog bespreken: wachten maakt ziek, en de gemeente weet het."
    client.post(reverse("knowledge:theme", args=["wachten-op-hulp"]), {"form": "insight", "insight": draft})
    assert Theme.objects.get(key="wachten-op-hulp").insight_draft == draft  # her draft is kept

    client.logout()
    response = client.get(public)
    assert draft not in (_main(response) if response.status_code == 200 else ""), (
        "her unvalidated draft is on the public Kennisbank")


# -- her own story ----------------------------------------------------------------------------


def test_her_story_page_shows_everything_that_is_kept_of_her_story(client, anna, municipality, domains):
    """Anna tells her story and answers 'Wat hielp jou?' and 'Wat zat je in de weg?'. Those answers
    are stored, analysed and may be quoted in the Kennisbank like the story itself. On 'Mijn
    verhalen', the page where she checks what is kept and decides on it, only the title and the
    story are shown: her two answers are not there, so she cannot check them before she gives
    consent to quoting. The page should show every text that is kept of her story."""
    data = step1(municipality, domains)
    client.force_login(anna.user)
    client.post(reverse("stories:intake"), step2(data))
    story = Story.objects.get(narrator__user=anna.user)
    assert (story.helped, story.hindered) == (data["helped"], data["hindered"])  # kept

    page = _main(client.get(reverse("stories:mine"), follow=True))
    assert story.text in page
    missing = [answer for answer in (story.helped, story.hindered) if answer not in page]
    assert not missing, f"kept with her story but not shown to her: {missing}"


# -- the evaluation ---------------------------------------------------------------------------


def test_she_is_told_who_reads_her_evaluation(client, make_user, anna):
    """In the evaluation she writes frankly: 'De beleidsmedewerker was slecht voorbereid.' The
    form only says 'Toelichting'. The municipality opens the assignment and reads her words
    under 'Ervaringsdeskundige: 2/5' (in a team of two, she or Bert). Either the organisation that
    asked should not read the experts' evaluations, or the form should tell her it will."""
    made = _running_team(make_user, anna)
    page = reverse("pool:assignment", args=[made.pk])
    client.force_login(anna.user)
    html = client.get(page).content.decode()
    evaluation_part = _text(html.split("<h2>Evaluatie</h2>", 1)[1].split("</main>", 1)[0])
    frank = "De beleidsmedewerker was slecht voorbereid."
    client.post(page, {"action": "close", "rating": "2", "text": frank})

    client.force_login(officer_of(make_user, made.organisation))
    municipality_reads = frank in _main(client.get(page))
    told = re.search(r"(opdrachtgever|gemeente)\b.{0,80}\b(leest|lezen|ziet|zien)\b|"
                     r"\b(leest|lezen|ziet|zien)\b.{0,80}(opdrachtgever|gemeente)", evaluation_part, re.I)
    assert not municipality_reads or told, (
        "the municipality reads her evaluation, and the form never said so: " + evaluation_part)


def test_her_evaluation_does_not_end_the_work_for_the_whole_team(client, make_user, anna):
    """Early in a two-month training Anna fills in the evaluation on the assignment page (the
    only form there: 'Evaluatie opslaan en afronden'), to write down how the first sessions
    went. That closes the whole assignment: Bert, who has weeks of sessions to go, and the
    municipality now read 'Afgerond', and it drops off the coordinator's pool overview. An
    expert's evaluation of running work should not end that work for everyone."""
    made = _running_team(make_user, anna)
    assert made.end > TODAY + timedelta(days=30)
    client.force_login(anna.user)
    client.post(reverse("pool:assignment", args=[made.pk]),
                {"action": "close", "rating": "4", "text": "De eerste sessies liepen goed."})
    made.refresh_from_db()
    assert made.evaluations.filter(author=anna.user).exists()  # her evaluation is kept
    assert made.status == Assignment.Status.RUNNING, (
        f"one expert's evaluation set the assignment to {made.get_status_display()!r} for everyone")


# -- curating themes --------------------------------------------------------------------------


def test_merging_a_whole_theme_asks_before_it_is_done(client, make_user, publish):
    """On 'Wachten op hulp' Anna ticks two statements to move them to 'Het loket' but picks
    'Voeg dit hele thema samen met' in the list and presses 'Uitvoeren'. In one click the whole
    theme is gone: her ticks are ignored, and its name, collective statement and Kennisbank page
    disappear (its words survive only in the other theme's history). There is no undo: a split
    makes a new theme, not the old one back. Such a change should ask her to confirm first."""
    publish.backed("wachten-op-hulp", 6, name="Wachten op hulp",
                   insight="Wie lang wacht, raakt de moed kwijt.")
    publish.backed("loket", 5, name="Het loket")
    url = reverse("knowledge:theme", args=["wachten-op-hulp"])
    client.force_login(make_user(Role.NARRATOR, "anna"))
    html = client.get(url).content.decode()
    assert 'value="merge"' in html
    ticked = re.findall(r'name="statements" value="([^"]+)"', html)[:2]
    form = {**_form_fields(html, 'name="form" value="statements"'), "statements": ticked,
            "action": "merge", "target": Theme.objects.get(key="loket").pk}

    client.post(url, form)
    assert Theme.objects.get(key="wachten-op-hulp").active, (
        "one click on 'Uitvoeren' merged the whole theme away, without asking")


# -- her diary and her yes --------------------------------------------------------------------


def test_marking_herself_unavailable_during_work_she_said_yes_to_is_not_silent(client, make_user, anna):
    """Anna said yes to 'Voorlichting bibliotheek'. Later she books a holiday and fills in 'Niet
    beschikbaar van … tot en met …' on her profile, for ten days in the middle of that
    assignment. The page says only 'Je profiel is opgeslagen.': nothing tells her she is still
    on the team in that period, the team and coordinator still count on her, and the matching
    only looks at the period for new work. She should be warned, on saving, that she said yes
    to work in that period (and what to do about it)."""
    made = assignment(org(), title="Voorlichting bibliotheek")
    first, second = sent(made, anna, expert(make_user, "Bert"))
    pool.accept(first)
    pool.accept(second)
    client.force_login(anna.user)
    away_from = made.start + timedelta(days=10)
    response = client.post(reverse("pool:profile"), profile_post(
        anna, blocked_from=str(away_from), blocked_to=str(away_from + timedelta(days=9))), follow=True)
    assert anna.blocked.filter(start=away_from).exists()  # stored
    said = [m for m in _messages(response) if m != "Je profiel is opgeslagen."]
    assert any(made.title in m or re.search(r"ja gezegd|opdracht|team", m, re.I) for m in said), (
        "saved without a word about the assignment she said yes to: " + " | ".join(_messages(response)))


def test_when_a_teammate_pulls_out_she_is_told_what_happened_to_her_yes(client, make_user, anna):
    """Anna said 'Ja, ik doe mee' and kept her Tuesdays free. Then Bert, her teammate, pulls out
    (ill). Her profile now lists the assignment as 'Ingetrokken' and the assignment page says
    'Je zit niet (meer) in het team van deze opdracht.': it reads as if she was taken off the
    team, and nothing says why, that her yes no longer counts, or that a new team is being
    looked for. She should be told that a teammate stopped and the coordinator looks for a new
    team."""
    made = assignment(org(), title="Training wijkteam Oost")
    hers, his = sent(made, anna, expert(make_user, "Bert"))
    client.force_login(anna.user)
    client.post(reverse("pool:respond", args=[hers.pk]), {"action": "accept"})
    pool.decline(his, "Ik ben ziek geworden.")
    hers.refresh_from_db()
    assert hers.status == Proposal.Status.WITHDRAWN

    profile = _main(client.get(reverse("pool:profile")))
    row = profile.split(made.title, 1)[1].split("Over jou", 1)[0]
    page = _main(client.get(reverse("pool:assignment", args=[made.pk])))
    explained = re.compile(r"nieuw team|teamgeno|andere ervaringsdeskundige|iemand (anders )?(uit het team )?"
                           r"(is )?(gestopt|afgezegd)|kon toch niet", re.I)
    assert explained.search(row) or explained.search(page), (
        "she said yes and now only reads: " + row.strip() + " / " + page.split("Team", 1)[-1].strip())


# -- texts ------------------------------------------------------------------------------------


def test_my_stories_without_a_story_yet_says_so(client, anna):
    """Before she told anything, Anna opens 'Mijn verhalen' from the menu. It reads 'Er staan geen
    verhalen meer op deze link.' — as if her stories had been deleted, and about a link she never
    had. It should say she has not told a story yet, and lead to 'Vertel je verhaal'."""
    client.force_login(anna.user)
    response = client.get(reverse("stories:mine"), follow=True)
    page = _main(response)
    assert "meer op deze link" not in page, page
    assert 'href="%s"' % reverse("stories:intake") in response.content.decode().split('<main id="main"', 1)[1]
