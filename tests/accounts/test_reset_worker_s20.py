"""Session 20: the forgotten-password link goes out from the background worker, so the page
answers as fast for a known address as for an unknown one. What waits in the task queue (kept
for weeks) is an account's id and the site's address: no e-mail address, no link, no token."""

import json

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from meervoud.audit.models import Action, AuditEvent
from tests.conftest import run_background_tasks

pytestmark = pytest.mark.django_db


def _worker() -> None:
    run_background_tasks()


@pytest.fixture
def anna(make_user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = make_user("verteller", "anna")
    user.email = "anna@example.org"
    user.save()
    return user


def test_the_queue_holds_no_address_link_or_token(client, anna, settings):
    settings.MEERVOUD_SITE_URL = "https://meervoud.example.nl"
    client.post(reverse("accounts:password_reset"), {"email": "niemand@example.org"})
    assert not DBTaskResult.objects.exists()  # an address someone typed is not kept
    client.post(reverse("accounts:password_reset"), {"email": "Anna@Example.org"})
    (queued,) = DBTaskResult.objects.all()
    assert queued.args_kwargs == {"args": [anna.pk, "https://meervoud.example.nl"], "kwargs": {}}
    _worker()
    (message,) = mail.outbox
    queued.refresh_from_db()
    stored = json.dumps([queued.args_kwargs, queued.return_value, queued.traceback])
    assert "anna@example.org" not in stored and "wachtwoord-vergeten" not in stored
    assert "https://meervoud.example.nl/account/wachtwoord-vergeten/" in message.body
    assert AuditEvent.objects.filter(action=Action.PASSWORD_RESET_SENT, user_id=anna.pk).count() == 1


def test_without_a_configured_site_address_the_link_uses_the_address_she_visited(client, anna,
                                                                                   settings):
    settings.MEERVOUD_SITE_URL = ""
    client.post(reverse("accounts:password_reset"), {"email": "anna@example.org"},
                HTTP_HOST="localhost")
    _worker()
    (message,) = mail.outbox
    assert "http://localhost/account/wachtwoord-vergeten/" in message.body


def test_an_account_closed_before_the_worker_runs_gets_no_link(client, anna):
    client.post(reverse("accounts:password_reset"), {"email": "anna@example.org"})
    anna.is_active = False
    anna.save()
    _worker()
    assert not mail.outbox
    assert not AuditEvent.objects.filter(action=Action.PASSWORD_RESET_SENT).exists()
