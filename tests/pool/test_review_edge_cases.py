"""Edge cases in deploying people (pool, matching, plans, teaching) that users hit: who may
post, see and close what, double submits, hours and dates in the matching, pasted text."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.plans.models import Plan, PlanMember, ProjectRole
from meervoud.pool import services
from meervoud.pool.models import Assignment, BlockedPeriod, Evaluation, ExpertProfile, Proposal
from meervoud.stories.models import LifeDomain

from tests.pool.builders import TODAY
from tests.pool.builders import assignment as _assignment
from tests.pool.builders import expert as _expert
from tests.pool.builders import live as _live
from tests.pool.builders import officer_of as _officer_of
from tests.pool.builders import org as _org

pytestmark = pytest.mark.django_db


# -- pool: permissions and privacy -----------------------------------------------------------

def test_policy_officer_cannot_post_an_assignment_in_the_name_of_another_municipality(
        client, make_user):
    """A policy officer posts assignments for their own municipality only; choosing another
    organisation in the form must not create an assignment owned by that organisation."""
    groningen, leeuwarden = _org(), _org("Gemeente Leeuwarden (review)", "Leeuwarden")
    client.force_login(_officer_of(make_user, groningen))
    client.post(reverse("pool:assignment_new"), {
        "title": "Namens een ander", "description": "Test", "organisation": leeuwarden.pk,
        "domains": [LifeDomain.objects.get(slug="verslaving").pk], "activity": "training",
        "level": "micro", "hours_per_week": "4", "start": "2031-01-01", "end": "2031-02-01",
        "team_size": "2", "paid": "on"})
    assert not Assignment.objects.filter(title="Namens een ander",
                                         organisation=leeuwarden).exists()


def test_expert_outside_the_team_cannot_close_and_evaluate_a_running_assignment(
        client, make_user):
    """Only the team (accepted experts), the client and coordinators evaluate and close an
    assignment; an expert whose proposal was withdrawn gets 403 and nothing changes."""
    assignment = _assignment(_org(), status=Assignment.Status.RUNNING)
    first, second, outsider = (_expert(make_user, n) for n in ("Anna", "Bert", "Cees"))
    Proposal.objects.create(assignment=assignment, expert=first, status=Proposal.Status.ACCEPTED)
    Proposal.objects.create(assignment=assignment, expert=second, status=Proposal.Status.ACCEPTED)
    Proposal.objects.create(assignment=assignment, expert=outsider,
                            status=Proposal.Status.WITHDRAWN)
    client.force_login(outsider.user)
    response = client.post(reverse("pool:assignment", args=[assignment.pk]),
                           {"action": "close", "rating": "1", "text": "Slecht"})
    assignment.refresh_from_db()
    assert response.status_code == 403
    assert assignment.status == Assignment.Status.RUNNING
    assert not Evaluation.objects.filter(assignment=assignment).exists()


def test_municipality_does_not_see_why_an_expert_said_no(client, make_user):
    """The reason a peer expert gives for declining is personal (often health); the
    municipality that posted the assignment must not see it on the assignment page."""
    org = _org()
    assignment = _assignment(org)
    anna, bert = _expert(make_user, "Anna"), _expert(make_user, "Bert")
    Proposal.objects.create(assignment=assignment, expert=anna, status=Proposal.Status.SENT)
    declined = Proposal.objects.create(assignment=assignment, expert=bert,
                                       status=Proposal.Status.SENT)
    services.decline(declined, "Ik ben die weken opgenomen in de kliniek")
    client.force_login(_officer_of(make_user, org))
    response = client.get(reverse("pool:assignment", args=[assignment.pk]))
    assert response.status_code == 200
    assert "opgenomen in de kliniek" not in response.content.decode()


# -- pool: double submits and stale state ----------------------------------------------------

def test_double_submitted_evaluation_is_stored_once(client, make_user):
    """Clicking 'Evaluatie opslaan en afronden' twice (double submit, or back and submit again)
    leaves one evaluation by that person, not two."""
    org = _org()
    assignment = _assignment(org, status=Assignment.Status.RUNNING)
    client.force_login(_officer_of(make_user, org))
    data = {"action": "close", "rating": "4", "text": "Goed gegaan"}
    client.post(reverse("pool:assignment", args=[assignment.pk]), data)
    client.post(reverse("pool:assignment", args=[assignment.pk]), data)
    assert Evaluation.objects.filter(assignment=assignment).count() == 1


def test_double_submitted_profile_does_not_duplicate_the_blocked_period(client, make_user):
    """Saving the profile form twice with the same 'niet beschikbaar' dates (double click)
    stores that period once."""
    profile = _expert(make_user, "Anna")
    client.force_login(profile.user)
    data = {"display_name": "Anna (test)", "domains": [d.pk for d in profile.domains.all()],
            "domains_visible_to": "requesters", "roles": ["bondgenoot"],
            "activities": ["training"], "levels": ["micro"], "languages": ["nl"],
            "home": profile.home_id, "max_km": "30", "hours_per_week": "8", "paid": "on",
            "available": "on", "blocked_from": "2031-03-01", "blocked_to": "2031-03-31"}
    assert client.post(reverse("pool:profile"), data).status_code == 302
    assert client.post(reverse("pool:profile"), data).status_code == 302
    assert BlockedPeriod.objects.filter(expert=profile).count() == 1


def test_team_is_not_sent_to_an_expert_who_became_unavailable(client, make_user):
    """When an expert switches 'beschikbaar voor nieuwe opdrachten' off after the matching,
    sending the proposed team must not send them the proposal (the team must be re-matched)."""
    org = _org()
    assignment = _assignment(org)
    anna, bert = _expert(make_user, "Anna"), _expert(make_user, "Bert")
    services.propose_teams(time_limit=5)
    assert set(_live(assignment).values_list("expert_id", flat=True)) == {anna.pk, bert.pk}
    ExpertProfile.objects.filter(pk=bert.pk).update(available=False)
    client.force_login(make_user(Role.COORDINATOR, "coord-review"))
    client.post(reverse("pool:assignment", args=[assignment.pk]), {"action": "send"})
    assert not Proposal.objects.filter(expert=bert, assignment=assignment,
                                       status=Proposal.Status.SENT).exists()


# -- matching: hours and dates ---------------------------------------------------------------

def test_no_team_is_proposed_for_an_assignment_that_is_already_over(make_user):
    """An open assignment whose end date has passed cannot be done any more: the matching
    proposes no team for it (and does not take experts' hours for it)."""
    org = _org()
    past = _assignment(org, "Al voorbij", start=TODAY - timedelta(days=90), days=30)
    _expert(make_user, "Anna")
    _expert(make_user, "Bert")
    services.propose_teams(time_limit=5)
    assert not _live(past).exists()


def test_accepted_hours_of_a_team_still_waiting_for_its_partner_are_not_given_away(make_user):
    """An expert who said yes to an assignment (team not yet complete) has promised those
    hours: a new matching round must not propose them for an overlapping assignment that
    would take them over their hours per week."""
    org = _org()
    first = _assignment(org, "Eerste opdracht", hours=8)
    anna = _expert(make_user, "Anna", hours=8)
    bert = _expert(make_user, "Bert", hours=8, domains=("armoede-schulden",))  # not for 'second'
    _expert(make_user, "Cees", hours=8)
    Proposal.objects.create(assignment=first, expert=anna, status=Proposal.Status.ACCEPTED)
    Proposal.objects.create(assignment=first, expert=bert, status=Proposal.Status.SENT)
    second = _assignment(org, "Tweede opdracht", hours=8)
    services.propose_teams(time_limit=5)
    assert anna.pk not in set(_live(second).values_list("expert_id", flat=True))


def test_hours_of_an_assignment_that_ends_before_the_new_one_starts_are_free_again(make_user):
    """Hours committed to an assignment that ends before a new assignment starts do not
    block the expert for the new one: with exactly two suitable experts the team is proposed."""
    org = _org()
    running = _assignment(org, "Loopt nog even", start=TODAY - timedelta(days=30), days=40,
                          hours=8, status=Assignment.Status.RUNNING)
    anna, bert = _expert(make_user, "Anna", hours=8), _expert(make_user, "Bert", hours=8)
    Proposal.objects.create(assignment=running, expert=anna, status=Proposal.Status.ACCEPTED)
    later = _assignment(org, "Begint over twee maanden", start=TODAY + timedelta(days=60),
                        hours=8)
    services.propose_teams(time_limit=5)
    later.refresh_from_db()
    assert set(_live(later).values_list("expert_id", flat=True)) == {anna.pk, bert.pk}, \
        later.unfillable_reasons


def test_explanation_names_the_level_in_plain_dutch_not_the_code(make_user):
    """The 'waarom' text shown to coordinators, experts and requesters uses the Dutch label of
    the level (e.g. 'werk met teams en organisaties'), not the internal code 'meso'."""
    from meervoud.matching import labels

    org = _org()
    assignment = _assignment(org, level="meso")
    _expert(make_user, "Anna", levels=("meso",))
    _expert(make_user, "Bert", levels=("meso",))
    services.propose_teams(time_limit=5)
    explanations = list(_live(assignment).values_list("explanation", flat=True))
    assert len(explanations) == 2
    for text in explanations:
        assert "niveau meso" not in text and labels.level("meso") in text


def test_pool_list_filter_shows_the_dutch_domain_name_not_the_slug(client, make_user):
    """Filtering the pool on a life domain shows 'Met ervaring in: <Dutch name>' to the
    coordinator, not the internal slug from the URL."""
    _expert(make_user, "Anna", domains=("dak-thuisloosheid",))
    client.force_login(make_user(Role.COORDINATOR, "coord-review"))
    body = client.get(reverse("pool:experts") + "?domein=dak-thuisloosheid").content.decode()
    shown = re.search(r"Met ervaring in: ([^<·]+)", body).group(1).strip()
    assert shown == LifeDomain.objects.get(slug="dak-thuisloosheid").name_nl


# -- plans -----------------------------------------------------------------------------------

def test_a_new_plan_always_has_a_project_lead(client, make_user, municipality):
    """A plan has at least one project lead (who manages the team). Creating a plan with
    'Jouw rol' = ervaringsdeskundige must not leave a plan nobody can add members to."""
    user = make_user(Role.NARRATOR, "ed-plan")
    client.force_login(user)
    client.post(reverse("plans:create"), {
        "title": "Plan Oosterpark", "municipality": municipality.pk, "location": "Oosterpark",
        "my_role": ProjectRole.PEER_EXPERT})
    for plan in Plan.objects.all():
        assert PlanMember.objects.filter(plan=plan, role=ProjectRole.LEAD).exists()


def test_docx_export_survives_text_pasted_with_control_characters(client, make_user, municipality):
    """Text pasted from other programs can carry invisible control characters; the Word
    export of the plan still downloads instead of failing with a server error."""
    from meervoud.plans import services as plan_services
    from meervoud.plans.models import Action, GoalTable

    user = make_user(Role.POLICY_OFFICER, "beleid-plan")
    plan = plan_services.create_plan(user=user, data={"municipality": municipality,
                                                      "location": "Oosterpark"})
    Action.objects.create(plan=plan, table=GoalTable.OWN_DIRECTION, order=1,
                          goal="Meer eigen regie\x0b(zie bijlage)", what="Huiskamer\x07open")
    client.force_login(user)
    client.raise_request_exception = False
    response = client.get(reverse("plans:docx", args=[plan.pk]))
    assert response.status_code == 200


def test_api_refuses_an_assignment_for_another_organisation(client, make_user):
    """Through the API too, a policy officer posts for their own organisation only: naming
    another 'opdrachtgever' is a 400 with a Dutch reason, and nothing is stored."""
    from meervoud.api.tokens import issue_token

    groningen, leeuwarden = _org(), _org("Gemeente Leeuwarden (review)", "Leeuwarden")
    key, _ = issue_token(_officer_of(make_user, groningen))
    response = client.post(reverse("api:assignments"), {
        "titel": "Namens een ander", "omschrijving": "Test", "opdrachtgever": leeuwarden.name,
        "levensdomeinen": ["verslaving"], "activiteit": "training", "urenPerWeek": "4",
        "begindatum": "2031-01-01", "einddatum": "2031-02-01"},
        content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 400, response.content
    assert "eigen organisatie" in response.content.decode()
    assert not Assignment.objects.filter(title="Namens een ander").exists()


@pytest.mark.parametrize("value", ["abc", "²", "1" * 40])
def test_a_tampered_remove_button_is_a_404_not_a_server_error(client, make_user, value):
    """A 'remove' button that posts something other than a row number (a tampered or cut-off
    form) gets 'not found', in the pool and in the teaching library, and nothing is removed."""
    profile = _expert(make_user, "Anna")
    BlockedPeriod.objects.create(expert=profile, start=TODAY, end=TODAY + timedelta(days=3))
    client.force_login(profile.user)
    client.raise_request_exception = False
    assert client.post(reverse("pool:profile"), {"remove_blocked": value}).status_code == 404
    assert BlockedPeriod.objects.filter(expert=profile).count() == 1
    coordinator = make_user(Role.COORDINATOR, "coord-review")
    client.force_login(coordinator)
    assert client.post(reverse("teaching:moderation"), {"contribution": value}).status_code == 404


def test_an_expert_who_said_no_no_longer_sees_the_team(client, make_user):
    """An expert who declined still sees what the assignment was, but not the new team, their
    explanations or anyone's reasons."""
    org = _org()
    assignment = _assignment(org)
    anna, bert, cees = (_expert(make_user, n) for n in ("Anna", "Bert", "Cees"))
    declined = Proposal.objects.create(assignment=assignment, expert=anna, status=Proposal.Status.SENT)
    services.decline(declined, "Geen tijd")
    for profile in (bert, cees):
        Proposal.objects.create(assignment=assignment, expert=profile, status=Proposal.Status.SENT,
                                explanation=f"ervaring van {profile.display_name}")
    client.force_login(anna.user)
    page = client.get(reverse("pool:assignment", args=[assignment.pk])).content.decode()
    assert assignment.title in page
    assert "Bert (test)" not in page and "ervaring van" not in page
    client.force_login(bert.user)
    assert "Cees (test)" in client.get(reverse("pool:assignment", args=[assignment.pk])).content.decode()


def test_the_municipality_does_not_learn_that_experts_opted_out(client, make_user):
    """An expert may ask never to be deployed for an assignment; why a team cannot be found is
    shown to the municipality without saying so, or how many asked."""
    from meervoud.pool.models import Exclusion

    org = _org()
    assignment = _assignment(org)
    anna, bert, cees = (_expert(make_user, n) for n in ("Anna", "Bert", "Cees"))
    for profile in (bert, cees):
        Exclusion.objects.create(expert=profile, assignment=assignment)
    services.propose_teams(time_limit=5)
    assignment.refresh_from_db()
    assert assignment.unfillable_reasons  # no team: only Anna is left
    client.force_login(_officer_of(make_user, org))
    page = client.get(reverse("pool:assignment", args=[assignment.pk])).content.decode()
    assert "uitsluiting" not in page and "gevraagd" not in page


def test_the_municipality_sees_only_the_experts_who_were_asked(client, make_user):
    """Before a team is sent, whom the matching proposed is between the coordinator and the
    engine: the municipality sees the experts who were asked or said yes, not the proposed
    ones, nor who said no. Evaluations are for those who see the team."""
    org = _org()
    assignment = _assignment(org)
    anna, bert, cees = (_expert(make_user, n) for n in ("Anna", "Bert", "Cees"))
    Proposal.objects.create(assignment=assignment, expert=anna, status=Proposal.Status.SENT)
    Proposal.objects.create(assignment=assignment, expert=bert, status=Proposal.Status.PROPOSED)
    Proposal.objects.create(assignment=assignment, expert=cees, status=Proposal.Status.DECLINED)
    officer = _officer_of(make_user, org)
    client.force_login(officer)
    page = client.get(reverse("pool:assignment", args=[assignment.pk])).content.decode()
    assert "Anna (test)" in page
    assert "Bert (test)" not in page and "Cees (test)" not in page
    coordinator = make_user(Role.COORDINATOR, "coord-review")
    client.force_login(coordinator)
    page = client.get(reverse("pool:assignment", args=[assignment.pk])).content.decode()
    assert "Bert (test)" in page and "Cees (test)" in page


def test_a_teammate_does_not_see_why_another_expert_was_chosen(client, make_user):
    """Bert shares his experience with requesters (the municipality that asked). Cees, his
    teammate, is no requester: the page and the API hide Bert's explanation from him, and still
    show it to the organisation that asked."""
    org = _org()
    assignment = _assignment(org)
    bert, cees = (_expert(make_user, n) for n in ("Bert", "Cees"))
    ExpertProfile.objects.filter(pk=bert.pk).update(domains_visible_to="requesters")
    for profile in (bert, cees):
        Proposal.objects.create(assignment=assignment, expert=profile, status=Proposal.Status.SENT,
                                explanation=f"ervaring van {profile.display_name}: verslaving")
    client.force_login(cees.user)
    page = client.get(reverse("pool:assignment", args=[assignment.pk])).content.decode()
    assert "ervaring van Bert" not in page and "ervaring van Cees" in page
    team = client.get(f"/api/v1/opdrachten/{assignment.pk}").json()["team"]
    assert {m["naam"]: m["toelichting"] for m in team}["Bert (test)"] is None
    client.force_login(_officer_of(make_user, org))
    # the organisation that asked reads Bert's experience (as the matching would put it now),
    # not the stored note, which also holds his diary (session 15)
    page = client.get(reverse("pool:assignment", args=[assignment.pk])).content.decode()
    assert "ervaring met verslaving" in page and "ervaring van Bert" not in page


def test_work_that_ends_before_an_assignment_does_not_keep_the_expert_from_it(make_user):
    """Anna and Bert work full time on a running assignment until next month. A new assignment
    in four months is theirs to take; one next week is not. Before, the matching counted their
    busiest day anywhere in the round, so the later assignment found no team either."""
    org = _org()
    anna, bert = (_expert(make_user, n) for n in ("Anna", "Bert"))
    running = _assignment(org, "Lopend", start=TODAY - timedelta(days=30), days=60,
                          status=Assignment.Status.RUNNING)
    for profile in (anna, bert):
        Proposal.objects.create(assignment=running, expert=profile, status=Proposal.Status.ACCEPTED)
    soon = _assignment(org, "Volgende week", start=TODAY + timedelta(days=7), days=14)
    later = _assignment(org, "Over vier maanden", start=TODAY + timedelta(days=120), days=30)
    services.propose_teams(time_limit=5)
    assert set(_live(later).values_list("expert__display_name", flat=True)) == {"Anna (test)", "Bert (test)"}
    assert not _live(soon).exists()
