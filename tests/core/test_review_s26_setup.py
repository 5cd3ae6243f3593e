"""Session 26 review: the functional administrator installs Meervoud for production from the
README's "Configuration" (an environment file for systemd, `NAME=` lines she fills in later),
upgrades it a year later, and runs `meervoud check --deploy`. Each test fails on the code as it
was reviewed; the docstring says what went wrong."""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from tests.core.test_review_setup import load_settings, production_env

KEY = "x" * 60


# ---------------------------------------------------------------- an empty line means the default


@pytest.mark.parametrize("variable, setting", [
    ("MEERVOUD_HTTPS", "SESSION_COOKIE_SECURE"),
    ("MEERVOUD_SSL_REDIRECT", "SECURE_SSL_REDIRECT"),
    ("MEERVOUD_HSTS_SUBDOMAINS", "SECURE_HSTS_INCLUDE_SUBDOMAINS"),
    ("MEERVOUD_EMAIL_TLS", "EMAIL_USE_TLS"),
])
def test_an_empty_yes_no_variable_means_its_default(monkeypatch, tmp_path, variable, setting):
    """The README: "An empty variable (`NAME=` in an environment file) means its default". For
    yes/no settings an empty line meant "no": `MEERVOUD_HTTPS=` switched off secure cookies, HSTS
    and the https redirect, `MEERVOUD_EMAIL_TLS=` sent the mail password in the clear."""
    loaded = load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY=KEY, **{variable: ""})
    assert loaded[setting] is True


@pytest.mark.parametrize("value", ["misschien", "2", "aan/uit"])
def test_an_unknown_yes_no_word_stops_start_up_and_names_the_variable(monkeypatch, tmp_path, value):
    """Any word that was not one of five English "yes" words meant "no", silently:
    `MEERVOUD_HTTPS=waar` or a typo switched HTTPS off in production."""
    with pytest.raises(ImproperlyConfigured) as error:
        load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY=KEY, MEERVOUD_HTTPS=value)
    message = str(error.value)
    assert "MEERVOUD_HTTPS" in message and repr(value) in message and "moet" in message


@pytest.mark.parametrize("value, expected", [("ja", True), ("Aan", True), ("nee", False),
                                             ("uit", False), ("off", False), ("0", False)])
def test_dutch_and_english_yes_no_words_are_understood(monkeypatch, tmp_path, value, expected):
    loaded = load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY=KEY, MEERVOUD_REQUIRE_2FA=value)
    assert loaded["MEERVOUD_REQUIRE_2FA"] is expected


def test_an_empty_host_list_means_its_default(monkeypatch, tmp_path):
    """`MEERVOUD_ALLOWED_HOSTS=` gave an empty list: with debug off every page answered 400,
    while the health check (`/gezond/`, which skips the Host check) kept saying "ok"."""
    loaded = load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY=KEY, MEERVOUD_ALLOWED_HOSTS="")
    assert loaded["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]


def test_an_empty_upload_folder_means_its_default_and_folders_do_not_follow_the_working_dir(
        monkeypatch, tmp_path):
    """`MEERVOUD_UPLOAD_DIR=` put shared files in the working directory ("."); a relative
    `MEERVOUD_ERASURE_LEDGER` named another file for the web server (started in one folder) than
    for the daily `meervoud retention` and `backup` (cron, in another), so erasures were written
    to a ledger no restore would read. A relative path is refused, naming the variable (taking it
    inside MEERVOUD_DATA_DIR instead would move an existing install's register without a word)."""
    loaded = load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY=KEY, MEERVOUD_UPLOAD_DIR="",
                           MEERVOUD_ERASURE_LEDGER=str(tmp_path / "register.jsonl"))
    assert loaded["MEERVOUD_UPLOAD_DIR"] == tmp_path / "data" / "uploads"
    assert loaded["MEERVOUD_ERASURE_LEDGER"] == tmp_path / "register.jsonl"
    for variable in ("MEERVOUD_ERASURE_LEDGER", "MEERVOUD_UPLOAD_DIR"):
        with pytest.raises(ImproperlyConfigured) as error:
            load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY=KEY, **{variable: "register.jsonl"})
        assert variable in str(error.value) and "volledig pad" in str(error.value)


# ---------------------------------------------------------------- a wrong value says which one


@pytest.mark.parametrize("value, expected", [("", "WARNING"), ("debug", "DEBUG"), (" info ", "INFO")])
def test_the_log_level_takes_lower_case_and_an_empty_line(monkeypatch, tmp_path, value, expected):
    """`MEERVOUD_LOG_LEVEL=` or `=debug` stopped every command with Python's "ValueError: Unable to
    configure root logger", naming neither the variable nor the value."""
    loaded = load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY=KEY, MEERVOUD_LOG_LEVEL=value)
    assert loaded["LOGGING"]["root"]["level"] == expected


def test_an_unknown_log_level_is_refused_in_dutch(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured) as error:
        load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY=KEY, MEERVOUD_LOG_LEVEL="veel")
    assert "MEERVOUD_LOG_LEVEL" in str(error.value) and "WARNING" in str(error.value)


@pytest.mark.parametrize("url", ["postgress://meervoud:Geheim123@db/meervoud",
                                 "mysql://meervoud:Geheim123@db/meervoud",
                                 "meervoud:Geheim123@db/meervoud"])
