"""Review (session 15) of the pool as its users live it: the peer expert with a profile and
proposals, the coordinator who matches and sends teams, the municipality that posts and follows
an assignment. Each test is one problem a user would hit; it asserts what they should get."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meervoud.accounts.models import Role
from meervoud.audit.models import AuditEvent
from meervoud.pool import services
from meervoud.pool.models import Assignment, ExpertProfile, Proposal
from meervoud.stories.models import LifeDomain

from tests.pool.builders import TODAY, sent
from tests.pool.builders import assignment as _assignment
from tests.pool.builders import assignment_post as _assignment_post
from tests.pool.builders import expert as _expert
from tests.pool.builders import live as _live
from tests.pool.builders import officer_of as _officer_of
from tests.pool.builders import org as _org
from tests.pool.builders import profile_post as _profile_post

pytestmark = pytest.mark.django_db


# -- the peer expert -------------------------------------------------------------------------

def test_expert_is_not_shown_proposals_that_were_never_sent_to_them(client, make_user):
    """The coordinator clicks 'Stel teams voor' twice (or again the next day). The first
    round's proposals were never sent; they are replaced. Anna was never asked, yet her
    profile lists the assignment under 'Voorstellen voor jou' as 'Ingetrokken', with the
    matching's reasons, and its link leads to a 403 page."""
    org = _org()
    assignment = _assignment(org, "Nooit gevraagd")
    anna = _expert(make_user, "Anna")
    _expert(make_user, "Bert")
    services.propose_teams(time_limit=5)
    services.propose_teams(time_limit=5)
    assert Proposal.objects.filter(expert=anna, status=Proposal.Status.WITHDRAWN,
                                   sent_at__isnull=True).exists()  # the replaced first round
    client.force_login(anna.user)
    page = client.get(reverse("pool:profile")).content.decode()
    assert "Nooit gevraagd" not in page
    assert reverse("pool:assignment", args=[assignment.pk]) not in page


@pytest.mark.parametrize("situation", ["cancelled", "over"])
def test_expert_cannot_say_yes_to_an_assignment_that_is_off(client, make_user, situation):
    """Bert said yes; then the assignment was cancelled (in beheer), or its end date passed
    while Anna had not answered. Anna's 'Ja, ik doe mee' still counts: the assignment becomes
    'Team compleet' again, a cancelled or finished assignment comes back to life."""
    org = _org()
    if situation == "cancelled":
        assignment = _assignment(org, status=Assignment.Status.CANCELLED)
    else:
        assignment = _assignment(org, start=TODAY - timedelta(days=40), days=30)
    anna, bert = _expert(make_user, "Anna"), _expert(make_user, "Bert")
    Proposal.objects.create(assignment=assignment, expert=bert, status=Proposal.Status.ACCEPTED,
                            sent_at=timezone.now())
    mine = Proposal.objects.create(assignment=assignment, expert=anna,
                                   status=Proposal.Status.SENT, sent_at=timezone.now())
    before = assignment.status
    client.force_login(anna.user)
    client.post(reverse("pool:respond", args=[mine.pk]), {"action": "accept"})
    assignment.refresh_from_db()
    mine.refresh_from_db()
    assert assignment.status == before
    assert mine.status != Proposal.Status.ACCEPTED


def test_expert_who_said_yes_can_still_pull_out_before_the_start(client, make_user):
    """Anna said yes, the team is complete, the work starts in two weeks. Then she falls ill.
    There is no way to tell Meervoud: the 'Nee' form is gone and posting it anyway answers
    'Op dit voorstel kun je niet meer reageren.' She should be able to pull out with a reason;
    as with a decline the team goes back (never one expert alone) and is matched again."""
    org = _org()
    assignment = _assignment(org)
    anna, bert = _expert(make_user, "Anna"), _expert(make_user, "Bert")
    mine, _ = sent(assignment, anna, bert)
    for proposal in assignment.proposals.all():
        services.accept(proposal)
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.FILLED
    client.force_login(anna.user)
    client.post(reverse("pool:respond", args=[mine.pk]),
                {"action": "decline", "reason": "Ik ben ziek geworden"})
    mine.refresh_from_db()
    assignment.refresh_from_db()
    assert mine.status != Proposal.Status.ACCEPTED
    assert assignment.status == Assignment.Status.OPEN
    assert not _live(assignment).exists()  # Bert is not left to do it alone


@pytest.mark.parametrize("form", ["assignment", "profile"])
def test_more_hours_per_week_than_a_week_has_are_refused(client, make_user, form):
    """'200 uur per week' (a typo for 20) is stored, in the assignment form and in the
    expert's own profile: the expert is then matched to work no person can do, an assignment
    asks the impossible. The API already refuses more than 99 hours."""
    org = _org()
    if form == "assignment":
        client.force_login(_officer_of(make_user, org))
        response = client.post(reverse("pool:assignment_new"),
                               _assignment_post(org, hours_per_week="200"))
        assert response.status_code == 200
        assert not Assignment.objects.filter(title="Training voor het wijkteam").exists()
    else:
        anna = _expert(make_user, "Anna")
        client.force_login(anna.user)
        response = client.post(reverse("pool:profile"), _profile_post(anna, hours_per_week="200"))
        assert response.status_code == 200
        anna.refresh_from_db()
        assert anna.hours_per_week == 8


