"""Retention: delete what Meervoud no longer needs, by documented rules (docs/security.md).

Each rule is a function that deletes and returns how many rows it removed. A dry run executes
exactly the same functions inside a transaction that is rolled back, so the report counts what
the real run would delete and the dry run cannot drift from it. The one exception is a rule
that also writes outside the database (deleting a story writes the erasure ledger): a dry run
only counts what its query selects, the same query the real run deletes."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

TASK_RESULT_DAYS = 30
# A task still running this long after it started was on a worker that stopped (a deploy, the
# out-of-memory killer, a restart while the mail server hung): a message takes seconds, the
# largest analysis under a minute. No worker takes it up again, and none finishes it.
TASK_STUCK_HOURS = 1
# What a task's arguments hold about a person, by task: wiped when a stuck task is given up, as
# the task itself wipes it once it is handled (``core.tasks.send_message``: an old address).
PERSONAL_TASK_KWARGS = {"meervoud.core.tasks.send_message": ("address",)}
# long enough for the author to read why and keep a copy; the author sees the date (teaching)
REJECTED_CONTRIBUTION_DAYS = 90
NARRATOR_GRACE_DAYS = 1  # a narrator is created just before their first story: leave fresh ones alone


@dataclass(frozen=True)
class Rule:
    key: str
    description: str
    apply: object  # callable(now) -> int
    # A rule whose deletion also writes outside the database (the erasure ledger) cannot be
    # rolled back: a dry run calls this instead, which only counts. callable(now) -> int
    count: object = None


def _original_texts(now) -> int:
    from meervoud.stories.services import purge_expired_originals

    return purge_expired_originals(now)


def _audit_events(now) -> int:
    from meervoud.audit.models import AuditEvent

    return AuditEvent.objects.purge_before(now - timedelta(days=settings.MEERVOUD_AUDIT_RETENTION_DAYS))


class WorkerStopped(Exception):
    """What a stuck task is marked failed with (``give_up_stuck_tasks``)."""


def _task_results(now) -> int:
    """Stuck tasks are given up (and kept, failed, for the period), then old results go."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    given_up = give_up_stuck_tasks(now)
    deleted, _counts = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=now - timedelta(days=TASK_RESULT_DAYS),
    ).delete()
    return given_up + deleted


def give_up_stuck_tasks(now) -> int:
    """Mark failed every task that runs longer than TASK_STUCK_HOURS, with what its arguments
    hold about a person wiped: otherwise it stays "running" for good, out of reach of the rule
    above, with an old e-mail address in it. Not retried: the message may have gone out before
    the worker stopped, and its address is gone. Returns how many."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    stuck = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING,
                                        started_at__lt=now - timedelta(hours=TASK_STUCK_HOURS))
    given_up = 0
    for pk, task_path, args_kwargs in stuck.values_list("pk", "task_path", "args_kwargs"):
        kwargs = args_kwargs.get("kwargs") or {}
        for name in PERSONAL_TASK_KWARGS.get(task_path, ()):
            kwargs.pop(name, None)
        # only while still running: a worker that was slow, not stopped, may just have finished
        given_up += DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=now, args_kwargs=args_kwargs,
            exception_class_path=f"{WorkerStopped.__module__}.{WorkerStopped.__qualname__}",
            traceback=f"{WorkerStopped.__qualname__}: still running {TASK_STUCK_HOURS} h after "
                      "it started; its worker stopped. Given up by meervoud retention.\n")
    return given_up


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


def _stories_without_consent(now):
    """Stories with no active consent, the last one taken back before the grace period (a story
    that never had any consent: counted from when it came in)."""
    from django.db.models import Count, Max, Q

    from meervoud.stories.models import Story

    cutoff = now - timedelta(days=settings.MEERVOUD_KEEP_WITHOUT_CONSENT_DAYS)
    return (Story.objects
            .alias(active=Count("consents", filter=Q(consents__withdrawn_at__isnull=True)),
                   last_withdrawn=Max("consents__withdrawn_at"))
            .filter(active=0)
            .filter(Q(last_withdrawn__lt=cutoff) | Q(last_withdrawn__isnull=True, created_at__lt=cutoff)))


def _delete_stories_without_consent(now) -> int:
    from meervoud.audit.models import Action
    from meervoud.audit.services import record
    from meervoud.stories.services import delete_story

    deleted = 0
    for story in _stories_without_consent(now).select_related("narrator"):
        story_id = story.pk
        # the narrator's own deletion: out of every theme, into the erasure ledger
        delete_story(story, via="retention")
        record(None, Action.DELETE, "stories.story", story_id, detail="bewaartermijn zonder toestemming")
        deleted += 1
    return deleted


def _count_stories_without_consent(now) -> int:
    return _stories_without_consent(now).count()


def _login_attempts(now) -> int:
    """django-axes keeps the full address and browser of failed logins; they only matter for
    the lockout. Its access logs are switched off (settings): rows from before that go too."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    over = now - settings.AXES_COOLOFF_TIME
    deleted, _counts = AccessAttempt.objects.filter(attempt_time__lt=over).delete()
    deleted += AccessFailureLog.objects.filter(attempt_time__lt=over).delete()[0]
    deleted += AccessLog.objects.all().delete()[0]
    return deleted


def _admin_history(now) -> int:
    """Django's admin history names what was changed (a username, a name in the pool): kept
    as long as the audit log, not for ever."""
    from django.contrib.admin.models import LogEntry

    deleted, _counts = LogEntry.objects.filter(
        action_time__lt=now - timedelta(days=settings.MEERVOUD_AUDIT_RETENTION_DAYS)).delete()
    return deleted


