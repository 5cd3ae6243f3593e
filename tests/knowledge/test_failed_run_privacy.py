"""A failed analysis keeps what an operator needs (which exception, where) but none of the words
it was working on: the run row and the task result outlive a story's deletion, and an exception
message can carry a statement ("could not embed 'Ik sliep in de auto …'")."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from meervoud.knowledge import services
from meervoud.knowledge.models import AnalysisRun
from meervoud.knowledge.tasks import analyse

WORDS = "Ik sliep drie maanden in de auto bij het station"


class FailingPipeline:
    def run(self, documents, **kwargs):
        raise ValueError(f"kon niet verwerken: {WORDS!r}")


@pytest.mark.django_db
def test_a_failed_run_stores_where_it_failed_without_the_words(monkeypatch):
    run = AnalysisRun.objects.create()
    with pytest.raises(ValueError):
        services.run_analysis(run, pipeline=FailingPipeline())
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.FAILED
    assert "ValueError" in run.error and "test_failed_run_privacy.py" in run.error
    assert "sliep" not in run.error


@pytest.mark.django_db(transaction=True)
def test_the_background_task_result_holds_no_words_either(monkeypatch):
    monkeypatch.setattr(services, "build_pipeline", FailingPipeline)
    run = AnalysisRun.objects.create()
    analyse.enqueue(run.pk)
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.FAILED
    result = DBTaskResult.objects.get()
    assert result.status == "FAILED"
    assert str(run.pk) in result.traceback
    assert "sliep" not in result.traceback and "sliep" not in run.error


@pytest.mark.django_db
def test_the_operator_log_says_where_it_failed_without_the_words(caplog):
    run = AnalysisRun.objects.create()
    with caplog.at_level("ERROR", logger="meervoud.knowledge.services"):
        with pytest.raises(ValueError):
            services.run_analysis(run, pipeline=FailingPipeline())
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert f"analysis run {run.pk} failed" in logged and "ValueError" in logged
    assert all(record.exc_info is None for record in caplog.records)  # a handler would print the message
    assert "sliep" not in logged


@pytest.mark.django_db
def test_meervoud_bundle_names_the_failure_without_the_words(monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setattr(services, "build_pipeline", FailingPipeline)
    with pytest.raises(CommandError) as failed:
        call_command("bundle", quiet=True)
    assert "ValueError" in str(failed.value)
    assert "sliep" not in str(failed.value)
    assert failed.value.__cause__ is None  # Django prints the cause's message with --traceback
