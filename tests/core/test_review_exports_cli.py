"""Files the app lets people download or writes for them, and the `meervoud` command line: odd
data, unwritable paths and contradictory options (a review, session 12)."""

import os
import secrets
import socket
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse


def test_report_docx_survives_control_character_in_collective_statement(client, publish):
    """A collective statement pasted from Word (with a soft line break \\x0b) must not break the
    public municipal report as Word file: the download answers 200 like the PDF and web page."""
    publish.backed("wachtlijsten", 5, name="Wachtlijsten", insight="Wachten duurt lang.\x0bTe lang.")
    response = client.get(reverse("publication:report_docx", kwargs={"municipality": "Groningen"}))
    assert response.status_code == 200


def test_infographic_svg_is_well_formed_with_control_character_in_theme_name(client, publish):
    """The downloaded infographic SVG must be well-formed XML even when a theme name typed by
    peer experts holds a character XML forbids (Word's soft line break \\x0b)."""
    from xml.etree import ElementTree

    publish.backed("wachtlijsten", 5, name="Wachten\x0bop hulp", insight="Wachten duurt lang.")
    response = client.get(reverse("publication:infographic_svg"))
    assert response.status_code == 200
    ElementTree.fromstring(response.content)  # raises ParseError: not well-formed


# ---------------------------------------------------------------- command line

def test_backup_into_missing_folder_is_a_clear_command_error(db, tmp_path):
    """`meervoud backup -o` into a folder that does not exist must end with a Dutch CommandError
    (exit code 1, one line), not a FileNotFoundError traceback."""
    with pytest.raises(CommandError):
        call_command("backup", output=str(tmp_path / "bestaat-niet" / "meervoud.gz"))


def test_failed_backup_leaves_no_readable_partial_copy(db, tmp_path):
    """A backup that cannot be put in place (here: -o names an existing folder) must not leave
    the whole database behind in a stray `<name>.partial` file next to it."""
    target = tmp_path / "backups"
    target.mkdir()
    with pytest.raises(Exception):
        call_command("backup", output=str(target))
    assert not (tmp_path / "backups.partial").exists()


def test_export_qdpx_into_missing_folder_is_a_clear_command_error(db, tmp_path):
    """`meervoud export_qdpx -o` into a folder that does not exist must be a CommandError with a
    Dutch message, not a FileNotFoundError traceback."""
    with pytest.raises(CommandError):
        call_command("export_qdpx", output=str(tmp_path / "bestaat-niet" / "project.qdpx"))


def test_export_qdpx_on_the_command_line_is_audited(db, tmp_path):
    """The REFI-QDA project holds research stories (non-public data); exporting it on the command
    line must leave an `export` event in the audit log, as the web download does."""
    from meervoud.audit.models import AuditEvent

    call_command("export_qdpx", output=str(tmp_path / "project.qdpx"))
    assert AuditEvent.objects.filter(action="export").exists()


def test_report_into_missing_folder_is_a_clear_command_error(db, tmp_path):
    """`meervoud report -o` into a folder that does not exist must end with a Dutch CommandError,
    not a FileNotFoundError traceback after the report was rendered."""
    with pytest.raises(CommandError):
        call_command("report", gemeente="Groningen", output=str(tmp_path / "bestaat-niet" / "r.docx"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_exit_code_is_not_zero_when_the_web_server_cannot_start(tmp_path):
    """When gunicorn refuses to start (here an impossible --workers -1), `meervoud serve` must
    exit non-zero, so a supervisor (systemd) sees the failure instead of a clean stop."""
    env = {k: v for k, v in os.environ.items() if k != "MEERVOUD_DATABASE_URL"}
    env |= {"MEERVOUD_DEBUG": "0", "MEERVOUD_HTTPS": "0", "MEERVOUD_DATA_DIR": str(tmp_path),
            "MEERVOUD_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SETTINGS_MODULE": "meervoud.conf.settings"}
    done = subprocess.run([sys.executable, "-m", "meervoud", "serve", "--workers", "-1",
                           "--port", str(_free_port())], env=env, capture_output=True, timeout=120)
    assert done.returncode != 0


def test_api_token_refuses_reset_together_with_revoke(db, make_user):
    """`api_token USER --reset --revoke` contradicts itself (a new key vs no key); it must be a
    CommandError, not exit 0 with an empty standard output where a script expects the new key."""
    make_user("coordinator", "koppeling")
    with pytest.raises(CommandError):
        call_command("api_token", "koppeling", reset=True, revoke=True)


def test_report_with_empty_municipality_is_refused(db, tmp_path):
    """`meervoud report --gemeente ""` (e.g. an unset shell variable) must be a CommandError, not
    silently write a national report under the municipal report's name with exit code 0."""
    target = tmp_path / "rapport.docx"
    with pytest.raises(CommandError):
        call_command("report", gemeente="", output=str(target))
    assert not target.exists()


def test_the_demo_refuses_a_real_installation(db):
    """`meervoud demo` adds an administrator with a published password: without debug (a real
    installation) it refuses in Dutch and creates no account."""
    from django.contrib.auth import get_user_model

    with pytest.raises(CommandError, match="bekend wachtwoord"):
        call_command("demo", no_serve=True)
    assert not get_user_model().objects.filter(username="beheerder").exists()


@pytest.mark.django_db  # every command first checks the database is migrated
def test_import_of_a_folder_says_it_is_a_folder(tmp_path):
    """`meervoud import` given a folder says so, instead of claiming the file does not exist."""
    with pytest.raises(CommandError, match="is een map"):
        call_command("import", str(tmp_path))
