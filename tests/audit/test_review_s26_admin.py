"""Session 26 review: the functional administrator's nightly `meervoud retention`, when something
around it is wrong. Each test fails on the code as it was reviewed; the docstring says what went
wrong."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from meervoud.audit.models import Action, AuditEvent
from meervoud.audit.services import record
from meervoud.stories import services
from meervoud.stories.models import Consent, Story

pytestmark = pytest.mark.django_db


def _backdate_event(pk, moment) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
        cursor.execute("UPDATE audit_auditevent SET at = %s WHERE id = %s", [moment, pk])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")


def test_a_ledger_that_cannot_be_written_stops_one_rule_not_the_whole_night(
        settings, tmp_path, publish, make_user, capsys):
    """The erasure ledger's disk was full (or its folder not writable for the cron user): the
    first story due under `zonder-toestemming` raised LedgerError, which rolled back every rule
    (old audit events, sessions, login attempts stayed, night after night) and ended the command
    in a Python traceback. Now that rule alone is rolled back and named, with the ledger's
    problem, the others are applied, the run is logged, and the exit code says something failed."""
    now = timezone.now()
    story = publish.statement("t", "V-s26-1").story
    for consent in story.consents.all():
        services.withdraw_consent(story, consent.purpose, via="link")
    Consent.objects.filter(story=story).update(withdrawn_at=now - timedelta(days=400))
    old = record(make_user("beheerder"), Action.VIEW, "stories.story", 1)
    _backdate_event(old.pk, now - timedelta(days=1000))
    blocked = tmp_path / "vol"
    blocked.mkdir()
    settings.MEERVOUD_ERASURE_LEDGER = blocked  # a folder: the ledger cannot be opened for writing

    with pytest.raises(CommandError) as error:
        call_command("retention")
    out = capsys.readouterr().out
    assert "zonder-toestemming" in str(error.value)
    assert "register van verwijderingen" in str(error.value)
    assert "Traceback" not in str(error.value)
    line = next(line for line in out.splitlines() if "zonder-toestemming" in line)
    assert "mislukt" in line
    assert Story.objects.filter(pk=story.pk).exists()  # not deleted without its line in the ledger
    assert not AuditEvent.objects.filter(pk=old.pk).exists()  # the other rules did their work
    run = AuditEvent.objects.filter(action=Action.RETENTION).get()
    assert "zonder-toestemming=mislukt" in run.detail and "logboek=1" in run.detail
