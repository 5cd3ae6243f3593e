"""Who may see which assignment, and its team: one rule for the web pages and the API."""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from meervoud.accounts.models import Role
from meervoud.accounts.permissions import user_can
from meervoud.matching.pool import peak_load
from meervoud.pool import reasons
from meervoud.pool.models import Assignment, Proposal, Visibility


def asked_for_it(user, assignment: Assignment) -> bool:
    """The user posts assignments for the organisation that asked for this one."""
    return (user_can(user, "pool.post_assignment")
            and user.organisation_id is not None and user.organisation_id == assignment.organisation_id)


# Work an expert has promised or been offered: a sent or accepted proposal holds its hours
# until the assignment ends, also while the rest of its team is not complete; and its expert
# knows of the assignment (so hears when it no longer counts).
COMMITTED = (Proposal.Status.SENT, Proposal.Status.ACCEPTED)
# before the work starts the team can still change: a yes can be taken back, the asker can cancel
NOT_STARTED = (Assignment.Status.OPEN, Assignment.Status.FILLED)
# not over and not cancelled: the work still holds its experts' hours and their yes
NOT_OVER = (*NOT_STARTED, Assignment.Status.RUNNING)
# the expert's own no: before saying yes, or after it (stopped); the matching does not ask again
SAID_NO = (Proposal.Status.DECLINED, Proposal.Status.STOPPED)


def due_to_start() -> QuerySet[Assignment]:
    """Complete teams whose start date came, not yet recorded as running. Their work is under
    way all the same: the start button is easy to forget, and a team that is already giving a
    training must not be broken up as if nothing had begun. The worker records them on the
    start date (``pool.tasks``), every action on an assignment first (``services._locked``);
    pages and the API read them as running before that (:func:`as_of_today`)."""
    return Assignment.objects.filter(status=Assignment.Status.FILLED,
                                     start__lte=timezone.localdate())


def started_by_date(assignment: Assignment) -> bool:
    """:func:`due_to_start` for an assignment already read."""
    return (assignment.status == Assignment.Status.FILLED
            and assignment.start <= timezone.localdate())


def as_of_today(assignments: Iterable[Assignment]) -> list[Assignment]:
    """The assignments as a page or the API shows them: work whose start date came is running,
    also before the worker recorded it, so that reading never has to write. For reading only:
    the services read an assignment again, under a lock, before they change it."""
    assignments = list(assignments)
    for assignment in assignments:
        if started_by_date(assignment):
            assignment.status = Assignment.Status.RUNNING
    return assignments


def pool_coordinators():
    """Who runs the pool day to day and finds a new team when one falls apart. Administrators
    can do the same, but they are not the ones waiting for this news."""
    return get_user_model().objects.filter(role=Role.COORDINATOR, is_active=True)


def askers(assignment: Assignment) -> list:
    """Who hears news for the organisation that asked: whoever posted the assignment, while
    her account can log in. When it was switched off or erased (she left the district team),
    the others who post assignments for that organisation: they find it under 'Mijn
    opdrachten' and may change or cancel it. Empty: nobody there can be told by Meervoud."""
    poster = assignment.posted_by
    if poster is not None and poster.is_active:
        return [poster]
    colleagues = get_user_model().objects.filter(organisation_id=assignment.organisation_id,
                                                 is_active=True).order_by("pk")
    return [user for user in colleagues if asked_for_it(user, assignment)]


def contact_for(assignment: Assignment):
    """Whom the team and the coordinator talk with at the organisation that asked (a tandem
    prepares the work with her): who posted it, while her account can log in. For those who
    see the team only (:func:`sees_team`)."""
    poster = assignment.posted_by
    return poster if poster is not None and poster.is_active else None


def speaks_for(user, assignment: Assignment) -> bool:
    """Who may cancel or change an assignment: the organisation that asked, and coordinators."""
    return user_can(user, "pool.manage") or asked_for_it(user, assignment)


def can_cancel(user, assignment: Assignment) -> bool:
    return assignment.status in NOT_STARTED and speaks_for(user, assignment)


def changeable(assignment: Assignment) -> bool:
    """Open and nobody asked yet: after that the team said yes to what it was."""
    return (assignment.status == Assignment.Status.OPEN
            and not assignment.proposals.filter(status__in=COMMITTED).exists())


def can_change(user, assignment: Assignment) -> bool:
    return changeable(assignment) and speaks_for(user, assignment)


