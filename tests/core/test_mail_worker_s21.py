"""Session 21: every message of ``core.mail.notify`` goes out from the background worker.

Sent in the request, a slow mail server made an invitation to an existing username answer more
slowly than one to a name nobody has (a way to find out who has an account), and slowed every
answer that mails. What waits in the queue, and stays in the task's record for weeks, is as
little as possible: her account's number, the message's source text and a path."""

import json
import logging

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from meervoud.accounts.models import Role
from meervoud.core.mail import notify
from tests.conftest import run_background_tasks

pytestmark = pytest.mark.django_db

SUBJECT = "Er is een vraag voor je"  # translated in the catalogue: "There is a question for you"
BODY = "Een coördinator vraagt of je meedoet aan een opdracht. Lees wat de opdracht is en zeg ja of nee."


class RecordingBackend(EmailBackend):
    """The test mail server: remembers each connection made to it."""
    connections = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        RecordingBackend.connections.append(self)


class BrokenBackend:
    calls = 0

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        BrokenBackend.calls += 1
        raise ConnectionRefusedError("no mail server")


@pytest.fixture(autouse=True)
def recording(settings):
    settings.EMAIL_BACKEND = "tests.core.test_mail_worker_s21.RecordingBackend"
    settings.MEERVOUD_SITE_URL = "https://meervoud.example.nl"
    RecordingBackend.connections = []
    BrokenBackend.calls = 0


@pytest.fixture
def anna(make_user):
    user = make_user(Role.NARRATOR, "anna")
    user.email = "anna@example.org"
    user.save()
    return user


def _queued() -> list[dict]:
    return [row.args_kwargs for row in DBTaskResult.objects.order_by("enqueued_at")]


def _ask(user, capture, **options) -> bool:
    with capture(execute=True):
        reached = notify(user, gettext_lazy(SUBJECT), gettext_lazy(BODY), "/pool/", **options)
    return reached


def test_nothing_is_sent_before_the_worker_runs(anna, django_capture_on_commit_callbacks):
    assert _ask(anna, django_capture_on_commit_callbacks) is True
    assert mail.outbox == [] and RecordingBackend.connections == []
    assert len(_queued()) == 1
    run_background_tasks()
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"] and message.subject == f"Meervoud: {SUBJECT}"
    assert "https://meervoud.example.nl/pool/" in message.body
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_an_invitation_answers_the_same_for_a_known_and_an_unknown_name(
        client, make_user, municipality, django_capture_on_commit_callbacks):
    from meervoud.plans import services as plans

    lead = make_user(Role.POLICY_OFFICER, "beleid1")
    invited = make_user(Role.POLICY_OFFICER, "bbakker")
    invited.email = "bea@zwolle.example"
    invited.save()
    plan = plans.create_plan(user=lead, data={
        "municipality": municipality, "location": "Wijk Noord",
        "self_help_organisations": "Zelfregiecentrum Noord", "district_teams": "Wijkteam Noord",
        "project_lead": "Anna de Vries", "background_focus": "Eenzaamheid in de wijk."})
    client.force_login(lead)
    url = reverse("plans:members", args=[plan.pk])
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("bestaat-niet", "bbakker"):
            answers.append(client.post(url, {"action": "add", "username": name,
                                             "role": "beleidsmedewerker"}))
    assert [(r.status_code, r["Location"]) for r in answers] == [(302, url), (302, url)]
    # no connection to the mail server while either page was made
    assert RecordingBackend.connections == [] and mail.outbox == []
    run_background_tasks()
    assert [m.to for m in mail.outbox] == [["bea@zwolle.example"]]
    assert len(RecordingBackend.connections) == 1


def test_the_worker_writes_in_her_language_of_that_moment(anna, django_capture_on_commit_callbacks):
    # asked while the coordinator reads Meervoud in English: the queue holds the Dutch source text
    with translation.override("en"):
        _ask(anna, django_capture_on_commit_callbacks)
    anna.language = "en"  # chosen after the message was queued
    anna.save()
    run_background_tasks()
    (message,) = mail.outbox
    assert message.subject == "Meervoud: There is a question for you"
    assert "say yes or no" in message.body and "zeg ja of nee" not in message.body


def test_without_a_chosen_language_dutch_comes_first_then_english(anna,
                                                                  django_capture_on_commit_callbacks):
    with translation.override("en"):
        _ask(anna, django_capture_on_commit_callbacks)
    run_background_tasks()
    (message,) = mail.outbox
    dutch, english = message.body.split(" English\n")
    assert message.subject == f"Meervoud: {SUBJECT}"
    assert "zeg ja of nee" in dutch and "say yes or no" in english


