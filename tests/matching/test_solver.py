"""Pruning, gap, objective bookkeeping, the greedy baseline, and check_solution on broken plans."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from meervoud.matching import (MatchConfig, Pool, Solution, Unfillable, check_solution, evaluate,
                               greedy, solve)
from meervoud.matching.synthetic import generate

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pool_data():
    return generate(250, 60, seed=11)


@pytest.fixture(scope="module")
def full(pool_data):
    experts, assignments = pool_data
    return solve(experts, assignments, time_limit=20)


def test_solution_is_valid_optimal_and_bookkept(pool_data, full):
    experts, assignments = pool_data
    assert full.hard_rule_violations == 0
    assert check_solution(experts, assignments, full) == []
    assert full.status == "OPTIMAL" and full.gap == 0.0 and full.bound == full.objective
    # the solver's objective is the objective of the teams it returns
    assert full.objective == pytest.approx(evaluate(experts, assignments, full.teams()))
    assert full.objective == pytest.approx(full.stats["objective_check"])
    ids = {a.id for a in assignments}
    assert {p.assignment_id for p in full.proposals} | {u.assignment_id for u in full.unfillable} == ids
    for p in full.proposals:
        assert set(p.explanations) == set(p.expert_ids)


def test_pruning_can_only_lose_and_the_gap_is_reported(pool_data, full):
    experts, assignments = pool_data
    tight = solve(experts, assignments, time_limit=20, k=2, per_expert=0)
    assert tight.hard_rule_violations == 0
    assert tight.stats["candidate_pairs"] < full.stats["candidate_pairs"]
    assert tight.objective <= full.objective + 1e-6
    everything = solve(experts, assignments, time_limit=20, k=10_000)
    # no pruning: every eligible pair is in the model (except for assignments nobody can fill)
    assert full.stats["candidate_pairs"] < everything.stats["candidate_pairs"] <= everything.stats[
        "eligible_pairs"]
    assert everything.objective >= full.objective - 1e-6
    for s in (tight, full, everything):
        assert s.bound >= s.objective - 1e-6
        assert s.gap == pytest.approx((s.bound - s.objective) / max(1.0, abs(s.bound)), abs=1e-9)


def test_pure_cpsat_without_lp_start_agrees(pool_data, full):
    experts, assignments = pool_data
    plain = solve(experts, assignments, time_limit=30, use_lp=False)
    assert plain.hard_rule_violations == 0
    assert plain.status == "OPTIMAL"
    assert plain.objective == pytest.approx(full.objective)


def test_tiny_time_limit_still_gives_a_valid_solution_with_a_gap(pool_data):
    experts, assignments = pool_data
    quick = solve(experts, assignments, time_limit=0.01, use_lp=False)
    assert quick.hard_rule_violations == 0
    assert quick.status in ("OPTIMAL", "FEASIBLE")
    assert quick.gap is None or 0 <= quick.gap < 1


def test_greedy_baseline_is_valid_and_no_better(pool_data, full):
    experts, assignments = pool_data
    base = greedy(experts, assignments)
    assert base.hard_rule_violations == 0 and check_solution(experts, assignments, base) == []
    assert base.objective == pytest.approx(evaluate(experts, assignments, base.teams()))
    # the optimiser may prune candidates the greedy uses, but on this pool it does better
    assert full.objective >= base.objective


def test_check_solution_catches_broken_solutions(pool_data, full):
    experts, assignments = pool_data
    pool = Pool(experts, MatchConfig())
    by_id = {a.id: a for a in assignments}
    ordered = sorted(assignments, key=lambda a: a.id)
    ev = pool.evaluate(ordered)
    col = {a.id: j for j, a in enumerate(ordered)}
    p = full.proposals[0]
    a = by_id[p.assignment_id]

    def broken(*proposals, unfillable=()):
        return Solution(list(proposals), list(unfillable), 0.0, 0.0, 0.0, "TEST", 0.0, 0)

    def someone_failing(rule):
        rows = np.flatnonzero(~ev.masks[rule][:, col[a.id]] & ev.eligible_except(rule)[:, col[a.id]])
        return pool.ids[rows[0]] if len(rows) else None

    cases = {
        "team of one": broken(replace(p, expert_ids=p.expert_ids[:1])),
        "same person twice": broken(replace(p, expert_ids=(p.expert_ids[0],) * a.team_size)),
        "twice in the solution": broken(p, p),
        "unknown expert": broken(replace(p, expert_ids=("nobody",) + p.expert_ids[1:])),
        "also unfillable": broken(p, unfillable=[Unfillable(p.assignment_id, ["x"], [])]),
    }
    for rule in ("distance", "period", "pay", "domain"):
        other = someone_failing(rule)
        if other is not None:
            cases[rule] = broken(replace(p, expert_ids=(other,) + p.expert_ids[1:]))
    excluded = replace(experts[0], excluded_assignments={a.id})
    assert len(cases) >= 7
    for name, solution in cases.items():
        assert check_solution(experts, assignments, solution), name
    assert check_solution([excluded, *experts[1:]], assignments,
                          broken(replace(p, expert_ids=(excluded.id,) + tuple(
                              e for e in p.expert_ids if e != excluded.id)[: a.team_size - 1])))
    # overload: give one expert every assignment of the solution
    busiest = p.expert_ids[0]
    overload = broken(*[replace(q, expert_ids=(busiest,) + tuple(e for e in q.expert_ids
                                                                  if e != busiest)[: len(q.expert_ids) - 1])
                        for q in full.proposals])
    assert any("uur per week" in m for m in check_solution(experts, assignments, overload))


def test_benchmark_prints_one_json_line():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "matching.py"), "--experts", "300",
         "--assignments", "60", "--seed", "2", "--time-limit", "10"],
        capture_output=True, text=True, timeout=300, cwd=ROOT, check=True)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    data = json.loads(lines[0])
    for key in ("seconds", "objective", "greedy_objective", "gap", "hard_rule_violations", "filled",
                "greedy_filled", "gini", "greedy_gini", "experts_zero", "greedy_experts_zero",
                "max_per_expert", "greedy_max_per_expert"):
        assert key in data, key
    assert data["hard_rule_violations"] == 0 and data["greedy_hard_rule_violations"] == 0
    assert data["objective"] >= data["greedy_objective"]


def test_empty_inputs():
    from .factories import assignment, expert

    for experts, assignments in (([], []), ([], [assignment("a")]), ([expert("e1"), expert("e2")], [])):
        for solution in (solve(experts, assignments), greedy(experts, assignments)):
            assert solution.proposals == [] and solution.hard_rule_violations == 0
            assert [u.assignment_id for u in solution.unfillable] == [a.id for a in assignments]
