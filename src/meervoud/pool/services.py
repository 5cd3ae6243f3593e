"""Matching experts to assignments, and the workflow around a proposal.

A team is proposed, sent and accepted as a whole: if one expert declines (also after a yes,
until the work starts) or leaves the pool, the other proposals of that assignment are
withdrawn and the assignment is matched again (with the decliner left out), so no assignment
ever runs with a single peer expert. The work has started once someone pressed start or, for
a complete team, once its start date came (``selectors.due_to_start``): from then on a no is a
conversation with the coordinator, and the team stays. When running work lost an expert, the
coordinator asks the matching for someone to step in (``propose_replacement``): only the open
places are asked, one by one, and whoever says yes joins the team from that day.
"""

from collections import defaultdict
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from meervoud import matching
from meervoud.accounts.permissions import user_can
from meervoud.core.resend import earlier_post
from meervoud.pool import notifications, selectors, tasks
from meervoud.pool.models import Assignment, Evaluation, ExpertProfile, Proposal

LIVE = [Proposal.Status.PROPOSED, Proposal.Status.SENT, Proposal.Status.ACCEPTED]


def start_due_work(assignments=None) -> int:
    """Record as running the complete teams whose start date came (``selectors.due_to_start``).
    Time makes this happen, not a click or a look: the worker does it on the start date
    (``tasks.record_started_work``) and every action on an assignment first, so its rules work
    on the status as it is; pages read such work as running before that
    (``selectors.as_of_today``) and never write. ``assignments``: only these (a queryset or
    pks)."""
    due = selectors.due_to_start()
    if assignments is not None:
        due = due.filter(pk__in=assignments)
    return due.update(status=Assignment.Status.RUNNING)


def _locked(pk: int) -> Assignment:
    """The assignment, locked for a change, with work that began recorded as running."""
    start_due_work([pk])
    return Assignment.objects.select_for_update().get(pk=pk)


@dataclass(frozen=True)
class History:
    """What the experts did before, per expert id, read in one query each for a whole pool:
    the assignments they said no to, how many times they said yes, and their commitments: work
    already sent or accepted, with its dates. That takes hours only while it runs, so the
    matching can still give a June assignment to someone busy until March (``matching.Expert``
    takes the hours as they come)."""

    declined: dict[int, frozenset[int]]
    commitments: dict[int, tuple[tuple[date, date, Decimal], ...]]
    accepted: dict[int, int]

    @classmethod
    def of(cls, expert_ids) -> "History":
        mine = Proposal.objects.filter(expert_id__in=list(expert_ids))
        declined: dict[int, set[int]] = defaultdict(set)
        for expert_id, assignment_id in mine.filter(status__in=selectors.SAID_NO).values_list(
                "expert_id", "assignment_id"):
            declined[expert_id].add(assignment_id)
        commitments: dict[int, list] = defaultdict(list)
        # in the order the matching has always had them: the same input gives the same teams
        # from the day she begins: who steps into running work is busy from the day she joins
        for expert_id, *period in mine.filter(
                status__in=selectors.COMMITTED, assignment__status__in=selectors.NOT_OVER,
                assignment__end__gte=timezone.localdate()).annotate(
                begins=selectors.her_start()).values_list(
                "expert_id", "begins", "assignment__end", "assignment__hours_per_week").order_by(
                "begins", "assignment__end", "assignment__hours_per_week"):
            commitments[expert_id].append(tuple(period))
        accepted = dict(mine.filter(status=Proposal.Status.ACCEPTED).values("expert_id")
                        .annotate(count=Count("pk")).values_list("expert_id", "count"))
        return cls(declined={pk: frozenset(ids) for pk, ids in declined.items()},
                   commitments={pk: tuple(rows) for pk, rows in commitments.items()},
                   accepted=accepted)


def matching_profiles():
    """Profiles with what :func:`to_expert` reads of them, so a pool of any size costs the same
    few queries."""
    return ExpertProfile.objects.select_related("home", "organisation").prefetch_related(
        "domains", "blocked", "exclusions")


def to_experts(profiles) -> dict[str, matching.Expert]:
    """:func:`to_expert` for many profiles (from :func:`matching_profiles`), by id, in their
    order."""
    profiles = list(profiles)
    history = History.of(profile.pk for profile in profiles)
    return {str(profile.pk): to_expert(profile, history) for profile in profiles}


