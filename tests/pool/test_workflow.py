from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from meervoud.accounts.models import Organisation, Role
from meervoud.places.selectors import find_municipality
from meervoud.pool import services
from meervoud.pool.models import Assignment, Evaluation, ExpertProfile, Proposal
from meervoud.stories.models import LifeDomain


def live(assignment):
    return assignment.proposals.exclude(status__in=["withdrawn", "declined"])


@pytest.mark.django_db
def test_every_open_assignment_gets_a_team_of_at_least_two_or_a_reason(demo_pool):
    solution = services.propose_teams(time_limit=10)
    assert solution.hard_rule_violations == 0
    for assignment in Assignment.objects.all():
        team = live(assignment)
        if team.exists():
            assert team.count() == assignment.team_size >= 2
            assert all(p.explanation and p.reasons and p.why for p in team)
            assert not assignment.unfillable_reasons
        else:
            assert assignment.unfillable_reasons and assignment.unfillable_suggestions


@pytest.mark.django_db
def test_assignment_nobody_qualifies_for_says_why(demo_pool):
    organisation = Organisation.objects.get(name="Gemeente Groningen (demo)")
    start = date.today() + timedelta(days=10)
    impossible = Assignment.objects.create(
        title="Maastricht, NAH", description="x", organisation=organisation,
        activity="training", level="micro", hours_per_week=4, start=start,
        end=start + timedelta(days=30), location=find_municipality("Maastricht"),
    )
    impossible.domains.set([LifeDomain.objects.get(slug="nah")])
    services.propose_teams(time_limit=10)
    impossible.refresh_from_db()
    assert not live(impossible).exists()
    assert impossible.unfillable_reasons
    assert any("online" in s or "gebied" in s or "km" in s for s in impossible.what_would_help)


@pytest.mark.django_db
def test_team_accepts_runs_and_closes_with_evaluations(demo_pool, make_user):
    services.propose_teams(time_limit=10)
    assignment = next(a for a in Assignment.objects.all() if live(a).exists())
    assert services.ask_team(assignment).count == assignment.team_size
    for proposal in live(assignment):
        services.accept(proposal)
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.FILLED
    services.start(assignment)
    officer = make_user(Role.POLICY_OFFICER, "beleid-test")
    officer.organisation = assignment.organisation
    officer.save()
    services.close(assignment, author=officer, rating=4)
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.CLOSED
    assert list(Evaluation.objects.filter(assignment=assignment).values_list("side", flat=True)) == [
        "client"]


@pytest.mark.django_db
def test_one_decline_sends_the_whole_team_back_and_excludes_nobody_else(demo_pool):
    services.propose_teams(time_limit=10)
    assignment = next(a for a in Assignment.objects.all() if live(a).exists())
    services.ask_team(assignment)
    first, *others = list(live(assignment))
    services.accept(others[0])
    services.decline(first, "Ik ben die weken op vakantie")
    assert not live(assignment).exists()  # never a team of one
    first.refresh_from_db()
    assert first.decline_reason == "Ik ben die weken op vakantie"
    services.propose_teams(time_limit=10)
    assignment.refresh_from_db()
    assert live(assignment).count() == assignment.team_size or assignment.unfillable_reasons
    with pytest.raises(ValueError):
        services.accept(first)


@pytest.mark.django_db
def test_blocked_period_and_exclusion_are_respected(demo_pool):
    services.propose_teams(time_limit=10)
    assignment = next(a for a in Assignment.objects.all() if live(a).exists())
    chosen = live(assignment).first().expert
    chosen.blocked.create(start=assignment.start, end=assignment.end)
    other = live(assignment).last().expert
    other.exclusions.create(assignment=assignment)
    services.propose_teams(time_limit=10)
    team = set(live(assignment).values_list("expert_id", flat=True))
    assert chosen.pk not in team and other.pk not in team


@pytest.mark.django_db
def test_match_command_prints_proposals_in_dutch(demo_pool, capsys):
    call_command("match", "--time-limit", "10")
    out = capsys.readouterr().out
    assert "teams" in out and "km" in out
    assert Proposal.objects.filter(status=Proposal.Status.PROPOSED).count() >= 2


@pytest.mark.django_db
@pytest.mark.parametrize("role,name,status", [
    (Role.COORDINATOR, "pool:overview", 200), (Role.POLICY_OFFICER, "pool:overview", 403),
    (Role.NARRATOR, "pool:overview", 403), (Role.POLICY_OFFICER, "pool:assignment_new", 200),
    (Role.NARRATOR, "pool:assignment_new", 403), (Role.NARRATOR, "pool:profile", 200),
    (Role.RESEARCHER, "pool:profile", 403), (Role.COORDINATOR, "pool:experts", 200),
])
def test_pool_permissions(client, make_user, role, name, status):
    client.force_login(make_user(role))
    assert client.get(reverse(name)).status_code == status


@pytest.mark.django_db
def test_assignment_form_refuses_a_team_of_one_and_keeps_input(client, make_user, demo_pool):
    user = make_user(Role.POLICY_OFFICER, "beleid-test")
    client.force_login(user)
    organisation = Organisation.objects.get(name="Gemeente Groningen (demo)")
    response = client.post(reverse("pool:assignment_new"), {
        "title": "Eén persoon graag", "description": "Test", "organisation": organisation.pk,
        "domains": [LifeDomain.objects.get(slug="armoede-schulden").pk], "activity": "training",
        "level": "micro", "hours_per_week": "4", "start": "2027-01-01", "end": "2026-12-01",
        "team_size": "1", "paid": "on",
    })
    assert response.status_code == 200
    body = response.content.decode()
    assert "Eén persoon graag" in body
    assert "minstens twee" in body and "vóór de begindatum" in body
    assert not Assignment.objects.filter(title="Eén persoon graag").exists()


