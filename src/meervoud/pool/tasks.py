"""The pool's background work, run by ``meervoud db_worker`` (``meervoud serve`` starts it)."""

from django_tasks import task


@task()
def record_started_work() -> int:
    """Record as running every complete team whose start date came; how many. Queued for the
    start date when a team becomes complete (``services.accept``). Until it ran, pages and the
    API read such work as running all the same (``selectors.as_of_today``): a worker that was
    down only delays the record, and a team that fell apart meanwhile is simply not due."""
    from meervoud.pool.services import start_due_work  # services queue this task

    return start_due_work()