def to_expert(profile: ExpertProfile, history: History | None = None) -> matching.Expert:
    """The matching's view of an expert. ``history``: read for the whole pool at once
    (:func:`to_experts`); without it, read for this one expert."""
    if history is None:
        history = History.of([profile.pk])
    return matching.Expert(
        id=str(profile.pk),
        domains=frozenset(domain.slug for domain in profile.domains.all()),
        roles=frozenset(profile.roles), activities=frozenset(profile.activities),
        levels=frozenset(profile.levels), languages=frozenset(profile.languages or ["nl"]),
        home=profile.home.cbs_code, max_km=float(profile.max_km),
        hours_per_week=float(profile.hours_per_week),
        commitments=history.commitments.get(profile.pk, ()),
        blocked=tuple((period.start, period.end) for period in profile.blocked.all()),
        paid_ok=profile.paid, volunteer_ok=profile.volunteer,
        has_intervision=profile.intervision,
        organisation=str(profile.organisation_id) if profile.organisation_id else None,
        excluded_assignments=frozenset(str(exclusion.assignment_id)
                                       for exclusion in profile.exclusions.all()),
        declined=frozenset(str(pk) for pk in history.declined.get(profile.pk, ())),
        past_assignments=history.accepted.get(profile.pk, 0),
    )


def to_assignment(assignment: Assignment) -> matching.Assignment:
    return matching.Assignment(
        id=str(assignment.pk),
        domains=frozenset(domain.slug for domain in assignment.domains.all()),
        activity=assignment.activity, role=assignment.role or None, level=assignment.level,
        hours_per_week=float(assignment.hours_per_week), start=assignment.start,
        end=assignment.end,
        location=assignment.location.cbs_code if assignment.location_id else None,
        paid=assignment.paid, team_size=assignment.team_size,
        tandem_with=assignment.tandem_with or None,
        languages=frozenset(assignment.languages or ["nl"]),
    )


def assignments_to_match():
    """Open assignments, not yet over, whose team is not yet sent out or accepted."""
    return Assignment.objects.filter(status=Assignment.Status.OPEN,
                                     end__gte=timezone.localdate()).exclude(
        proposals__status__in=selectors.COMMITTED
    ).select_related("location").prefetch_related("domains").distinct()


@dataclass(frozen=True)
class Matched(matching.Solution):
    """What a matching round stored: the solver's teams and reasons for the assignments it
    could store them for, and ``left_out``: the assignments (pks) that changed while it ran
    (their team was asked meanwhile, they were edited or cancelled, or an expert of the team
    changed), which keep what they had before the round."""

    left_out: tuple[int, ...] = ()


def propose_teams(*, time_limit: float = 10.0) -> Matched:
    """Run the matching engine over the whole pool and every open assignment at once; the
    previous, not yet sent proposals are replaced."""
    assignments = list(assignments_to_match())
    seen_assignments = {str(a.pk): to_assignment(a) for a in assignments}
    seen_experts = to_experts(matching_profiles().available())
    # no transaction and no lock while the solver runs (up to ``time_limit`` seconds): the pool
    # keeps working meanwhile, and ``_store`` checks what changed before it writes
    solution = matching.solve(list(seen_experts.values()), list(seen_assignments.values()),
                              time_limit=time_limit)
    return _store(solution, seen_assignments, seen_experts)


def _as_seen(expert: matching.Expert) -> matching.Expert:
    # how many teams she joined only weighs a little in the score (``MatchConfig.w_turns``):
    # a yes elsewhere meanwhile changes no team
    return replace(expert, past_assignments=0)


