"""Propose teams for all open assignments at once (CP-SAT), and a first-come-first-served baseline.

Model (after hard-rule filtering and pruning to the best candidates):

* ``x[e, a]`` = expert e is in the team of assignment a; ``y[a]`` = a is filled.
* ``sum_e x[e, a] == team_size(a) * y[a]``: a full team or nobody, never one person.
* hours: for every expert and every day on which one of his candidate assignments or dated
  commitments starts, ``hours_committed + commitments running that day + sum(hours of candidate
  assignments running that day) <= hours_per_week`` (the load of overlapping periods peaks on
  such a start day).
* maximise ``sum reward(a) * y[a] + sum fit(e, a) * x[e, a] - fairness``, where
  fairness charges the n-th assignment of one expert ``fairness * (n - 1)``:
  a convex penalty, so work is spread before anyone gets a second, third, ... one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from .check import check_solution
from .diagnose import diagnose
from .explain import dutch, explain_parts
from .model import Assignment, Expert, Proposal, Solution
from .pool import HOURS_SCALE, SCALE, Evaluation, MatchConfig, Pool, fit_units, peak_load


def _sorted_assignments(assignments: Sequence[Assignment]) -> list[Assignment]:
    out = sorted(assignments, key=lambda a: a.id)
    ids = [a.id for a in out]
    if len(set(ids)) != len(ids):
        raise ValueError("assignment ids must be unique")
    return out


def by_fit(ev: Evaluation, col: int, rows: np.ndarray) -> list[int]:
    """Rows ordered by fit (best first), ties by expert id (row order is id order)."""
    if len(rows) == 0:
        return []
    fits = ev.fit[rows, col]
    order = np.lexsort((rows, -fits))
    return [int(r) for r in rows[order]]


def candidates(ev: Evaluation, config: MatchConfig) -> list[list[int]]:
    """Hard-rule filtering, then the best ``k`` per assignment plus each expert's best ``per_expert``."""
    elig = ev.eligible
    n = elig.shape[1]
    keep = [set() for _ in range(n)]
    for j in range(n):
        ranked = by_fit(ev, j, np.flatnonzero(elig[:, j]))
        keep[j].update(ranked[:max(config.k, ev.assignments[j].team_size)])
    if config.per_expert > 0:
        masked = np.where(elig, ev.fit, -np.inf)
        rows = np.flatnonzero(elig.any(axis=1))
        for r in rows:
            cols = np.flatnonzero(elig[r])
            order = np.lexsort((cols, -masked[r, cols]))
            for j in cols[order][:config.per_expert]:
                keep[int(j)].add(int(r))
    return [sorted(k, key=lambda r: (-float(ev.fit[r, j]), r)) for j, k in enumerate(keep)]


def _hours_units(hours: float) -> int:
    return int(np.ceil(hours * HOURS_SCALE - 1e-6))


def _cap_units(pool: Pool) -> np.ndarray:
    return np.floor(pool.cap * HOURS_SCALE + 1e-6).astype(np.int64)


def _commitment_units(pool: Pool, r: int) -> list[tuple[int, int, int]]:
    return [(s, e, _hours_units(h)) for s, e, h in pool.commitments[r]]


def _greedy_teams(pool: Pool, ev: Evaluation, order: Sequence[int],
                  ranked: Sequence[Sequence[int]]) -> dict[int, list[int]]:
    """First come, first served: each assignment in turn takes its best candidates that still fit."""
    cap = _cap_units(pool)
    schedules: dict[int, list[tuple[int, int, int]]] = {}
    teams: dict[int, list[int]] = {}
    for j in order:
        a = ev.assignments[j]
        s, e, h = a.start.toordinal(), a.end.toordinal(), _hours_units(a.hours_per_week)
        team: list[int] = []
        for r in ranked[j]:
            if r not in schedules:
                schedules[r] = _commitment_units(pool, r)
            if cap[r] - peak_load(schedules[r], s, e) >= h:
                team.append(r)
                if len(team) == a.team_size:
                    break
        if len(team) == a.team_size:
            teams[j] = team
            for r in team:
                schedules.setdefault(r, []).append((s, e, h))
    return teams


def objective_units(pool: Pool, ev: Evaluation, teams: dict[int, list[int]]) -> int:
    """The objective of a set of teams in solver units (points * SCALE)."""
    cfg = pool.config
    total = 0
    load: dict[int, int] = {}
    for j, team in teams.items():
        total += fit_units(cfg.fill_reward(ev.assignments[j].team_size))
        for r in team:
            total += fit_units(ev.fit[r, j])
            load[r] = load.get(r, 0) + 1
    w = fit_units(cfg.fairness)
    for n in load.values():
        total -= w * (n - 1) * n // 2
    return total


