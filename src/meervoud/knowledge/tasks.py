from django_tasks import task

from meervoud.knowledge.models import AnalysisRun


class AnalysisFailed(Exception):
    """Stands in for the engine's own exception, whose message may quote a story; the task
    result is kept for weeks, the run's ``error`` says where it failed."""


@task()
def analyse(run_id: int) -> None:
    from meervoud.knowledge.services import run_analysis

    run = AnalysisRun.objects.get(pk=run_id)
    if run.status == AnalysisRun.Status.QUEUED:
        try:
            run_analysis(run)
        except Exception:
            raise AnalysisFailed(f"analysis run {run_id} failed; see the run's error") from None
