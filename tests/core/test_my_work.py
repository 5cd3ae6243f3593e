"""'Mijn werk': what waits for a curator, a coordinator or a peer expert, in one place, with
links into the lists where the work is done. Each line only for who may open its list, only
when something waits; a curator is never told to validate her own words (four eyes)."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meervoud.accounts.models import Role
from meervoud.core.work import has_work, waiting_for
from meervoud.exchange.models import CodingProposal
from meervoud.knowledge import curation
from meervoud.knowledge.models import Theme
from meervoud.knowledge.selectors import waits_for_validation
from meervoud.needs.models import InformationNeed, NeedStatus
from meervoud.pool.models import Assignment, Proposal
from meervoud.practices.models import GoodPractice, PracticeStatus
from meervoud.teaching.models import Contribution, ContributionStatus
from tests.performance.builders import Region

pytestmark = pytest.mark.django_db

URL = "/mijn-werk/"
NOTHING = "Niets wacht op je."


# -- helpers ----------------------------------------------------------------------------------


def _main(response) -> str:
    """The page's own content as text (no menu, no footer)."""
    html = response.content.decode()
    main = re.search(r"(?s)<main[^>]*>(.*)</main>", html).group(1)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))).strip()


def _menu(response) -> str:
    return re.search(r'(?s)<nav aria-label="Hoofdmenu">.*?</nav>', response.content.decode()).group(0)


