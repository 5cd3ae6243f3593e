"""Why an expert is proposed for an assignment: as parts (codes and values) an application words
in its reader's language, and in plain Dutch (the library's own wording)."""

from __future__ import annotations

from typing import Sequence

from . import labels as L
from .model import Assignment, Expert, Part
from .pool import peak_load

# the parts that say what the expert brings, not their diary, home or other work: what the
# organisation that asked may read when the expert lets it
EXPERIENCE = frozenset({"domains", "no_domains", "role", "activity", "level", "languages"})


def free_hours(expert: Expert, assignment: Assignment,
               others: Sequence[tuple[int, int, float]]) -> float:
    """Hours per week still free in the assignment's period, before taking it on; ``others``:
    the expert's other assignments of this round (their dated commitments are added here)."""
    committed = [(s.toordinal(), e.toordinal(), h) for s, e, h in expert.commitments]
    used = peak_load([*others, *committed], assignment.start.toordinal(), assignment.end.toordinal())
    return max(0.0, expert.hours_per_week - expert.hours_committed - used)


def experience(expert: Expert, assignment: Assignment) -> list[Part]:
    """What the expert brings: their experience, role, work, level and languages."""
    parts: list[Part] = []
    shared = sorted(expert.domains & assignment.domains)
    if shared:
        parts.append(Part("domains", {"domains": shared}))
    elif assignment.domains:
        parts.append(Part("no_domains", {"domains": sorted(assignment.domains)}))
    if assignment.role and assignment.role in expert.roles:
        parts.append(Part("role", {"role": assignment.role}))
    if assignment.activity in expert.activities:
        parts.append(Part("activity", {"activity": assignment.activity}))
    if assignment.level in expert.levels:
        parts.append(Part("level", {"level": assignment.level}))
    extra = sorted(assignment.languages - {"nl"})
    if extra and set(extra) <= expert.languages:
        parts.append(Part("languages", {"languages": extra}))
    return parts


def explain_parts(expert: Expert, assignment: Assignment, km: float,
                  others: Sequence[tuple[int, int, float]], n_assignments: int = 1) -> list[Part]:
    parts = experience(expert, assignment)
    if assignment.location is None:
        parts.append(Part("online"))
    elif expert.home == assignment.location:
        parts.append(Part("same_place"))
    else:
        parts.append(Part("km", {"km": int(round(km))}))
    parts.append(Part("free", {"free": round(free_hours(expert, assignment, others), 1),
                               "of": float(expert.hours_per_week)}))
    if expert.has_intervision:
        parts.append(Part("intervision"))
    tags = set(assignment.domains) | {assignment.activity} | ({assignment.role} if assignment.role else set())
    if expert.preferences & tags:
        parts.append(Part("likes"))
    if assignment.id in expert.declined or assignment.activity in expert.declined:
        parts.append(Part("declined_before"))
    if n_assignments > 1:
        parts.append(Part("also_proposed", {"count": n_assignments - 1}))
    return parts


def dutch(part: Part) -> str:
    v = part.values
    if part.code == "domains":
        return "ervaring met " + L.join([L.domain(d) for d in v["domains"]])
    if part.code == "no_domains":
        return "geen eigen ervaring met " + L.join([L.domain(d) for d in v["domains"]], "of")
    if part.code == "role":
        return f"rol: {L.role(v['role'])}"
    if part.code == "activity":
        return f"heeft dit werk vaker gedaan ({L.activity(v['activity'])})"
    if part.code == "level":
        return L.level(v["level"])
    if part.code == "languages":
        return "spreekt " + L.join([L.language(x) for x in v["languages"]])
    if part.code == "km":
        return f"{L.number(v['km'])} km"
    if part.code == "free":
        return f"{L.number(v['free'])} van {L.number(v['of'])} uur nog vrij"
    if part.code == "also_proposed":
        rest = v["count"]
        return f"ook voorgesteld voor {rest} andere opdracht" + ("en" if rest > 1 else "")
    return {"online": "online", "same_place": "woont in dezelfde gemeente",
            "intervision": "heeft intervisie", "likes": "wil graag dit soort werk doen",
            "declined_before": "zei eerder nee tegen dit soort werk: vraag het eerst na"}[part.code]


def explain(expert: Expert, assignment: Assignment, km: float,
            others: Sequence[tuple[int, int, float]], n_assignments: int = 1) -> str:
    return "; ".join(dutch(p) for p in explain_parts(expert, assignment, km, others, n_assignments))
