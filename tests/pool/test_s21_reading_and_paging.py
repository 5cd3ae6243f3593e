"""Session 21 in the pool: pages that only read, work recorded as running by the worker on its
start date, finished work a page at a time, and the matching's input read for the whole pool
at once (tests/performance/test_review_s21_queries.py counts the queries; these pin what the
pages show and that the matching sees exactly what it saw before)."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from meervoud import matching
from meervoud.accounts.models import Role
from meervoud.pool import selectors, services
from meervoud.pool.models import Assignment, Evaluation, Exclusion, ExpertProfile, Proposal

from tests.conftest import run_background_tasks
from tests.pool.builders import TODAY, assignment, expert, officer_of, org, sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(make_user):
    municipality = org()
    work = assignment(municipality, "Training wijkteam Oost")
    return work, expert(make_user, "Anna"), expert(make_user, "Bert")


def _stored(work) -> str:
    return Assignment.objects.filter(pk=work.pk).values_list("status", flat=True).get()


def _complete(work, *profiles, capture=None):
    for proposal in sent(work, *profiles):
        if capture is None:
            services.accept(proposal)
        else:
            with capture(execute=True):
                services.accept(proposal)


def _begun(work, days=7):
    Assignment.objects.filter(pk=work.pk).update(start=TODAY - timedelta(days=days))
    work.refresh_from_db()


def _pool_writes(queries) -> list[str]:
    """Writes to the pool's own tables; the audit log may note that someone looked."""
    return [q["sql"] for q in queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
            and "pool_" in q["sql"]]


# -- the worker records work as running on its start date --------------------------------


def test_the_last_yes_queues_the_record_for_the_first_day(team, django_capture_on_commit_callbacks):
    work, anna, bert = team
    _complete(work, anna, bert, capture=django_capture_on_commit_callbacks)
    (queued,) = DBTaskResult.objects.filter(task_path__endswith="record_started_work")
    assert queued.run_after == timezone.make_aware(datetime.combine(work.start, time.min))
    run_background_tasks()  # not its day yet: it waits
    assert _stored(work) == Assignment.Status.FILLED
    assert DBTaskResult.objects.get(pk=queued.pk).status == "READY"
    # the first day came
    _begun(work, days=0)
    DBTaskResult.objects.filter(pk=queued.pk).update(run_after=timezone.now() - timedelta(seconds=1))
    run_background_tasks()
    assert _stored(work) == Assignment.Status.RUNNING
    assert DBTaskResult.objects.get(pk=queued.pk).status == "SUCCESSFUL"


def test_a_team_complete_after_its_start_date_is_recorded_at_once(
        team, django_capture_on_commit_callbacks):
    work, anna, bert = team
    _begun(work)
    _complete(work, anna, bert, capture=django_capture_on_commit_callbacks)
    run_background_tasks()
    assert _stored(work) == Assignment.Status.RUNNING


def test_a_team_that_fell_apart_before_the_day_is_not_started_by_the_worker(
        team, django_capture_on_commit_callbacks):
    work, anna, bert = team
    _complete(work, anna, bert, capture=django_capture_on_commit_callbacks)
    services.decline(work.proposals.get(expert=bert), "Ziek geworden")
    _begun(work, days=0)
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))
    run_background_tasks()
    assert _stored(work) == Assignment.Status.OPEN


def test_a_yes_that_is_rolled_back_queues_nothing(team, django_capture_on_commit_callbacks):
    work, anna, bert = team
    first, second = sent(work, anna, bert)
    services.accept(first)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            from django.db import transaction

            with transaction.atomic():
                services.accept(second)
                raise RuntimeError("the request failed after the yes")
    assert not DBTaskResult.objects.filter(task_path__endswith="record_started_work").exists()


# -- pages read work whose start date came as running, and write nothing --------------------


