"""Small builders for pool tests: a municipality, experts, an assignment, its policy officer."""

from datetime import timedelta

from django.utils import timezone

from meervoud.accounts.models import Organisation, OrganisationKind, Role
from meervoud.places.selectors import find_municipality
from meervoud.pool.models import Assignment, ExpertProfile, Proposal
from meervoud.stories.models import LifeDomain

TODAY = timezone.localdate()


def org(name="Gemeente Groningen (review)", place="Groningen"):
    return Organisation.objects.create(name=name, kind=OrganisationKind.MUNICIPALITY,
                                       municipality=find_municipality(place))


def expert(make_user, name, *, hours=8, home="Groningen", domains=("verslaving",),
           roles=("bondgenoot",), activities=("training",), levels=("micro",),
           languages=("nl",), visible="requesters"):
    user = make_user(Role.NARRATOR, f"ed-{name.lower()}")
    profile = ExpertProfile.objects.create(
        user=user, display_name=f"{name} (test)", home=find_municipality(home),
        roles=list(roles), activities=list(activities), levels=list(levels),
        languages=list(languages), hours_per_week=hours, max_km=30, intervision=True,
        domains_visible_to=visible)
    profile.domains.set(LifeDomain.objects.filter(slug__in=domains))
    return profile


def assignment(organisation, title="Training wijkteam", *, start=None, days=60, hours=8,
               status=Assignment.Status.OPEN, domains=("verslaving",), level="micro"):
    start = start or TODAY + timedelta(days=14)
    made = Assignment.objects.create(
        title=title, description="Wat is de vraag?", organisation=organisation,
        activity="training", level=level, hours_per_week=hours, start=start,
        end=start + timedelta(days=days), location=find_municipality("Groningen"), paid=True,
        team_size=2, status=status)
    made.domains.set(LifeDomain.objects.filter(slug__in=domains))
    return made


def sent(assignment, *experts) -> list[Proposal]:
    """The team as the coordinator sent it: one proposal per expert, waiting for an answer."""
    return [Proposal.objects.create(assignment=assignment, expert=profile,
                                    status=Proposal.Status.SENT, sent_at=timezone.now())
            for profile in experts]


def complete(assignment, *experts) -> list[Proposal]:
    """The team sent and every member said yes: the assignment is filled (``assignment`` is
    read again)."""
    from meervoud.pool import services

    proposals = sent(assignment, *experts)
    for proposal in proposals:
        services.accept(proposal)
    assignment.refresh_from_db()
    return proposals


def with_address(user, address):
    """The account with this e-mail address ("" for none)."""
    user.email = address
    user.save()
    return user


def live(assignment):
    """Proposals still in play: proposed, asked, or said yes."""
    return assignment.proposals.filter(status__in=[
        Proposal.Status.PROPOSED, Proposal.Status.SENT, Proposal.Status.ACCEPTED])


def officer_of(make_user, organisation, username="beleid-review"):
    user = make_user(Role.POLICY_OFFICER, username)
    user.organisation = organisation
    user.save()
    return user


def assignment_post(org, **changes):
    data = {"title": "Training voor het wijkteam", "description": "Vertel over herstel.",
            "organisation": org.pk, "domains": [LifeDomain.objects.get(slug="verslaving").pk],
            "activity": "training", "level": "micro", "hours_per_week": "4",
            "start": str(TODAY + timedelta(days=30)), "end": str(TODAY + timedelta(days=90)),
            "location": find_municipality("Groningen").pk, "team_size": "2", "paid": "on"}
    data.update(changes)
    return data


def profile_post(profile, **changes):
    data = {"display_name": profile.display_name,
            "domains": [d.pk for d in profile.domains.all()],
            "domains_visible_to": profile.domains_visible_to, "roles": profile.roles,
            "activities": profile.activities, "levels": profile.levels,
            "languages": profile.languages, "home": profile.home_id,
            "max_km": str(profile.max_km), "hours_per_week": str(profile.hours_per_week),
            "paid": "on", "volunteer": "on", "intervision": "on", "available": "on"}
    data.update(changes)
    return data
