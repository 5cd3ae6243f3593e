"""Session 21 review: a task left "running" by a worker that stopped is given up by retention
(rule "taken"): failed, with the old e-mail address it held wiped, and deleted 30 days later."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from meervoud.accounts.tasks import send_reset_link
from meervoud.audit.retention import (PERSONAL_TASK_KWARGS, TASK_RESULT_DAYS, TASK_STUCK_HOURS,
                                      apply_retention)
from meervoud.core.tasks import send_message

pytestmark = pytest.mark.django_db


def _running_since(result, started_at) -> DBTaskResult:
    DBTaskResult.objects.filter(pk=result.id).update(status=TaskResultStatus.RUNNING,
                                                     started_at=started_at)
    return DBTaskResult.objects.get(pk=result.id)


def _taken(results) -> int:
    return next(count for rule, count in results if rule.key == "taken")


def test_the_table_of_personal_arguments_names_the_real_task():
    assert set(PERSONAL_TASK_KWARGS) == {send_message.module_path}


def test_a_stuck_message_is_failed_without_its_address_and_goes_after_the_period():
    now = timezone.now()
    stuck = _running_since(send_message.enqueue(7, "Onderwerp", "Tekst", "/account/",
                                                essential=True, address="oud@example.org"),
                           now - timedelta(hours=TASK_STUCK_HOURS, minutes=1))
    reset = _running_since(send_reset_link.enqueue(7, "https://meervoud.example.nl"),
                           now - timedelta(days=3))
    busy = _running_since(send_message.enqueue(8, "Onderwerp", "Tekst", "/",
                                               address="nog@example.org"),
                          now - timedelta(minutes=10))

    assert _taken(apply_retention(dry_run=True, now=now)) == 2
    stuck.refresh_from_db()
    assert stuck.status == TaskResultStatus.RUNNING and "oud@example.org" in str(stuck.args_kwargs)

    assert _taken(apply_retention(dry_run=False, now=now)) == 2
    for row in (stuck, reset, busy):
        row.refresh_from_db()
    assert stuck.status == reset.status == TaskResultStatus.FAILED
    assert stuck.finished_at == now
    assert stuck.args_kwargs == {"args": [7, "Onderwerp", "Tekst", "/account/"],
                                 "kwargs": {"essential": True}}
    assert reset.args_kwargs == {"args": [7, "https://meervoud.example.nl"], "kwargs": {}}
    assert stuck.task_result.errors[0].exception_class.__name__ == "WorkerStopped"
    # one that may still be sending is left alone
    assert busy.status == TaskResultStatus.RUNNING and "nog@example.org" in str(busy.args_kwargs)

    later = now + timedelta(days=TASK_RESULT_DAYS, minutes=1)
    assert _taken(apply_retention(dry_run=False, now=later)) == 3  # the two, and busy given up
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [busy.pk]


def test_the_command_says_what_happens_to_a_stuck_task():
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert "Een taak die na 1 uur nog bezig is, is vastgelopen" in out.getvalue()
