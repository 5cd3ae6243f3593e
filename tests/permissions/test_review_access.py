"""Access-control review: each test names one place where a role reaches data or an action the
permission model (docs/security.md, accounts/permissions.py, the views' own docstrings) says it
must not. Each test asserts the correct behaviour."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meervoud.accounts.models import Organisation, OrganisationKind, Role
from meervoud.places.selectors import find_municipality
from meervoud.pool import services as pool_services
from meervoud.pool.models import Assignment, ExpertProfile, Proposal
from meervoud.stories.models import LifeDomain

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


# -- helpers ---------------------------------------------------------------------------------

def _org(name="Gemeente Groningen (review)", place="Groningen",
         kind=OrganisationKind.MUNICIPALITY):
    return Organisation.objects.create(name=name, kind=kind, municipality=find_municipality(place))


def _expert(make_user, name, *, visible="requesters"):
    user = make_user(Role.NARRATOR, f"ra-{name.lower()}")
    profile = ExpertProfile.objects.create(
        user=user, display_name=f"{name} (test)", home=find_municipality("Groningen"),
        roles=["bondgenoot"], activities=["training"], levels=["micro"], languages=["nl"],
        hours_per_week=8, max_km=30, intervision=True, domains_visible_to=visible)
    profile.domains.set(LifeDomain.objects.filter(slug__in=["verslaving"]))
    return profile


def _assignment(org, title="Training wijkteam (review)", status=Assignment.Status.OPEN):
    start = TODAY + timedelta(days=14)
    assignment = Assignment.objects.create(
        title=title, description="Wat is de vraag?", organisation=org, activity="training",
        level="micro", hours_per_week=8, start=start, end=start + timedelta(days=60),
        location=find_municipality("Groningen"), paid=True, team_size=2, status=status)
    assignment.domains.set(LifeDomain.objects.filter(slug__in=["verslaving"]))
    return assignment


def _officer_of(make_user, org, username="beleid-review"):
    user = make_user(Role.POLICY_OFFICER, username)
    user.organisation = org
    user.save()
    return user


def _need(municipality_name="Groningen", asked_by=None):
    from meervoud.needs.models import InformationNeed

    return InformationNeed.objects.create(
        municipality=find_municipality(municipality_name), questions="Wat helpt bij schulden?",
        formats=["rapport"], contact_name="Jan Ambtenaar",
        contact_email="jan.ambtenaar@groningen.example", contact_phone="050-1234567",
        asked_by=asked_by)


# -- pool ------------------------------------------------------------------------------------

def test_api_does_not_show_the_new_team_to_an_expert_who_said_no(client, make_user):
    """An expert who declined still sees what the assignment was, but (as on the website) not
    the new team or why its members were chosen: the API's team list must not name them."""
    assignment = _assignment(_org())
    anna, bert, cees = (_expert(make_user, n) for n in ("Anna", "Bert", "Cees"))
    declined = Proposal.objects.create(assignment=assignment, expert=anna,
                                       status=Proposal.Status.SENT)
    pool_services.decline(declined, "Geen tijd")
    for profile in (bert, cees):
        Proposal.objects.create(assignment=assignment, expert=profile, status=Proposal.Status.SENT,
                                explanation=f"ervaring van {profile.display_name}")
    client.force_login(anna.user)
    response = client.get(reverse("api:assignment", args=[assignment.pk]))
    assert response.status_code == 200  # she may still see what it was
    body = response.content.decode()
    assert "Bert (test)" not in body and "ervaring van" not in body


# -- needs -----------------------------------------------------------------------------------

def test_officer_of_a_care_provider_does_not_see_the_municipalitys_needs(client, make_user):
    """Only an officer whose organisation *is* a municipality sees that municipality's needs
    (with its contact details); an organisation's branch town does not make it the municipality."""
    provider = _org("Zorgaanbieder Noord (review)", kind=OrganisationKind.CARE_PROVIDER)
    need = _need("Groningen")
    client.force_login(_officer_of(make_user, provider))
    response = client.get(reverse("needs:detail", args=[need.pk]))
    assert response.status_code == 404
    assert "jan.ambtenaar@groningen.example" not in response.content.decode()


def test_coordinator_cannot_widen_who_sees_an_experts_experience(client, make_user):
    """Who may see an expert's experience domains is the expert's own choice (pool.models):
    a coordinator who updates the profile must not switch it from coordinators to requesters."""
    profile = _expert(make_user, "Anna", visible="coordinators")
    client.force_login(make_user(Role.COORDINATOR, "coord-review"))
    url = reverse("pool:expert_edit", args=[profile.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {k: v for k, v in page.context["form"].initial.items() if v not in (None, "")}
    data.pop("organisation", None)
    data.pop("education", None)
    data.update({"domains": [d.pk for d in profile.domains.all()], "languages": ["nl"],
                 "paid": "on", "available": "on", "intervision": "on",
                 "domains_visible_to": "requesters"})
    response = client.post(url, data)
    assert response.status_code in (302, 403), response.context["form"].errors
    profile.refresh_from_db()
    assert profile.domains_visible_to == "coordinators"


def test_expert_only_considered_by_the_matching_cannot_open_the_assignment(client, make_user):
    """Experts see an assignment once it was sent to them. A proposal the coordinator never sent,
    withdrawn when the matching runs again, must not open the assignment to that expert."""
    assignment = _assignment(_org())
    anna, bert = _expert(make_user, "Anna"), _expert(make_user, "Bert")
    for profile in (anna, bert):
        Proposal.objects.create(assignment=assignment, expert=profile,
                                status=Proposal.Status.PROPOSED)
    client.force_login(anna.user)
    assert client.get(reverse("pool:assignment", args=[assignment.pk])).status_code == 403
    # the coordinator matches again; the unsent proposals are replaced
    anna.available = bert.available = False
    anna.save()
    bert.save()
    pool_services.propose_teams(time_limit=5)
    assert not assignment.proposals.filter(status=Proposal.Status.SENT).exists()
    assert client.get(reverse("pool:assignment", args=[assignment.pk])).status_code == 403