def test_a_database_address_meervoud_cannot_use_is_refused_without_its_password(
        monkeypatch, tmp_path, url):
    """A misspelt scheme stopped start-up with dj-database-url's English "Scheme 'postgress://' is
    unknown. Did you forget to register custom backend?"; MySQL started (the audit log's
    append-only trigger and every test are PostgreSQL and SQLite only). The sentence must not
    repeat the password: start-up errors end up in the system journal."""
    with pytest.raises(ImproperlyConfigured) as error:
        load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY=KEY, MEERVOUD_DATABASE_URL=url)
    message = str(error.value)
    assert "MEERVOUD_DATABASE_URL" in message and "postgres://" in message
    assert "Geheim123" not in message


def test_a_secret_key_of_spaces_is_missing(monkeypatch, tmp_path):
    """`MEERVOUD_SECRET_KEY= ` (a space after the sign) was taken as the key: every keyed hash
    (pseudonyms of imports, the audit log's networks) rested on one space."""
    with pytest.raises(ImproperlyConfigured) as error:
        load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY="   ")
    assert "MEERVOUD_SECRET_KEY" in str(error.value)


def test_a_site_address_without_https_is_refused(monkeypatch, tmp_path):
    """`MEERVOUD_SITE_URL=meervoud.example.nl` made every e-mail link "meervoud.example.nl/pool/…",
    which mail programs do not open, and nothing said so."""
    with pytest.raises(ImproperlyConfigured) as error:
        load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY=KEY,
                      MEERVOUD_SITE_URL="meervoud.example.nl")
    assert "MEERVOUD_SITE_URL" in str(error.value) and "https://" in str(error.value)
    loaded = load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY=KEY,
                           MEERVOUD_SITE_URL="https://meervoud.example.nl/")
    assert loaded["MEERVOUD_SITE_URL"] == "https://meervoud.example.nl"


def test_mail_on_port_465_uses_tls_from_the_start(monkeypatch, tmp_path):
    """Port 465 (SMTPS, what many providers give) needs TLS from the first byte; Meervoud always
    said STARTTLS, so every message waited 10 s for the server and was logged as not sent."""
    loaded = load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY=KEY,
                           MEERVOUD_EMAIL_HOST="smtp.example.nl", MEERVOUD_EMAIL_PORT="465")
    assert loaded["EMAIL_USE_SSL"] is True and loaded["EMAIL_USE_TLS"] is False
    plain = load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY=KEY,
                          MEERVOUD_EMAIL_HOST="smtp.example.nl", MEERVOUD_EMAIL_PORT=None)
    assert plain["EMAIL_USE_TLS"] is True and not plain.get("EMAIL_USE_SSL")


# ---------------------------------------------------------------- meervoud check --deploy


def _deploy_warnings():
    from meervoud.core.checks import deployment

    return {warning.id: warning.msg for warning in deployment(None)}


@pytest.mark.django_db
def test_check_deploy_warns_when_the_data_folder_follows_the_working_dir():
    """Without MEERVOUD_DATA_DIR the data (SQLite, the erasure ledger, uploads) lands in `var/`
    under whatever folder a command is started from; `meervoud check --deploy`, which the README
    asks to be clean, said nothing."""
    with override_settings(MEERVOUD_DATA_DIR_SET=False):
        assert "MEERVOUD_DATA_DIR" in _deploy_warnings().get("meervoud.W001", "")
    with override_settings(MEERVOUD_DATA_DIR_SET=True):
        assert "meervoud.W001" not in _deploy_warnings()


@pytest.mark.django_db
def test_check_deploy_warns_about_mail_without_links_or_sender():
    """With a mail server but no MEERVOUD_SITE_URL every message says only "log in to read it";
    the default sender noreply@localhost is refused by most mail servers. Both started silently."""
    smtp = "django.core.mail.backends.smtp.EmailBackend"
    with override_settings(EMAIL_BACKEND=smtp, MEERVOUD_SITE_URL="",
                           DEFAULT_FROM_EMAIL="Meervoud <noreply@localhost>"):
        warnings = _deploy_warnings()
    assert "MEERVOUD_SITE_URL" in warnings.get("meervoud.W002", "")
    assert "MEERVOUD_EMAIL_FROM" in warnings.get("meervoud.W003", "")
    with override_settings(EMAIL_BACKEND=smtp, MEERVOUD_SITE_URL="https://meervoud.example.nl",
                           DEFAULT_FROM_EMAIL="Meervoud <meervoud@example.nl>"):
        assert not {"meervoud.W002", "meervoud.W003"} & _deploy_warnings().keys()


# ---------------------------------------------------------------- an upgrade: migrate first


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_refuses_a_database_that_is_not_migrated(tmp_path):
    """After installing a new version the administrator restarted the service before
    `meervoud migrate`: gunicorn started and pages failed on missing columns (or, on an empty
    database, the worker died with an English traceback and "foutcode 1"). `meervoud serve` now
    names the step that is missing, before anything listens."""
    env = production_env(tmp_path, MEERVOUD_HTTPS="0")
    env.pop("MEERVOUD_DATABASE_URL", None)
    process = subprocess.Popen([sys.executable, "-m", "meervoud", "serve", "--port", str(_free_port()),
                                "--workers", "1"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = process.communicate(timeout=240)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode != 0
    assert "draait op" not in out
    assert "meervoud migrate" in err  # an empty database: see test_s27_old_database for an upgrade
    assert "Traceback" not in err
    assert not (Path(tmp_path) / "static").exists()  # stopped before collecting static files