@transaction.atomic
def _store(solution: matching.Solution, seen_assignments: dict[str, matching.Assignment],
           seen_experts: dict[str, matching.Expert]) -> Matched:
    """Store the solver's answer for the assignments that are, with their proposed experts,
    still what the solver saw: a team sent meanwhile never gets a second one next to it, and
    nobody is proposed on hours or a period that are no longer free."""
    # locked in the model's order (start, pk), as delete_profile locks them: never crosswise
    locked = list(Assignment.objects.select_for_update().filter(
        pk__in=[int(pk) for pk in seen_assignments]).prefetch_related("domains", "location"))
    to_match = set(assignments_to_match().filter(pk__in=[a.pk for a in locked])
                   .values_list("pk", flat=True))
    teams = {proposal.assignment_id: proposal for proposal in solution.proposals}
    # locked apart from reading them: a lock cannot take the outer join to an organisation
    team_ids = list(ExpertProfile.objects.select_for_update(of=("self",)).available().filter(
        pk__in=[int(expert_id) for proposal in solution.proposals
                for expert_id in proposal.expert_ids]).values_list("pk", flat=True))
    profiles = {str(profile.pk): profile
                for profile in matching_profiles().filter(pk__in=team_ids)}
    now = to_experts(profiles.values())
    unchanged = {expert_id for expert_id in profiles
                 if _as_seen(now[expert_id]) == _as_seen(seen_experts[expert_id])}

    def still_as_seen(assignment: Assignment) -> bool:
        team = teams.get(str(assignment.pk))
        return (assignment.pk in to_match
                and to_assignment(assignment) == seen_assignments[str(assignment.pk)]
                and (team is None or set(team.expert_ids) <= unchanged))

    kept = [assignment for assignment in locked if still_as_seen(assignment)]
    Proposal.objects.filter(assignment__in=kept, status=Proposal.Status.PROPOSED).update(
        status=Proposal.Status.WITHDRAWN)
    reasons = {item.assignment_id: item for item in solution.unfillable}
    for assignment in kept:
        item = reasons.get(str(assignment.pk))
        assignment.unfillable_reasons = [part.as_json() for part in item.reason_parts] if item else []
        assignment.unfillable_suggestions = [fix.part.as_json() if fix.part else fix.text
                                             for fix in item.fixes] if item else []
        assignment.save(update_fields=["unfillable_reasons", "unfillable_suggestions"])
    stored = {str(assignment.pk) for assignment in kept}
    proposals = [proposal for proposal in solution.proposals if proposal.assignment_id in stored]
    for proposal in proposals:
        for expert_id in proposal.expert_ids:
            Proposal.objects.create(
                assignment_id=int(proposal.assignment_id), expert=profiles[expert_id],
                score=proposal.score, explanation=proposal.explanations.get(expert_id, "")[:500],
                reasons=[part.as_json() for part in proposal.reasons.get(expert_id, ())],
            )
    return Matched(**{
        **{field.name: getattr(solution, field.name) for field in fields(solution)},
        "proposals": proposals,
        "unfillable": [item for item in solution.unfillable if item.assignment_id in stored],
        "left_out": tuple(sorted(assignment.pk for assignment in locked
                                 if str(assignment.pk) not in stored)),
    })


