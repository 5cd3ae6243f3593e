"""Hard cases: too little capacity, nobody qualifies, one expert fits everything, fairness, order."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import pytest

from meervoud.matching import check_solution, evaluate, greedy, solve
from meervoud.matching.metrics import gini
from meervoud.matching.synthetic import generate

from .factories import START, assignment, expert


def solved(experts, assignments, **kw):
    solution = solve(experts, assignments, time_limit=10, **kw)
    assert solution.hard_rule_violations == 0, solution.stats["violations"]
    assert check_solution(experts, assignments, solution) == []
    return solution


def unfillable(solution, aid):
    return next(u for u in solution.unfillable if u.assignment_id == aid)


def test_overbooked_pool_fills_what_capacity_allows():
    # 4 experts x 4 free hours = 16 hours; 6 overlapping assignments need 2 x 2 hours each
    experts = [expert(f"e{i}", hours_per_week=6, hours_committed=2) for i in range(4)]
    assignments = [assignment(f"a{i}", start=START + timedelta(days=i)) for i in range(6)]
    solution = solved(experts, assignments)
    assert len(solution.proposals) == 4  # 16 / (2 people x 2 hours)
    assert solution.status == "OPTIMAL" and solution.gap == 0
    assert max(solution.load().values()) <= 2  # 4 free hours, 2 per assignment
    for u in solution.unfillable:
        assert any("te weinig uren vrij" in r for r in u.reasons)
    # the suggested shift of the period is computed from the data and really works
    u = solution.unfillable[0]
    shift = next(f for f in u.fixes if f.rule == "period")
    changed = [replace(a, **shift.changes) if a.id == u.assignment_id else a for a in assignments]
    again = solved(experts, changed)
    assert len(again.proposals) == 5
    assert u.assignment_id in again.teams()


def test_nobody_within_reach_says_why_and_online_fixes_it():
    # NAH in Leeuwarden: one NAH expert lives there, three live in Groningen (55 km, max 30)
    experts = ([expert("lwd-nah", domains={"nah"}, home="GM0080")]
               + [expert(f"gron-nah{i}", domains={"nah"}, home="GM0014") for i in range(3)]
               + [expert(f"lwd{i}", domains={"verslaving"}, home="GM0080") for i in range(3)])
    a = assignment("nah", domains={"nah"}, location="GM0080")
    solution = solved(experts, [a])
    u = unfillable(solution, "nah")
    assert "maar 1 ervaringsdeskundige met ervaring met NAH" in u.reasons[0]
    assert "reisafstand van Leeuwarden" in u.reasons[0]
    assert "zet de opdracht online" in u.suggestions
    area = next(s for s in u.suggestions if s.startswith("zoek in een groter gebied"))
    assert "binnen 56 km" in area  # the second-nearest NAH expert, computed from the centroids
    fix = next(f for f in u.fixes if f.rule == "distance")
    assert fix.changes == {"location": None}
    again = solved(experts, [replace(a, **fix.changes)])
    assert "nah" in again.teams()


@pytest.mark.parametrize("case", ["hours", "period", "pay", "domain", "team"])
def test_unfillable_reason_and_a_suggestion_that_works(case):
    experts = [expert(f"e{i}") for i in range(3)]
    a = assignment("a")
    if case == "hours":
        experts = [expert(f"e{i}", hours_per_week=8, hours_committed=4) for i in range(3)]
        a = assignment("a", hours_per_week=6)
        want_reason, want_fix = "te weinig uren vrij", "verlaag het aantal uren naar 4 per week"
    elif case == "period":
        experts = [expert(f"e{i}", blocked=[(START - timedelta(days=5), START + timedelta(days=40))])
                   for i in range(3)]
        want_reason, want_fix = "niemand met ervaring met verslaving is vrij in deze periode", \
            "verschuif de periode"
    elif case == "pay":
        experts = [expert(f"e{i}", volunteer_ok=False) for i in range(3)]
        want_reason, want_fix = "vrijwilligerswerk", "bied een vergoeding"
    elif case == "domain":
        experts = [expert(f"e{i}", domains={"nah", "eenzaamheid"} if i < 2 else {"nah"})
                   for i in range(3)]
        a = assignment("a", domains={"lvb"})
        want_reason, want_fix = "niemand in de pool heeft ervaring met LVB", \
            "verbreed de vraag: ervaring met NAH"
    else:
        a = assignment("a", team_size=4)
        want_reason, want_fix = "(nodig: 4)", "verklein het team naar 3"
    solution = solved(experts, [a])
    assert solution.proposals == []
    u = unfillable(solution, "a")
    assert want_reason in u.reasons[0], u.reasons
    fix = next(f for f in u.fixes if f.text.startswith(want_fix))
    if case == "period":
        assert fix.changes["start"] == START + timedelta(weeks=6)  # first week after the block
    again = solved(experts, [replace(a, **fix.changes)])
    assert "a" in again.teams(), (case, fix)


def test_no_suggestion_that_would_not_work():
    # nobody in the pool has the domain, and nothing about the assignment can change that
    experts = [expert(f"e{i}", domains={"verslaving"}) for i in range(3)]
    a = assignment("a", domains={"lvb"})
    u = unfillable(solved(experts, [a], require_domain=True), "a")
    for fix in u.fixes:
        if fix.changes:
            assert "a" in solved(experts, [replace(a, **fix.changes)]).teams()


def test_one_expert_qualifying_for_everything():
    # the star fits all five overlapping assignments but has 6 free hours (3 x 2);
    # each helper can only do one assignment, so every team is star + one helper
    ids = [f"a{i}" for i in range(5)]
    star = expert("star", hours_per_week=6, roles={"bondgenoot", "bruggenbouwer"})
    helpers = [expert(f"h{i}", excluded_assignments=set(ids) - {f"a{i}"}) for i in range(5)]
    assignments = [assignment(aid, start=START + timedelta(days=i)) for i, aid in enumerate(ids)]
    experts = [star, *helpers]
    for solution in (solved(experts, assignments), greedy(experts, assignments)):
        assert solution.hard_rule_violations == 0
        assert len(solution.proposals) == 3
        for p in solution.proposals:
            assert len(p.expert_ids) == 2 and "star" in p.expert_ids
        assert solution.load()["star"] == 3
        assert len(solution.unfillable) == 2


def test_fairness_spreads_work_compared_with_greedy():
    # four assignments far apart in time; two "stars" fit each a bit better (role) than six others
    experts = ([expert(f"star{i}", roles={"bondgenoot", "bruggenbouwer"}, hours_per_week=20)
                for i in range(2)]
               + [expert(f"other{i}", hours_per_week=20) for i in range(6)])
    assignments = [assignment(f"a{i}", role="bruggenbouwer", start=START + timedelta(days=60 * i),
                              end=START + timedelta(days=60 * i + 20)) for i in range(4)]
    best = solved(experts, assignments)
    fcfs = greedy(experts, assignments)
    assert len(best.proposals) == len(fcfs.proposals) == 4
    assert max(fcfs.load().values()) == 4  # greedy: the stars get everything
    assert max(best.load().values()) == 1  # optimised: everybody once
    every = [e.id for e in experts]
    assert gini([best.load().get(e, 0) for e in every]) < gini([fcfs.load().get(e, 0) for e in every])
    assert best.objective == pytest.approx(evaluate(experts, assignments, best.teams()))
    assert best.objective > evaluate(experts, assignments, fcfs.teams())


def test_same_input_in_any_order_gives_the_same_proposals():
    experts, assignments = generate(150, 40, seed=3)
    first = solve(experts, assignments, time_limit=20)
    rng = random.Random(7)
    shuffled_e, shuffled_a = experts[:], assignments[:]
    rng.shuffle(shuffled_e)
    rng.shuffle(shuffled_a)
    second = solve(shuffled_e, shuffled_a, time_limit=20)
    assert first.status == second.status == "OPTIMAL"
    assert first.hard_rule_violations == second.hard_rule_violations == 0
    assert first.proposals == second.proposals  # teams, scores and explanations
    assert [u.assignment_id for u in first.unfillable] == [u.assignment_id for u in second.unfillable]
    assert first.objective == second.objective
