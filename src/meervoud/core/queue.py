"""The background queue as the administrator sees it (`meervoud taken`): what waits, runs, got
stuck or failed, and queuing a failed task again where that is safe.

What a task holds (an account's number, a message's text, an old address) is never shown: the
list says which kind of task, its state and since when, which is what she needs to act on."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meervoud.audit.models import Action
from meervoud.audit.services import record

MESSAGE = "meervoud.core.tasks.send_message"
ANALYSIS = "meervoud.knowledge.tasks.analyse"

KINDS = {
    MESSAGE: gettext_lazy("e-mailbericht"),
    "meervoud.accounts.tasks.send_reset_link": gettext_lazy("link voor een nieuw wachtwoord"),
    ANALYSIS: gettext_lazy("analyse"),
    "meervoud.pool.tasks.record_started_work": gettext_lazy("begonnen werk vastleggen"),
}


class QueueError(Exception):
    """The task cannot be queued again; the message says why (Dutch, for the command line)."""


@dataclass(frozen=True)
class Row:
    id: uuid.UUID
    kind: str
    state: str
    since: datetime


def _kind(task_path: str) -> str:
    return str(KINDS.get(task_path, task_path.rsplit(".", 1)[-1]))


def attention(now=None) -> list[Row]:
    """Every task that waits, runs or failed within the retention period, oldest first; what
    went well is left out."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from meervoud.audit.retention import TASK_RESULT_DAYS, TASK_STUCK_HOURS

    now = now or timezone.now()
    Status = TaskResultStatus
    rows = []
    results = DBTaskResult.objects.filter(status__in=[Status.READY, Status.RUNNING, Status.FAILED]).exclude(
        status=Status.FAILED, finished_at__lt=now - timedelta(days=TASK_RESULT_DAYS))
    for result in results.order_by("enqueued_at"):
        if result.status == Status.READY:
            state, since = _("wacht"), result.enqueued_at
        elif result.status == Status.RUNNING:
            stuck = result.started_at and result.started_at < now - timedelta(hours=TASK_STUCK_HOURS)
            state = _("vastgelopen (de werker stopte)") if stuck else _("bezig")
            since = result.started_at or result.enqueued_at
        else:
            state, since = _("mislukt"), result.finished_at or result.enqueued_at
        rows.append(Row(result.id, _kind(result.task_path), state, since))
    return rows


def retry(result_id: str, now=None) -> str:
    """Queue a failed task again (a stuck one is given up first, as `meervoud retention` would);
    returns what was done, in a sentence. An analysis is asked anew (its old task only runs a
    run that waits); a message about someone's account is not sent again. Logged."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from meervoud.audit.retention import give_up_stuck_tasks

    try:
        pk = uuid.UUID(str(result_id))
    except ValueError:
        pk = None
    now = now or timezone.now()
    give_up_stuck_tasks(now)
    result = DBTaskResult.objects.filter(pk=pk).first() if pk else None
    if result is None:
        raise QueueError(_("Er is geen taak met nummer %(id)s. De nummers staan in de lijst van "
                           "meervoud taken.") % {"id": result_id})
    if result.status != TaskResultStatus.FAILED:
        raise QueueError(_("Taak %(id)s is %(state)s: alleen een mislukte of vastgelopen taak kan "
                           "opnieuw.") % {"id": result_id, "state": _("klaar") if result.status ==
                                          TaskResultStatus.SUCCESSFUL else _("nog niet klaar")})
    args, kwargs = result.args_kwargs.get("args", []), result.args_kwargs.get("kwargs", {})
    kind = _kind(result.task_path)
    if result.task_path == MESSAGE and kwargs.get("essential"):
        raise QueueError(_("Een bericht over iemands account gaat niet opnieuw: het kan al aangekomen "
                           "zijn, en het adres waar het heen moest, is gewist."))
    if result.task_path == ANALYSIS:
        from meervoud.knowledge.services import request_analysis

        run = request_analysis(reason="opnieuw na een mislukte taak")
        done = _("Nieuwe analyse gevraagd (run %(run)s).") % {"run": run.pk}
    elif result.task_path in KINDS:
        again = import_string(result.task_path).enqueue(*args, **kwargs)
        done = _("%(kind)s opnieuw in de wachtrij: %(id)s.") % {"kind": kind.capitalize(), "id": again.id}
    else:
        raise QueueError(_("Taak %(id)s (%(kind)s) kan niet opnieuw vanuit meervoud taken.")
                         % {"id": result_id, "kind": kind})
    record(None, Action.CHANGE, "django_tasks_db.dbtaskresult", result.pk,
           detail=f"mislukte taak opnieuw: {result.task_path}")
    return done