def _capacity_sets(pool: Pool, ev: Evaluation, r: int, cols: list[int]) -> list[tuple[tuple[int, ...], int]]:
    """Groups of candidate assignments of one expert that run on the same day and do not all fit,
    each with the hours left that day next to the expert's dated commitments."""
    cap = int(_cap_units(pool)[r])
    committed = _commitment_units(pool, r)
    starts = {j: ev.assignments[j].start.toordinal() for j in cols}
    ends = {j: ev.assignments[j].end.toordinal() for j in cols}
    hours = {j: _hours_units(ev.assignments[j].hours_per_week) for j in cols}
    days = set(starts.values()) | {s for s, _e, _h in committed
                                   if any(starts[j] <= s <= ends[j] for j in cols)}
    groups: dict[tuple[int, ...], int] = {}
    for day in days:
        group = tuple(sorted(b for b in cols if starts[b] <= day <= ends[b]))
        left = cap - sum(h for s, e, h in committed if s <= day <= e)
        if group and (len(group) > 1 or committed) and sum(hours[b] for b in group) > left:
            groups[group] = min(left, groups.get(group, left))
    # a group is implied by a larger one that has no more hours left
    ordered = sorted(groups.items(), key=lambda item: (-len(item[0]), item[1], item[0]))
    kept: list[tuple[tuple[int, ...], int]] = []
    for g, left in ordered:
        sg = set(g)
        if not any(sg <= set(k) and k_left <= left for k, k_left in kept):
            kept.append((g, left))
    return sorted(kept)


@dataclass
class Formulation:
    """The pruned integer program, independent of the solver that reads it."""

    x_keys: list[tuple[int, int]] = field(default_factory=list)  # (expert row, assignment col)
    x_fit: list[int] = field(default_factory=list)
    y_cols: list[int] = field(default_factory=list)
    y_reward: list[int] = field(default_factory=list)
    teams: list[tuple[int, list[int], int]] = field(default_factory=list)  # (y index, x indices, size)
    capacity: list[tuple[list[int], list[int], int]] = field(default_factory=list)
    cardinality: list[tuple[list[int], int]] = field(default_factory=list)
    at_most_one: list[list[int]] = field(default_factory=list)
    fairness: list[tuple[int, list[int]]] = field(default_factory=list)  # (expert row, x indices)
    weight: int = 0  # the n-th assignment of one expert costs weight * (n - 1)


def formulate(pool: Pool, ev: Evaluation, cands: list[list[int]], config: MatchConfig) -> Formulation:
    f = Formulation(weight=fit_units(config.fairness))
    by_expert: dict[int, list[int]] = {}
    for j, rows in enumerate(cands):
        a = ev.assignments[j]
        if len(rows) < a.team_size:
            continue
        yi = len(f.y_cols)
        f.y_cols.append(j)
        f.y_reward.append(fit_units(config.fill_reward(a.team_size)))
        xs = []
        for r in rows:
            xs.append(len(f.x_keys))
            f.x_keys.append((r, j))
            f.x_fit.append(fit_units(ev.fit[r, j]))
            by_expert.setdefault(r, []).append(j)
        f.teams.append((yi, xs, a.team_size))
    x_index = {key: k for k, key in enumerate(f.x_keys)}
    for r in sorted(by_expert):
        cols = by_expert[r]
        if len(cols) < 2 and not pool.commitments[r]:
            continue
        for group, cap in _capacity_sets(pool, ev, r, cols):
            hours = [_hours_units(ev.assignments[j].hours_per_week) for j in group]
            xs = [x_index[r, j] for j in group]
            f.capacity.append((xs, hours, int(cap)))
            if config.cuts:
                # valid cuts: at most m of the group fit (the m smallest), and any two
                # that each need more than half the capacity exclude each other
                fits, used = 0, 0
                for h in sorted(hours):
                    if used + h > cap:
                        break
                    used += h
                    fits += 1
                if fits < len(group):
                    f.cardinality.append((xs, fits))
                big = [k for k, h in zip(xs, hours) if 2 * h > cap]
                if len(big) > 1 and fits > 1:
                    f.at_most_one.append(big)
        if f.weight > 0:
            f.fairness.append((r, [x_index[r, j] for j in cols]))
    return f