def why_unchangeable(assignment: Assignment) -> str:
    """Why a change is refused, for the web page and the API; read fresh, because it is asked
    after a change lost a race."""
    fresh = as_of_today(Assignment.objects.filter(pk=assignment.pk).only("status", "start"))
    status = fresh[0].status if fresh else None
    if status == Assignment.Status.CANCELLED:
        return _("Geannuleerd: deze opdracht gaat niet door, dus aanpassen kan niet meer.")
    if status in {Assignment.Status.RUNNING, Assignment.Status.CLOSED}:
        return _("Deze opdracht loopt al of is afgerond, dus aanpassen kan niet meer.")
    return _("Het team is al gevraagd, dus deze opdracht verandert niet meer. Klopt er iets "
             "niet? Annuleer de opdracht en plaats een nieuwe, of neem contact op met de "
             "coördinator.")


def sees_team(user, assignment: Assignment) -> bool:
    """Coordinators, the organisation that asked, and the experts it was sent to or who said
    yes; not an expert who said no or whose proposal was withdrawn (the new team is none of
    their business)."""
    if user_can(user, "pool.manage") or asked_for_it(user, assignment):
        return True
    return assignment.proposals.filter(expert__user=user, status__in=COMMITTED).exists()


# a proposal the expert has seen: sent (and maybe answered), or withdrawn after it was sent;
# not one the matching replaced before anyone asked them
_WAS_SENT = Q(sent_at__isnull=False) | Q(status__in=[*COMMITTED, *SAID_NO])


def team_of(user, assignment: Assignment) -> QuerySet[Proposal] | None:
    """The team as ``user`` may see it (None: not at all, see :func:`sees_team`). Coordinators
    see every proposal; others only the experts who said yes or were asked, and their own row:
    not whom the matching merely proposed (they were not asked yet) or who said no. Being on the
    team of an assignment about addiction tells that one has lived with it, so an expert who
    keeps their experience to coordinators is named to others only once they said yes."""
    if not sees_team(user, assignment):
        return None
    team = assignment.proposals.select_related("expert").order_by("status", "-score")
    if user_can(user, "pool.manage"):
        return team
    return team.filter(Q(status=Proposal.Status.ACCEPTED) | Q(expert__user=user) | Q(
        status=Proposal.Status.SENT, expert__domains_visible_to=Visibility.REQUESTERS))


def sees_explanation(user, proposal: Proposal) -> bool:
    """Why the matching chose an expert names their experience (addiction, debts): coordinators
    and the expert see it; the organisation that asked only when the expert shares it with
    requesters. Teammates are not requesters and never see it."""
    if user_can(user, "pool.manage") or proposal.expert.user_id == user.pk:
        return True
    return (proposal.expert.domains_visible_to == Visibility.REQUESTERS
            and asked_for_it(user, proposal.assignment))


def explanation_for(user, proposal: Proposal) -> str:
    """Why the matching chose an expert, as ``user`` may read it ("" = not at all), in their
    language: the whole note for coordinators and the expert; for the organisation that asked,
    when the expert shares it, only their experience, not their free hours, home or other work."""
    if not sees_explanation(user, proposal):
        return ""
    if user_can(user, "pool.manage") or proposal.expert.user_id == user.pk:
        return proposal.why
    if proposal.reasons:
        return reasons.describe(proposal.reasons, only_experience=True)
    # a proposal from before reasons were stored: its experience, worked out again
    from meervoud.matching.explain import experience
    from meervoud.pool.services import to_assignment, to_expert  # services build on selectors

    parts = experience(to_expert(proposal.expert), to_assignment(proposal.assignment))
    return reasons.describe([part.as_json() for part in parts])


def team_fell_apart(proposal: Proposal) -> bool:
    """The expert was asked (and maybe said yes), then someone else of the team said no or
    stopped, so the whole team went back to the matching: not something the expert did. (A
    question to step into running work is withdrawn only when that work ends.)"""
    return (proposal.status == Proposal.Status.WITHDRAWN and proposal.sent_at is not None
            and proposal.joins_on is None
            and proposal.assignment.status != Assignment.Status.CANCELLED)


def waiting_for_answer(assignment: Assignment) -> QuerySet[Proposal]:
    """Experts asked for the assignment who have not answered yet."""
    return assignment.proposals.filter(status=Proposal.Status.SENT)