def _project_exports(now) -> int:
    """What a REFI-QDA export held (story ids, statement keys): kept as long as the audit log
    that says who exported it; a project sent back later than that is compared with today."""
    from meervoud.exchange.models import ProjectExport

    deleted, _counts = ProjectExport.objects.filter(
        created_at__lt=now - timedelta(days=settings.MEERVOUD_AUDIT_RETENTION_DAYS)).delete()
    return deleted


def _rejected_contributions(now) -> int:
    from meervoud.teaching.services import purge_rejected

    return purge_rejected(before=now - timedelta(days=REJECTED_CONTRIBUTION_DAYS))


def _withdrawn_words(now) -> int:
    from meervoud.knowledge.curation import purge_withdrawn_quotes

    return purge_withdrawn_quotes(now)


def _sent_forms(now) -> int:
    from meervoud.stories.services import purge_sent_forms

    return purge_sent_forms(now)


def _intake_senders(now) -> int:
    from meervoud.stories.services import purge_intake_senders

    return purge_intake_senders(now)


def _days(days: int) -> str:
    return ngettext("%(days)s dag", "%(days)s dagen", days) % {"days": days}


def rules() -> list[Rule]:
    return [
        Rule("originelen", _("Originele teksten waarvan de bewaartermijn (MEERVOUD_KEEP_ORIGINAL_DAYS) "
                             "voorbij is: leeggemaakt"), _original_texts),
        Rule("logboek", _("Logboekregels ouder dan %(period)s (MEERVOUD_AUDIT_RETENTION_DAYS)")
             % {"period": _days(settings.MEERVOUD_AUDIT_RETENTION_DAYS)}, _audit_events),
        Rule("taken", _("Afgeronde of mislukte achtergrondtaken ouder dan %(period)s. Een taak "
                        "die na %(hours)s uur nog bezig is, is vastgelopen: die telt vanaf dan als "
                        "mislukt, en een e-mailadres erin wordt gewist")
             % {"period": _days(TASK_RESULT_DAYS), "hours": TASK_STUCK_HOURS}, _task_results),
        Rule("sessies", _("Verlopen inlogsessies"), _sessions),
        Rule("vertellers", _("Vertellers zonder verhalen en zonder account (ouder dan %(period)s)")
             % {"period": _days(NARRATOR_GRACE_DAYS)}, _narrators),
        Rule("afgewezen-bijdragen", _("Niet gepubliceerde bijdragen aan de lesmodule, %(period)s "
                                      "na de beoordeling, met hun bestand")
             % {"period": _days(REJECTED_CONTRIBUTION_DAYS)}, _rejected_contributions),
        Rule("zonder-toestemming", _("Verhalen zonder enige toestemming, %(period)s nadat de laatste "
                                     "werd ingetrokken (MEERVOUD_KEEP_WITHOUT_CONSENT_DAYS)")
             % {"period": _days(settings.MEERVOUD_KEEP_WITHOUT_CONSENT_DAYS)},
             _delete_stories_without_consent, count=_count_stories_without_consent),
        Rule("inlogpogingen", _("Mislukte inlogpogingen na de blokkeertijd, met adres en browser"),
             _login_attempts),
        Rule("beheerhistorie", _("Geschiedenis van /beheer/ ouder dan %(period)s "
                                 "(MEERVOUD_AUDIT_RETENTION_DAYS)")
             % {"period": _days(settings.MEERVOUD_AUDIT_RETENTION_DAYS)}, _admin_history),
        Rule("qda-exports", _("Wat exports voor analyseprogramma's bevatten (verhaalnummers), ouder "
                              "dan %(period)s (MEERVOUD_AUDIT_RETENTION_DAYS)")
             % {"period": _days(settings.MEERVOUD_AUDIT_RETENTION_DAYS)}, _project_exports),
        Rule("ingetrokken-woorden", _("Vingerafdrukken van ingetrokken woorden, zodra geen "
                                      "open formulier ze nog kan terugbrengen"), _withdrawn_words),
        Rule("verstuurde-formulieren", _("Codes van verstuurde verhaalformulieren, zodra die pagina niet "
                                         "meer verstuurd kan worden (na een dag)"), _sent_forms),
        Rule("verhalen-per-adres", _("Gehashte adressen waarvandaan verhalen kwamen, na het uur waarin ze "
                                     "meetellen (MEERVOUD_INTAKE_PER_HOUR)"), _intake_senders),
    ]


class _DryRun(Exception):
    pass


@dataclass(frozen=True)
class Failed:
    """A rule that could not be applied; ``problem`` is one sentence for the operator."""

    problem: str


def apply_retention(*, dry_run: bool, now=None) -> list[tuple[Rule, int | Failed]]:
    """Apply every rule in one transaction; with dry_run the transaction is rolled back. A rule
    that fails (the erasure ledger cannot be written: a full disk) is rolled back alone and
    reported as ``Failed``; the others still apply, so one problem does not keep old audit
    events, sessions and login attempts night after night."""
    from meervoud.stories.erasures import LedgerError

    now = now or timezone.now()
    results: list[tuple[Rule, int | Failed]] = []
    try:
        with transaction.atomic():
            for rule in rules():
                run = rule.count if dry_run and rule.count is not None else rule.apply
                try:
                    with transaction.atomic():
                        results.append((rule, run(now)))
                except LedgerError as error:
                    results.append((rule, Failed(str(error))))
                except Exception as error:  # noqa: BLE001 - reported, and the log has the rest
                    logger.exception("retention rule %s failed", rule.key)
                    # not the message: a database error can quote a row's values
                    results.append((rule, Failed(f"{type(error).__name__}; zie het log.")))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return results