@pytest.mark.django_db
def test_expert_sees_and_answers_own_proposals_only(client, demo_pool):
    services.propose_teams(time_limit=10)
    assignment = next(a for a in Assignment.objects.all() if live(a).exists())
    services.ask_team(assignment)
    mine, theirs = list(live(assignment))[:2]
    client.force_login(mine.expert.user)
    assert assignment.title in client.get(reverse("pool:profile")).content.decode()
    assert client.post(reverse("pool:respond", args=[theirs.pk]), {"action": "accept"}).status_code == 404
    client.post(reverse("pool:respond", args=[mine.pk]), {"action": "decline", "reason": ""})
    mine.refresh_from_db()
    assert mine.status == Proposal.Status.SENT  # a decline needs a reason
    client.post(reverse("pool:respond", args=[mine.pk]), {"action": "accept"})
    mine.refresh_from_db()
    assert mine.status == Proposal.Status.ACCEPTED


@pytest.mark.django_db
def test_theme_page_points_coordinators_to_experts_with_that_experience(client, make_user, demo_pool):
    from meervoud.knowledge.models import Theme

    theme = Theme.objects.create(key="t-test", label="Nachtopvang", narrators=6,
                                 evidence={"life_domains": {"dak-thuisloosheid": 6, "verslaving": 2}})
    client.force_login(make_user(Role.COORDINATOR, "coord-test"))
    body = client.get(reverse("knowledge:theme", args=[theme.key])).content.decode()
    expected = ExpertProfile.objects.filter(domains__slug="dak-thuisloosheid").count()
    assert expected >= 2
    assert "?domein=dak-thuisloosheid" in body and f"{expected} ervaringsdeskundigen beschikbaar" in body
    listing = client.get(reverse("pool:experts") + "?domein=dak-thuisloosheid").content.decode()
    assert "Anouk (fictief)" in listing and "Hanna (fictief)" not in listing


@pytest.mark.django_db
def test_requester_sees_experience_only_where_the_expert_allows_it(client, make_user, demo_pool):
    services.propose_teams(time_limit=10)
    assignment = next(a for a in Assignment.objects.all() if live(a).exists())
    services.ask_team(assignment)
    private, public = list(live(assignment))[:2]
    ExpertProfile.objects.filter(pk=private.expert_id).update(domains_visible_to="coordinators")
    ExpertProfile.objects.filter(pk=public.expert_id).update(domains_visible_to="requesters")
    services.accept(private)  # named to the requester only after a yes (see team_of)
    requester = make_user(Role.POLICY_OFFICER, "beleid-test")
    requester.organisation = assignment.organisation
    requester.save()
    client.force_login(requester)
    body = client.get(reverse("pool:assignment", args=[assignment.pk])).content.decode()
    assert public.explanation.split(";")[0] in body
    assert "Dit zien alleen de coördinator" in body
    client.force_login(make_user(Role.POLICY_OFFICER, "elders"))
    assert client.get(reverse("pool:assignment", args=[assignment.pk])).status_code == 403


@pytest.mark.django_db
def test_coordinator_keeps_a_profile_up_to_date_and_sees_history(client, make_user, demo_pool):
    profile = ExpertProfile.objects.first()
    client.force_login(make_user(Role.COORDINATOR, "coord-test"))
    url = reverse("pool:expert_edit", args=[profile.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Geschiedenis" in page.content.decode()
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update({"display_name": "Nieuwe naam", "home": profile.home_id,
                 "domains": [d.pk for d in profile.domains.all()], "roles": profile.roles,
                 "activities": profile.activities, "levels": profile.levels,
                 "languages": ["nl"], "paid": "on", "domains_visible_to": "coordinators",
                 "blocked_from": "2031-01-01", "blocked_to": "2031-01-31"})
    data.pop("organisation", None)
    data.pop("education", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    profile.refresh_from_db()
    assert profile.display_name == "Nieuwe naam" and profile.blocked.count() == 1


@pytest.mark.django_db
def test_expert_creates_own_profile_with_consent_over_visibility(client, make_user):
    user = make_user(Role.NARRATOR, "nieuwe-ed")
    client.force_login(user)
    data = {"display_name": "Sam", "domains": [LifeDomain.objects.get(slug="verslaving").pk],
            "domains_visible_to": "coordinators", "roles": ["bondgenoot"],
            "activities": ["maatje"], "levels": ["micro"], "languages": ["nl"],
            "home": find_municipality("Assen").pk, "max_km": "20", "hours_per_week": "6",
            "volunteer": "on", "available": "on",
            "blocked_from": "2031-03-01", "blocked_to": "2031-02-01"}
    response = client.post(reverse("pool:profile"), data)
    assert response.status_code == 200 and "vóór de begindatum" in response.content.decode()
    assert not ExpertProfile.objects.filter(user=user).exists()
    data["blocked_to"] = "2031-03-31"
    assert client.post(reverse("pool:profile"), data).status_code == 302
    profile = ExpertProfile.objects.get(user=user)
    assert profile.domains_visible_to == "coordinators" and not profile.paid and profile.volunteer
    assert list(profile.blocked.values_list("start", "end")) == [(date(2031, 3, 1), date(2031, 3, 31))]
