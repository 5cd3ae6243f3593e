import uuid
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from meervoud.audit.models import Action, AuditEvent
from meervoud.audit.services import record
from meervoud.exchange.models import ProjectExport
from meervoud.knowledge.models import WithdrawnQuote
from meervoud.stories import erasures, services
from meervoud.stories.models import Consent, IntakeSender, Narrator, SentForm, Story
from meervoud.teaching.models import Contribution, ContributionStatus

LONG_AGO = timedelta(days=1000)


def _backdate(table: str, column: str, pk, moment) -> None:
    with connection.cursor() as cursor:
        if table == "audit_auditevent" and connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [moment, pk])
        if table == "audit_auditevent" and connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")


@pytest.fixture
def expired(db, settings, publish, make_user):
    """One thing to remove and one to keep for every rule."""
    now = timezone.now()
    settings.MEERVOUD_KEEP_ORIGINAL_DAYS = 3
    old_story = publish.statement("t", "V-ret-1").story
    publish.statement("t", "V-ret-2")
    Story.objects.filter(pk=old_story.pk).update(original_expires_at=now - timedelta(days=1))
    user = make_user("beheerder")
    _backdate("audit_auditevent", "at", record(user, Action.VIEW, "stories.story", 1).pk, now - LONG_AGO)
    record(user, Action.VIEW, "stories.story", 2)
    for finished, status in [(now - timedelta(days=40), TaskResultStatus.SUCCESSFUL),
                             (now - timedelta(days=40), TaskResultStatus.FAILED),
                             (now - timedelta(days=2), TaskResultStatus.SUCCESSFUL),
                             (now - timedelta(days=40), TaskResultStatus.READY)]:
        DBTaskResult.objects.create(status=status, finished_at=finished, args_kwargs={},
                                    task_path="x.y", backend_name="default", run_after=now)
    Session.objects.create(session_key="a" * 32, session_data="", expire_date=now - timedelta(days=1))
    Session.objects.create(session_key="b" * 32, session_data="", expire_date=now + timedelta(days=1))
    Narrator.objects.create(code="leeg-oud", created_at=now - timedelta(days=10))
    Narrator.objects.create(code="leeg-nieuw")
    Narrator.objects.create(code="met-account", user=make_user("verteller"),
                            created_at=now - timedelta(days=10))
    for title, rejected_at in [("oud", now - timedelta(days=100)), ("recent", now - timedelta(days=10))]:
        Contribution.objects.create(kind="link", title=title, url="https://example.org", author=user,
                                    status=ContributionStatus.REJECTED, moderated_at=rejected_at)
    for code, withdrawn_at in [("V-ret-3", now - timedelta(days=400)), ("V-ret-4", now)]:
        story = publish.statement("t", code).story
        for consent in story.consents.all():
            services.withdraw_consent(story, consent.purpose, via="link")
        Consent.objects.filter(story=story).update(withdrawn_at=withdrawn_at)
        Story.objects.filter(pk=story.pk).update(original_text="")  # counted by "originelen" only
    for address, tried_at in [("203.0.113.1", now - timedelta(hours=2)), ("203.0.113.2", now)]:
        attempt = AccessAttempt.objects.create(username="iemand", ip_address=address, user_agent="Firefox",
                                               get_data="", post_data="", http_accept="", path_info="/",
                                               failures_since_start=1)
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=tried_at)
    AccessLog.objects.create(username="iemand", ip_address="203.0.113.3", user_agent="Firefox",
                             http_accept="", path_info="/")
    for repr_, action_time in [("oud", now - LONG_AGO), ("recent", now)]:
        LogEntry.objects.create(user=user, object_id="1", object_repr=repr_, action_flag=ADDITION,
                                action_time=action_time)
    for n, created_at in enumerate([now - LONG_AGO, now]):
        ProjectExport.objects.create(stamp=uuid.UUID(int=n + 1), created_at=created_at, snapshot={})
    for digest, withdrawn_at in [("oud", now - timedelta(days=2)), ("recent", now)]:
        WithdrawnQuote.objects.create(digest=digest, withdrawn_at=withdrawn_at)
    # a step-2 page sent two days ago can no longer be sent again (it lives a day); one of an hour ago can
    for n, sent_at in [(1, now - timedelta(days=2)), (2, now - timedelta(hours=1))]:
        SentForm.objects.create(token=uuid.UUID(int=n), story=old_story, sent_at=sent_at)
    for address, sent_at in [("oud", now - timedelta(minutes=61)), ("recent", now - timedelta(minutes=59))]:
        IntakeSender.objects.create(address=address, sent_at=sent_at)