class TeamNotAvailable(ValueError):
    """The proposed team cannot be sent as it stands: match again."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(names)
        self.names = names


class TeamChanged(ValueError):
    """The proposed team is no longer the one the coordinator looked at."""


@dataclass(frozen=True)
class Asked:
    """How many experts were asked, and the names of those no e-mail reaches (to phone)."""

    count: int
    unreachable: list[str]


def ask_team(assignment: Assignment, shown: set[int] | None = None) -> Asked:
    """Send the proposed team to its experts, all together. An expert who turned
    'beschikbaar' off, blocked part of the period or whose account was switched off since the
    matching is not sent a proposal: the whole team is withdrawn (as after a decline) and has
    to be matched again; that is kept, hence the exception after the transaction.
    ``shown``: the proposals the coordinator saw; another team proposed since is not sent.
    Says whom no e-mail reaches, for the coordinator to phone."""
    return _raised(_ask_team(assignment, shown))


def _raised(outcome):
    """What a transaction returned instead of raising, so that what it withdrew is kept."""
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


@transaction.atomic
def _ask_team(assignment: Assignment, shown: set[int] | None) -> "Asked | TeamNotAvailable":
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    proposed = assignment.proposals.filter(status=Proposal.Status.PROPOSED)
    if assignment.status != Assignment.Status.OPEN or not proposed.exists():
        raise ValueError("No proposed team to send")
    if proposed.count() < assignment.team_size:  # an expert removed since: never a team of one
        proposed.update(status=Proposal.Status.WITHDRAWN)
        return TeamNotAvailable([])
    if shown is not None and set(proposed.values_list("pk", flat=True)) != shown:
        raise TeamChanged()
    gone = proposed.filter(~Q(expert__in=ExpertProfile.objects.available()) | Q(
        expert__blocked__start__lte=assignment.end, expert__blocked__end__gte=assignment.start))
    names = sorted({str(p.expert) for p in gone.select_related("expert")})
    if names:
        proposed.update(status=Proposal.Status.WITHDRAWN)
        return TeamNotAvailable(names)
    team = list(proposed.select_related("expert__user"))
    count = proposed.update(status=Proposal.Status.SENT, sent_at=timezone.now())
    return Asked(count, [str(p.expert) for p in notifications.experts_asked(team)])


@dataclass(frozen=True)
class Reminded:
    """What a reminder did: ``reached`` experts were mailed; ``unreachable`` (names) get no
    e-mail; ``already`` were reminded today; ``waiting`` is how many have not answered."""

    reached: int
    unreachable: list[str]
    already: int
    waiting: int


@transaction.atomic
def remind(assignment: Assignment) -> Reminded:
    """Mail the experts who were asked and have not answered; not those who did. At most once
    a day each: a second click the same day (or a second coordinator) does not flood them."""
    assignment = _locked(assignment.pk)
    if not _still_on(assignment):
        raise AssignmentOff()
    waiting = list(selectors.waiting_for_answer(assignment).select_for_update().select_related(
        "expert__user"))
    today = timezone.localdate()
    due = [p for p in waiting
           if p.reminded_at is None or timezone.localdate(p.reminded_at) < today]
    unreachable = notifications.reminder(due)
    reached = [p.pk for p in due if p not in unreachable]
    Proposal.objects.filter(pk__in=reached).update(reminded_at=timezone.now())
    return Reminded(reached=len(reached), unreachable=[str(p.expert) for p in unreachable],
                    already=len(waiting) - len(due), waiting=len(waiting))


class AssignmentOff(ValueError):
    """The assignment was cancelled or is over: nobody can join it any more."""


def _still_on(assignment: Assignment) -> bool:
    return assignment.status == Assignment.Status.OPEN and assignment.end >= timezone.localdate()


@transaction.atomic
def accept(proposal: Proposal) -> Proposal:
    """Returns the proposal; saying yes twice (a double click) is the same yes."""
    # locked first, so two experts saying yes at the same moment both count
    assignment = Assignment.objects.select_for_update().get(pk=proposal.assignment_id)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status == Proposal.Status.ACCEPTED:
        return proposal
    if proposal.joins_on is not None:
        return _step_in(assignment, proposal)
    if proposal.status != Proposal.Status.SENT:
        raise ValueError("Only a sent proposal can be accepted")
    if not _still_on(assignment):
        raise AssignmentOff()
    proposal.status = Proposal.Status.ACCEPTED
    proposal.responded_at = timezone.now()
    proposal.save(update_fields=["status", "responded_at"])
    accepted = assignment.proposals.filter(status=Proposal.Status.ACCEPTED).count()
    if accepted >= assignment.team_size:
        assignment.status = Assignment.Status.FILLED
        assignment.save(update_fields=["status"])
        notifications.team_complete(assignment)
        _record_start_on(assignment.start)
    return proposal


class ReplacementOff(AssignmentOff):
    """A yes to step into work that ended (closed, or its end date passed) meanwhile."""


def _first_day(assignment: Assignment) -> date:
    """The day someone who steps in begins: today, or the start when the coordinator pressed
    start early."""
    return max(timezone.localdate(), assignment.start)


def _step_in(assignment: Assignment, proposal: Proposal) -> Proposal:
    """A yes to a place in running work (``assignment`` and ``proposal`` locked): she joins the
    team from today. The asker and the team hear it once the team is complete again."""
    if not selectors.running_on(assignment):
        raise ReplacementOff()
    if proposal.status != Proposal.Status.SENT:
        raise ValueError("Only a sent proposal can be accepted")
    accepted = assignment.proposals.filter(status=Proposal.Status.ACCEPTED).count()
    if accepted >= assignment.team_size:
        raise ValueError("The team is complete")
    proposal.status = Proposal.Status.ACCEPTED
    proposal.responded_at = timezone.now()
    proposal.joins_on = _first_day(assignment)
    proposal.save(update_fields=["status", "responded_at", "joins_on"])
    if accepted + 1 >= assignment.team_size:
        assignment.unfillable_reasons, assignment.unfillable_suggestions = [], []
        assignment.save(update_fields=["unfillable_reasons", "unfillable_suggestions"])
        notifications.team_complete_again(assignment, newcomer=proposal)
    return proposal


class ReplacementNotNeeded(ValueError):
    """Only running work with fewer experts than its team needs someone to step in."""


class ReplacementPending(ValueError):
    """Someone was asked to step in already: her answer comes first."""


@transaction.atomic
def propose_replacement(assignment: Assignment) -> matching.Solution:
    """The matching's candidates for the open places of running work that lost experts; the
    experts still working stay. Nobody who is on it, stopped, or said no to it is proposed,
    and the hard rules count from the day she would begin. Replaces candidates found before and
    not yet asked; what it found nobody for is stored as for open work (the page says why).
    One assignment is quick to match, so all of it happens under the assignment's lock: two
    coordinators searching at once search one after the other."""
    assignment = _locked(assignment.pk)
    if assignment.status == Assignment.Status.RUNNING and assignment.end < timezone.localdate():
        raise AssignmentOff()
    accepted = assignment.proposals.filter(status=Proposal.Status.ACCEPTED).count()
    if assignment.status != Assignment.Status.RUNNING or accepted >= assignment.team_size:
        raise ReplacementNotNeeded()
    if selectors.replacements(assignment).filter(status=Proposal.Status.SENT).exists():
        raise ReplacementPending()
    assignment.proposals.filter(status=Proposal.Status.PROPOSED).update(
        status=Proposal.Status.WITHDRAWN)
    known = assignment.proposals.filter(status__in=[Proposal.Status.ACCEPTED, *selectors.SAID_NO])
    first_day = _first_day(assignment)
    experts = to_experts(matching_profiles().available())
    found = matching.replacements(
        list(experts.values()), replace(to_assignment(assignment), start=first_day),
        places=assignment.team_size - accepted,
        exclude={str(pk) for pk in known.values_list("expert_id", flat=True)})
    profiles = {str(p.pk): p for p in ExpertProfile.objects.filter(
        pk__in=[int(pk) for proposal in found.proposals for pk in proposal.expert_ids])}
    for proposal in found.proposals:
        for expert_id in proposal.expert_ids:
            Proposal.objects.create(
                assignment=assignment, expert=profiles[expert_id], joins_on=first_day,
                score=proposal.score, explanation=proposal.explanations.get(expert_id, "")[:500],
                reasons=[part.as_json() for part in proposal.reasons.get(expert_id, ())])
    item = found.unfillable[0] if found.unfillable else None
    assignment.unfillable_reasons = [part.as_json() for part in item.reason_parts] if item else []
    assignment.unfillable_suggestions = [fix.part.as_json() if fix.part else fix.text
                                         for fix in item.fixes] if item else []
    assignment.save(update_fields=["unfillable_reasons", "unfillable_suggestions"])
    return found


def ask_replacement(assignment: Assignment, shown: set[int] | None = None) -> Asked:
    """Ask the candidates found to step in (each answers for herself: one no does not withdraw
    the others, and never the team that works). ``shown``: the candidates the coordinator
    saw; others found since are not asked. A candidate no longer available, or away in the rest
    of the period, is not asked: the candidates are withdrawn (that is kept, hence the
    exception after the transaction) and the coordinator searches again."""
    return _raised(_ask_replacement(assignment, shown))


@transaction.atomic
def _ask_replacement(assignment: Assignment, shown: set[int] | None) -> "Asked | ValueError":
    assignment = _locked(assignment.pk)
    if not selectors.running_on(assignment):
        raise AssignmentOff()
    found = selectors.replacements(assignment).filter(status=Proposal.Status.PROPOSED)
    if not found.exists():
        if selectors.replacements(assignment).filter(status=Proposal.Status.SENT).exists():
            raise ReplacementPending()
        raise ValueError("Nobody found to ask")
    if shown is not None and set(found.values_list("pk", flat=True)) != shown:
        raise TeamChanged()
    open_places = assignment.team_size - assignment.proposals.filter(
        status__in=selectors.COMMITTED).count()
    if found.count() > open_places:  # never more experts than the team asks
        found.update(status=Proposal.Status.WITHDRAWN)
        return TeamChanged()
    first_day = _first_day(assignment)
    gone = found.filter(~Q(expert__in=ExpertProfile.objects.available()) | Q(
        expert__blocked__start__lte=assignment.end, expert__blocked__end__gte=first_day))
    names = sorted({str(p.expert) for p in gone.select_related("expert")})
    if names:
        found.update(status=Proposal.Status.WITHDRAWN)
        return TeamNotAvailable(names)
    asked = list(found.select_related("expert__user"))
    count = found.update(status=Proposal.Status.SENT, sent_at=timezone.now(), joins_on=first_day)
    return Asked(count, [str(p.expert) for p in notifications.replacement_asked(asked)])


def _record_start_on(day: date) -> None:
    """Have the worker record the work as running when its first day begins (at once when that
    came already). After the commit: a yes that is rolled back queues nothing."""
    begins = timezone.make_aware(datetime.combine(day, time.min))
    transaction.on_commit(lambda: tasks.record_started_work.using(run_after=begins).enqueue())


class WorkStarted(ValueError):
    """The work is running: stopping is a conversation with the coordinator, not a button."""


def _send_team_back(assignment: Assignment, *, leaving: ExpertProfile | None = None,
                    tell_coordinators: bool | None = None) -> None:
    """Withdraw every live proposal and open the assignment for the next matching round; the
    experts who knew of it (but the one ``leaving`` the pool) hear that it no longer counts.
    The asker, told earlier that the team stands, hears that it no longer does. The
    coordinators, who have to find a new team, hear it when ``tell_coordinators`` (by default:
    when the team had been asked)."""
    knew = notifications.told(assignment)
    told = [p for p in knew if leaving is None or p.expert_id != leaving.pk]
    was_complete = assignment.status == Assignment.Status.FILLED
    assignment.proposals.filter(status__in=LIVE).update(status=Proposal.Status.WITHDRAWN)
    notifications.yes_no_longer_counts(told, cancelled=False)
    if was_complete:
        assignment.status = Assignment.Status.OPEN
        assignment.save(update_fields=["status"])
        notifications.team_no_longer_complete(assignment)
    if tell_coordinators or (tell_coordinators is None and knew):
        notifications.team_fell_apart(assignment)


@transaction.atomic
def decline(proposal: Proposal, reason: str, *, tell_coordinators: bool = True) -> Proposal:
    """One no sends the whole team back: the assignment is matched again without them. After
    a yes too (illness, a new job), until the work has started."""
    assignment = _locked(proposal.assignment_id)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status == Proposal.Status.ACCEPTED and assignment.status not in selectors.NOT_STARTED:
        raise WorkStarted()
    if proposal.joins_on is not None and proposal.status in {Proposal.Status.SENT,
                                                             Proposal.Status.PROPOSED}:
        # asked to step into running work: her no leaves the team that works as it is
        was_asked = proposal.status == Proposal.Status.SENT
        _mark_declined(proposal, reason)
        if was_asked and tell_coordinators:
            notifications.replacement_declined(assignment)
        return proposal
    if proposal.status not in {Proposal.Status.SENT, Proposal.Status.PROPOSED,
                               Proposal.Status.ACCEPTED}:
        raise ValueError("Only an open or accepted proposal can be declined")
    was_asked = proposal.status != Proposal.Status.PROPOSED
    _mark_declined(proposal, reason)
    _send_team_back(assignment, tell_coordinators=tell_coordinators and was_asked)
    return proposal


def _mark_declined(proposal: Proposal, reason: str) -> None:
    proposal.status = (Proposal.Status.STOPPED if proposal.status == Proposal.Status.ACCEPTED
                       else Proposal.Status.DECLINED)
    proposal.decline_reason = reason.strip()[:500]
    proposal.responded_at = timezone.now()
    proposal.save(update_fields=["status", "decline_reason", "responded_at"])


@transaction.atomic
def expert_stops(proposal: Proposal, reason: str) -> int:
    """The coordinator records that an expert stops (they phoned). Before the work starts this
    is their no, and the team goes back to the matching; in running work the others go on and
    the number of experts left is returned, so the coordinator sees when one would be alone."""
    assignment = _locked(proposal.assignment_id)
    if assignment.status in selectors.NOT_STARTED:
        # she heard it herself and sees it on the page: no mail to the coordinators
        decline(proposal, reason, tell_coordinators=False)
        return 0
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if assignment.status != Assignment.Status.RUNNING or proposal.status != Proposal.Status.ACCEPTED:
        raise ValueError("Only a member of the team can stop")
    _mark_declined(proposal, reason)
    going_on = list(assignment.proposals.filter(status=Proposal.Status.ACCEPTED).select_related("expert__user"))
    notifications.running_work_lost_an_expert(assignment, going_on)
    return len(going_on)


@transaction.atomic
def cancel(assignment: Assignment, *, reason: str = "", by=None) -> Assignment:
    """The asker no longer needs it: nobody waits to answer it or keeps hours free for it.
    ``by``: who cancels; the asker hears it when a coordinator did, the coordinators when the
    asker cancelled work whose team was asked (``notifications.cancelled``)."""
    assignment = _locked(assignment.pk)
    if assignment.status == Assignment.Status.RUNNING:
        raise WorkStarted()
    if assignment.status not in selectors.NOT_STARTED:
        raise ValueError("Only an assignment that has not started can be cancelled")
    told = notifications.told(assignment)
    assignment.proposals.filter(status__in=LIVE).update(status=Proposal.Status.WITHDRAWN)
    notifications.yes_no_longer_counts(told, cancelled=True)
    assignment.status = Assignment.Status.CANCELLED
    assignment.cancel_reason = reason.strip()[:500]
    assignment.save(update_fields=["status", "cancel_reason"])
    notifications.cancelled(assignment, by=by, team_was_asked=bool(told))
    return assignment


class ProfileInUse(ValueError):
    """The expert is in running work: the titles of those assignments."""

    def __init__(self, titles: list[str]) -> None:
        super().__init__(titles)
        self.titles = titles


@transaction.atomic
def delete_profile(profile: ExpertProfile, *, during_running_work: bool = False) -> None:
    """The expert leaves the pool and their profile (special-category data) goes with them.
    Teams they were asked for or said yes to go back to the matching, as after a no. Running
    work is finished or stopped with the coordinator first, unless ``during_running_work``
    (an administrator decided); the account itself stays."""
    mine = Proposal.objects.filter(expert=profile, status__in=LIVE).values("assignment_id")
    start_due_work(mine)
    running = Assignment.objects.filter(pk__in=mine, status=Assignment.Status.RUNNING)
    working = running.filter(proposals__expert=profile,
                             proposals__status=Proposal.Status.ACCEPTED).distinct()
    if working.exists() and not during_running_work:
        raise ProfileInUse(list(working.values_list("title", flat=True)))
    # running work goes on with the others: the coordinators and the asker hear (and the pages
    # show) that the team is smaller now
    smaller = list(working)
    # asked to step into running work: as after her no, the coordinators look again
    was_asked = list(running.filter(proposals__expert=profile, proposals__joins_on__isnull=False,
                                    proposals__status=Proposal.Status.SENT).distinct())
    for assignment in Assignment.objects.select_for_update().filter(
            pk__in=mine, status__in=selectors.NOT_STARTED):
        _send_team_back(assignment, leaving=profile)
    profile.delete()
    for assignment in smaller:
        # as after a stop the coordinator records: the experts who go on should not go on alone
        notifications.team_fell_apart(assignment)
        notifications.running_work_lost_an_expert(assignment, list(
            assignment.proposals.filter(status=Proposal.Status.ACCEPTED).select_related("expert__user")))
    for assignment in was_asked:
        notifications.replacement_declined(assignment)


class TeamIncomplete(ValueError):
    """The team is no longer complete (someone took their yes back): the work cannot start."""


@transaction.atomic
def start(assignment: Assignment) -> Assignment:
    """The coordinator starts the work of a complete team. Read again under the lock: a yes
    taken back a moment ago sent the team back to the matching, and work never runs without
    its team. Work that runs already (a second click, or its start date came) stays running."""
    assignment = _locked(assignment.pk)
    if assignment.status == Assignment.Status.RUNNING:
        return assignment
    if assignment.status in {Assignment.Status.CLOSED, Assignment.Status.CANCELLED}:
        raise ValueError("Only a complete team can start")
    accepted = assignment.proposals.filter(status=Proposal.Status.ACCEPTED).count()
    if assignment.status != Assignment.Status.FILLED or accepted < assignment.team_size:
        raise TeamIncomplete()
    assignment.status = Assignment.Status.RUNNING
    assignment.save(update_fields=["status"])
    return assignment


def evaluation_side(assignment: Assignment, user) -> str | None:
    """Who may evaluate and close an assignment, and as whom: the experts of its team, the
    organisation that asked for it, and coordinators. ``None``: nobody of these."""
    if assignment.proposals.filter(expert__user=user, status=Proposal.Status.ACCEPTED).exists():
        return Evaluation.Side.EXPERT
    if user_can(user, "pool.manage"):
        return Evaluation.Side.COORDINATOR
    if selectors.asked_for_it(user, assignment):
        return Evaluation.Side.CLIENT
    return None


@transaction.atomic
def close(assignment: Assignment, *, author, rating: int, text: str = "") -> Evaluation:
    """Store the author's evaluation of running or finished work. The organisation that asked,
    or a coordinator, closes the assignment with it; an expert's evaluation does not end the work
    for the rest of the team. Sending the form again (a double click, or later) changes it."""
    side = evaluation_side(assignment, author)
    if side is None:
        raise PermissionError("Not part of this assignment")
    assignment = _locked(assignment.pk)
    if assignment.status not in {Assignment.Status.RUNNING, Assignment.Status.CLOSED}:
        raise ValueError("Only a running assignment can be closed")
    if side != Evaluation.Side.EXPERT and assignment.status != Assignment.Status.CLOSED:
        assignment.status = Assignment.Status.CLOSED
        assignment.save(update_fields=["status"])
        # nobody steps into work that ended: a question still open no longer counts
        waiting = list(selectors.replacements(assignment).filter(
            status=Proposal.Status.SENT).select_related("expert__user"))
        selectors.replacements(assignment).filter(status__in=[
            Proposal.Status.PROPOSED, Proposal.Status.SENT]).update(
            status=Proposal.Status.WITHDRAWN)
        notifications.replacement_no_longer_needed(waiting)
    evaluation, _ = Evaluation.objects.update_or_create(
        assignment=assignment, author=author,
        defaults={"side": side, "rating": rating, "text": text, "at": timezone.now()})
    return evaluation


@transaction.atomic
def save_profile(form, *, user=None) -> ExpertProfile:
    """Store a valid ExpertProfileForm; ``user``: the expert saves her own profile. A filled-in
    'not available' period is added to the expert's blocked periods; one she enters herself
    over work she said yes to is news for the coordinators (one entered by a coordinator is
    not: she knows, the page warned her). A coordinator's change is news for the expert."""
    profile = form.save(commit=False)
    if user is not None:
        profile.user = user
    profile.save()
    form.save_m2m()
    start, end = form.cleaned_data.get("blocked_from"), form.cleaned_data.get("blocked_to")
    if start:
        _period, new = profile.blocked.get_or_create(start=start, end=end)
        if new and user is not None:
            notifications.member_away(selectors.work_said_yes_during(profile, start, end))
    if user is None and form.changed_data:
        # her profile holds special-category data: she hears that someone else changed it
        notifications.profile_changed(profile)
    return profile


