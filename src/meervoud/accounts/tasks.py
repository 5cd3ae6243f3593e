from django_tasks import task


@task(priority=10)  # before a waiting analysis, which can take minutes
def send_reset_link(user_id: int, base_url: str) -> None:
    """Only the account's id and the site's address wait in the queue (and stay in the task's
    result for weeks): the link and the message are made when the mail goes out."""
    from meervoud.accounts.services import send_reset_link as send

    send(user_id, base_url)
