"""Ctrl+C during `meervoud bundle` left its run marked 'running'. For 30 minutes the web app
then showed an analysis in progress that was not, and refused to queue a new one ("one is
already running"). The run now says at once that it stopped, and the command says how to go on."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meervoud.knowledge import services
from meervoud.knowledge.models import AnalysisRun


def interrupted_pipeline():
    raise KeyboardInterrupt


@pytest.mark.django_db
def test_ctrl_c_marks_the_run_as_stopped_at_once(monkeypatch):
    monkeypatch.setattr(services, "build_pipeline", interrupted_pipeline)
    with pytest.raises(CommandError) as error:
        call_command("bundle", quiet=True)
    assert "Onderbroken" in str(error.value) and "meervoud bundle" in str(error.value)
    assert error.value.returncode == 130
    run = AnalysisRun.objects.get()
    assert run.status == AnalysisRun.Status.FAILED and run.finished_at is not None
    assert not run.busy
    assert "KeyboardInterrupt" in run.error
    # the web app's button queues a new run instead of pointing at the dead one
    assert services.request_analysis(reason="opnieuw").pk != run.pk