def experts_for_domains(slugs: list[str]):
    """From knowledge to people: available experts with experience in these life domains who
    let requesters see their domains."""
    return ExpertProfile.objects.available().filter(domains__slug__in=slugs).filter(
        Q(domains_visible_to="requesters")).distinct()


class AssignmentLocked(ValueError):
    """The team was asked already: what they said yes to no longer changes."""


@transaction.atomic
def change_assignment(form) -> Assignment:
    """Store a valid AssignmentForm for an existing assignment whose team was not asked yet;
    a team proposed for the old question is withdrawn and the matching looks again."""
    assignment = Assignment.objects.select_for_update().get(pk=form.instance.pk)
    if not selectors.changeable(assignment):
        raise AssignmentLocked()
    assignment = form.save()
    assignment.proposals.filter(status=Proposal.Status.PROPOSED).update(
        status=Proposal.Status.WITHDRAWN)
    assignment.unfillable_reasons, assignment.unfillable_suggestions = [], []
    assignment.save(update_fields=["unfillable_reasons", "unfillable_suggestions"])
    return assignment


@transaction.atomic
def post_assignment(form, *, user) -> tuple[Assignment, bool]:
    """Store a valid AssignmentForm (team of at least two, dates in order) as a new open
    assignment posted by ``user``; the website and the API both come through here. Returns
    ``(assignment, created)``: the same one posted again shortly after is the first one."""
    data = form.cleaned_data
    earlier = earlier_post(
        Assignment.objects.exclude(status=Assignment.Status.CANCELLED), user=user,
        made_at="created_at", posted_by=user, organisation=data["organisation"],
        title=data["title"], description=data["description"], start=data["start"], end=data["end"])
    if earlier is not None:
        return earlier, False
    assignment = form.save(commit=False)
    assignment.posted_by = user
    assignment.save()
    form.save_m2m()
    return assignment, True