def test_a_failing_mail_server_is_logged_and_not_retried(anna, settings, caplog,
                                                          django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.core.test_mail_worker_s21.BrokenBackend"
    _ask(anna, django_capture_on_commit_callbacks)
    with caplog.at_level(logging.WARNING, logger="meervoud.core.mail"):
        run_background_tasks()
        run_background_tasks()
    assert [r.getMessage() for r in caplog.records] == [f"e-mail not sent: Meervoud: {SUBJECT}"]
    assert BrokenBackend.calls == 1  # the worker went on: no second try, no loop
    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.SUCCESSFUL and row.return_value is False
    assert row.traceback == ""


def test_a_rolled_back_answer_queues_nothing(anna, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            assert notify(anna, gettext_lazy(SUBJECT), gettext_lazy(BODY), "/pool/") is True
            1 / 0
    assert _queued() == []
    run_background_tasks()
    assert mail.outbox == []


def test_the_queue_holds_her_number_and_the_message_not_her_address(
        anna, django_capture_on_commit_callbacks):
    _ask(anna, django_capture_on_commit_callbacks)
    assert _queued() == [{"args": [anna.pk, SUBJECT, BODY, "/pool/"],
                          "kwargs": {"essential": False}}]
    run_background_tasks()
    row = DBTaskResult.objects.get()
    stored = json.dumps([row.args_kwargs, row.return_value, row.traceback])
    assert "anna" not in stored and "meervoud.example.nl" not in stored


def test_an_old_address_is_queued_and_forgotten_once_the_message_is_handled(
        anna, django_capture_on_commit_callbacks):
    _ask(anna, django_capture_on_commit_callbacks, essential=True, address="oud@example.org")
    assert _queued()[0]["kwargs"] == {"essential": True, "address": "oud@example.org"}
    run_background_tasks()
    assert [m.to for m in mail.outbox] == [["oud@example.org"]]
    assert "oud@example.org" not in json.dumps(_queued())


def test_her_changed_address_at_send_time_is_used(anna, django_capture_on_commit_callbacks):
    _ask(anna, django_capture_on_commit_callbacks)
    anna.email = "anna@nieuw.example"
    anna.save()
    run_background_tasks()
    assert [m.to for m in mail.outbox] == [["anna@nieuw.example"]]


@pytest.mark.parametrize("change", ["closed", "messages off", "no address", "deleted"])
def test_who_cannot_be_reached_when_the_worker_runs_gets_nothing(
        anna, change, django_capture_on_commit_callbacks):
    _ask(anna, django_capture_on_commit_callbacks)
    if change == "deleted":
        anna.delete()
    else:
        field, value = {"closed": ("is_active", False), "messages off": ("email_notifications", False),
                        "no address": ("email", "")}[change]
        setattr(anna, field, value)
        anna.save()
    run_background_tasks()
    assert mail.outbox == []
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_message_about_her_account_still_goes_when_she_switched_messages_off(
        anna, django_capture_on_commit_callbacks):
    _ask(anna, django_capture_on_commit_callbacks, essential=True)
    anna.email_notifications = False
    anna.save()
    run_background_tasks()
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]


def test_who_cannot_be_reached_is_said_at_once_and_nothing_is_queued(
        anna, django_capture_on_commit_callbacks):
    anna.email_notifications = False
    anna.save()
    assert _ask(anna, django_capture_on_commit_callbacks) is False
    assert _ask(None, django_capture_on_commit_callbacks) is False
    assert _queued() == []


def test_without_a_mail_server_nothing_waits_in_the_queue(anna, settings,
                                                          django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    assert _ask(anna, django_capture_on_commit_callbacks) is True  # as before: she is reachable
    assert _queued() == []



def test_a_message_goes_before_an_analysis_that_waits_in_the_queue(anna, django_capture_on_commit_callbacks):
    """One worker runs everything; an analysis of a large corpus takes minutes, and an
    invitation or a reset link should not wait behind it."""
    from meervoud.knowledge.tasks import analyse

    with django_capture_on_commit_callbacks(execute=True):
        analyse.enqueue(0)  # queued first
        notify(anna, gettext_lazy(SUBJECT), gettext_lazy(BODY), "/pool/")
    first = DBTaskResult.objects.ready().first()  # the order the worker takes them in
    assert first.task_path == "meervoud.core.tasks.send_message"