def _page(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return _main(response)


def _links(client, user) -> list[str]:
    """The addresses of the page's lines."""
    client.force_login(user)
    found = re.search(r'(?s)<ul class="work">.*?</ul>', client.get(URL).content.decode())
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', found.group(0))] if found else []


def _draft_name(key: str, writer) -> Theme:
    """A validated theme that a curator renamed: the new name waits for someone else."""
    theme = Theme.objects.create(key=key, label=key, name=key.title(), validated_at=timezone.now())
    return curation.rename(theme, f"{key.title()} (nieuw)", user=writer)


def _unnamed(key: str) -> Theme:
    return Theme.objects.create(key=key, label="")


def _waiting_elsewhere(region: Region, n: int, start: int = 0) -> None:
    """``n`` more of everything else that waits: research proposals, material for the teaching
    module, unnamed themes, and new names that the region's peer expert wrote."""
    for i in range(start, start + n):
        CodingProposal.objects.create(uploaded_by=region.researcher, file_name=f"project-{i}.qdpx")
        Contribution.objects.create(kind="link", title=f"Les {i}", url="https://example.org",
                                    author=region.narrator_user, author_role="ervaringsdeskundige")
        _unnamed(f"zonder-naam-{i}")
        _draft_name(f"hernoemd-{i}", region.narrator_user)


@pytest.fixture
def region(db):
    # what the migrations seed is published; nothing of it waits
    GoodPractice.objects.filter(status=PracticeStatus.PROPOSED).delete()
    return Region()


@pytest.fixture
def busy(region):
    """A region in which something waits on every list."""
    region.grow(4, "pool", "needs", "practices")  # 2 assignments without a team, 1 question to her
    _waiting_elsewhere(region, 1)
    return region


# -- who sees what ----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "next=/mijn-werk/" in response.url


def test_someone_without_work_reads_that_nothing_waits_even_in_a_busy_region(client, busy):
    page = _page(client, busy.officer)
    assert NOTHING in page
    assert waiting_for(busy.officer) == []


def test_a_coordinator_with_nothing_to_do_reads_that_nothing_waits(client, region):
    assert NOTHING in _page(client, region.coordinator)


def test_a_coordinator_sees_every_list_of_hers_with_its_count(client, busy):
    page = _page(client, busy.coordinator)
    assert NOTHING not in page
    assert "1 thema heeft nog geen naam" in page
    assert "1 thema kun jij valideren" in page
    assert "4 voorstellen voor een goede praktijk wachten op een besluit" in page
    assert "1 voorstel van onderzoekers wacht op een besluit" in page
    assert "4 nieuwe kennisvragen wachten op iemand die ze oppakt" in page
    assert "1 bijdrage aan de lesmodule wacht op een beoordeling" in page
    assert "2 opdrachten hebben nog geen compleet team" in page
    assert "wacht op jouw antwoord" not in page, "she is not in the pool"


def test_a_peer_expert_sees_her_questions_themes_and_proposals_not_the_coordinators_lists(client, busy):
    page = _page(client, busy.narrator_user)
    assert "1 vraag om mee te doen aan een opdracht wacht op jouw antwoord" in page
    assert "1 thema heeft nog geen naam" in page
    assert "kun jij valideren" not in page, "the only new name waiting is her own"
    # peer experts decide on researchers' proposals (exchange.review)
    assert "1 voorstel van onderzoekers wacht op een besluit" in page
    for other in ("goede praktijk", "kennisvra", "lesmodule", "compleet team"):
        assert other not in page


def test_a_researcher_sees_the_new_questions_only(client, busy):
    page = _page(client, busy.researcher)
    assert "4 nieuwe kennisvragen wachten op iemand die ze oppakt" in page
    for other in ("thema", "goede praktijk", "onderzoekers", "lesmodule", "opdracht"):
        assert other not in page, other


def test_a_line_shows_only_when_something_waits(client, busy):
    InformationNeed.objects.update(status=NeedStatus.IN_PROGRESS)
    Contribution.objects.update(status=ContributionStatus.APPROVED)
    page = _page(client, busy.coordinator)
    assert "kennisvra" not in page and "lesmodule" not in page
    assert "compleet team" in page


# -- four eyes --------------------------------------------------------------------------------


def test_a_curators_own_new_name_waits_for_another_curator_not_for_her(client, make_user):
    anna, bert = make_user(Role.NARRATOR, "anna"), make_user(Role.NARRATOR, "bert")
    _draft_name("nachtopvang", anna)
    assert "kun jij valideren" not in _page(client, anna)
    assert "1 thema kun jij valideren" in _page(client, bert)
    # and what it told bert is true: he can validate it
    curation.set_validated(Theme.objects.get(key="nachtopvang"), True, user=bert)
    assert NOTHING in _page(client, bert)


def test_her_own_collective_statement_is_not_counted_for_her_either(client, make_user):
    anna, bert = make_user(Role.NARRATOR, "anna"), make_user(Role.COORDINATOR, "bert")
    theme = Theme.objects.create(key="schulden", label="schulden", validated_at=timezone.now())
    curation.write_insight(theme, "Wat ons hielp: iemand die bleef.", user=anna)
    assert [item.label for item in waiting_for(anna)] == []
    assert [item.label for item in waiting_for(bert)] == ["1 thema kun jij valideren"]


def test_the_count_follows_the_four_eyes_rule_of_validating(make_user):
    """For every theme that waits: counted for a curator exactly when validating would not
    refuse her own words (curation.own_words), sub-theme names she gave included."""
    anna, bert, cor = (make_user(Role.NARRATOR, name) for name in ("anna", "bert", "cor"))
    _draft_name("renamed-by-anna", anna)
    both = Theme.objects.create(key="both", label="both", validated_at=timezone.now())
    curation.rename(both, "Beide (nieuw)", user=anna)
    curation.write_insight(both, "Een nieuwe tekst.", user=bert)
    # a theme validated for the first time publishes its sub-themes' names: anna named one
    top = Theme.objects.create(key="top", label="top")
    curation.write_insight(top, "Wat verteld werd.", user=bert)
    Theme.objects.create(key="top-sub", label="sub", name="Door Anna", name_written_by=anna,
                         parent=top)
    waiting = list(Theme.objects.filter(active=True).filter(waits_for_validation()))
    assert len(waiting) == 4
    for user in (anna, bert, cor):
        expected = sum(1 for theme in waiting if not curation.own_words(theme, user))
        counted = [item.count for item in waiting_for(user) if "valideren" in item.label]
        assert counted == ([expected] if expected else []), user.username
    assert [item.count for item in waiting_for(cor) if "valideren" in item.label] == [4]


def test_a_theme_without_any_name_is_for_naming_not_for_validating(make_user):
    anna, bert = make_user(Role.NARRATOR, "anna"), make_user(Role.NARRATOR, "bert")
    theme = _unnamed("zonder-woorden")
    curation.write_insight(theme, "Wat verteld werd.", user=anna)
    labels = [item.label for item in waiting_for(bert)]
    assert labels == ["1 thema heeft nog geen naam"], "validating it would be refused (Unnamed)"


# -- the pool ---------------------------------------------------------------------------------


def test_a_question_she_can_no_longer_answer_does_not_wait_for_her(client, busy):
    asked = Proposal.objects.get(expert=busy.own_profile, status=Proposal.Status.SENT)
    Assignment.objects.filter(pk=asked.assignment_id).update(status=Assignment.Status.CANCELLED)
    assert "wacht op jouw antwoord" not in _page(client, busy.narrator_user)


def test_running_work_that_lost_someone_needs_a_team_again_and_a_complete_team_does_not(busy):
    def without_team() -> int:
        return next((item.count for item in waiting_for(busy.coordinator)
                     if "compleet team" in item.label), 0)

    assert without_team() == 2  # the one whose team fell apart, and the one not yet asked
    running = Assignment.objects.get(status=Assignment.Status.RUNNING)
    someone = running.proposals.filter(status=Proposal.Status.ACCEPTED).first()
    Proposal.objects.filter(pk=someone.pk).update(status=Proposal.Status.STOPPED)
    assert without_team() == 3
    # an open assignment whose end passed never gets a team: it is history, not work
    Assignment.objects.filter(status=Assignment.Status.OPEN).update(
        start=timezone.localdate() - timedelta(days=30), end=timezone.localdate() - timedelta(days=1))
    assert without_team() == 1


# -- links and menu ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "narrator_user", "researcher", "admin"])
def test_every_link_opens_its_list_for_whoever_sees_it(client, busy, who):
    user = getattr(busy, who)
    links = _links(client, user)
    assert links, f"nothing waits for {who} in a busy region"
    assert len(links) == len(waiting_for(user))
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link


def test_the_theme_links_open_the_filtered_lists(client, busy):
    links = _links(client, busy.coordinator)
    assert f"{reverse('knowledge:themes')}?zonder_naam=1" in links
    assert f"{reverse('knowledge:themes')}?te_valideren=1" in links
    assert f"{reverse('needs:list')}?status=open" in links


@pytest.mark.parametrize("role", [Role.NARRATOR, Role.COORDINATOR, Role.POLICY_OFFICER,
                                  Role.RESEARCHER, Role.ADMINISTRATOR])
def test_the_menu_offers_mijn_werk_to_exactly_those_with_work(client, make_user, role):
    user = make_user(role)
    client.force_login(user)
    menu = _menu(client.get(reverse("core:home")))
    assert (f'href="{URL}"' in menu) == has_work(user)
    assert has_work(user) == (role != Role.POLICY_OFFICER)


def test_the_menu_has_no_mijn_werk_for_anonymous_visitors(client):
    assert URL not in _menu(client.get(reverse("core:home")))


# -- queries ----------------------------------------------------------------------------------

SMALL, BIG = 3, 12
ALLOWANCE = 2


def _queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_page_runs_as_many_queries_with_four_times_the_work(client, region):
    region.grow(SMALL, "pool", "needs", "practices")
    _waiting_elsewhere(region, SMALL)
    small = {who: _queries(client, getattr(region, who)) for who in ("coordinator", "narrator_user")}
    region.grow(BIG - SMALL, "pool", "needs", "practices")
    _waiting_elsewhere(region, BIG - SMALL, start=SMALL)
    page = _page(client, region.coordinator)
    assert "12 voorstellen voor een goede praktijk" in page, "the region did grow"
    for who, before in small.items():
        after = _queries(client, getattr(region, who))
        assert after <= before + ALLOWANCE, f"{who}: {before} queries, then {after}"