# -- the municipality ------------------------------------------------------------------------

def test_an_assignment_that_is_already_over_cannot_be_posted(client, make_user):
    """A policy officer mixes up the year and posts an assignment that ended last month. It is
    stored as 'Open', the matching skips it for good (it is over) and nobody tells them why no
    team ever comes. The form should say the dates are in the past and keep what they typed."""
    org = _org()
    client.force_login(_officer_of(make_user, org))
    response = client.post(reverse("pool:assignment_new"), _assignment_post(
        org, start=str(TODAY - timedelta(days=60)), end=str(TODAY - timedelta(days=30))))
    assert not Assignment.objects.filter(title="Training voor het wijkteam").exists()
    assert response.status_code == 200
    assert "Training voor het wijkteam" in response.content.decode()


def test_policy_officer_can_find_the_assignments_they_posted(client, make_user):
    """After posting, the policy officer is shown the assignment once. Their menu only has
    'Opdracht plaatsen'; no page lists their organisation's assignments, so they cannot come
    back to follow the team or evaluate it (only someone who kept the URL can)."""
    org = _org()
    officer = _officer_of(make_user, org)
    assignment = _assignment(org, "Onze training")
    assignment.posted_by = officer
    assignment.save()
    client.force_login(officer)
    target = reverse("pool:assignment", args=[assignment.pk])
    start = client.get(reverse("pool:assignment_new")).content.decode()
    pages = [start] + [client.get(href).content.decode()
                       for href in set(re.findall(r'href="(/[^"#?]*)"', start))
                       if "opdracht" in href or "pool" in href]
    assert any(target in page for page in pages)


def test_the_municipality_can_cancel_an_assignment_it_no_longer_needs(client, make_user):
    """The municipality's plans change. There is a status 'Geannuleerd', but nothing sets it:
    neither the municipality that asked nor a coordinator can call an assignment off, so the
    experts it was sent to keep an open request to answer."""
    org = _org()
    assignment = _assignment(org)
    anna, bert = _expert(make_user, "Anna"), _expert(make_user, "Bert")
    for profile in (anna, bert):
        Proposal.objects.create(assignment=assignment, expert=profile,
                                status=Proposal.Status.SENT, sent_at=timezone.now())
    client.force_login(_officer_of(make_user, org))
    client.post(reverse("pool:assignment", args=[assignment.pk]), {"action": "cancel"})
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.CANCELLED
    assert not assignment.proposals.filter(status=Proposal.Status.SENT).exists()


def test_municipality_does_not_see_an_experts_workload_in_why_they_were_chosen(
        client, make_user):
    """Anna lets requesters see what she has experience with. The 'Waarom' the municipality
    sees is the whole matching note, so it also learns how many of her hours are still free
    (and, where it applies, that she said no before or is proposed for other work): none of
    that is what she agreed to share."""
    org = _org()
    assignment = _assignment(org)
    _expert(make_user, "Anna")
    _expert(make_user, "Bert")
    services.propose_teams(time_limit=5)
    services.ask_team(assignment)
    client.force_login(_officer_of(make_user, org))
    page = client.get(reverse("pool:assignment", args=[assignment.pk])).content.decode()
    assert "ervaring met" in page  # what they did agree to share
    assert "uur nog vrij" not in page


def test_an_assignment_can_ask_for_experts_who_speak_a_language(client, make_user):
    """Experts keep their languages in the profile (Arabisch, Tigrinya, ...), but an
    assignment cannot ask for one: a municipality that needs someone who speaks Arabic with
    newcomers gets a Dutch-only team. The matching supports it; the form does not pass it."""
    org = _org()
    _expert(make_user, "Cees", domains=("verslaving",), languages=("nl",))
    _expert(make_user, "Dirk", domains=("verslaving",), languages=("nl",))
    client.force_login(_officer_of(make_user, org))
    client.post(reverse("pool:assignment_new"), _assignment_post(org, languages=["ar"]))
    assignment = Assignment.objects.get(title="Training voor het wijkteam")
    services.propose_teams(time_limit=5)
    assert not _live(assignment).exists()  # nobody in the pool speaks Arabic


# -- the coordinator -------------------------------------------------------------------------

def test_a_team_of_one_is_never_sent(client, make_user):
    """Bert's profile is removed in beheer (he asked to leave) after the matching proposed
    him with Anna. 'Stuur het voorstel naar het team' then sends the assignment to Anna alone;
    once she says yes, the assignment waits for ever (it is never matched again)."""
    org = _org()
    assignment = _assignment(org)
    anna, bert = _expert(make_user, "Anna"), _expert(make_user, "Bert")
    services.propose_teams(time_limit=5)
    assert _live(assignment).count() == 2
    bert.delete()
    client.force_login(make_user(Role.COORDINATOR, "coord-s15"))
    client.post(reverse("pool:assignment", args=[assignment.pk]), {"action": "send"})
    assert not Proposal.objects.filter(assignment=assignment, expert=anna,
                                       status=Proposal.Status.SENT).exists()


