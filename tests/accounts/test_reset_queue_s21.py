"""Session 21 review: the forgotten-password page queues at most ``RESETS_PER_HOUR`` links for
one account (sent in the last hour plus waiting), counted when the request comes, and answers
the same for every address."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from meervoud.accounts.selectors import reset_links_due
from meervoud.accounts.services import RESETS_PER_HOUR
from tests.conftest import run_background_tasks

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")


@pytest.fixture
def anna(make_user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = make_user("verteller", "anna-s21")
    user.email = "anna@example.org"
    user.save()
    return user


def _ask(address: str, number: int = 0):
    return Client(REMOTE_ADDR=f"2001:db8:{number:x}::1").post(RESET, {"email": address})


def _queued(user=None) -> int:
    tasks = DBTaskResult.objects.filter(status=TaskResultStatus.READY,
                                        task_path__endswith="send_reset_link")
    return tasks.filter(args_kwargs__args__0=user.pk).count() if user else tasks.count()


def test_no_more_than_the_hours_limit_waits_for_one_account(anna, make_user):
    ben = make_user("verteller", "ben-s21")
    ben.email = "ben@example.org"
    ben.save()
    for number in range(10):
        _ask("anna@example.org", number)
    assert _queued(anna) == RESETS_PER_HOUR
    _ask("ben@example.org")  # another account's requests are its own
    assert _queued(ben) == 1 and reset_links_due(ben) == 1


def test_links_sent_in_the_last_hour_count_too_and_an_hour_later_she_can_ask_again(anna):
    for number in range(RESETS_PER_HOUR):
        _ask("anna@example.org", number)
    run_background_tasks()
    assert len(mail.outbox) == RESETS_PER_HOUR and _queued() == 0
    _ask("anna@example.org")
    assert _queued() == 0 and reset_links_due(anna) == RESETS_PER_HOUR
    later = timezone.now() + timedelta(hours=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        _ask("anna@example.org")
    assert _queued(anna) == 1


def test_only_her_waiting_reset_links_count(anna):
    """A finished or failed task, or another task with her number first, is no link waiting."""
    from meervoud.core.tasks import send_message

    for _number in range(RESETS_PER_HOUR):
        send_message.enqueue(anna.pk, "Onderwerp", "Tekst", "/")
    _ask("anna@example.org")
    DBTaskResult.objects.filter(task_path__endswith="send_reset_link").update(
        status=TaskResultStatus.FAILED)
    assert reset_links_due(anna) == 0
    _ask("anna@example.org")
    assert _queued(anna) == 1


def test_the_page_answers_the_same_with_one_query_more_for_a_known_address(anna):
    for number in range(RESETS_PER_HOUR):
        _ask("anna@example.org", number)
    answers, queries = [], []
    for address in ("niemand@example.org", "anna@example.org"):
        with CaptureQueriesContext(connection) as captured:
            response = _ask(address, 99)
        answers.append((response.status_code, response["Location"]))
        queries.append(len(captured))
    assert answers[0] == answers[1] == (302, reverse("accounts:password_reset_done"))
    assert queries[1] == queries[0] + 1  # the count; nothing is queued or written
    assert _queued(anna) == RESETS_PER_HOUR