def her_start() -> Coalesce:
    """On a proposal: the day its expert begins. Who steps into running work begins the day she
    joins (``Proposal.joins_on``), the others with the assignment."""
    return Coalesce("joins_on", "assignment__start")


def _yes_during(profile, start, end) -> QuerySet[Proposal]:
    return Proposal.objects.filter(
        expert=profile, status=Proposal.Status.ACCEPTED, assignment__status__in=NOT_OVER,
        assignment__end__gte=start).annotate(begins=her_start()).filter(begins__lte=end)


def work_said_yes_during(profile, start, end) -> QuerySet[Assignment]:
    """Work the expert said yes to that is not over and overlaps ``start``..``end`` from the
    day she begins."""
    return Assignment.objects.filter(
        pk__in=_yes_during(profile, start, end).values("assignment_id")).order_by("start", "pk")


def said_yes_during(profile, start, end) -> list[str]:
    """Titles of :func:`work_said_yes_during`."""
    return list(work_said_yes_during(profile, start, end).values_list("title", flat=True))


def away_during(assignments) -> dict[int, list[str]]:
    """Per assignment, the names of experts who said yes to it and are 'not available' during
    part of its period (a period entered after the yes): the team counts on them."""
    away: dict[int, list[str]] = {}
    for assignment_id, name in Proposal.objects.filter(
            assignment__in=assignments, status=Proposal.Status.ACCEPTED).annotate(
            begins=her_start()).filter(
            expert__blocked__start__lte=F("assignment__end"),
            expert__blocked__end__gte=F("begins"),
    ).values_list("assignment_id", "expert__display_name").distinct().order_by(
            "assignment_id", "expert__display_name"):
        away.setdefault(assignment_id, []).append(name)
    return away


def promised_hours(profile) -> float:
    """The most hours per week the work she said yes to asks of her at one time, from today on:
    to read next to the hours she offers."""
    today = timezone.localdate()
    periods = [(start.toordinal(), end.toordinal(), float(hours)) for start, end, hours in
               _yes_during(profile, today, date.max).values_list(
                   "begins", "assignment__end", "assignment__hours_per_week")]
    if not periods:
        return 0.0
    return peak_load(periods, today.toordinal(), max(end for _start, end, _hours in periods))


def answerable(user) -> QuerySet[Proposal]:
    """The proposals an expert may answer: those she was asked (:func:`sent_to`), never one
    that the matching proposed to the coordinator only."""
    return Proposal.objects.filter(_WAS_SENT, expert__user=user)


def sent_to(profile) -> QuerySet[Proposal]:
    """The proposals an expert was asked (and what became of them); not the ones the matching
    replaced before anyone asked them."""
    return profile.proposals.filter(_WAS_SENT)


def can_see_assignment(user, assignment: Assignment) -> bool:
    """Those who see the team, and experts it was once sent to: they still see what it was.
    An expert the matching only considered (never sent) does not."""
    return sees_team(user, assignment) or assignment.proposals.filter(
        _WAS_SENT, expert__user=user).exists()


def _without_team(assignment: Assignment) -> list[Proposal] | None:
    """The (prefetched) proposals of an open assignment that has no team now; None otherwise."""
    proposals = list(assignment.proposals.all())
    if assignment.status != Assignment.Status.OPEN or any(p.status in {
            Proposal.Status.PROPOSED, Proposal.Status.SENT, Proposal.Status.ACCEPTED} for p in proposals):
        return None
    return proposals


def _last_withdrawn_after_asking(proposals: list[Proposal]):
    return max((p.sent_at for p in proposals
                if p.status == Proposal.Status.WITHDRAWN and p.sent_at), default=None)


def who_stopped(assignment: Assignment) -> Proposal | None:
    """The latest no (or stop after a yes) of an open assignment that has no team now: the
    coordinator's cue to find a new one. Not a no from an earlier team, when a team asked
    after it fell apart too. Reads prefetched proposals."""
    proposals = _without_team(assignment)
    if proposals is None:
        return None
    said_no = [p for p in proposals if p.status in SAID_NO and p.responded_at]
    latest = max(said_no, key=lambda p: p.responded_at, default=None)
    withdrawn = _last_withdrawn_after_asking(proposals)
    if latest is not None and withdrawn is not None and withdrawn > latest.responded_at:
        return None
    return latest


