"""Session 21: the API reads work whose start date came as running without writing; the worker
records it (tests/pool/test_s21_reading_and_paging.py has the rest)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meervoud.pool.models import Assignment, Proposal

from tests.pool.builders import TODAY

pytestmark = pytest.mark.django_db


def _stored(work) -> str:
    return Assignment.objects.filter(pk=work.pk).values_list("status", flat=True).get()


def _pool_writes(queries) -> list[str]:
    return [q["sql"] for q in queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
            and "pool_" in q["sql"]]


def test_the_api_reads_it_as_running_without_writing(api, world):
    work = Assignment.objects.get(pk=world["assignment"])
    Assignment.objects.filter(pk=work.pk).update(status=Assignment.Status.FILLED,
                                                 start=TODAY - timedelta(days=2))
    Proposal.objects.create(assignment=work, expert_id=world["expert"],
                            status=Proposal.Status.ACCEPTED)
    client = api("coordinator")
    for url in ("/api/v1/opdrachten", f"/api/v1/opdrachten/{work.pk}"):
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).json()
        rows = body.get("resultaten", [body])
        assert next(r["status"] for r in rows if r["id"] == work.pk) == "running"
        assert _pool_writes(queries.captured_queries) == []
    assert _stored(work) == Assignment.Status.FILLED
