"""Session 26 review: background tasks, as the functional administrator meets them. Monitoring
says `/gezond/werker/` is "achter", a coordinator says her analysis never finished, someone never
got her reset link. She could see the queue only as English rows in /beheer/ and retry nothing
without a developer's shell. `meervoud taken` lists what waits, runs, got stuck or failed (never
what a task holds), and `meervoud taken --opnieuw ID` queues a failed one again where that is safe."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from meervoud.accounts.tasks import send_reset_link
from meervoud.audit.models import Action, AuditEvent
from meervoud.core.tasks import send_message
from meervoud.knowledge.models import AnalysisRun
from meervoud.knowledge.tasks import analyse

pytestmark = pytest.mark.django_db


def _set(result, status, *, started=None, finished=None) -> DBTaskResult:
    DBTaskResult.objects.filter(pk=result.id).update(status=status, started_at=started,
                                                     finished_at=finished)
    return DBTaskResult.objects.get(pk=result.id)


def _run(*args) -> str:
    out = io.StringIO()
    call_command("taken", *args, stdout=out)
    return out.getvalue()


def test_the_list_shows_each_task_with_its_state_in_dutch_and_nothing_it_holds():
    now = timezone.now()
    waiting = send_reset_link.enqueue(7, "https://meervoud.example.nl")
    stuck = _set(send_message.enqueue(8, "Onderwerp", "Tekst", "/account/", essential=True,
                                      address="oud@example.org"),
                 TaskResultStatus.RUNNING, started=now - timedelta(hours=3))
    failed = _set(send_reset_link.enqueue(9, "https://meervoud.example.nl"), TaskResultStatus.FAILED,
                  started=now - timedelta(hours=2), finished=now - timedelta(hours=2))
    done = _set(send_reset_link.enqueue(10, "https://meervoud.example.nl"), TaskResultStatus.SUCCESSFUL,
                started=now, finished=now)
    out = _run()
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert "wacht" in lines[str(waiting.id)] and "link voor een nieuw wachtwoord" in lines[str(waiting.id)]
    assert "vastgelopen" in lines[str(stuck.id)] and "e-mailbericht" in lines[str(stuck.id)]
    assert "mislukt" in lines[str(failed.id)]
    assert str(done.id) not in out  # what went well needs nothing
    for secret in ("oud@example.org", "Onderwerp", "meervoud.example.nl"):
        assert secret not in out


def test_an_empty_queue_says_so():
    assert "Er wacht geen taak" in _run()


def test_a_failed_reset_link_is_queued_again_and_logged():
    failed = _set(send_reset_link.enqueue(9, "https://meervoud.example.nl"), TaskResultStatus.FAILED,
                  finished=timezone.now())
    out = _run("--opnieuw", str(failed.id))
    assert "opnieuw in de wachtrij" in out
    again = DBTaskResult.objects.filter(status=TaskResultStatus.READY).get()
    assert again.task_path == failed.task_path
    assert again.args_kwargs == failed.args_kwargs
    assert AuditEvent.objects.filter(action=Action.CHANGE, object_id=str(failed.id),
                                     detail__contains="opnieuw").exists()


def test_a_failed_analysis_is_retried_as_a_new_analysis():
    """The task of a failed run does nothing when queued again (it runs only a run that
    waits); retrying it asks for a new analysis, as the button on the analysis page does."""
    run = AnalysisRun.objects.create(status=AnalysisRun.Status.FAILED)
    failed = _set(analyse.enqueue(run.pk), TaskResultStatus.FAILED, finished=timezone.now())
    _run("--opnieuw", str(failed.id))
    assert AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED).exclude(pk=run.pk).exists()


def test_a_stuck_task_is_given_up_first_then_retried():
    stuck = _set(send_reset_link.enqueue(9, "https://meervoud.example.nl"), TaskResultStatus.RUNNING,
                 started=timezone.now() - timedelta(hours=5))
    _run("--opnieuw", str(stuck.id))
    stuck.refresh_from_db()
    assert stuck.status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


@pytest.mark.parametrize("status", [TaskResultStatus.READY, TaskResultStatus.SUCCESSFUL])
def test_a_task_that_waits_or_went_well_is_not_queued_twice(status):
    result = _set(send_reset_link.enqueue(9, "https://meervoud.example.nl"), status)
    with pytest.raises(CommandError, match="alleen een mislukte of vastgelopen taak"):
        _run("--opnieuw", str(result.id))


def test_a_message_about_someones_account_is_not_sent_again():
    """"Your e-mail address changed" went to the old address, which is wiped once the task is
    handled or given up: sent again it would go to the new one (the take-over's), and it may have
    arrived already."""
    failed = _set(send_message.enqueue(8, "Onderwerp", "Tekst", "/account/", essential=True,
                                       address="oud@example.org"), TaskResultStatus.FAILED,
                  finished=timezone.now())
    with pytest.raises(CommandError, match="niet opnieuw"):
        _run("--opnieuw", str(failed.id))
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_an_unknown_number_is_said_in_dutch():
    with pytest.raises(CommandError, match="Er is geen taak met nummer"):
        _run("--opnieuw", "3f1c0b8e-0000-0000-0000-000000000000")
    with pytest.raises(CommandError, match="Er is geen taak met nummer"):
        _run("--opnieuw", "geen-nummer")