def lp_relaxation(f: Formulation):
    """Solve the linear relaxation with GLOP: (x values, y values, upper bound) or None."""
    from ortools.linear_solver import pywraplp

    lp = pywraplp.Solver.CreateSolver("GLOP")
    if lp is None or not f.x_keys:
        return None
    inf = lp.infinity()
    x = [lp.NumVar(0.0, 1.0, "") for _ in f.x_keys]
    y = [lp.NumVar(0.0, 1.0, "") for _ in f.y_cols]
    objective = lp.Objective()
    for k, c in enumerate(f.x_fit):
        objective.SetCoefficient(x[k], c)
    for k, c in enumerate(f.y_reward):
        objective.SetCoefficient(y[k], c)
    for yi, xs, size in f.teams:
        row = lp.Constraint(0.0, 0.0)
        row.SetCoefficient(y[yi], -size)
        for k in xs:
            row.SetCoefficient(x[k], 1.0)
            # x <= y: nobody is half in a team that is only partly filled (a much tighter LP)
            link = lp.Constraint(-inf, 0.0)
            link.SetCoefficient(x[k], 1.0)
            link.SetCoefficient(y[yi], -1.0)
    for xs, hours, cap in f.capacity:
        row = lp.Constraint(-inf, cap)
        for k, h in zip(xs, hours):
            row.SetCoefficient(x[k], h)
    for xs, m in f.cardinality:
        row = lp.Constraint(-inf, m)
        for k in xs:
            row.SetCoefficient(x[k], 1.0)
    for xs in f.at_most_one:
        row = lp.Constraint(-inf, 1.0)
        for k in xs:
            row.SetCoefficient(x[k], 1.0)
    for _, xs in f.fairness:
        row = lp.Constraint(-inf, 1.0)
        for k in xs:
            row.SetCoefficient(x[k], 1.0)
        for n in range(2, len(xs) + 1):
            u = lp.NumVar(0.0, 1.0, "")
            objective.SetCoefficient(u, -f.weight * (n - 1))
            row.SetCoefficient(u, -1.0)
    objective.SetMaximization()
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    xs = np.array([v.solution_value() for v in x])
    ys = np.array([v.solution_value() for v in y])
    return xs, ys, objective.Value()


def round_lp(pool: Pool, ev: Evaluation, f: Formulation, xs: np.ndarray, ys: np.ndarray,
             cands: list[list[int]]) -> dict[int, list[int]]:
    """Greedy rounding of the LP: assignments by LP value, experts by LP value then fit."""
    x_of = {key: xs[k] for k, key in enumerate(f.x_keys)}
    y_of = {j: ys[k] for k, j in enumerate(f.y_cols)}
    order = sorted(y_of, key=lambda j: (-round(y_of[j], 6), ev.assignments[j].id))
    ranked = {j: sorted(cands[j], key=lambda r: (-round(x_of[r, j], 6), -float(ev.fit[r, j]), r))
              for j in order}
    return _greedy_teams(pool, ev, order, ranked)


