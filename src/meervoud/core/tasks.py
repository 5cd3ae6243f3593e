from django_tasks import TaskContext, task


@task(takes_context=True, priority=10)  # before a waiting analysis, which can take minutes
def send_message(context: TaskContext, user_id: int, subject: str, body: str, path: str, *,
                 essential: bool = False, address: str = "") -> bool:
    """One message of ``core.mail.notify``. Waiting in the queue: her account's number, the
    message's source text and a path; an address only when it is not hers (see ``notify``)."""
    from meervoud.core.mail import send

    try:
        return send(user_id, subject, body, path, essential=essential, address=address)
    finally:
        if address:
            _forget_address(context.task_result.id)


def _forget_address(result_id) -> None:
    """The task's record is kept for weeks (retention rule "taken") and shown in /beheer/; an
    old address has no use there once the message is handled. The worker writes the outcome to
    other columns, so this stays."""
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.filter(pk=result_id).first()
    if row is not None:
        row.args_kwargs["kwargs"].pop("address", None)
        row.save(update_fields=["args_kwargs"])
