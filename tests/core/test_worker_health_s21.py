"""/gezond/werker/: monitoring notices a background worker that stopped. Since session 21 every
mail goes out from it, besides analyses and the recording of started work; a dead worker was
silent (the web app's /gezond/ stays "ok", as it should for a load balancer)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from meervoud.core.tasks import send_message
from meervoud.core.views import WORKER_LATE_AFTER

pytestmark = pytest.mark.django_db


def _queued(**times):
    send_message.enqueue(0, "Onderwerp", "Tekst", "/")
    task = DBTaskResult.objects.latest("enqueued_at")
    DBTaskResult.objects.filter(pk=task.pk).update(**times)


def test_an_empty_queue_is_ok(client):
    response = client.get("/gezond/werker/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_task_waiting_a_little_is_ok(client):
    _queued(enqueued_at=timezone.now() - timedelta(seconds=WORKER_LATE_AFTER - 60))
    response = client.get("/gezond/werker/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_a_task_waiting_too_long_means_the_worker_is_behind(client, caplog):
    _queued(enqueued_at=timezone.now() - timedelta(seconds=WORKER_LATE_AFTER + 60))
    response = client.get("/gezond/werker/")
    assert response.status_code == 503 and response.json() == {"status": "achter"}
    assert "background worker behind" in caplog.text  # how long: for the administrator, in the log
    assert client.get("/gezond/").status_code == 200  # the web app itself is fine


def test_work_queued_for_a_later_day_is_not_late_before_that_day(client):
    """The record of started work is queued weeks ahead, for its start date."""
    _queued(enqueued_at=timezone.now() - timedelta(days=20), run_after=timezone.now() + timedelta(days=1))
    assert client.get("/gezond/werker/").status_code == 200
    _queued(enqueued_at=timezone.now() - timedelta(days=20), run_after=timezone.now() - timedelta(seconds=20))
    assert client.get("/gezond/werker/").status_code == 200  # due 20 s ago, not 20 days
    _queued(enqueued_at=timezone.now() - timedelta(days=20),
            run_after=timezone.now() - timedelta(seconds=WORKER_LATE_AFTER + 60))
    assert client.get("/gezond/werker/").status_code == 503


def test_a_finished_task_does_not_count(client):
    _queued(enqueued_at=timezone.now() - timedelta(days=2), status="SUCCESSFUL")
    assert client.get("/gezond/werker/").status_code == 200


def test_a_probe_by_ip_over_http_is_answered_like_the_web_probe(client, settings):
    settings.ALLOWED_HOSTS = ["meervoud.example.nl"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/gezond/werker/", HTTP_HOST="10.0.3.17:8000").status_code == 200
