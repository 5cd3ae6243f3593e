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
from datetime import date, timedelta
from typing import Mapping, Sequence

import numpy as np

from . import labels as L
from .geo import place_name
from .model import Assignment, Fix, Part, Unfillable
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


def _funnel_part(rule: str, count: int, a: Assignment, need: int, passed: list[str]) -> Part:
    """Where the funnel stops: the rule, how many are left, and what the sentence needs."""
    values: dict = {"rule": rule, "count": count, "need": need,
                    # ' met ervaring met NAH' once the domain rule has been applied
                    "with_domains": sorted(a.domains) if "domain" in passed and a.domains else []}
    if rule == "domain":
        values["domains"] = sorted(a.domains)
    elif rule == "language":
        values["languages"] = sorted(a.languages)
    elif rule == "pay":
        values["paid"] = a.paid
    elif rule == "distance":
        values["place"] = place_name(a.location)
    elif rule == "period":
        values["start"], values["end"] = a.start.isoformat(), a.end.isoformat()
    elif rule in ("hours", "busy"):
        values["hours"] = float(a.hours_per_week)
    return Part("funnel", values)


def dutch(part: Part) -> str:
    """The library's Dutch wording of a reason or a suggestion."""
    v = part.values
    if part.code == "no_team_in_time":
        return (f"er zijn genoeg geschikte ervaringsdeskundigen ({v['count']}), maar binnen de "
                f"rekentijd en de voorselectie kwam er geen team rond")
    if part.code == "without_rule":
        return f"zonder de regel '{_rule_word(v['rule'])}' zouden er {v['count']} zijn"
    if part.code == "funnel":
        return _funnel_dutch(v)
    if part.code == "both":
        return f"{dutch(Part.from_json(v['first']))} én {dutch(Part.from_json(v['second']))}"
    if part.code == "hours":
        return f"verlaag het aantal uren naar {L.number(v['hours'])} per week"
    if part.code == "period":
        return (f"verschuif de periode naar {L.date_nl(date.fromisoformat(v['start']))} t/m "
                f"{L.date_nl(date.fromisoformat(v['end']))}")
    if part.code == "domain":
        return f"verbreed de vraag: ervaring met {L.domain(v['domain'])} telt ook mee"
    if part.code == "team_size":
        return f"verklein het team naar {v['size']} ervaringsdeskundigen"
    if part.code == "area":
        return (f"zoek in een groter gebied: binnen {v['km']} km van {v['place']} zijn er "
                f"{v['count']} die verder aan alles voldoen; vraag of zij zo ver willen reizen")
    return {"go_online": "zet de opdracht online", "volunteer": "maak er een vrijwilligersopdracht van",
            "paid": "bied een vergoeding (maak er een betaalde opdracht van)",
            "dutch": "laat de opdracht in het Nederlands doen",
            "solver": "draai de matching opnieuw met meer rekentijd of een grotere voorselectie (k)",
            }[part.code]


def _funnel_dutch(v: dict) -> str:
    rule, count, need = v["rule"], v["count"], v["need"]
    lead = (" met ervaring met " + L.join([L.domain(d) for d in v["with_domains"]], "of")
            if v["with_domains"] else "")
    who = "niemand" if count == 0 else f"maar {L.people(count)}"
    if rule == "domain":
        what = L.join([L.domain(d) for d in v["domains"]], "of")
        if count == 0:
            return f"niemand in de pool heeft ervaring met {what} (nodig: {need})"
        return f"maar {L.people(count)} {_has(count, 'heeft', 'hebben')} ervaring met {what} (nodig: {need})"
    if rule == "language":
        langs = L.join([L.language(x) for x in v["languages"]], "of")
        return f"{who}{lead} {_has(count, 'spreekt', 'spreken')} {langs} (nodig: {need})"
    if rule == "pay":
        kind = "betaald werk" if v["paid"] else "vrijwilligerswerk"
        return f"{who}{lead} {_has(count, 'wil', 'willen')} dit als {kind} doen (nodig: {need})"
    if rule == "distance":
        return (f"{who}{lead} {_has(count, 'woont', 'wonen')} binnen de eigen reisafstand van "
                f"{v['place']} (nodig: {need})")
    if rule == "excluded":
        # who asked not to work here is their own business (also towards the municipality
        # that reads this): no count, no reason
        return f"te weinig ervaringsdeskundigen{lead} zijn beschikbaar voor deze opdracht (nodig: {need})"
    if rule == "period":
        period = (f"{L.date_nl(date.fromisoformat(v['start']))} t/m "
                  f"{L.date_nl(date.fromisoformat(v['end']))}")
        if count == 0:
            return f"niemand{lead} is vrij in deze periode ({period})"
        return f"{who}{lead} {_has(count, 'is', 'zijn')} vrij in deze periode ({period}; nodig: {need})"
    if rule == "hours":
        return (f"te weinig uren vrij: {who}{lead} {_has(count, 'heeft', 'hebben')} "
                f"{L.number(v['hours'])} uur per week over (nodig: {need})")
    if rule == "busy":
        return (f"te weinig uren vrij: de geschikte ervaringsdeskundigen zijn in deze periode al "
                f"voorgesteld voor andere opdrachten; {who.replace('maar ', '')} "
                f"{_has(count, 'heeft', 'hebben')} nog {L.number(v['hours'])} uur per week over "
                f"(nodig: {need})")
    raise ValueError(rule)


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


