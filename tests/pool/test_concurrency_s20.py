"""Session 20: the matching stores only what still holds when it finishes, and 'Start' reads
the assignment again under its lock. Each interleaving is made deterministic by doing the other
person's action inside ``matching.solve`` (the matching) or just before ``services.start``."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.pool import services
from meervoud.pool.models import Assignment, ExpertProfile, Proposal
from tests.pool.builders import TODAY, assignment, expert, live, org, sent

pytestmark = pytest.mark.django_db


def _meanwhile(monkeypatch, action):
    """Run ``action`` once while the solver works, then let it finish."""
    solve = services.matching.solve
    done = []

    def solving(*args, **kwargs):
        if not done:
            done.append(True)
            action()
        return solve(*args, **kwargs)

    monkeypatch.setattr(services.matching, "solve", solving)


def _texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_round_without_changes_stores_every_team_and_leaves_nothing_out(make_user):
    work = assignment(org())
    expert(make_user, "Anna"), expert(make_user, "Bert")
    matched = services.propose_teams(time_limit=2)
    assert matched.left_out == ()
    assert len(matched.proposals) == 1 and matched.hard_rule_violations == 0
    assert live(work).count() == work.team_size


def test_an_expert_who_blocks_the_period_while_the_matching_runs_is_not_proposed(
        monkeypatch, make_user):
    """The only possible team is Anna and Bert; Anna blocks the weeks of the work meanwhile."""
    work = assignment(org())
    anna = expert(make_user, "Anna")
    expert(make_user, "Bert")
    _meanwhile(monkeypatch, lambda: anna.blocked.create(start=work.start, end=work.end))
    matched = services.propose_teams(time_limit=2)
    assert matched.left_out == (work.pk,)
    assert matched.proposals == [] and matched.unfillable == []
    assert not live(work).exists()


def test_an_expert_who_leaves_the_pool_while_the_matching_runs_breaks_nothing(monkeypatch, make_user):
    work = assignment(org())
    anna = expert(make_user, "Anna")
    expert(make_user, "Bert")
    _meanwhile(monkeypatch, lambda: services.delete_profile(ExpertProfile.objects.get(pk=anna.pk)))
    matched = services.propose_teams(time_limit=2)
    assert matched.left_out == (work.pk,)
    assert not live(work).exists()


def test_an_expert_who_says_yes_elsewhere_meanwhile_keeps_her_new_team(monkeypatch, make_user):
    """A yes to work she was already asked for takes no new hours: only the score's count of
    her past teams changed, so the round is stored as usual."""
    here = assignment(org(), "Hier")
    elsewhere = assignment(org("Gemeente Assen (review)", "Assen"), "Elders",
                           start=TODAY + timedelta(days=200), days=10, hours=1)
    anna, bert = expert(make_user, "Anna", hours=20), expert(make_user, "Bert", hours=20)
    hers, _ = sent(elsewhere, anna, bert)
    _meanwhile(monkeypatch, lambda: services.accept(hers))
    matched = services.propose_teams(time_limit=2)
    assert matched.left_out == ()
    assert live(here).filter(status=Proposal.Status.PROPOSED).count() == here.team_size


def test_an_assignment_changed_while_the_matching_runs_gets_no_team_for_the_old_question(
        monkeypatch, make_user):
    work = assignment(org())
    for name in ("Anna", "Bert", "Cor"):
        expert(make_user, name)

    def bigger_team():
        Assignment.objects.filter(pk=work.pk).update(team_size=3)

    _meanwhile(monkeypatch, bigger_team)
    matched = services.propose_teams(time_limit=2)
    assert matched.left_out == (work.pk,)
    assert not live(work).exists()
    services.propose_teams(time_limit=2)  # the next round matches the new question
    assert live(work).count() == 3


def test_an_assignment_cancelled_while_the_matching_runs_stays_cancelled_without_proposals(
        monkeypatch, make_user):
    work = assignment(org())
    expert(make_user, "Anna"), expert(make_user, "Bert")
    _meanwhile(monkeypatch, lambda: services.cancel(Assignment.objects.get(pk=work.pk)))
    matched = services.propose_teams(time_limit=2)
    assert matched.left_out == (work.pk,)
    work.refresh_from_db()
    assert work.status == Assignment.Status.CANCELLED and not live(work).exists()


def test_the_unchanged_assignments_of_a_round_are_stored_next_to_one_left_out(monkeypatch, make_user):
    """Anna and Bert fit only the first, Cor and Dina only the second; the first one's team is
    sent meanwhile. The second gets its team, the first keeps the sent one."""
    first = assignment(org(), "Eerste", domains=("verslaving",))
    second = assignment(org("Gemeente Assen (review)", "Assen"), "Tweede", domains=("eenzaamheid",))
    anna, bert = expert(make_user, "Anna"), expert(make_user, "Bert")
    expert(make_user, "Cor", domains=("eenzaamheid",)), expert(make_user, "Dina", domains=("eenzaamheid",))
    services.propose_teams(time_limit=2)
    shown = set(first.proposals.filter(status=Proposal.Status.PROPOSED).values_list("pk", flat=True))
    assert {p.expert_id for p in first.proposals.filter(pk__in=shown)} == {anna.pk, bert.pk}

    _meanwhile(monkeypatch, lambda: services.ask_team(first, shown=shown))
    matched = services.propose_teams(time_limit=2)
    assert matched.left_out == (first.pk,)
    assert [p.assignment_id for p in matched.proposals] == [str(second.pk)]
    assert set(first.proposals.exclude(status=Proposal.Status.WITHDRAWN)
               .values_list("status", flat=True)) == {Proposal.Status.SENT}
    assert live(second).filter(status=Proposal.Status.PROPOSED).count() == second.team_size


def test_the_coordinator_is_told_which_round_left_an_assignment_out(client, monkeypatch, make_user):
    work = assignment(org())
    anna = expert(make_user, "Anna")
    expert(make_user, "Bert")
    _meanwhile(monkeypatch, lambda: ExpertProfile.objects.filter(pk=anna.pk).update(available=False))
    client.force_login(make_user(Role.COORDINATOR))
    response = client.post(reverse("pool:overview"), {})
    assert response.status_code == 302
    texts = _texts(response)
    assert "0 teams voorgesteld; 0 opdrachten nog niet te vullen." in texts
    assert ("Bij 1 opdracht veranderde iets terwijl Meervoud zocht, bijvoorbeeld omdat het team "
            "intussen gevraagd is. Daar stelt Meervoud nu geen nieuw team voor. Zoek opnieuw als "
            "die opdracht nog een team nodig heeft.") in texts
    assert not live(work).exists()


def test_a_round_without_changes_says_nothing_about_changes(client, make_user):
    assignment(org())
    expert(make_user, "Anna"), expert(make_user, "Bert")
    client.force_login(make_user(Role.COORDINATOR))
    texts = _texts(client.post(reverse("pool:overview"), {}))
    assert texts == ["1 teams voorgesteld; 0 opdrachten nog niet te vullen."]


def test_the_match_command_names_what_it_left_out(monkeypatch, make_user):
    work = assignment(org())
    anna = expert(make_user, "Anna")
    expert(make_user, "Bert")
    _meanwhile(monkeypatch, lambda: ExpertProfile.objects.filter(pk=anna.pk).update(available=False))
    out = StringIO()
    call_command("match", "--time-limit", "2", stdout=out)
    assert f"1 opdracht veranderde tijdens het zoeken en is overgeslagen: {work.title}." in out.getvalue()


# ---------------------------------------------------------------------- start


def _complete_team(make_user):
    work = assignment(org())
    anna, bert = expert(make_user, "Anna"), expert(make_user, "Bert")
    for proposal in sent(work, anna, bert):
        services.accept(proposal)
    work.refresh_from_db()
    assert work.status == Assignment.Status.FILLED
    return work, bert


def test_start_refuses_a_team_that_fell_apart_with_a_clear_message(client, monkeypatch, make_user):
    work, bert = _complete_team(make_user)
    real_start = services.start

    def bert_says_no_first(assignment_):
        services.decline(work.proposals.get(expert=bert), "Ik ben ziek geworden.")
        return real_start(assignment_)

    monkeypatch.setattr(services, "start", bert_says_no_first)
    client.force_login(make_user(Role.COORDINATOR))
    response = client.post(reverse("pool:assignment", args=[work.pk]), {"action": "start"})
    assert _texts(response) == [
        "De opdracht is niet gestart, want het team is niet compleet. Misschien zei iemand "
        "intussen toch nee. Zoek een nieuw team op het overzicht."]
    work.refresh_from_db()
    assert work.status == Assignment.Status.OPEN


def test_start_of_a_stale_copy_reads_the_assignment_again(make_user):
    work, bert = _complete_team(make_user)
    stale = Assignment.objects.get(pk=work.pk)
    services.decline(work.proposals.get(expert=bert), "Ik ben ziek geworden.")
    with pytest.raises(services.TeamIncomplete):
        services.start(stale)
    work.refresh_from_db()
    assert work.status == Assignment.Status.OPEN


def test_a_second_click_on_start_keeps_the_work_running(client, make_user):
    work, _ = _complete_team(make_user)
    client.force_login(make_user(Role.COORDINATOR))
    url = reverse("pool:assignment", args=[work.pk])
    client.post(url, {"action": "start"})
    response = client.post(url, {"action": "start"})
    assert set(_texts(response)) == {"De opdracht is gestart."}  # both clicks, no error
    work.refresh_from_db()
    assert work.status == Assignment.Status.RUNNING


def test_a_cancelled_assignment_does_not_start(make_user):
    work = assignment(org(), status=Assignment.Status.CANCELLED)
    with pytest.raises(ValueError) as refused:
        services.start(work)
    assert not isinstance(refused.value, services.TeamIncomplete)
    work.refresh_from_db()
    assert work.status == Assignment.Status.CANCELLED
