"""Independent check of every hard rule on a finished solution.

Written in plain Python on the original dataclasses, without the vectorised
masks the solver uses, so that a bug there cannot hide itself here.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from .geo import haversine_km
from .model import Assignment, Expert, Solution
from .pool import MatchConfig

EPS = 1e-6


def _overlap(a0, a1, b0, b1) -> bool:
    return a0 <= b1 and b0 <= a1


def _table(config: MatchConfig):
    if config.centroids is not None:
        return config.centroids
    from .geo import centroids
    return centroids()


def check_solution(experts: Sequence[Expert], assignments: Sequence[Assignment],
                   solution: Solution, config: MatchConfig | None = None) -> list[str]:
    """Return one message per broken rule; an empty list means every hard rule holds.

    Checked: team size (exactly ``team_size``, at least two, nobody twice), known ids,
    paid/volunteer, excluded assignments, distance within ``max_km`` unless online,
    blocked periods, hours capacity over overlapping assignments, and the two
    qualifications the config switches on (shared life domain, shared language).
    """
    config = config or MatchConfig()
    table = _table(config)
    experts_by_id = {e.id: e for e in experts}
    assignments_by_id = {a.id: a for a in assignments}
    problems: list[str] = []
    seen: set[str] = set()
    per_expert: dict[str, list[Assignment]] = {}

    for proposal in solution.proposals:
        aid = proposal.assignment_id
        a = assignments_by_id.get(aid)
        if a is None:
            problems.append(f"{aid}: onbekende opdracht")
            continue
        if aid in seen:
            problems.append(f"{aid}: opdracht staat meer dan eens in de oplossing")
        seen.add(aid)
        ids = list(proposal.expert_ids)
        if len(ids) != len(set(ids)):
            problems.append(f"{aid}: dezelfde ervaringsdeskundige staat dubbel in het team")
        if len(ids) < 2:
            problems.append(f"{aid}: team van {len(ids)}; minimaal twee ervaringsdeskundigen")
        if len(ids) != a.team_size:
            problems.append(f"{aid}: team van {len(ids)}, gevraagd {a.team_size}")
        for eid in dict.fromkeys(ids):
            e = experts_by_id.get(eid)
            if e is None:
                problems.append(f"{aid}: onbekende ervaringsdeskundige {eid}")
                continue
            per_expert.setdefault(eid, []).append(a)
            problems += _pair_problems(e, a, config, table)

    for u in solution.unfillable:
        if u.assignment_id in seen:
            problems.append(f"{u.assignment_id}: staat zowel ingevuld als niet in te vullen")

    for eid, taken in per_expert.items():
        problem = _hours_problem(experts_by_id[eid], taken)
        if problem:
            problems.append(problem)
    return problems


def _pair_problems(e: Expert, a: Assignment, config: MatchConfig, table) -> list[str]:
    """Every rule about one expert on one assignment, hours apart."""
    aid, eid = a.id, e.id
    problems = []
    if a.paid and not e.paid_ok:
        problems.append(f"{aid}/{eid}: betaalde opdracht, maar wil geen betaald werk")
    if not a.paid and not e.volunteer_ok:
        problems.append(f"{aid}/{eid}: vrijwilligersopdracht, maar wil geen vrijwilligerswerk")
    if aid in e.excluded_assignments:
        problems.append(f"{aid}/{eid}: heeft gevraagd hier nooit te worden ingezet")
    if a.location is not None:
        if e.home not in table or a.location not in table:
            problems.append(f"{aid}/{eid}: onbekende gemeente, afstand niet te bepalen")
        else:
            km = haversine_km(table[e.home], table[a.location])
            if km > e.max_km + EPS:
                problems.append(f"{aid}/{eid}: {km:.1f} km, meer dan {e.max_km:g} km")
    for b0, b1 in e.blocked:
        if _overlap(a.start, a.end, b0, b1):
            problems.append(f"{aid}/{eid}: niet beschikbaar van {b0} tot en met {b1}")
    if config.require_domain and a.domains and not (a.domains & e.domains):
        problems.append(f"{aid}/{eid}: geen ervaring in de gevraagde leefgebieden")
    if config.require_language and not (a.languages & e.languages):
        problems.append(f"{aid}/{eid}: spreekt geen van de talen van de opdracht")
    return problems


def _hours_problem(e: Expert, taken: Sequence[Assignment]) -> str | None:
    """Too many hours on some day, with the expert's dated commitments."""
    # the load is highest on the first day of one of the assignments or commitments
    days = sorted({a.start for a in taken} | {s for s, _e, _h in e.commitments
                                              if any(a.start <= s <= a.end for a in taken)})
    for day in days:
        load = (e.hours_committed + sum(h for s, end, h in e.commitments if s <= day <= end)
                + sum(b.hours_per_week for b in taken if b.start <= day <= b.end))
        if load > e.hours_per_week + EPS:
            return f"{e.id}: {load:g} uur per week op {day}, maar beschikbaar {e.hours_per_week:g}"
    return None


def check_places(experts: Sequence[Expert], assignment: Assignment, solution: Solution, *,
                 places: int, exclude: Iterable[str] = (),
                 config: MatchConfig | None = None) -> list[str]:
    """:func:`check_solution` for candidates who step into running work
    (``replace.replacements``): at most one proposal, for ``assignment``, of exactly ``places``
    experts, none of them in ``exclude`` (who is or was on this work), each passing every rule
    over the assignment's period (which starts the day they join). The team as a whole is
    ``team_size`` (at least two): the experts who stay and these."""
    config = config or MatchConfig()
    table = _table(config)
    experts_by_id = {e.id: e for e in experts}
    exclude = frozenset(str(e) for e in exclude)
    aid = assignment.id
    problems: list[str] = []
    if len(solution.proposals) > 1:
        problems.append(f"{aid}: meer dan één voorstel om in te vallen")
    for proposal in solution.proposals:
        if proposal.assignment_id != aid:
            problems.append(f"{proposal.assignment_id}: onbekende opdracht")
            continue
        ids = list(proposal.expert_ids)
        if len(ids) != len(set(ids)):
            problems.append(f"{aid}: dezelfde ervaringsdeskundige staat dubbel in het voorstel")
        if len(ids) != places:
            problems.append(f"{aid}: {len(ids)} voorgesteld, {places} plekken open")
        for eid in dict.fromkeys(ids):
            e = experts_by_id.get(eid)
            if e is None:
                problems.append(f"{aid}: onbekende ervaringsdeskundige {eid}")
                continue
            if eid in exclude:
                problems.append(f"{aid}/{eid}: zit al in het team of zat er eerder in")
            problems += _pair_problems(e, assignment, config, table)
            problem = _hours_problem(e, [assignment])
            if problem:
                problems.append(problem)
    return problems