def test_a_coordinator_changing_an_experts_experience_leaves_a_trace(client, make_user):
    """A coordinator changes which life domains (health, addiction: special-category data) an
    expert has experience with. Opening the page is logged as 'bekeken', the change itself is
    not logged at all: the expert cannot find out who changed it."""
    anna = _expert(make_user, "Anna")
    client.force_login(make_user(Role.COORDINATOR, "coord-s15"))
    url = reverse("pool:expert_edit", args=[anna.pk])
    client.get(url)
    seen = AuditEvent.objects.filter(object_type="pool.expertprofile", object_id=str(anna.pk))
    before = seen.count()
    response = client.post(url, _profile_post(anna, domains=[
        LifeDomain.objects.get(slug="huiselijk-geweld").pk]))
    assert response.status_code == 302
    assert list(anna.domains.values_list("slug", flat=True)) == ["huiselijk-geweld"]
    assert seen.count() > before


def test_a_double_click_on_opdracht_plaatsen_posts_one_assignment(client, make_user):
    """A policy officer double-clicks 'Opdracht plaatsen' (or goes back and sends again). Two
    identical open assignments are stored; the next matching round makes two teams for one
    question and takes twice the pool's hours."""
    org = _org()
    client.force_login(_officer_of(make_user, org))
    data = _assignment_post(org)
    client.post(reverse("pool:assignment_new"), data)
    client.post(reverse("pool:assignment_new"), data)
    assert Assignment.objects.filter(title="Training voor het wijkteam").count() == 1


def test_the_coordinator_sends_the_team_they_saw(client, make_user):
    """The coordinator looks at the proposed team (Anna and Bert) and clicks 'Stuur het
    voorstel naar het team'. Meanwhile the matching ran again (a colleague, another tab):
    Anna switched 'beschikbaar' off and the team is now Cees and Dirk. The button sends
    whatever is proposed at that moment: Cees and Dirk get a proposal nobody looked at."""
    org = _org()
    assignment = _assignment(org)
    anna, bert = _expert(make_user, "Anna"), _expert(make_user, "Bert")
    services.propose_teams(time_limit=5)
    coordinator = make_user(Role.COORDINATOR, "coord-s15")
    client.force_login(coordinator)
    page = client.get(reverse("pool:assignment", args=[assignment.pk])).content.decode()
    assert "Anna (test)" in page and "Bert (test)" in page
    ExpertProfile.objects.filter(pk__in=[anna.pk, bert.pk]).update(available=False)
    _expert(make_user, "Cees")
    _expert(make_user, "Dirk")
    services.propose_teams(time_limit=5)  # the colleague's round
    client.post(reverse("pool:assignment", args=[assignment.pk]), {"action": "send"})
    sent = set(assignment.proposals.filter(status=Proposal.Status.SENT)
               .values_list("expert__display_name", flat=True))
    assert sent <= {"Anna (test)", "Bert (test)"}


def test_a_double_click_on_ja_ik_doe_mee_is_not_reported_as_a_failure(client, make_user):
    """Anna double-clicks 'Ja, ik doe mee'. The first click counts; the second answers in red
    'Op dit voorstel kun je niet meer reageren.', so she thinks her yes did not go through.
    Saying yes to what you already said yes to should just confirm it."""
    org = _org()
    assignment = _assignment(org)
    anna, bert = _expert(make_user, "Anna"), _expert(make_user, "Bert")
    mine, _ = sent(assignment, anna, bert)
    client.force_login(anna.user)
    client.post(reverse("pool:respond", args=[mine.pk]), {"action": "accept"})
    page = client.post(reverse("pool:respond", args=[mine.pk]), {"action": "accept"},
                       follow=True).content.decode()
    mine.refresh_from_db()
    assert mine.status == Proposal.Status.ACCEPTED
    assert "niet meer reageren" not in page


def test_municipality_is_not_told_how_many_experts_have_a_given_experience(
        client, make_user):
    """Anna is the only expert in the pool with addiction experience, and lets only
    coordinators see her experience. When no team can be found, the municipality's page says
    'maar 1 ervaringsdeskundige heeft ervaring met verslaving (nodig: 2)' (in the demo: 'maar 1
    ... woont binnen de eigen reisafstand van Leeuwarden'): a count of one about
    special-category data she did not share. The coordinator needs the numbers; the
    municipality only needs to know no team is possible yet and what it can change."""
    org = _org()
    assignment = _assignment(org)
    _expert(make_user, "Anna", visible="coordinators")
    _expert(make_user, "Bert", domains=("armoede-schulden",), home="Maastricht",
            visible="coordinators")
    services.propose_teams(time_limit=5)
    assignment.refresh_from_db()
    assert assignment.unfillable_reasons
    client.force_login(_officer_of(make_user, org))
    page = client.get(reverse("pool:assignment", args=[assignment.pk])).content.decode()
    assert "Nog geen team mogelijk" in page
    assert not re.search(r"\b1 ervaringsdeskundige", page)