def _solve_cpsat(f: Formulation, config: MatchConfig, hint: dict[int, list[int]]):
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    x = [model.NewBoolVar(f"x{r}_{j}") for r, j in f.x_keys]
    y = [model.NewBoolVar(f"y{j}") for j in f.y_cols]
    objective = [c * v for c, v in zip(f.x_fit, x)] + [c * v for c, v in zip(f.y_reward, y)]
    for yi, xs, size in f.teams:
        model.Add(sum(x[k] for k in xs) == size * y[yi])
        for k in xs:
            model.AddImplication(x[k], y[yi])
    for xs, hours, cap in f.capacity:
        model.Add(sum(h * x[k] for k, h in zip(xs, hours)) <= cap)
    for xs, m in f.cardinality:
        model.Add(sum(x[k] for k in xs) <= m)
    for xs in f.at_most_one:
        model.AddAtMostOne(x[k] for k in xs)
    extras = []
    for r, xs in f.fairness:
        extra = [model.NewBoolVar(f"u{r}_{n}") for n in range(2, len(xs) + 1)]
        model.Add(sum(x[k] for k in xs) <= 1 + sum(extra))
        for n, u in enumerate(extra, start=2):
            objective.append(-f.weight * (n - 1) * u)
        for u1, u2 in zip(extra, extra[1:]):
            model.AddImplication(u2, u1)
        extras.append((xs, extra))
    model.Maximize(sum(objective))

    # a complete hint (always feasible): the rounded LP or the greedy teams
    chosen = {(r, j) for j, team in hint.items() for r in team}
    x_hint = [(r, j) in chosen for r, j in f.x_keys]
    for v, value in zip(x, x_hint):
        model.AddHint(v, value)
    for v, j in zip(y, f.y_cols):
        model.AddHint(v, j in hint)
    for xs, extra in extras:
        n_taken = sum(x_hint[k] for k in xs)
        for n, u in enumerate(extra, start=2):
            model.AddHint(u, n_taken >= n)

    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_time_in_seconds = float(config.time_limit)
    p.num_workers = max(1, int(config.workers))
    p.random_seed = int(config.seed)
    p.linearization_level = int(config.linearization_level)
    if config.deterministic_time is not None:
        p.max_deterministic_time = float(config.deterministic_time)
    for key, value in config.solver_params.items():
        setattr(p, key, value)
    status = solver.Solve(model)
    name = solver.StatusName(status)
    teams: dict[int, list[int]] = {}
    objective_value = bound = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        members: dict[int, list[int]] = {}
        for k, (r, j) in enumerate(f.x_keys):
            if solver.BooleanValue(x[k]):
                members.setdefault(j, []).append(r)
        for k, j in enumerate(f.y_cols):
            if solver.BooleanValue(y[k]):
                teams[j] = members.get(j, [])
        objective_value = solver.ObjectiveValue()
        bound = solver.BestObjectiveBound()
    stats = {"variables": len(x) + len(y) + sum(len(e) for _, e in extras), "x_variables": len(x),
             "capacity_constraints": len(f.capacity), "cuts": len(f.cardinality) + len(f.at_most_one),
             "branches": solver.NumBranches(), "conflicts": solver.NumConflicts(),
             "cpsat_seconds": round(solver.WallTime(), 3)}
    return name, teams, objective_value, bound, stats


def _finish(pool: Pool, ev: Evaluation, teams: dict[int, list[int]], *, status: str,
            objective: float | None, bound: float | None, started: float, config: MatchConfig,
            experts: Sequence[Expert], assignments: Sequence[Assignment], stats: dict) -> Solution:
    schedules: dict[int, list[tuple[int, int, float, str]]] = {}
    for j, team in teams.items():
        a = ev.assignments[j]
        for r in team:
            schedules.setdefault(r, []).append((a.start.toordinal(), a.end.toordinal(),
                                                a.hours_per_week, a.id))
    proposals = []
    for j in sorted(teams, key=lambda j: ev.assignments[j].id):
        a = ev.assignments[j]
        team = sorted(teams[j], key=lambda r: (-float(ev.fit[r, j]), pool.ids[r]))
        explanations, reasons = {}, {}
        for r in team:
            others = [p[:3] for p in schedules[r] if p[3] != a.id]
            parts = tuple(explain_parts(pool.experts[r], a, float(ev.dist[r, j]), others,
                                        len(schedules[r])))
            reasons[pool.ids[r]] = parts
            explanations[pool.ids[r]] = "; ".join(dutch(p) for p in parts)
        score = round(float(np.mean([ev.fit[r, j] for r in team])), 1)
        proposals.append(Proposal(a.id, tuple(pool.ids[r] for r in team), score, explanations, reasons))
    t_explain = time.perf_counter()
    unfillable = [diagnose(pool, ev.assignments[j], schedules)
                  for j in range(len(ev.assignments)) if j not in teams]
    unfillable.sort(key=lambda u: u.assignment_id)
    stats["diagnose_seconds"] = round(time.perf_counter() - t_explain, 3)
    if bound is None or objective is None:
        gap = None
    elif status == "OPTIMAL":
        gap = 0.0
    else:
        gap = max(0.0, (bound - objective) / max(1.0, abs(bound)))
    seconds = time.perf_counter() - started
    solution = Solution(proposals=proposals, unfillable=unfillable, objective=objective, bound=bound,
                        gap=gap, status=status, seconds=seconds, hard_rule_violations=0, stats=stats)
    violations = check_solution(experts, assignments, solution, config)
    stats["violations"] = violations[:20]
    return Solution(proposals=proposals, unfillable=unfillable, objective=objective, bound=bound,
                    gap=gap, status=status, seconds=time.perf_counter() - started,
                    hard_rule_violations=len(violations), stats=stats)


