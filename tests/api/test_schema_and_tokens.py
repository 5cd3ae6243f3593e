"""The OpenAPI schema generates without warnings; tokens come from a management command."""

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file",
                 str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text()
    assert "/api/v1/themas/{sleutel}:" in text and "application/problem+json" in text


def token(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip()


def status(key: str | None, path="/api/v1/kennisbehoeften") -> int:
    client = APIClient()
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(path).status_code


def test_api_token_command_makes_a_working_key_shown_once(make_user):
    make_user("coordinator")
    first = token("coordinator")
    assert len(first) == 40 and status(first) == 200
    second = token("coordinator")  # a second key for a swap without downtime
    assert second != first and status(first) == 200 and status(second) == 200
    fresh = token("coordinator", "--reset")
    assert status(fresh) == 200 and status(first) == 401 and status(second) == 401
    token("coordinator", "--revoke")
    assert status(fresh) == 401
    with pytest.raises(CommandError):
        token("niemand")
    with pytest.raises(CommandError):
        token("coordinator", "--days", "0")


def test_only_a_digest_is_stored_so_a_backup_holds_no_key(make_user, tmp_path):
    from meervoud.api.models import ApiToken
    from meervoud.audit.backup import create_backup, read_backup

    make_user("coordinator")
    key = token("coordinator")
    stored = ApiToken.objects.get()
    assert stored.digest != key and key not in stored.digest and stored.prefix == key[:8]
    create_backup(tmp_path / "backup.zip")
    _manifest, data = read_backup(tmp_path / "backup.zip")
    assert stored.digest.encode() in data and key.encode() not in data


def test_an_expired_key_is_refused_with_its_date(make_user, settings):
    from datetime import timedelta

    from django.utils import timezone

    from meervoud.api.models import ApiToken

    settings.LANGUAGE_CODE = "nl"
    make_user("coordinator")
    key = token("coordinator", "--days", "30")
    stored = ApiToken.objects.get()
    assert timedelta(days=29) < stored.expires_at - timezone.now() <= timedelta(days=30)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = APIClient().get("/api/v1/kennisbehoeften", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401
    assert "verlopen" in response.json()["detail"]
    client = APIClient()
    client.cookies["django_language"] = "en"  # the site's language choice, not the browser's
    english = client.get("/api/v1/kennisbehoeften", HTTP_AUTHORIZATION=f"Token {key}")
    assert "expired on" in english.json()["detail"]


def test_default_validity_comes_from_the_setting(make_user, settings):
    from datetime import timedelta

    from django.utils import timezone

    from meervoud.api.models import ApiToken

    settings.MEERVOUD_API_TOKEN_DAYS = 7
    make_user("coordinator")
    token("coordinator")
    left = ApiToken.objects.get().expires_at - timezone.now()
    assert timedelta(days=6) < left <= timedelta(days=7)


def test_use_is_recorded_and_issuing_is_audited(make_user):
    from meervoud.api.models import ApiToken
    from meervoud.audit.models import Action, AuditEvent

    user = make_user("coordinator")
    key = token("coordinator")
    assert ApiToken.objects.get().last_used_at is None
    assert status(key) == 200
    assert ApiToken.objects.get().last_used_at is not None
    event = AuditEvent.objects.get(action=Action.TOKEN_ISSUED)
    assert event.object_id == str(user.pk) and key not in event.detail and key[:8] in event.detail
    token("coordinator", "--revoke")
    assert AuditEvent.objects.filter(action=Action.TOKEN_REVOKED).count() == 1


def test_a_key_of_a_deactivated_account_stops_working(make_user):
    user = make_user("coordinator")
    key = token("coordinator")
    user.is_active = False
    user.save()
    assert status(key) == 401


def test_plain_text_tokens_of_older_installations_become_digests(make_user):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    user = make_user("coordinator")
    old_key = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, "
                       "user_id integer)")
        cursor.execute("INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, %s, %s)",
                       [old_key, "2026-01-01 00:00:00", user.pk])
    migration = importlib.import_module("meervoud.api.migrations.0002_keys_from_drf_tokens")
    # the step uses only the editor's connection (SQLite's editor refuses to open in a test's transaction)
    migration.keys_to_digests(apps, SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
    assert status(old_key) == 200


def test_every_answer_to_a_key_says_when_the_key_expires(make_user):
    from email.utils import parsedate_to_datetime

    from meervoud.api.models import ApiToken

    make_user("coordinator")
    key = token("coordinator", "--days", "30")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/v1/kennisbehoeften")
    announced = parsedate_to_datetime(response["API-Key-Expires"])
    assert abs((announced - ApiToken.objects.get().expires_at).total_seconds()) < 1
    assert "API-Key-Expires" not in APIClient().get("/api/v1/themas")
