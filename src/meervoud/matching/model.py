"""Plain data in and out of the matcher: no Django, no database.

All classes are frozen, keyword-only dataclasses. Set-like fields accept any
iterable of strings and are stored as ``frozenset``; ``blocked`` accepts any
iterable of ``(date, date)`` pairs and is stored as a sorted tuple.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping

# Vocabularies (seed 001 and 004; docs/vocabularies.md). They are data, not
# rules: values outside these lists are accepted and simply compared as strings.
ROLES = ("bondgenoot", "criticus", "bruggenbouwer", "veranderaar", "kwartiermaker")
ACTIVITIES = (
    "verhalen-vertellen", "onderzoek", "training", "coaching", "beleidsadvies", "projectwerk",
    "herstelgroep", "maatje", "keukentafel", "kwartiermaken", "naasten-steun",
)
LEVELS = ("micro", "meso", "macro")
DOMAINS = (
    "armoede-schulden", "dak-thuisloosheid", "psychische-kwetsbaarheid", "verslaving",
    "huiselijk-geweld", "seksueel-misbruik", "nah", "lvb", "nieuwkomers", "eenzaamheid",
    "jeugdhulp", "wachtlijsten", "werk-inkomen", "naasten",
)
LANGUAGES = ("nl", "en")


def _fs(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(str(v) for v in value)


@dataclass(frozen=True, kw_only=True)
class Expert:
    """A peer expert (ervaringsdeskundige) in the pool."""

    id: str
    domains: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    activities: frozenset[str] = frozenset()
    levels: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset({"nl"})
    home: str = ""  # CBS municipality code, e.g. "GM0014"
    max_km: float = 25.0  # straight-line km between municipality centroids
    hours_per_week: float = 0.0
    hours_committed: float = 0.0  # taken up all the time by work outside this matching round
    # dated work outside this round, (start, end, hours per week): it takes hours only while it
    # runs, so an expert busy in January is free for an assignment in June
    commitments: tuple[tuple[date, date, float], ...] = ()
    blocked: tuple[tuple[date, date], ...] = ()  # inclusive periods the expert is not available
    paid_ok: bool = True
    volunteer_ok: bool = True
    has_intervision: bool = False
    organisation: str | None = None
    excluded_assignments: frozenset[str] = frozenset()  # hard: never match here
    declined: frozenset[str] = frozenset()  # soft: assignment ids or activities declined before
    preferences: frozenset[str] = frozenset()  # soft: preferred domains, activities or roles
    past_assignments: int = 0

    def __post_init__(self) -> None:
        for name in ("domains", "roles", "activities", "levels", "languages",
                     "excluded_assignments", "declined", "preferences"):
            object.__setattr__(self, name, _fs(getattr(self, name)))
        object.__setattr__(self, "id", str(self.id))
        blocked = tuple(sorted((b[0], b[1]) for b in (self.blocked or ())))
        for start, end in blocked:
            if end < start:
                raise ValueError(f"expert {self.id}: blocked period ends before it starts")
        object.__setattr__(self, "blocked", blocked)
        commitments = tuple(sorted((c[0], c[1], float(c[2])) for c in (self.commitments or ())))
        for start, end, hours in commitments:
            if end < start or hours < 0:
                raise ValueError(f"expert {self.id}: a commitment ends before it starts or has negative hours")
        object.__setattr__(self, "commitments", commitments)
        if self.hours_per_week < 0 or self.hours_committed < 0 or self.max_km < 0:
            raise ValueError(f"expert {self.id}: hours and max_km must not be negative")


@dataclass(frozen=True, kw_only=True)
class Assignment:
    """An open assignment (opdracht). ``location=None`` means online."""

    id: str
    domains: frozenset[str] = frozenset()
    activity: str
    role: str | None = None
    level: str = "micro"
    hours_per_week: float
    start: date
    end: date  # inclusive
    location: str | None = None
    paid: bool = False
    team_size: int = 2
    languages: frozenset[str] = frozenset({"nl"})
    tandem_with: str | None = None  # e.g. the policy officer or social worker of the tandem

    def __post_init__(self) -> None:
        object.__setattr__(self, "domains", _fs(self.domains))
        object.__setattr__(self, "languages", _fs(self.languages) or frozenset({"nl"}))
        object.__setattr__(self, "id", str(self.id))
        if int(self.team_size) != self.team_size or self.team_size < 2:
            raise ValueError(
                f"assignment {self.id}: team_size must be a whole number >= 2 "
                "(zet minimaal twee ervaringsdeskundigen in)")
        object.__setattr__(self, "team_size", int(self.team_size))
        if self.end < self.start:
            raise ValueError(f"assignment {self.id}: end is before start")
        if self.hours_per_week <= 0:
            raise ValueError(f"assignment {self.id}: hours_per_week must be positive")

    @property
    def online(self) -> bool:
        return self.location is None


@dataclass(frozen=True)
class Part:
    """One piece of a reason as a code and its values (plain JSON types: str, int, float, bool,
    lists of str, ISO dates), so an application can word it in its reader's language. The
    library's own wording is Dutch (``explain.dutch``, ``diagnose.dutch``)."""

    code: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, **self.values}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Part:
        values = dict(data)
        return cls(values.pop("code"), values)


@dataclass(frozen=True)
class Proposal:
    assignment_id: str
    expert_ids: tuple[str, ...]
    score: float  # mean fit of the team, 0-100
    explanations: dict[str, str]  # expert id -> plain Dutch
    reasons: dict[str, tuple[Part, ...]] = field(default_factory=dict)  # the same, as parts


@dataclass(frozen=True)
class Fix:
    """One change that would make an assignment fillable, checked against the data.

    ``changes`` are field values for ``dataclasses.replace(assignment, **changes)``;
    empty when the change is on the experts' side (e.g. a larger travel area).
    """

    rule: str
    text: str
    changes: Mapping[str, Any] = field(default_factory=dict)
    part: Part | None = None  # ``text`` as a code and values


@dataclass(frozen=True)
class Unfillable:
    assignment_id: str
    reasons: list[str]
    suggestions: list[str]
    fixes: tuple[Fix, ...] = ()
    reason_parts: tuple[Part, ...] = ()  # ``reasons`` as codes and values


@dataclass(frozen=True)
class Solution:
    proposals: list[Proposal]
    unfillable: list[Unfillable]
    objective: float | None
    bound: float | None
    gap: float | None  # (bound - objective) / max(1, |bound|); 0 when proven optimal
    status: str
    seconds: float
    hard_rule_violations: int
    stats: dict[str, Any] = field(default_factory=dict)

    def teams(self) -> dict[str, tuple[str, ...]]:
        return {p.assignment_id: p.expert_ids for p in self.proposals}

    def load(self) -> dict[str, int]:
        """Number of assignments per expert id (experts without any are left out)."""
        counts: dict[str, int] = {}
        for proposal in self.proposals:
            for expert_id in proposal.expert_ids:
                counts[expert_id] = counts.get(expert_id, 0) + 1
        return counts