def solve(experts: Sequence[Expert], assignments: Sequence[Assignment],
          config: MatchConfig | None = None, **overrides) -> Solution:
    """Propose a team for every open assignment at once; explain the ones that cannot be filled.

    ``overrides`` are MatchConfig fields, e.g. ``solve(experts, assignments, time_limit=5)``.
    """
    started = time.perf_counter()
    config = config or MatchConfig()
    if overrides:
        from dataclasses import replace
        config = replace(config, **overrides)
    pool = Pool(experts, config)
    ordered = _sorted_assignments(assignments)
    ev = pool.evaluate(ordered)
    cands = candidates(ev, config)
    form = formulate(pool, ev, cands, config)
    t_build = time.perf_counter()

    # 1. linear relaxation (GLOP): an upper bound, and rounded, a very good first solution
    lp = lp_relaxation(form) if config.use_lp else None
    lp_bound = None
    if lp is not None:
        xs, ys, lp_value = lp
        lp_bound = int(np.floor(lp_value + 1e-6))
        hint = round_lp(pool, ev, form, xs, ys, cands)
    else:
        hint = _greedy_teams(pool, ev, range(len(ordered)), cands)
    hint_value = objective_units(pool, ev, hint)
    t_lp = time.perf_counter()

    # 2. CP-SAT from that start, unless the rounded LP already meets the LP bound
    solver_stats: dict = {}
    if lp_bound is not None and hint_value >= lp_bound:
        status, teams, value, bound = "OPTIMAL", hint, hint_value, lp_bound
    else:
        status, teams, value, bound, solver_stats = _solve_cpsat(form, config, hint)
        if value is None:
            # nothing back within the time limit: the start solution is feasible
            status, teams, value, bound = "FEASIBLE", hint, hint_value, lp_bound
        else:
            value = int(round(value))
            bound = int(np.floor(bound + 1e-6))
            if lp_bound is not None:
                bound = min(bound, lp_bound)
            if config.deterministic and value <= hint_value:
                # CP-SAT found nothing better: keep the start, which does not depend on threads
                teams, value = hint, hint_value
            if value >= bound:
                status = "OPTIMAL"
    t_solve = time.perf_counter()
    elig = ev.eligible
    stats = {
        "experts": len(pool), "assignments": len(ordered),
        "eligible_pairs": int(elig.sum()), "candidate_pairs": len(form.x_keys),
        "structurally_unfillable": int(sum(1 for j, a in enumerate(ordered)
                                           if elig[:, j].sum() < a.team_size)),
        "build_seconds": round(t_build - started, 3), "lp_seconds": round(t_lp - t_build, 3),
        "solve_seconds": round(t_solve - t_lp, 3),
        "lp_bound": None if lp_bound is None else lp_bound / SCALE,
        "start_objective": hint_value / SCALE,
        "objective_check": objective_units(pool, ev, teams) / SCALE,
        **solver_stats,
    }
    objective = value / SCALE
    bound_points = None if bound is None else bound / SCALE
    return _finish(pool, ev, teams, status=status, objective=objective, bound=bound_points,
                   started=started, config=config, experts=experts, assignments=assignments, stats=stats)


def greedy(experts: Sequence[Expert], assignments: Sequence[Assignment],
           config: MatchConfig | None = None) -> Solution:
    """Baseline: assignments in the given order, each taking its best available candidates.

    Same hard rules and fit as :func:`solve`, no pruning, no look-ahead, no fairness.
    """
    started = time.perf_counter()
    config = config or MatchConfig()
    pool = Pool(experts, config)
    _sorted_assignments(assignments)  # only to refuse duplicate ids
    ev = pool.evaluate(list(assignments))
    elig = ev.eligible
    ranked = [by_fit(ev, j, np.flatnonzero(elig[:, j])) for j in range(len(assignments))]
    teams = _greedy_teams(pool, ev, range(len(assignments)), ranked)
    objective = objective_units(pool, ev, teams) / SCALE
    stats = {"experts": len(pool), "assignments": len(assignments), "eligible_pairs": int(elig.sum())}
    return _finish(pool, ev, teams, status="GREEDY", objective=objective, bound=None, started=started,
                   config=config, experts=experts, assignments=assignments, stats=stats)


def evaluate(experts: Sequence[Expert], assignments: Sequence[Assignment],
             teams: dict[str, Sequence[str]], config: MatchConfig | None = None) -> float:
    """Objective (points) of any set of teams {assignment id: expert ids}, for comparisons."""
    config = config or MatchConfig()
    pool = Pool(experts, config)
    ordered = _sorted_assignments(assignments)
    ev = pool.evaluate(ordered)
    col = {a.id: j for j, a in enumerate(ordered)}
    return objective_units(pool, ev, {col[aid]: [pool.pos[e] for e in ids]
                                      for aid, ids in teams.items()}) / SCALE
