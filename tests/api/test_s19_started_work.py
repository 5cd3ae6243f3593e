"""Work whose start date came reads as running in the API, as on the website (session 19).

A complete team ("Team compleet") whose start date passed is under way: the pool's pages show it
as running. The API read the stored status only, so a client saw "filled" for work that was
already being done, until someone opened a pool page. (Session 21: reading writes nothing; the
worker records it on the start date, pool.tasks, and the pages and the API read it as running
until then, pool.selectors.as_of_today.)"""

import datetime

import pytest
from django.utils import timezone

from meervoud.pool.models import Assignment, Proposal

pytestmark = pytest.mark.django_db


def _filled(pk: int, expert: int, start: datetime.date) -> Assignment:
    """The assignment with a complete team that said yes (``expert`` in it), starting on
    ``start``."""
    assignment = Assignment.objects.get(pk=pk)
    Assignment.objects.filter(pk=pk).update(
        status=Assignment.Status.FILLED, start=start, end=start + datetime.timedelta(days=60))
    Proposal.objects.create(assignment=assignment, expert_id=expert, status=Proposal.Status.ACCEPTED)
    return assignment


def _status(response, pk: int) -> str:
    assert response.status_code == 200, response.content
    body = response.json()
    rows = body["resultaten"] if "resultaten" in body else [body]
    return next(row["status"] for row in rows if row["id"] == pk)


@pytest.mark.parametrize("role", ["coordinator", "beleid", "verteller"])
def test_work_whose_start_date_passed_reads_as_running_in_the_list(api, world, role):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assignment = _filled(world["assignment"], world["expert"], yesterday)
    assert _status(api(role).get("/api/v1/opdrachten"), assignment.pk) == "running"
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.FILLED  # a GET writes nothing


@pytest.mark.parametrize("role", ["coordinator", "beleid", "verteller"])
def test_work_whose_start_date_passed_reads_as_running_in_the_detail(api, world, role):
    today = timezone.localdate()
    assignment = _filled(world["assignment"], world["expert"], today)
    response = api(role).get(f"/api/v1/opdrachten/{assignment.pk}")
    assert _status(response, assignment.pk) == "running"
    assert Assignment.objects.get(pk=assignment.pk).status == Assignment.Status.FILLED


def test_a_team_that_starts_tomorrow_is_still_complete(api, world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assignment = _filled(world["assignment"], world["expert"], tomorrow)
    assert _status(api("coordinator").get("/api/v1/opdrachten"), assignment.pk) == "filled"
    assert _status(api("coordinator").get(f"/api/v1/opdrachten/{assignment.pk}"),
                   assignment.pk) == "filled"