def diagnose(pool: Pool, a: Assignment, schedules: Schedules, *,
             need: int | None = None) -> Unfillable:
    """Reasons (from the data) and checked suggestions for one assignment without a team.
    ``need``: the places open in running work that lost experts (``replace.replacements``).
    What the team agreed to stays as it is then, so the only suggestion is on the experts'
    side (a larger area)."""
    replacing = need is not None
    need = a.team_size if need is None else need
    masks = _masks(pool, a, schedules)
    n_ok = int(_all_except(masks).sum())
    if n_ok >= need:
        fix = Part("solver")
        return _unfillable(a, [Part("no_team_in_time", {"count": n_ok})],
                           [Fix(rule="solver", text=dutch(fix), part=fix)])

    # the funnel: apply the rules one after the other and stop where too few are left
    reasons: list[Part] = []
    cumulative = np.ones(len(pool), dtype=bool)
    passed: list[str] = []
    stop = None
    for rule in _active_rules(pool, a):
        nxt = cumulative & masks[rule]
        if int(nxt.sum()) < need:
            reasons.append(_funnel_part(rule, int(nxt.sum()), a, need, passed))
            stop = rule
            break
        cumulative = nxt
        passed.append(rule)
    # other rules that, on their own, shut out people who pass everything else
    for rule in _active_rules(pool, a):
        n_without = int(_all_except(masks, rule).sum())
        if rule not in (stop, "excluded") and n_without >= need:
            reasons.append(Part("without_rule", {"rule": rule, "count": n_without}))
    if replacing:
        area = _area(pool, a, masks, need)
        return _unfillable(a, reasons, [area] if area else [])
    return _unfillable(a, reasons, _fixes(pool, a, schedules, masks))


def _unfillable(a: Assignment, reasons: list[Part], fixes: list[Fix]) -> Unfillable:
    return Unfillable(a.id, [dutch(p) for p in reasons], [f.text for f in fixes], tuple(fixes),
                      tuple(reasons))


def _rule_word(rule: str) -> str:
    return {"domain": "leefgebied", "language": "taal", "pay": "betaald of vrijwillig",
            "distance": "reisafstand", "excluded": "uitsluiting", "period": "beschikbaarheid",
            "hours": "uren", "busy": "al ingezet"}[rule]


Change = tuple[str, Part, dict]  # (rule, what to do, changes to the assignment)


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
            out.append(("hours", Part("hours", {"hours": hours}), {"hours_per_week": hours}))
    if a.location is not None:
        out.append(("distance", Part("go_online"), {"location": None}))
    if a.paid:
        out.append(("pay", Part("volunteer"), {"paid": False}))
    else:
        out.append(("pay", Part("paid"), {"paid": True}))
    if a.languages != frozenset({"nl"}):
        out.append(("language", Part("dutch"),
                    {"languages": frozenset({"nl"})}))
    for weeks in shifts:
        delta = timedelta(weeks=weeks)
        start, end = a.start + delta, a.end + delta
        out.append(("period", Part("period", {"start": start.isoformat(), "end": end.isoformat()}),
                    {"start": start, "end": end}))
    if pool.config.require_domain and a.domains:
        counts: dict[str, int] = {}
        for row in np.flatnonzero(_all_except(masks, "domain")):
            for d in pool.experts[row].domains - a.domains:
                counts[d] = counts.get(d, 0) + 1
        for d, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]:
            out.append(("domain", Part("domain", {"domain": d}),
                        {"domains": a.domains | {d}}))
    for size in range(a.team_size - 1, 1, -1):
        out.append(("team_size", Part("team_size", {"size": size}),
                    {"team_size": size}))
    return out


def _area(pool: Pool, a: Assignment, masks: dict[str, np.ndarray], need: int) -> Fix | None:
    """A larger area: on the experts' side, so nothing changes in the assignment itself."""
    if a.location is None:
        return None
    rows = np.flatnonzero(_all_except(masks, "distance"))
    if len(rows) < need:
        return None
    km = np.sort(pool.evaluate([a]).dist[rows, 0])
    radius = km[need - 1]
    if not np.isfinite(radius):
        return None
    part = Part("area", {"km": int(math.ceil(radius)), "place": place_name(a.location),
                         "count": len(rows)})
    return Fix(rule="area", text=dutch(part), changes={}, part=part)


def _fixes(pool: Pool, a: Assignment, schedules: Schedules, masks: dict[str, np.ndarray]) -> list[Fix]:
    need = a.team_size
    singles = _changes(pool, a, schedules, masks)
    variants = [replace(a, **c[2]) for c in singles]
    fixes: list[Fix] = []
    seen: set[str] = set()
    for (rule, part, change), n, variant in zip(singles, count_fit(pool, variants, schedules), variants):
        # one per rule: the first working shift, the largest working team, the best domain
        if n >= variant.team_size and rule not in seen:
            seen.add(rule)
            fixes.append(Fix(rule=rule, text=dutch(part), changes=change, part=part))

    area = _area(pool, a, masks, need)
    if area:
        fixes.append(area)
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
            part = Part("both", {"first": first[1].as_json(), "second": second[1].as_json()})
            return [Fix(rule=f"{first[0]}+{second[0]}", text=dutch(part),
                        changes={**first[2], **second[2]}, part=part)]
    return []
