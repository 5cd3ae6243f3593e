"""Meervoud after a year of real use in a region (session 21 review: database queries).

Thousands of stories, hundreds of narrators, more than a hundred peer experts in the pool,
hundreds of assignments and information needs. Coordinators, peer experts, policy officers and
researchers open their pages every day. A page that runs a query per row of its list (an N+1)
is fast in the demo and slow, then unusable, in a region: the same page with four times the rows
must run (about) the same number of queries. A list that a real user would have in the
thousands must come a page at a time.

Each query test builds the region at one size (``tests/performance/builders.py``), counts the
queries of one request with ``CaptureQueriesContext``, grows the region to four times that size
and counts again. The docstrings give the counts measured on the code as it is, and the query
that is repeated per row. An allowance of two queries covers a constant extra (a page link).
"""

import collections
import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meervoud.pool.models import Assignment, Proposal

from tests.performance.builders import Region

pytestmark = pytest.mark.django_db

SMALL, BIG = 3, 12  # the region, and the same region four times as big
ALLOWANCE = 2


# -- helpers ----------------------------------------------------------------------------------


def _shape(sql: str) -> str:
    """A query without its numbers and strings: the same query for another row looks the same."""
    return re.sub(r"\b\d+(\.\d+)?\b", "N", re.sub(r"'[^']*'", "'…'", sql))


def _measure(client, method: str, url: str, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, **kwargs)
    return response, [query["sql"] for query in captured.captured_queries]


def _grown(small: list[str], big: list[str]) -> str:
    """The queries the bigger region repeats more often: the query run per row."""
    before = collections.Counter(map(_shape, small))
    after = collections.Counter(map(_shape, big))
    lines = [f"  {before[sql]} -> {count}×  {sql[:160]}" for sql, count in after.most_common()
             if count > before[sql]]
    return "\n".join(lines[:6])


def _assert_constant(small: list[str], big: list[str], what: str) -> None:
    assert len(big) <= len(small) + ALLOWANCE, (
        f"{what}: {len(small)} queries for {SMALL} rows, {len(big)} for {BIG} rows; repeated:\n"
        + _grown(small, big))


