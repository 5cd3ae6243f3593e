"""A coordinator's weeks in Meervoud (session 16 journey review).

She imports stories and handles a narrator's phone call, curates themes and checks what gets
published, answers municipalities' knowledge questions, moderates the teaching module, keeps the
pool up to date and takes assignments from matching to evaluation, including an expert who says
no or pulls out after a yes. Each test is one place where the app hurts her; all go through the
pages with the test client, as she would.
"""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import formats

from meervoud.accounts.models import Role
from meervoud.knowledge.models import Theme
from meervoud.needs.models import NeedStatus
from meervoud.pool import services as pool
from meervoud.pool.models import Assignment, BlockedPeriod, Proposal
from meervoud.teaching import services as teaching
from meervoud.teaching.models import Contribution, ContributionStatus

from tests.needs.test_review_questionnaire import stored_need
from tests.pool.builders import TODAY, assignment, expert, org, sent

pytestmark = pytest.mark.django_db


# -- helpers ----------------------------------------------------------------------------------


def _main(response) -> str:
    """The page's own content (no menu, no footer), as text."""
    html = response.content.decode()
    html = html.split('<main id="main"', 1)[-1].split("</main>", 1)[0]
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _links(response) -> list[str]:
    html = response.content.decode()
    return [unescape(href) for href in re.findall(r'<a\b[^>]*href="([^"]+)"', html)]


def _row_of(response, table_id: str, title: str) -> str:
    """The text of the row of a table that names ``title``."""
    html = response.content.decode()
    if table_id:
        html = html.split(f'id="{table_id}"', 1)[1]
    html = html.split("</table>", 1)[0]
    for row in re.findall(r"(?s)<tr>.*?</tr>", html):
        if title in row:
            return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)))
    raise AssertionError(f"no row for {title!r}")


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR, "coordinator-noord")


def _accepted_team(make_user, *, status=Assignment.Status.FILLED, title="Training wijkteam Oost"):
    """An assignment whose team of two (Anna, Bert) said yes."""
    made = assignment(org(), title=title)
    anna, bert = expert(make_user, "Anna"), expert(make_user, "Bert")
    first, second = sent(made, anna, bert)
    pool.accept(first)
    pool.accept(second)
    Assignment.objects.filter(pk=made.pk).update(status=status)
    made.refresh_from_db()
    return made, first, second


# -- the pool: assignments from matching to evaluation ---------------------------------------


def test_a_closed_assignment_can_still_be_found_from_the_pool_pages(client, make_user, coordinator):
    """She closes a finished assignment with her evaluation. A month later the municipality asks
    how it went; she opens 'Pool' but the assignment has left the overview, and neither the
    overview nor the pages it links to (the pool, the experts) lead to it again: the evaluation
    is out of her reach. From the pool pages she should still reach finished assignments."""
    made, *_ = _accepted_team(make_user, status=Assignment.Status.RUNNING)
    page = reverse("pool:assignment", args=[made.pk])
    client.force_login(coordinator)
    client.post(page, {"action": "close", "rating": "4", "text": "Goed gegaan, wijkteam tevreden."})
    made.refresh_from_db()
    assert made.status == Assignment.Status.CLOSED

    overview = client.get(reverse("pool:overview"))
    reachable = set(_links(overview))
    for link in list(reachable):  # one click further, within the pool
        if link.startswith("/pool/") and link != reverse("pool:overview"):
            reachable |= set(_links(client.get(link)))
    assert page in {urlsplit(link).path for link in reachable}


def test_starting_an_assignment_says_that_it_started(client, make_user, coordinator):
    """The team said yes and the first training day was today, so she presses 'Opdracht is
    gestart'. The page comes back without a word: no confirmation that it worked. Every other
    action on the page (send, cancel, evaluate) confirms; this one should too."""
    made, *_ = _accepted_team(make_user)
    client.force_login(coordinator)
    response = client.post(reverse("pool:assignment", args=[made.pk]), {"action": "start"})
    made.refresh_from_db()
    assert made.status == Assignment.Status.RUNNING
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said, "no message after 'Opdracht is gestart'"


def test_no_send_button_when_there_is_no_proposed_team(client, make_user, coordinator):
    """Bert said yes and then pulled out (ill), so the team went back to the matching. She opens
    the assignment: it still offers 'Stuur het voorstel naar het team'. She presses it and reads
    'Dat kan nu niet bij deze opdracht.', with no hint what to do instead. A button that cannot
    work should not be offered; the page should point her to finding a new team."""
    made, first, second = _accepted_team(make_user)
    pool.decline(second, "Ik ben ziek geworden.")
    made.refresh_from_db()
    assert made.status == Assignment.Status.OPEN
    assert not made.proposals.filter(status=Proposal.Status.PROPOSED).exists()
    client.force_login(coordinator)
    page = client.get(reverse("pool:assignment", args=[made.pk])).content.decode()
    assert 'value="send"' not in page, "a send button without a team to send"


