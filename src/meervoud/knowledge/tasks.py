from django_tasks import task

from meervoud.knowledge.models import AnalysisRun


@task()
def analyse(run_id: int) -> None:
    from meervoud.knowledge.services import run_analysis

    run = AnalysisRun.objects.get(pk=run_id)
    if run.status == AnalysisRun.Status.QUEUED:
        run_analysis(run)
