"""Plain-Dutch explanation of why an expert is proposed for an assignment."""

from __future__ import annotations

from typing import Sequence

from . import labels as L
from .model import Assignment, Expert
from .pool import peak_load


def free_hours(expert: Expert, assignment: Assignment,
               others: Sequence[tuple[int, int, float]]) -> float:
    """Hours per week still free in the assignment's period, before taking it on; ``others``:
    the expert's other assignments of this round (their dated commitments are added here)."""
    committed = [(s.toordinal(), e.toordinal(), h) for s, e, h in expert.commitments]
    used = peak_load([*others, *committed], assignment.start.toordinal(), assignment.end.toordinal())
    return max(0.0, expert.hours_per_week - expert.hours_committed - used)


def _experience(expert: Expert, assignment: Assignment) -> list[str]:
    """What the expert brings: their experience, role, work and level, nothing of their diary."""
    parts: list[str] = []
    shared = sorted(expert.domains & assignment.domains)
    if shared:
        parts.append("ervaring met " + L.join([L.domain(d) for d in shared]))
    elif assignment.domains:
        parts.append("geen eigen ervaring met " + L.join(
            [L.domain(d) for d in sorted(assignment.domains)], "of"))
    if assignment.role and assignment.role in expert.roles:
        parts.append(f"rol: {L.role(assignment.role)}")
    if assignment.activity in expert.activities:
        parts.append(f"heeft dit werk vaker gedaan ({L.activity(assignment.activity)})")
    if assignment.level in expert.levels:
        parts.append(L.level(assignment.level))
    extra = sorted(assignment.languages - {"nl"})
    if extra and set(extra) <= expert.languages:
        parts.append("spreekt " + L.join([L.language(x) for x in extra]))
    return parts


def explain(expert: Expert, assignment: Assignment, km: float,
            others: Sequence[tuple[int, int, float]], n_assignments: int = 1) -> str:
    parts = _experience(expert, assignment)
    if assignment.location is None:
        parts.append("online")
    elif expert.home == assignment.location:
        parts.append("woont in dezelfde gemeente")
    else:
        parts.append(f"{L.number(round(km))} km")
    free = free_hours(expert, assignment, others)
    parts.append(f"{L.number(free)} van {L.number(expert.hours_per_week)} uur nog vrij")
    if expert.has_intervision:
        parts.append("heeft intervisie")
    tags = set(assignment.domains) | {assignment.activity} | ({assignment.role} if assignment.role else set())
    if expert.preferences & tags:
        parts.append("wil graag dit soort werk doen")
    if assignment.id in expert.declined or assignment.activity in expert.declined:
        parts.append("zei eerder nee tegen dit soort werk: vraag het eerst na")
    if n_assignments > 1:
        rest = n_assignments - 1
        parts.append(f"ook voorgesteld voor {rest} andere opdracht" + ("en" if rest > 1 else ""))
    return "; ".join(parts)