def test_the_pool_overview_shows_that_an_expert_pulled_out(client, make_user, coordinator):
    """Bert accepted the training and then pulled out; the site told him 'De coördinator zoekt
    een nieuw team'. But her desk, the pool overview, shows the assignment as a plain 'Open' with
    an empty team, exactly like one nobody was ever asked for: nothing tells her someone dropped
    out and that she should find a new team (and call Bert). The overview should say so."""
    made, first, second = _accepted_team(make_user)
    untouched = assignment(made.organisation, title="Voorlichting jongerenwerk")
    pool.decline(second, "Ik ben ziek geworden.")
    client.force_login(coordinator)
    overview = client.get(reverse("pool:overview"))
    pulled_out = _row_of(overview, "", made.title)
    never_asked = _row_of(overview, "", untouched.title)
    assert re.sub(r".*?Groningen", "", never_asked).strip() == "Open"  # nobody asked: just 'Open'
    assert "Bert" in pulled_out or re.search(
        r"afgezegd|afgewezen|gestopt|teruggetrokken|ingetrokken|nee gezegd|opnieuw", pulled_out, re.I), (
        "an assignment someone pulled out of looks like one nobody was asked for: " + pulled_out)


def test_the_coordinator_can_handle_an_expert_who_stops_during_running_work(client, make_user, coordinator):
    """Anna's training has started when she falls ill. Her pool page tells her 'Deze opdracht
    loopt al. Wil je stoppen? Bespreek het met de coördinator.' She phones the coordinator, who
    opens the assignment and finds nothing to act with: no way to record that Anna stops, and a
    running assignment cannot be cancelled. Only closing it as if it went fine is left. The
    coordinator's page should offer a way to take Anna off the team."""
    made, anna_yes, bert_yes = _accepted_team(make_user, status=Assignment.Status.RUNNING)
    client.force_login(anna_yes.expert.user)
    said = client.post(reverse("pool:respond", args=[anna_yes.pk]),
                       {"action": "decline", "reason": "Ik ben ziek geworden."}, follow=True)
    assert "Bespreek het met de coördinator" in _main(said)

    client.force_login(coordinator)
    page = client.get(reverse("pool:assignment", args=[made.pk])).content.decode()
    controls = re.findall(r"(?s)<form\b.*?</form>", page) + re.findall(r"<a\b[^>]*>", page)
    about_anna = [c for c in controls if f'value="{anna_yes.pk}"' in c
                  or re.search(rf'(href|action)="[^"]*/{anna_yes.pk}/[^"]*"', c)
                  and reverse("pool:assignment", args=[made.pk]) not in c]
    assert about_anna, "no control on the coordinator's page for the expert who has to stop"


def test_the_coordinator_sees_an_experts_unavailable_periods(client, make_user, coordinator):
    """Anna phoned in March to say she is away 1-14 April; later she can come after all. The
    coordinator opens Anna's profile to check: the page lets her add a 'niet beschikbaar' period
    but does not show the ones Anna has, so she cannot see why the matching passes Anna over,
    nor remove the period. The profile page should list Anna's unavailable periods."""
    anna = expert(make_user, "Anna")
    start, end = TODAY + timedelta(days=40), TODAY + timedelta(days=54)
    BlockedPeriod.objects.create(expert=anna, start=start, end=end)
    client.force_login(coordinator)
    page = _main(client.get(reverse("pool:expert_edit", args=[anna.pk])))
    shown = {formats.date_format(start), formats.date_format(start, "SHORT_DATE_FORMAT"),
             start.isoformat()}
    assert any(form in page for form in shown), "Anna's unavailable period is not on her profile page"


# -- stories: a narrator phones ----------------------------------------------------------------


