"""Retention: delete what Meervoud no longer needs, by documented rules (docs/security.md).

Each rule is a function that deletes and returns how many rows it removed. A dry run executes
exactly the same functions inside a transaction that is rolled back, so the report counts what
the real run would delete and the dry run cannot drift from it."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TASK_RESULT_DAYS = 30
# long enough for the author to read why and keep a copy; the author sees the date (teaching)
REJECTED_CONTRIBUTION_DAYS = 90
NARRATOR_GRACE_DAYS = 1  # a narrator is created just before their first story: leave fresh ones alone


@dataclass(frozen=True)
class Rule:
    key: str
    description: str
    apply: object  # callable(now) -> int


def _original_texts(now) -> int:
    from meervoud.stories.services import purge_expired_originals

    return purge_expired_originals(now)


def _audit_events(now) -> int:
    from meervoud.audit.models import AuditEvent

    return AuditEvent.objects.purge_before(now - timedelta(days=settings.MEERVOUD_AUDIT_RETENTION_DAYS))


def _task_results(now) -> int:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    deleted, _counts = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=now - timedelta(days=TASK_RESULT_DAYS),
    ).delete()
    return deleted


def _sessions(now) -> int:
    from django.contrib.sessions.models import Session

    deleted, _counts = Session.objects.filter(expire_date__lt=now).delete()
    return deleted


def _narrators(now) -> int:
    from meervoud.stories.models import Narrator

    deleted, _counts = Narrator.objects.filter(
        stories__isnull=True, user__isnull=True,
        created_at__lt=now - timedelta(days=NARRATOR_GRACE_DAYS),
    ).delete()
    return deleted


def _rejected_contributions(now) -> int:
    from meervoud.teaching.services import purge_rejected

    return purge_rejected(before=now - timedelta(days=REJECTED_CONTRIBUTION_DAYS))


def rules() -> list[Rule]:
    return [
        Rule("originelen", _("Originele teksten waarvan de bewaartermijn (MEERVOUD_KEEP_ORIGINAL_DAYS) "
                             "voorbij is: leeggemaakt"), _original_texts),
        Rule("logboek", _("Logboekregels ouder dan %(days)s dagen (MEERVOUD_AUDIT_RETENTION_DAYS)")
             % {"days": settings.MEERVOUD_AUDIT_RETENTION_DAYS}, _audit_events),
        Rule("taken", _("Afgeronde of mislukte achtergrondtaken ouder dan %(days)s dagen")
             % {"days": TASK_RESULT_DAYS}, _task_results),
        Rule("sessies", _("Verlopen inlogsessies"), _sessions),
        Rule("vertellers", _("Vertellers zonder verhalen en zonder account (ouder dan %(days)s dagen)")
             % {"days": NARRATOR_GRACE_DAYS}, _narrators),
        Rule("afgewezen-bijdragen", _("Niet gepubliceerde bijdragen aan de lesmodule, %(days)s dagen "
                                      "na de beoordeling, met hun bestand")
             % {"days": REJECTED_CONTRIBUTION_DAYS}, _rejected_contributions),
    ]


class _DryRun(Exception):
    pass


def apply_retention(*, dry_run: bool, now=None) -> list[tuple[Rule, int]]:
    """Apply every rule in one transaction; with dry_run the transaction is rolled back."""
    now = now or timezone.now()
    results: list[tuple[Rule, int]] = []
    try:
        with transaction.atomic():
            for rule in rules():
                results.append((rule, rule.apply(now)))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return results