def team_withdrawn(assignment: Assignment) -> bool:
    """An open assignment whose team was asked and then withdrawn without a no to show: an
    expert left the pool or was erased. The coordinator needs a new team all the same, and
    the page must not name who left. Reads prefetched proposals."""
    proposals = _without_team(assignment)
    return (proposals is not None and who_stopped(assignment) is None
            and _last_withdrawn_after_asking(proposals) is not None)


def short_handed(assignment) -> bool:
    """Running work with fewer experts than its team (someone stopped or was erased): nobody
    may be deployed alone. Needs ``said_yes`` (:func:`with_team_progress`)."""
    return (assignment.status == Assignment.Status.RUNNING
            and assignment.said_yes < assignment.team_size)


# a question to step into running work that lost someone (``services.propose_replacement``)
REPLACING = Q(joins_on__isnull=False)


def replacements(assignment: Assignment) -> QuerySet[Proposal]:
    """The proposals for a place in this running work: found, asked, and answered."""
    return assignment.proposals.filter(REPLACING)


def teammates(proposal: Proposal) -> list[str]:
    """The names of the others who said yes to the proposal's assignment: with whom someone who
    steps in works (they said yes, so the team sees them; see :func:`team_of`)."""
    return list(proposal.assignment.proposals.filter(status=Proposal.Status.ACCEPTED).exclude(
        pk=proposal.pk).order_by("expert__display_name").values_list(
        "expert__display_name", flat=True))


def replacement_refused(assignment: Assignment) -> bool:
    """Running work still short of its team, nobody found or asked now, and someone who was
    asked to step in the last time said no: the coordinator looks again (not who or why)."""
    found = list(replacements(assignment).exclude(sent_at=None).order_by("-sent_at"))
    if not found or replacements(assignment).filter(status__in=[
            Proposal.Status.PROPOSED, Proposal.Status.SENT]).exists():
        return False
    last = [p for p in found if p.sent_at == found[0].sent_at]
    accepted = assignment.proposals.filter(status=Proposal.Status.ACCEPTED).count()
    return (assignment.status == Assignment.Status.RUNNING and accepted < assignment.team_size
            and any(p.status in SAID_NO for p in last))


def running_on(assignment: Assignment) -> bool:
    """Running, and its end date has not passed: someone can still step in."""
    return (assignment.status == Assignment.Status.RUNNING
            and assignment.end >= timezone.localdate())


def running_short_handed() -> QuerySet[Assignment]:
    """Running work with fewer experts than its team (:func:`short_handed`), not yet over."""
    return with_team_progress(Assignment.objects.filter(
        status=Assignment.Status.RUNNING, end__gte=timezone.localdate())).filter(
        said_yes__lt=F("team_size")).order_by("start", "pk")


def over() -> Q:
    """Closed, cancelled, or open with its end date passed (:func:`expired`): work that only
    comes back as history."""
    return Q(status__in=[Assignment.Status.CLOSED, Assignment.Status.CANCELLED]) | Q(
        status=Assignment.Status.OPEN, end__lt=timezone.localdate())


def on_the_desk() -> QuerySet[Assignment]:
    """The coordinator's overview: work not closed, cancelled or over without a team (that
    one is listed under 'Alle opdrachten', as on 'Mijn opdrachten')."""
    found = Assignment.objects.exclude(over())
    return with_team_progress(found).select_related("location").prefetch_related(
        Prefetch("proposals", queryset=Proposal.objects.select_related("expert")))


def expired(assignment: Assignment) -> bool:
    """Open, and its end date passed: the matching skips it, it never gets a team any more."""
    return assignment.status == Assignment.Status.OPEN and assignment.end < timezone.localdate()


def with_team_progress(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """``said_yes``: how many experts accepted, to read next to ``team_size``."""
    return assignments.annotate(said_yes=Count(
        "proposals", filter=Q(proposals__status=Proposal.Status.ACCEPTED)))


def assignments_visible_to(user) -> QuerySet[Assignment]:
    """:func:`can_see_assignment` as a query."""
    found = Assignment.objects.select_related("organisation", "location").prefetch_related(
        "domains").order_by("start", "pk")
    if user_can(user, "pool.manage"):
        return found
    # one filter() call: both conditions hold for the same proposal
    seen = Q(pk__in=Proposal.objects.filter(_WAS_SENT, expert__user=user).values("assignment_id"))
    if user_can(user, "pool.post_assignment") and user.organisation_id:
        seen |= Q(organisation_id=user.organisation_id)
    return found.filter(seen)