def test_after_removing_a_story_for_a_narrator_her_search_is_kept(client, coordinator, publish):
    """A narrator phones: take both my stories out. She searches the pseudonym on /verhalen/,
    opens the first story and removes it 'Namens de verteller'. She lands on the whole story
    list: the search is gone, and she has to type the pseudonym again to find the second story.
    After acting for a narrator she should come back to that narrator's stories."""
    first = publish.statement("ervaring-wachtlijst", "V-TEL-0042").story
    second = publish.statement("ervaring-wachtlijst", "V-TEL-0042").story
    other = publish.statement("ervaring-wachtlijst", "V-ANDER-0007").story
    client.force_login(coordinator)
    found = client.get(reverse("stories:list"), {"verteller": "v-tel-0042"})
    links = [link for link in _links(found) if re.fullmatch(r"/verhalen/\d+/", link)]
    assert sorted(links) == sorted(reverse("stories:detail", args=[s.pk]) for s in (first, second))

    after = client.post(reverse("stories:detail", args=[first.pk]),
                        {"what": "delete", "asked": "on"}, follow=True)
    assert after.status_code == 200
    listed = set(_links(after))
    assert reverse("stories:detail", args=[second.pk]) in listed
    assert reverse("stories:detail", args=[other.pk]) not in listed, (
        "back on the whole list: the pseudonym search is forgotten")


# -- knowledge: what gets published ---------------------------------------------------------------


def test_a_validated_theme_that_is_not_published_says_so(client, coordinator, publish):
    """With the peer experts she validates 'Wachten op hulp'. The theme page now reads
    'gevalideerd', so she expects it in the public Kennisbank; but it rests on 3 narrators, fewer
    than the 5 the Kennisbank needs, and it does not appear there. The curation page never says
    that. It should tell her the theme is not (yet) published and why."""
    publish.backed("wachten-op-hulp", 3, validated=False)
    theme = Theme.objects.get(key="wachten-op-hulp")
    client.force_login(coordinator)
    page = reverse("knowledge:theme", args=[theme.key])
    client.post(page, {"form": "validate"})
    theme.refresh_from_db()
    assert theme.validated
    assert client.get(reverse("publication:theme", args=[theme.key])).status_code == 404  # not public

    text = _main(client.get(page)).lower()
    assert re.search(r"niet\s+(\w+\s+){0,3}(gepubliceerd|openbaar|in de kennisbank)", text), (
        "the page says 'gevalideerd' but not that the theme is not in the Kennisbank")


# -- knowledge questions of municipalities ------------------------------------------------------


def test_a_note_typed_with_status_in_behandeling_is_not_thrown_away(client, coordinator):
    """A municipality's question is 'In behandeling'. She writes in the note what is planned
    ('Workshop op 12 maart met twee ervaringsdeskundigen') and saves. The page says 'Er is niets
    veranderd.' and her note is gone: a note is only kept with 'Beantwoord', and nobody tells
    her. What she typed should be kept, or she should be told why it cannot be."""
    need = stored_need("Groningen", ["armoede-schulden"], status=NeedStatus.IN_PROGRESS)
    note = "Workshop op 12 maart met twee ervaringsdeskundigen"
    client.force_login(coordinator)
    after = client.post(reverse("needs:detail", args=[need.pk]),
                        {"status": NeedStatus.IN_PROGRESS, "answer_note": note}, follow=True)
    need.refresh_from_db()
    assert note in _main(after) or need.answer_note == note, (
        "the note she typed is silently dropped: " + " | ".join(
            str(m) for m in after.context["messages"]))


# -- the teaching module ------------------------------------------------------------------------------


def test_an_approved_contribution_can_be_taken_offline(client, coordinator, make_user, settings, tmp_path):
    """She approved a teacher's role-play description. A week later a student writes that she is
    recognisable in it. On the moderation page the contribution is only listed as 'Gepubliceerd',
    with nothing to act on, and deciding again is refused ('Hierover is al besloten'). A
    moderator must be able to take published material offline again, with a reason."""
    settings.MEERVOUD_UPLOAD_DIR = tmp_path / "uploads"
    teacher = make_user(Role.RESEARCHER, "docent-hanze")
    shared = teaching.share(author=teacher, data={
        "kind": "tekst", "title": "Rollenspel keukentafelgesprek", "author_role": "docent",
        "text": "Zo speelden wij het gesprek na in de les."})
    client.force_login(coordinator)
    moderation = reverse("teaching:moderation")
    client.post(moderation, {"contribution": shared.pk, "decision": "approve"})
    assert Contribution.objects.get(pk=shared.pk).status == ContributionStatus.APPROVED
    assert shared.title in _main(client.get(reverse("teaching:module")))

    client.post(moderation, {"contribution": shared.pk, "decision": "offline",  # 'Offline halen'
                             f"c{shared.pk}-note": "Een student is herkenbaar; offline gehaald."})
    assert shared.title not in _main(client.get(reverse("teaching:module"))), (
        "published material cannot be taken offline by a moderator")