def _writes(queries: list[str]) -> list[str]:
    return [sql for sql in queries
            if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


@pytest.fixture
def region(db):
    return Region()


# -- 1. the gap view: queries per need and life domain ---------------------------------------


def test_the_gap_view_runs_queries_for_every_life_domain_of_every_need(client, region):
    """The learning network's gap view (``needs:gaps``, /behoeften/kloof/): which questions of
    municipalities have no knowledge yet.

    Now: for every need and every life domain it names, ``needs.selectors.need_gaps`` asks
    ``published_practices(municipality=…, domain_slugs=[…])[:5]`` again: one query for the
    practices, four for their prefetched domains, municipalities, regions and provinces, and
    the withheld-practices stamp (``SELECT COUNT(practices_goodpractice.id), MAX(updated_at)``),
    even when the municipality and life domain are the same as the need before. ``area_gaps``
    does the same per region and life domain. Measured: 3 needs (2 life domains each) 90
    queries, 12 needs 191 queries; the practices query 6 -> 24 times, each of its four
    ``_prefetch_related_val_goodpractice_id`` queries as often, the stamp 8 -> 26 times. With
    the region's hundreds of needs the page runs thousands of queries and times out for the
    coordinator who opens it to plan the network's work.

    Should: the same number of queries however many needs there are: the published practices
    read once (or once per municipality and life domain, kept in a dict as ``_Knowledge`` already
    does for themes) and matched in Python. Fix in ``meervoud/needs/selectors.py``
    (``need_gaps``, ``area_gaps``)."""
    region.grow(SMALL, "needs", "practices")
    client.force_login(region.coordinator)
    response, small = _measure(client, "get", reverse("needs:gaps"))
    assert response.status_code == 200
    region.grow(BIG - SMALL, "needs", "practices")
    response, big = _measure(client, "get", reverse("needs:gaps"))
    assert response.status_code == 200
    _assert_constant(small, big, "the gap view")


# -- 2. proposing teams: queries per expert ---------------------------------------------------


def test_proposing_teams_runs_five_queries_for_every_expert_in_the_pool(client, region):
    """The coordinator's daily button on the pool overview, "Stel teams voor voor alle open
    opdrachten" (POST ``pool:overview``), with the same open assignments and a growing pool.

    Now: ``pool.services.to_expert`` turns each available expert into the matching's input with
    five queries of its own: the expert's life domains (``profile.domains.values_list``,
    although ``propose_teams`` prefetched them), the assignments they declined, their
    commitments, their exclusions (``profile.exclusions.values_list``, prefetched as well) and a
    count of their accepted proposals. Measured: a pool of 7 experts 70 queries, a pool of 25
    experts 160 queries (each of ``… WHERE pool_proposal.expert_id = N``, ``pool_exclusion.
    expert_id = N``, ``pool_expertprofile_domains.expertprofile_id = N`` 9 -> 27 times). With
    the region's 100+ experts one click costs 500+ queries before the solver even starts, inside
    the request the coordinator waits for.

    Should: the same number of queries however large the pool: the domains and exclusions from
    the prefetch, and the declined assignments, commitments and accepted counts of all experts
    read in one grouped query each. Fix in ``meervoud/pool/services.py`` (``to_expert``,
    ``_commitments``, ``propose_teams``)."""
    region.grow(SMALL, "pool")  # 3 assignments (one open, to match) and 7 experts
    client.force_login(region.coordinator)
    url = reverse("pool:overview")
    assert client.post(url).status_code == 302  # the first round; the measured ones replace it
    response, small = _measure(client, "post", url)
    assert response.status_code == 302
    region.grow(BIG - SMALL, "experts")  # 18 more experts, the same assignments
    response, big = _measure(client, "post", url)
    assert response.status_code == 302
    _assert_constant(small, big, "proposing teams")


# -- 3. the municipal report: queries per theme and quote ----------------------------------


def test_the_municipal_report_runs_queries_for_every_theme_and_every_quote(client, region):
    """The report "Wat ervaringsdeskundigen weten … in gemeente Groningen"
    (``publication:report``, /kennisbank/rapport/Groningen/, and its PDF and DOCX), open to
    everyone and made for every municipality.

    Now: ``publication.selectors.published_themes(with_quotes=True)`` runs ``_quotes`` per
    published theme: a query for the stories that allow quoting, a query for the theme's
    statements, and ``_still_in_story`` a query per quote (``SELECT stories_story.text … WHERE
    id = N``). Measured (first reader after a change; the result is cached per worker only until
    the next consent change, curation or analysis, and per municipality): 3 themes 61 queries,
    12 themes 120 queries (the story-text query 15 -> 60 times, the other two 3 -> 12). A
    region with dozens of themes pays hundreds of queries per report, per municipality, per
    worker.

    Should: a constant number of queries: the quotable story ids and the candidate statements of
    all themes read in one query each, and the texts to check read in one ``in_bulk``. Fix in
    ``meervoud/publication/selectors.py`` (``_compute``, ``_quotes``, ``_still_in_story``)."""
    region.grow(SMALL, "themes")
    url = reverse("publication:report", args=["Groningen"])
    response, small = _measure(client, "get", url)
    assert response.status_code == 200
    region.grow(BIG - SMALL, "themes")
    response, big = _measure(client, "get", url)
    assert response.status_code == 200
    assert f"Thema {BIG}" in _text(response.content.decode())  # the new themes are in the report
    _assert_constant(small, big, "the municipal report")


# -- 4. practices in the API and its export: queries per practice ---------------------------


def test_the_practices_export_runs_six_queries_for_every_practice(client, region):
    """The open-data export of good practices (``api:export-goede-praktijken-csv``,
    /api/v1/export/goede-praktijken.csv; the same for .xlsx and the ``themas`` field of
    /api/v1/goede-praktijken, up to 100 practices a page).

    Now: for each practice ``practices.selectors.published_themes_of`` reads its themes
    (``practice.themes.all()``, not prefetched) and asks ``publication.selectors.is_published``
    per theme, which checks the publication cache's stamp each time: five aggregate queries
    (``SELECT COUNT(knowledge_statement.id), MAX(…)``, ``MAX(knowledge_analysisrun.finished_at)``,
    ``MAX(knowledge_curationevent.id)``, ``MAX(stories_consentevent.id)``,
    ``MAX(knowledge_theme.updated_at)``, each 3 -> 12 times). Measured: 3 practices 53
    queries, 12 practices 107 queries. The export has no paging: the whole catalogue of a
    region costs six queries per practice, and the API list up to 600 per page.

    Should: a constant number of queries: the themes prefetched, and the set of published theme
    keys asked once (``published_themes().themes``) and reused for every practice, as the web
    catalogue does. Fix in ``meervoud/practices/selectors.py`` (``published_themes_of``) and
    ``meervoud/api/exports.py`` / ``meervoud/api/practices.py``."""
    region.grow(SMALL, "themes", "practices")
    url = reverse("api:export-goede-praktijken-csv")
    response, small = _measure(client, "get", url)
    assert response.status_code == 200
    region.grow(BIG - SMALL, "themes", "practices")
    response, big = _measure(client, "get", url)
    assert response.status_code == 200
    assert f"Praktijk gepubliceerd {BIG}" in response.content.decode()
    _assert_constant(small, big, "the practices export")


# -- 5. all assignments, without paging ------------------------------------------------------


PAST = 110  # about a year of finished work in a region; more every year


def test_all_assignments_shows_every_assignment_ever_on_one_page(client, region):
    """The coordinator's "Alle opdrachten" (``pool:assignments``, /pool/opdrachten/), linked
    from the pool overview, and a municipality's "Mijn opdrachten".

    Now: the page lists every assignment the pool ever had, finished and cancelled ones too, in
    one table: with 110 finished assignments all 110 rows are on the page (measured), and in
    the years after it is thousands, with every team count and evaluation. The same list in the
    API (/api/v1/opdrachten) does come 20 at a time.

    Should: the running and planned work in full, and the finished and cancelled work a page at
    a time (at most 100 rows, with links to the next page), as the audit log (50) and the list
    of stories (25) already do. Fix in ``meervoud/pool/views.py`` (``MyAssignmentsView``:
    a ``Paginator`` over ``past``, ``?pagina=``) and ``pool/assignments.html``."""
    start = timezone.localdate() - timedelta(days=400)
    finished = Assignment.objects.bulk_create([
        Assignment(title=f"Afgeronde opdracht {i}", description="Klaar.",
                   organisation=region.organisation, activity="training", level="micro",
                   hours_per_week=2, start=start + timedelta(days=i),
                   end=start + timedelta(days=i + 30),
                   status=Assignment.Status.CLOSED if i % 3 else Assignment.Status.CANCELLED)
        for i in range(PAST)])
    client.force_login(region.coordinator)
    response = client.get(reverse("pool:assignments"))
    assert response.status_code == 200
    html = response.content.decode()
    shown = [a for a in finished if reverse("pool:assignment", args=[a.pk]) in html]
    assert len(shown) <= 100, f"all {len(shown)} finished assignments on one page"


# -- 6. the needs list, without paging -------------------------------------------------------


NEEDS = 110


def test_the_list_of_needs_shows_every_need_of_every_municipality_on_one_page(client, region):
    """The learning network's list of information needs (``needs:list``, /behoeften/), which
    coordinators and researchers open to see what municipalities ask.

    Now: every need of every municipality since the start is on one page, answered and withdrawn
    ones included (with the status filter empty): 110 needs give 110 rows (measured), and the
    region adds hundreds a year. Only a status filter narrows it, and there is no way to see the
    newest first page quickly.

    Should: a page at a time (at most 100 needs, newest first, with links to the next page and
    the status filter kept in the links), as the list of stories does. Fix in
    ``meervoud/needs/views.py`` (``NeedListView``: a ``Paginator``, ``?pagina=``) and
    ``needs/list.html``."""
    region.grow(NEEDS, "needs")
    client.force_login(region.coordinator)
    response = client.get(reverse("needs:list"))
    assert response.status_code == 200
    links = set(re.findall(r'href="/behoeften/(\d+)/"', response.content.decode()))
    assert len(links) <= 100, f"all {len(links)} needs on one page"


# -- 7. a GET that writes ---------------------------------------------------------------------


def test_opening_the_pool_overview_writes_to_the_database(client, region):
    """Opening the pool overview (GET ``pool:overview``) as a coordinator.

    Now: the GET view calls ``pool.services.start_due_work()``, which runs ``UPDATE
    pool_assignment SET status = 'running' WHERE status = 'filled' AND start <= today`` (so do
    the GETs of ``pool:assignments``, ``pool:assignment``, ``pool:profile`` and of
    /api/v1/opdrachten in ``api/pool.py``). A page that only shows writes: it cannot be served
    from a read replica or a cache, two coordinators opening it at once both write (and take row
    locks on PostgreSQL), and a status changes because someone looked, not because time passed.

    Should: the GET runs no INSERT, UPDATE or DELETE, and still shows "Loopt" for a complete
    team whose start date came. Fix: a scheduled task of the background worker (``meervoud
    db_worker``) that records due work as running once a day, plus a read-time status in
    ``meervoud/pool/selectors.py`` (e.g. annotate ``FILLED`` with ``start <= today`` as running)
    that the views and the API show until the task ran."""
    region.grow(1, "experts")  # two peer experts who both said yes
    first, second = region.experts[:2]
    yesterday = timezone.localdate() - timedelta(days=1)
    due = Assignment.objects.create(
        title="Training wijkteam Oost", description="Vertel over herstel.",
        organisation=region.organisation, activity="training", level="micro", hours_per_week=4,
        start=yesterday, end=yesterday + timedelta(days=60), status=Assignment.Status.FILLED)
    for expert in (first, second):
        Proposal.objects.create(assignment=due, expert=expert, status=Proposal.Status.ACCEPTED,
                                sent_at=timezone.now(), responded_at=timezone.now())
    client.force_login(region.coordinator)
    response, queries = _measure(client, "get", reverse("pool:overview"))
    assert response.status_code == 200
    row = next(r for r in re.findall(r"(?s)<tr>.*?</tr>", response.content.decode())
               if "Training wijkteam Oost" in r)
    assert "Loopt" in _text(row), "work whose start date came is shown as running"
    assert _writes(queries) == []


# -- 8. narrators' own pages: a query per story ----------------------------------------------


def test_my_stories_runs_a_query_for_every_story_of_the_narrator(client, region):
    """A peer expert who told her stories over the year opens "Mijn verhalen"
    (``stories:mine``, /mijn-verhalen/; the page behind her personal link is the same view).

    Now: ``NarratorPage._page`` asks ``active_purposes(story)`` per story (``SELECT
    stories_consent.purpose … WHERE story_id = N AND withdrawn_at IS NULL``), and
    ``kept_without_consent_until`` reads the consents of each story without active consent once
    more. Measured: 3 stories 12 queries, 12 stories 21 queries.

    Should: a constant number of queries: the stories read with their consents prefetched
    (``prefetch_related("consents")``) and the active purposes taken from the prefetch. Fix in
    ``meervoud/stories/narrator_views.py`` (``NarratorPage._page``) and
    ``meervoud/stories/selectors.py`` (``active_purposes``)."""
    region.grow(SMALL, "own_stories")
    client.force_login(region.narrator_user)
    response, small = _measure(client, "get", reverse("stories:mine"))
    assert response.status_code == 200
    region.grow(BIG - SMALL, "own_stories")
    response, big = _measure(client, "get", reverse("stories:mine"))
    assert response.status_code == 200
    _assert_constant(small, big, "my stories")


def test_my_data_runs_a_query_for_every_story_of_the_narrator(client, region):
    """The narrator's "Wat Meervoud van mij bewaart" (``stories:my_data_signed_in``,
    /mijn-verhalen/gegevens/; the download behind her personal link uses the same
    ``held_about``).

    Now: for every story ``held_about`` calls ``knowledge.selectors.story_theme_mix(story.pk)``,
    a query per story for its statements' themes (``SELECT knowledge_statement.theme_id … WHERE
    story_id = N``) and one more for the themes when there are any. Measured: 3 stories 13
    queries, 12 stories 22 queries.

    Should: a constant number of queries: the statements' themes of all her stories read in one
    query, grouped by story. Fix in ``meervoud/stories/selectors.py`` (``held_about``) with a
    many-story variant of ``story_theme_mix`` in ``meervoud/knowledge/selectors.py``."""
    region.grow(SMALL, "own_stories")
    client.force_login(region.narrator_user)
    response, small = _measure(client, "get", reverse("stories:my_data_signed_in"))
    assert response.status_code == 200
    region.grow(BIG - SMALL, "own_stories")
    response, big = _measure(client, "get", reverse("stories:my_data_signed_in"))
    assert response.status_code == 200
    _assert_constant(small, big, "my data")


# -- 9. the administrator's list of proposals ------------------------------------------------


def test_the_admin_list_of_proposals_runs_two_queries_for_every_row(client, region):
    """The administrator's list of proposals in the Django admin (``/beheer/pool/proposal/``),
    where she looks up who was asked for what.

    Now: each row shows ``Proposal.__str__`` (``f"{self.expert} – {self.assignment}"``) and the
    admin does not join them: two queries per row (``SELECT … FROM pool_expertprofile WHERE id
    = N`` and ``SELECT … FROM pool_assignment WHERE id = N``). Measured: 9 proposals 24
    queries, 36 proposals 78 queries; a full page of 100 rows runs 200 extra queries.

    Should: a constant number of queries per page: ``list_select_related = ("expert",
    "assignment")`` on the proposal admin. Fix in ``meervoud/pool/admin.py``."""
    region.grow(SMALL, "pool")
    client.force_login(region.admin)
    url = reverse("admin:pool_proposal_changelist")
    response, small = _measure(client, "get", url)
    assert response.status_code == 200
    region.grow(BIG - SMALL, "pool")
    response, big = _measure(client, "get", url)
    assert response.status_code == 200
    _assert_constant(small, big, "the admin list of proposals")
