"""Who may see which assignment, and its team: one rule for the web pages and the API."""

from django.db.models import Count, Q, QuerySet

from meervoud.accounts.permissions import user_can
from meervoud.pool.models import Assignment, Proposal, Visibility


def asked_for_it(user, assignment: Assignment) -> bool:
    """The user posts assignments for the organisation that asked for this one."""
    return (user_can(user, "pool.post_assignment")
            and user.organisation_id is not None and user.organisation_id == assignment.organisation_id)


def can_cancel(user, assignment: Assignment) -> bool:
    """The organisation that asked and coordinators, until the work starts."""
    return (assignment.status in {Assignment.Status.OPEN, Assignment.Status.FILLED}
            and (user_can(user, "pool.manage") or asked_for_it(user, assignment)))


def changeable(assignment: Assignment) -> bool:
    """Open and nobody asked yet: after that the team said yes to what it was."""
    return (assignment.status == Assignment.Status.OPEN and not assignment.proposals.filter(
        status__in=[Proposal.Status.SENT, Proposal.Status.ACCEPTED]).exists())


def can_change(user, assignment: Assignment) -> bool:
    return changeable(assignment) and (user_can(user, "pool.manage") or asked_for_it(user, assignment))


def sees_team(user, assignment: Assignment) -> bool:
    """Coordinators, the organisation that asked, and the experts it was sent to or who said
    yes; not an expert who said no or whose proposal was withdrawn (the new team is none of
    their business)."""
    if user_can(user, "pool.manage") or asked_for_it(user, assignment):
        return True
    return assignment.proposals.filter(expert__user=user, status__in=[
        Proposal.Status.SENT, Proposal.Status.ACCEPTED]).exists()


# a proposal the expert has seen: sent (and maybe answered), or withdrawn after it was sent;
# not one the matching replaced before anyone asked them
_WAS_SENT = Q(sent_at__isnull=False) | Q(status__in=[
    Proposal.Status.SENT, Proposal.Status.ACCEPTED, Proposal.Status.DECLINED])


def team_of(user, assignment: Assignment) -> QuerySet[Proposal] | None:
    """The team as ``user`` may see it (None: not at all, see :func:`sees_team`). Coordinators
    see every proposal; others only the experts who were asked or said yes, and their own row:
    not whom the matching merely proposed (they were not asked yet) or who said no."""
    if not sees_team(user, assignment):
        return None
    team = assignment.proposals.select_related("expert").order_by("status", "-score")
    if user_can(user, "pool.manage"):
        return team
    return team.filter(Q(status__in=[Proposal.Status.SENT, Proposal.Status.ACCEPTED])
                       | Q(expert__user=user))


def sees_explanation(user, proposal: Proposal) -> bool:
    """Why the matching chose an expert names their experience (addiction, debts): coordinators
    and the expert see it; the organisation that asked only when the expert shares it with
    requesters. Teammates are not requesters and never see it."""
    if user_can(user, "pool.manage") or proposal.expert.user_id == user.pk:
        return True
    return (proposal.expert.domains_visible_to == Visibility.REQUESTERS
            and asked_for_it(user, proposal.assignment))


def explanation_for(user, proposal: Proposal) -> str:
    """Why the matching chose an expert, as ``user`` may read it ("" = not at all): the whole
    note for coordinators and the expert; for the organisation that asked, when the expert
    shares it, only their experience, not their free hours, home or other work."""
    if not sees_explanation(user, proposal):
        return ""
    if user_can(user, "pool.manage") or proposal.expert.user_id == user.pk:
        return proposal.explanation
    from meervoud.matching.explain import explain_to_requester
    from meervoud.pool.services import to_assignment, to_expert  # services reads this module

    return explain_to_requester(to_expert(proposal.expert), to_assignment(proposal.assignment))


def sent_to(profile) -> QuerySet[Proposal]:
    """The proposals an expert was asked (and what became of them); not the ones the matching
    replaced before anyone asked them."""
    return profile.proposals.filter(_WAS_SENT)


def can_see_assignment(user, assignment: Assignment) -> bool:
    """Those who see the team, and experts it was once sent to: they still see what it was.
    An expert the matching only considered (never sent) does not."""
    return sees_team(user, assignment) or assignment.proposals.filter(
        _WAS_SENT, expert__user=user).exists()


def who_stopped(assignment: Assignment) -> Proposal | None:
    """The latest no (or stop after a yes) of an open assignment that has no team now: the
    coordinator's cue to find a new one. Reads prefetched proposals."""
    proposals = list(assignment.proposals.all())
    if assignment.status != Assignment.Status.OPEN or any(p.status in {
            Proposal.Status.PROPOSED, Proposal.Status.SENT, Proposal.Status.ACCEPTED} for p in proposals):
        return None
    said_no = [p for p in proposals if p.status == Proposal.Status.DECLINED and p.responded_at]
    return max(said_no, key=lambda p: p.responded_at, default=None)


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