@pytest.fixture
def due(team, make_user):
    """A complete team whose training began a week ago; nobody pressed start, the worker has
    not run."""
    work, anna, bert = team
    _begun(work)
    _complete(work, anna, bert)
    assert _stored(work) == Assignment.Status.FILLED
    return work, anna, bert


def _raw_row(html: str, title: str) -> str:
    return next(r for r in re.findall(r"(?s)<tr>.*?</tr>", html) if title in r)


def _row(html: str, title: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", _raw_row(html, title)))


def test_every_pool_page_shows_due_work_as_running_without_writing(client, due, make_user):
    work, anna, _bert = due
    coordinator = make_user(Role.COORDINATOR, "coordinator")
    asker = officer_of(make_user, work.organisation)
    pages = [  # the expert's own page shows her yes, not the assignment's status
        (coordinator, reverse("pool:overview"), "Loopt"),
        (coordinator, reverse("pool:assignments"), "Loopt"),
        (asker, reverse("pool:assignments"), "Loopt"),
        (coordinator, reverse("pool:assignment", args=[work.pk]), "Loopt"),
        (coordinator, reverse("pool:experts"), "(loopt)"),
        (anna.user, reverse("pool:profile"), "Geaccepteerd"),
    ]
    for user, url, shown in pages:
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert shown in response.content.decode(), url
        assert _pool_writes(queries.captured_queries) == [], url
    assert _stored(work) == Assignment.Status.FILLED


def test_the_overview_and_the_list_name_it_running(client, due, make_user):
    work, _anna, _bert = due
    client.force_login(make_user(Role.COORDINATOR, "coordinator"))
    assert "Loopt" in _row(client.get(reverse("pool:overview")).content.decode(), work.title)
    row = _row(client.get(reverse("pool:assignments")).content.decode(), work.title)
    assert "Loopt" in row and "Team compleet" not in row


def test_the_detail_page_offers_closing_not_starting_or_cancelling(client, due, make_user):
    work, _anna, _bert = due
    client.force_login(make_user(Role.COORDINATOR, "coordinator"))
    page = client.get(reverse("pool:assignment", args=[work.pk])).content.decode()
    assert "Evaluatie opslaan en afronden" in page
    assert 'value="start"' not in page and 'value="cancel"' not in page


def test_the_expert_cannot_say_no_on_her_page_any_more(client, due):
    work, anna, _bert = due
    client.force_login(anna.user)
    page = client.get(reverse("pool:profile")).content.decode()
    row = _raw_row(page, work.title)
    assert "Geaccepteerd" in row and 'value="decline"' not in row


def test_an_action_records_it_first(client, due, make_user):
    """A POST may write: stopping an expert in work that began keeps the other, as it did when
    the start was recorded."""
    work, _anna, bert = due
    client.force_login(make_user(Role.COORDINATOR, "coordinator"))
    proposal = work.proposals.get(expert=bert)
    client.post(reverse("pool:assignment", args=[work.pk]),
                {"action": "stop", "proposal": proposal.pk, "stop_reason": "Verhuisd"})
    assert _stored(work) == Assignment.Status.RUNNING
    assert work.proposals.filter(status=Proposal.Status.ACCEPTED).count() == 1


def test_a_change_refused_for_due_work_says_it_runs(client, due, make_user):
    work, _anna, _bert = due
    assert selectors.why_unchangeable(work) == (
        "Deze opdracht loopt al of is afgerond, dus aanpassen kan niet meer.")


# -- finished and cancelled work, a page at a time -------------------------------------------


def _finished(organisation, count: int) -> list[Assignment]:
    start = TODAY - timedelta(days=800)
    return Assignment.objects.bulk_create([
        Assignment(title=f"Klaar {i:03d}", description="Klaar.", organisation=organisation,
                   activity="training", level="micro", hours_per_week=2,
                   start=start + timedelta(days=i), end=start + timedelta(days=i + 10),
                   status=Assignment.Status.CLOSED if i % 2 else Assignment.Status.CANCELLED)
        for i in range(count)])


def _shown(html: str) -> list[str]:
    return re.findall(r">(Klaar \d{3})<", html)


def test_finished_work_comes_a_hundred_at_a_time_the_latest_first(client, make_user):
    municipality = org()
    _finished(municipality, 230)
    on = assignment(municipality, "Loopt nog")
    client.force_login(make_user(Role.COORDINATOR, "coordinator"))
    url = reverse("pool:assignments")

    first = client.get(url).content.decode()
    assert _shown(first) == [f"Klaar {i:03d}" for i in range(229, 129, -1)]
    assert "Pagina 1 van 3" in first and "Vorige" not in first
    assert 'href="?pagina=2#afgerond"' in first and "Volgende" in first
    assert reverse("pool:assignment", args=[on.pk]) in first  # the work that is on: always

    second = client.get(url, {"pagina": 2}).content.decode()
    assert _shown(second)[0] == "Klaar 129" and len(_shown(second)) == 100
    assert 'href="?pagina=1#afgerond"' in second and 'href="?pagina=3#afgerond"' in second
    assert reverse("pool:assignment", args=[on.pk]) in second

    last = client.get(url, {"pagina": 3}).content.decode()
    assert _shown(last) == [f"Klaar {i:03d}" for i in range(29, -1, -1)]
    assert "Pagina 3 van 3" in last and "Volgende" not in last


@pytest.mark.parametrize("asked, page", [("99", 2), ("abc", 1), ("-1", 2), ("", 1)])
def test_a_page_number_that_does_not_exist_shows_a_page_that_does(client, make_user, asked, page):
    _finished(org(), 150)
    client.force_login(make_user(Role.COORDINATOR, "coordinator"))
    response = client.get(reverse("pool:assignments"), {"pagina": asked})
    assert response.status_code == 200
    assert f"Pagina {page} van 2" in response.content.decode()


def test_a_short_history_has_no_paging(client, make_user):
    _finished(org(), 3)
    client.force_login(make_user(Role.COORDINATOR, "coordinator"))
    html = client.get(reverse("pool:assignments")).content.decode()
    assert len(_shown(html)) == 3 and "Pagina" not in html


def test_a_municipality_pages_only_its_own_history(client, make_user):
    ours, theirs = org(), org("Gemeente Zwolle (review)", "Zwolle")
    _finished(ours, 120)
    Assignment.objects.create(title="Klaar 999", description="Niet van ons.", organisation=theirs,
                              activity="training", level="micro", hours_per_week=2,
                              start=TODAY - timedelta(days=30), end=TODAY - timedelta(days=1),
                              status=Assignment.Status.CLOSED)
    client.force_login(officer_of(make_user, ours))
    pages = [client.get(reverse("pool:assignments"), {"pagina": n}).content.decode()
             for n in (1, 2)]
    shown = [title for page in pages for title in _shown(page)]
    assert len(shown) == 120 and "Klaar 999" not in shown


def test_finished_work_keeps_its_evaluations_on_the_page(client, make_user):
    municipality = org()
    done = _finished(municipality, 1)[0]
    Assignment.objects.filter(pk=done.pk).update(status=Assignment.Status.CLOSED)
    Evaluation.objects.create(assignment=done, side=Evaluation.Side.CLIENT, rating=2, text="Matig.")
    never = assignment(municipality, "Nooit een team", start=TODAY - timedelta(days=20), days=10)
    client.force_login(make_user(Role.COORDINATOR, "coordinator"))
    html = client.get(reverse("pool:assignments")).content.decode()
    row = _row(html, "Klaar 000")
    assert "Opdrachtgever: 2 van 5" in row and "bespreek dit met het team" in row
    assert "Voorbij zonder team" in _row(html, never.title)
    assert html.index("Afgerond of geannuleerd") < html.index(never.title)


# -- the matching sees the same experts, read for the whole pool at once --------------------


def _one_by_one(profile: ExpertProfile) -> matching.Expert:
    """How the matching's input was read before session 21: query by query, per expert."""
    declined = set(profile.proposals.filter(status__in=selectors.SAID_NO)
                   .values_list("assignment_id", flat=True))
    commitments = tuple(Proposal.objects.filter(
        expert=profile, status__in=selectors.COMMITTED,
        assignment__status__in=[Assignment.Status.OPEN, Assignment.Status.FILLED,
                                Assignment.Status.RUNNING],
        assignment__end__gte=timezone.localdate(),
    ).values_list("assignment__start", "assignment__end", "assignment__hours_per_week").order_by(
        "assignment__start", "assignment__end", "assignment__hours_per_week"))
    return matching.Expert(
        id=str(profile.pk), domains=frozenset(profile.domains.values_list("slug", flat=True)),
        roles=frozenset(profile.roles), activities=frozenset(profile.activities),
        levels=frozenset(profile.levels), languages=frozenset(profile.languages or ["nl"]),
        home=profile.home.cbs_code, max_km=float(profile.max_km),
        hours_per_week=float(profile.hours_per_week), commitments=commitments,
        blocked=tuple((period.start, period.end) for period in profile.blocked.all()),
        paid_ok=profile.paid, volunteer_ok=profile.volunteer, has_intervision=profile.intervision,
        organisation=str(profile.organisation_id) if profile.organisation_id else None,
        excluded_assignments=frozenset(str(pk) for pk in profile.exclusions.values_list(
            "assignment_id", flat=True)),
        declined=frozenset(str(pk) for pk in declined),
        past_assignments=profile.proposals.filter(status=Proposal.Status.ACCEPTED).count())


def test_the_pool_read_at_once_is_the_pool_read_expert_by_expert(demo_pool, make_user):
    municipality = org()
    anna, bert, cor = (expert(make_user, name) for name in ("Anna", "Bert", "Cor"))
    busy = [assignment(municipality, f"Bezig {i}", start=TODAY + timedelta(days=i), hours=2)
            for i in (3, 1, 2)]
    for work in busy:
        for proposal in sent(work, anna, bert):
            proposal.status = Proposal.Status.ACCEPTED
            proposal.save()
    said_no = assignment(municipality, "Nee gezegd")
    Proposal.objects.create(assignment=said_no, expert=cor, status=Proposal.Status.DECLINED)
    Proposal.objects.create(assignment=busy[0], expert=cor, status=Proposal.Status.STOPPED)
    Exclusion.objects.create(expert=bert, assignment=said_no)
    anna.blocked.create(start=TODAY + timedelta(days=40), end=TODAY + timedelta(days=50))

    at_once = services.to_experts(services.matching_profiles())
    before = {str(p.pk): _one_by_one(p) for p in ExpertProfile.objects.all()}
    assert at_once == before
    assert list(at_once) == [str(p.pk) for p in ExpertProfile.objects.all()]  # same order
    assert at_once[str(anna.pk)].past_assignments == 3
    assert len(at_once[str(anna.pk)].commitments) == 3
    assert at_once[str(cor.pk)].declined == {str(said_no.pk), str(busy[0].pk)}


def test_her_data_download_names_due_work_running_as_the_pages_do(client, due, make_user):
    """The officer's "what we store about me" download said "Team compleet" for work her pages
    call running: one answer about her own data, wherever she reads it."""
    work, _anna, _bert = due
    officer = officer_of(make_user, work.organisation)
    Assignment.objects.filter(pk=work.pk).update(posted_by=officer)
    client.force_login(officer)
    data = client.get(reverse("accounts:my_data")).json()
    mine = [item for item in data["opdrachten_geplaatst"] if item["titel"] == work.title]
    assert [item["status"] for item in mine] == ["Loopt"]
    assert _stored(work) == Assignment.Status.FILLED