def state():
    return {
        "originals": Story.objects.exclude(original_text="").count(),
        "audit": AuditEvent.objects.count(),
        "tasks": DBTaskResult.objects.count(),
        "sessions": Session.objects.count(),
        "narrators": sorted(Narrator.objects.values_list("code", flat=True)),
        "contributions": sorted(Contribution.objects.values_list("title", flat=True)),
        "stories": sorted(Story.objects.values_list("narrator__code", flat=True)),
        "attempts": sorted(AccessAttempt.objects.values_list("ip_address", flat=True)),
        "access_logs": AccessLog.objects.count(),
        "admin_history": sorted(LogEntry.objects.values_list("object_repr", flat=True)),
        "ledger": len(erasures.read_ledger().entries),
        "qda_exports": sorted(ProjectExport.objects.values_list("stamp", flat=True)),
        "withdrawn_words": sorted(WithdrawnQuote.objects.filter(digest__in=["oud", "recent"])
                                  .values_list("digest", flat=True)),
        "sent_forms": sorted(SentForm.objects.values_list("token", flat=True)),
        "intake_senders": sorted(IntakeSender.objects.values_list("address", flat=True)),
    }


@pytest.mark.django_db
def test_dry_run_reports_per_rule_in_dutch_and_changes_nothing(expired, capsys):
    before = state()
    call_command("retention", "--dry-run")
    out = capsys.readouterr().out
    assert state() == before
    assert "proefrun, er is niets verwijderd" in out
    lines = {line.split()[0]: int(line.split()[1]) for line in out.splitlines()[1:-1]}
    assert lines == {"originelen": 1, "logboek": 1, "taken": 2, "sessies": 1, "vertellers": 1,
                     "afgewezen-bijdragen": 1, "zonder-toestemming": 1, "inlogpogingen": 2,
                     "beheerhistorie": 1, "qda-exports": 1, "ingetrokken-woorden": 1,
                     "verstuurde-formulieren": 1, "verhalen-per-adres": 1}
    assert "Totaal: 15." in out


@pytest.mark.django_db
def test_retention_removes_exactly_what_the_dry_run_announced(expired, capsys):
    before = state()
    call_command("retention")
    out = capsys.readouterr().out
    after = state()
    assert after["originals"] == before["originals"] - 1
    # one old event gone; the run itself and the story it deleted logged
    assert after["audit"] == before["audit"] - 1 + 2
    assert AuditEvent.objects.filter(action=Action.RETENTION, detail__contains="logboek=1").exists()
    assert after["tasks"] == before["tasks"] - 2
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()
    assert after["sessions"] == before["sessions"] - 1
    assert "leeg-oud" not in after["narrators"]
    assert {"leeg-nieuw", "met-account", "V-ret-1", "V-ret-2"} <= set(after["narrators"])
    assert after["contributions"] == ["recent"]
    # the story withdrawn a year ago is deleted as the narrator's own deletion would be, on record
    assert after["stories"] == ["V-ret-1", "V-ret-2", "V-ret-4"]
    assert after["ledger"] == before["ledger"] + 1
    assert AuditEvent.objects.filter(action=Action.DELETE, object_type="stories.story").count() == 1
    assert after["attempts"] == ["203.0.113.2"] and after["access_logs"] == 0
    assert after["qda_exports"] == [uuid.UUID(int=2)]
    assert after["withdrawn_words"] == ["recent"]
    assert after["sent_forms"] == [uuid.UUID(int=2)]
    assert after["intake_senders"] == ["recent"]
    assert after["admin_history"] == ["recent"]
    assert "Bewaartermijnen toegepast" in out
    call_command("retention", "--dry-run")
    assert "Totaal: 0." in capsys.readouterr().out
