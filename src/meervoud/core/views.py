import logging

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from meervoud.core.work import waiting_for
from meervoud.publication.disclosure import k_threshold
from meervoud.stories.selectors import public_totals


def home(request):
    return render(request, "core/home.html", {"totals": public_totals(k_threshold())})


@login_required
def my_work(request):
    """What waits for her, in one place, with links into the lists (``core.work``)."""
    return render(request, "core/my_work.html", {"items": waiting_for(request.user)})


def health(request):
    """For load balancers and monitoring: answers only when the database answers too."""
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# Longer than the longest analysis measured (10,000 stories: about 40 s), far shorter than a
# day of reset links, invitations and started work that would otherwise wait unseen.
WORKER_LATE_AFTER = 10 * 60


def worker_health(request):
    """For monitoring: 503 when a task has been ready to run for longer than
    ``WORKER_LATE_AFTER`` seconds, so a worker that stopped is noticed; mail, analyses and the
    recording of started work all wait for it. The log says how long the oldest one waits."""
    from django.db.models import Min
    from django.db.models.functions import Greatest
    from django.http import JsonResponse
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult, get_date_max

    ready = DBTaskResult.objects.ready()
    # a task to run at once has the largest date as its "run after"; one queued for later (the
    # start date of work) waits from that moment, not from when it was queued
    since = [ready.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))["at"],
             ready.exclude(run_after=get_date_max()).aggregate(
                 at=Min(Greatest("enqueued_at", "run_after")))["at"]]
    oldest = min((at for at in since if at is not None), default=None)
    waiting = max(0, int((timezone.now() - oldest).total_seconds())) if oldest else 0
    late = waiting > WORKER_LATE_AFTER
    if late:
        logging.getLogger(__name__).warning("background worker behind: a task waits %s s", waiting)
    # nothing more than late or not: how long a task waits would tell anyone whether a reset
    # request a moment ago was for an existing account (only those queue a mail)
    return JsonResponse({"status": "achter" if late else "ok"}, status=503 if late else 200)
