"""Why an assignment could not be filled, and what would make it fillable.

Reasons come from a funnel over the hard rules (how many experts are left after
each rule). Suggestions come from changing one thing at a time (put it online,
fewer hours, another period, paid instead of volunteer, ...) and counting again
against the same data, including the hours already taken by the other proposals
of the solution. Only changes that leave at least ``team_size`` experts who pass
every rule are suggested; if no single change is enough, pairs are tried.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import timedelta
from typing import Mapping, Sequence

import numpy as np

from . import labels as L
from .geo import place_name
from .model import Assignment, Fix, Unfillable
from .pool import EPS, RULES, Pool, peak_load

Schedules = Mapping[int, Sequence[tuple[int, int, float]]]  # expert row -> (start, end, hours)

MAX_SHIFT_WEEKS = 26


def residual_ok(pool: Pool, assignment: Assignment, schedules: Schedules,
                rows: np.ndarray) -> np.ndarray:
    """For the given expert rows: is there room for this assignment next to their other proposals?"""
    s, e, h = assignment.start.toordinal(), assignment.end.toordinal(), assignment.hours_per_week
    out = np.ones(len(rows), dtype=bool)
    for k, row in enumerate(rows):
        periods = [p[:3] for p in schedules.get(int(row), ()) if p[3:4] != (assignment.id,)]
        periods += pool.commitments[int(row)]
        if periods:
            out[k] = pool.cap[row] - peak_load(periods, s, e) + EPS >= h
    return out


def _residual_free(pool: Pool, assignment: Assignment, schedules: Schedules, row: int) -> float:
    periods = [p[:3] for p in schedules.get(int(row), ()) if p[3:4] != (assignment.id,)]
    used = peak_load(periods + pool.commitments[int(row)], assignment.start.toordinal(),
                     assignment.end.toordinal())
    return float(pool.cap[row] - used)


def count_fit(pool: Pool, assignments: Sequence[Assignment], schedules: Schedules) -> list[int]:
    """Per assignment: how many experts pass every rule, with room next to their other work."""
    if not assignments:
        return []
    ev = pool.evaluate(assignments)
    elig = ev.eligible
    counts = []
    for j, a in enumerate(assignments):
        rows = np.flatnonzero(elig[:, j])
        counts.append(int(residual_ok(pool, a, schedules, rows).sum()) if len(rows) else 0)
    return counts


def _has(n: int, singular: str, plural: str) -> str:
    return singular if n <= 1 else plural  # "niemand woont", "1 ... woont", "2 ... wonen"


def _funnel_reason(rule: str, count: int, a: Assignment, need: int, lead: str) -> str:
    who = "niemand" if count == 0 else f"maar {L.people(count)}"
    if rule == "domain":
        what = L.join([L.domain(d) for d in sorted(a.domains)], "of")
        if count == 0:
            return f"niemand in de pool heeft ervaring met {what} (nodig: {need})"
        return f"maar {L.people(count)} {_has(count, 'heeft', 'hebben')} ervaring met {what} (nodig: {need})"
    if rule == "language":
        langs = L.join([L.language(x) for x in sorted(a.languages)], "of")
        return f"{who}{lead} {_has(count, 'spreekt', 'spreken')} {langs} (nodig: {need})"
    if rule == "pay":
        kind = "betaald werk" if a.paid else "vrijwilligerswerk"
        return f"{who}{lead} {_has(count, 'wil', 'willen')} dit als {kind} doen (nodig: {need})"
    if rule == "distance":
        return (f"{who}{lead} {_has(count, 'woont', 'wonen')} binnen de eigen reisafstand van "
                f"{place_name(a.location)} (nodig: {need})")
    if rule == "excluded":
        # who asked not to work here is their own business (also towards the municipality
        # that reads this): no count, no reason
        return f"te weinig ervaringsdeskundigen{lead} zijn beschikbaar voor deze opdracht (nodig: {need})"
    if rule == "period":
        period = f"{L.date_nl(a.start)} t/m {L.date_nl(a.end)}"
        if count == 0:
            return f"niemand{lead} is vrij in deze periode ({period})"
        return f"{who}{lead} {_has(count, 'is', 'zijn')} vrij in deze periode ({period}; nodig: {need})"
    if rule == "hours":
        return (f"te weinig uren vrij: {who}{lead} {_has(count, 'heeft', 'hebben')} "
                f"{L.number(a.hours_per_week)} uur per week over (nodig: {need})")
    if rule == "busy":
        return (f"te weinig uren vrij: de geschikte ervaringsdeskundigen zijn in deze periode al "
                f"voorgesteld voor andere opdrachten; {who.replace('maar ', '')} "
                f"{_has(count, 'heeft', 'hebben')} nog {L.number(a.hours_per_week)} uur per week over "
                f"(nodig: {need})")
    raise ValueError(rule)


def _lead(a: Assignment, rules_passed: list[str]) -> str:
    """' met ervaring met NAH' once the domain rule has been applied."""
    if "domain" in rules_passed and a.domains:
        return " met ervaring met " + L.join([L.domain(d) for d in sorted(a.domains)], "of")
    return ""


def _masks(pool: Pool, a: Assignment, schedules: Schedules) -> dict[str, np.ndarray]:
    """Per rule (plus 'busy': room next to the other proposals) a mask over all experts."""
    ev = pool.evaluate([a])
    masks = {rule: ev.masks[rule][:, 0] for rule in RULES}
    # only worth computing for those who pass every other rule
    candidates = np.flatnonzero(_all_except(masks, "hours"))
    busy = np.ones(len(pool), dtype=bool)
    busy[candidates] = residual_ok(pool, a, schedules, candidates)
    masks["busy"] = busy
    return masks


def _all_except(masks: dict[str, np.ndarray], *skip: str) -> np.ndarray:
    out = np.ones(len(next(iter(masks.values()))), dtype=bool)
    for name, m in masks.items():
        if name not in skip:
            out &= m
    return out


def _active_rules(pool: Pool, a: Assignment) -> list[str]:
    rules = []
    for rule in (*RULES, "busy"):
        if rule == "domain" and not (pool.config.require_domain and a.domains):
            continue
        if rule == "language" and not pool.config.require_language:
            continue
        rules.append(rule)
    return rules


def diagnose(pool: Pool, a: Assignment, schedules: Schedules) -> Unfillable:
    """Reasons (from the data) and checked suggestions for one assignment without a team."""
    need = a.team_size
    masks = _masks(pool, a, schedules)
    n_ok = int(_all_except(masks).sum())
    if n_ok >= need:
        reasons = [f"er zijn genoeg geschikte ervaringsdeskundigen ({n_ok}), maar binnen de rekentijd "
                   f"en de voorselectie kwam er geen team rond"]
        fixes = (Fix(rule="solver", text="draai de matching opnieuw met meer rekentijd of een grotere "
                                         "voorselectie (k)"),)
        return Unfillable(a.id, reasons, [f.text for f in fixes], fixes)

    # the funnel: apply the rules one after the other and stop where too few are left
    reasons: list[str] = []
    cumulative = np.ones(len(pool), dtype=bool)
    passed: list[str] = []
    stop = None
    for rule in _active_rules(pool, a):
        nxt = cumulative & masks[rule]
        if int(nxt.sum()) < need:
            reasons.append(_funnel_reason(rule, int(nxt.sum()), a, need, _lead(a, passed)))
            stop = rule
            break
        cumulative = nxt
        passed.append(rule)
    # other rules that, on their own, shut out people who pass everything else
    for rule in _active_rules(pool, a):
        n_without = int(_all_except(masks, rule).sum())
        if rule not in (stop, "excluded") and n_without >= need:
            reasons.append(f"zonder de regel '{_rule_word(rule)}' zouden er {n_without} zijn")

    fixes = _fixes(pool, a, schedules, masks)
    return Unfillable(a.id, reasons, [f.text for f in fixes], tuple(fixes))


def _rule_word(rule: str) -> str:
    return {"domain": "leefgebied", "language": "taal", "pay": "betaald of vrijwillig",
            "distance": "reisafstand", "excluded": "uitsluiting", "period": "beschikbaarheid",
            "hours": "uren", "busy": "al ingezet"}[rule]


Change = tuple[str, str, dict]  # (rule, Dutch text, changes to the assignment)


def _changes(pool: Pool, a: Assignment, schedules: Schedules, masks: dict[str, np.ndarray],
             shifts: Sequence[int] = tuple(range(1, MAX_SHIFT_WEEKS + 1))) -> list[Change]:
    """Single changes to the assignment worth trying, most useful first."""
    out: list[Change] = []
    need = a.team_size
    # fewer hours: the need-th largest free capacity among those who pass every other rule
    rows = np.flatnonzero(_all_except(masks, "hours", "busy"))
    if len(rows) >= need:
        free = sorted((_residual_free(pool, a, schedules, r) for r in rows), reverse=True)
        hours = math.floor(free[need - 1] * 2 + EPS) / 2  # whole halves of an hour
        if 0.5 <= hours < a.hours_per_week:
            out.append(("hours", f"verlaag het aantal uren naar {L.number(hours)} per week",
                        {"hours_per_week": hours}))
    if a.location is not None:
        out.append(("distance", "zet de opdracht online", {"location": None}))
    if a.paid:
        out.append(("pay", "maak er een vrijwilligersopdracht van", {"paid": False}))
    else:
        out.append(("pay", "bied een vergoeding (maak er een betaalde opdracht van)", {"paid": True}))
    if a.languages != frozenset({"nl"}):
        out.append(("language", "laat de opdracht in het Nederlands doen",
                    {"languages": frozenset({"nl"})}))
    for weeks in shifts:
        delta = timedelta(weeks=weeks)
        start, end = a.start + delta, a.end + delta
        out.append(("period", f"verschuif de periode naar {L.date_nl(start)} t/m {L.date_nl(end)}",
                    {"start": start, "end": end}))
    if pool.config.require_domain and a.domains:
        counts: dict[str, int] = {}
        for row in np.flatnonzero(_all_except(masks, "domain")):
            for d in pool.experts[row].domains - a.domains:
                counts[d] = counts.get(d, 0) + 1
        for d, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]:
            out.append(("domain", f"verbreed de vraag: ervaring met {L.domain(d)} telt ook mee",
                        {"domains": a.domains | {d}}))
    for size in range(a.team_size - 1, 1, -1):
        out.append(("team_size", f"verklein het team naar {size} ervaringsdeskundigen",
                    {"team_size": size}))
    return out


def _fixes(pool: Pool, a: Assignment, schedules: Schedules, masks: dict[str, np.ndarray]) -> list[Fix]:
    need = a.team_size
    singles = _changes(pool, a, schedules, masks)
    variants = [replace(a, **c[2]) for c in singles]
    fixes: list[Fix] = []
    seen: set[str] = set()
    for (rule, text, change), n, variant in zip(singles, count_fit(pool, variants, schedules), variants):
        # one per rule: the first working shift, the largest working team, the best domain
        if n >= variant.team_size and rule not in seen:
            seen.add(rule)
            fixes.append(Fix(rule=rule, text=text, changes=change))

    # a larger area: on the experts' side, so nothing changes in the assignment itself
    if a.location is not None:
        rows = np.flatnonzero(_all_except(masks, "distance"))
        if len(rows) >= need:
            km = np.sort(pool.evaluate([a]).dist[rows, 0])
            radius = km[need - 1]
            if np.isfinite(radius):
                fixes.append(Fix(rule="area", text=(
                    f"zoek in een groter gebied: binnen {int(math.ceil(radius))} km van "
                    f"{place_name(a.location)} zijn er {len(rows)} die verder aan alles voldoen; "
                    f"vraag of zij zo ver willen reizen"), changes={}))
    if fixes:
        return fixes

    # nothing works alone: two changes together, the second computed on the changed assignment
    firsts: list[Change] = []
    for change in _changes(pool, a, schedules, masks, shifts=(1, 2, 4, 8, 13, 26)):
        if change[0] not in {c[0] for c in firsts} or change[0] == "period":
            firsts.append(change)
    pairs: list[tuple[Change, Change, Assignment]] = []
    for first in firsts:
        a1 = replace(a, **first[2])
        for second in _changes(pool, a1, schedules, _masks(pool, a1, schedules),
                               shifts=(1, 2, 4, 8, 13, 26)):
            if second[0] != first[0]:
                pairs.append((first, second, replace(a1, **second[2])))
    counts = count_fit(pool, [p[2] for p in pairs], schedules)
    for (first, second, variant), n in zip(pairs, counts):
        if n >= variant.team_size:
            return [Fix(rule=f"{first[0]}+{second[0]}", text=f"{first[1]} én {second[1]}",
                        changes={**first[2], **second[2]})]
    return []
