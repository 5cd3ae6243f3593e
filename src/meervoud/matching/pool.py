"""Vectorised hard-rule masks and fit scores for a pool of experts against assignments.

Everything here works on the experts sorted by id, so results do not depend on
the order of the input lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from .geo import Distances, default_distances
from .model import Assignment, Expert

# Hard rules, in the order used to explain why an assignment cannot be filled.
# "domain" and "language" are qualifications (switchable in MatchConfig); the
# others are the hard rules of the issue and cannot be switched off.
RULES = ("domain", "language", "pay", "distance", "excluded", "period", "hours")

SCALE = 10  # objective units per point: fits are rounded to 0.1 point
HOURS_SCALE = 100  # capacity units per hour in the CP-SAT model
EPS = 1e-9


@dataclass(frozen=True, kw_only=True)
class MatchConfig:
    """Solver settings and objective weights (points; a perfect fit is about 100)."""

    time_limit: float = 20.0  # seconds for CP-SAT (wall clock)
    # One CP-SAT worker with full linearisation proves optimality on the benchmark where two
    # workers (on a 2-core machine) do not, and a single worker is deterministic.
    workers: int = 1
    linearization_level: int = 2
    seed: int = 0
    deterministic: bool = True  # keep the (thread-independent) start unless CP-SAT improves on it
    deterministic_time: float | None = None  # CP-SAT work-unit limit: same answer on any machine
    k: int = 30  # candidates kept per assignment after hard-rule filtering
    per_expert: int = 2  # plus each expert's best assignments, so nobody is pruned out
    require_domain: bool = True  # expert must share a life domain with the assignment
    require_language: bool = True  # expert must speak at least one language of the assignment
    # reward for filling an assignment: fill_base + fill_per_seat * team_size
    fill_base: float = 50.0
    fill_per_seat: float = 100.0
    # fairness: the n-th assignment of one expert costs fairness * (n - 1); the first is free
    fairness: float = 20.0
    # and across rounds: who joined more teams before gives way, up to w_turns points from
    # turns_full teams on, so that among near-equal fits a newcomer gets her turn
    w_turns: float = 10.0
    turns_full: int = 5
    w_domain: float = 35.0
    w_role: float = 15.0
    w_activity: float = 15.0
    w_level: float = 10.0
    w_distance: float = 10.0
    distance_scale_km: float = 60.0
    w_language: float = 5.0
    w_intervision: float = 5.0
    w_preference: float = 5.0
    w_declined: float = 15.0
    centroids: Mapping[str, tuple[float, float]] | None = field(default=None, compare=False)
    solver_params: Mapping[str, object] = field(default_factory=dict)  # extra CP-SAT parameters
    cuts: bool = True  # add cardinality cuts on overlapping assignments of one expert
    use_lp: bool = True  # start CP-SAT from the rounded LP relaxation (GLOP) and use its bound

    def distances(self) -> Distances:
        return default_distances() if self.centroids is None else Distances(self.centroids)

    def fill_reward(self, team_size: int) -> float:
        return self.fill_base + self.fill_per_seat * team_size


def _ordinal(d) -> int:
    return d.toordinal()


def _vocab(values) -> dict[str, int]:
    return {v: i for i, v in enumerate(sorted(set(values)))}


def _encode(sets: Sequence[frozenset[str]], vocab: dict[str, int]) -> np.ndarray:
    out = np.zeros((len(sets), max(1, len(vocab))), dtype=np.float32)
    for i, values in enumerate(sets):
        for v in values:
            j = vocab.get(v)
            if j is not None:
                out[i, j] = 1.0
    return out


@dataclass
class Evaluation:
    """Rule masks and scores of all experts (rows) against some assignments (columns)."""

    assignments: list[Assignment]
    masks: dict[str, np.ndarray]  # rule -> bool (E, n)
    fit: np.ndarray  # float32 (E, n), points
    dist: np.ndarray  # float32 (E, n), km; 0 for online
    domain_overlap: np.ndarray  # (E, n) number of shared domains
    role_match: np.ndarray
    activity_match: np.ndarray
    level_match: np.ndarray
    preference: np.ndarray
    declined: np.ndarray

    @property
    def eligible(self) -> np.ndarray:
        out = np.ones(self.fit.shape, dtype=bool)
        for mask in self.masks.values():
            out &= mask
        return out

    def eligible_except(self, rule: str) -> np.ndarray:
        out = np.ones(self.fit.shape, dtype=bool)
        for name, mask in self.masks.items():
            if name != rule:
                out &= mask
        return out


class Pool:
    """The experts as arrays, ready to be evaluated against any list of assignments."""

    def __init__(self, experts: Sequence[Expert], config: MatchConfig | None = None,
                 distances: Distances | None = None) -> None:
        self.config = config or MatchConfig()
        self.distances = distances or self.config.distances()
        self.experts = sorted(experts, key=lambda e: e.id)
        ids = [e.id for e in self.experts]
        if len(set(ids)) != len(ids):
            raise ValueError("expert ids must be unique")
        self.ids = ids
        self.pos = {eid: i for i, eid in enumerate(ids)}
        ex = self.experts
        self.dom_vocab = _vocab(d for e in ex for d in e.domains)
        self.role_vocab = _vocab(r for e in ex for r in e.roles)
        self.act_vocab = _vocab(a for e in ex for a in e.activities)
        self.lvl_vocab = _vocab(lv for e in ex for lv in e.levels)
        self.lang_vocab = _vocab(lg for e in ex for lg in e.languages)
        self.pref_vocab = _vocab(p for e in ex for p in e.preferences)
        self.ED = _encode([e.domains for e in ex], self.dom_vocab)
        self.ER = _encode([e.roles for e in ex], self.role_vocab)
        self.EA = _encode([e.activities for e in ex], self.act_vocab)
        self.EL = _encode([e.levels for e in ex], self.lvl_vocab)
        self.ELang = _encode([e.languages for e in ex], self.lang_vocab)
        self.EP = _encode([e.preferences for e in ex], self.pref_vocab)
        self.home_idx = np.array([self.distances.idx(e.home or None) if e.home else -1 for e in ex],
                                 dtype=np.int64)
        self.max_km = np.array([e.max_km for e in ex], dtype=np.float64)
        self.hpw = np.array([e.hours_per_week for e in ex], dtype=np.float64)
        self.committed = np.array([e.hours_committed for e in ex], dtype=np.float64)
        self.cap = self.hpw - self.committed
        # per row: dated commitments as (first day, last day, hours) ordinals, like a schedule
        self.commitments = [[(_ordinal(s), _ordinal(e), h) for s, e, h in ex_.commitments] for ex_ in ex]
        self.paid_ok = np.array([e.paid_ok for e in ex], dtype=bool)
        self.volunteer_ok = np.array([e.volunteer_ok for e in ex], dtype=bool)
        self.intervision = np.array([e.has_intervision for e in ex], dtype=np.float32)
        self.turns = np.array([min(e.past_assignments, self.config.turns_full) for e in ex],
                              dtype=np.float32) / max(self.config.turns_full, 1)
        nb = max((len(e.blocked) for e in ex), default=0)
        big = 10 ** 8
        self.B0 = np.full((len(ex), nb), big, dtype=np.int64)
        self.B1 = np.full((len(ex), nb), -big, dtype=np.int64)
        for i, e in enumerate(ex):
            for j, (b0, b1) in enumerate(e.blocked):
                self.B0[i, j] = _ordinal(b0)
                self.B1[i, j] = _ordinal(b1)
        self.excluded: dict[str, list[int]] = {}
        self.declined: dict[str, list[int]] = {}
        for i, e in enumerate(ex):
            for aid in sorted(e.excluded_assignments):
                self.excluded.setdefault(aid, []).append(i)
            for value in sorted(e.declined):
                self.declined.setdefault(value, []).append(i)

    def __len__(self) -> int:
        return len(self.experts)

    def evaluate(self, assignments: Sequence[Assignment]) -> Evaluation:
        cfg = self.config
        n = len(assignments)
        E = len(self.experts)
        a_dom = _encode([a.domains for a in assignments], self.dom_vocab)
        n_dom = np.array([len(a.domains) for a in assignments], dtype=np.float32)
        overlap = self.ED @ a_dom.T  # (E, n)
        if cfg.require_domain:
            domain_ok = (overlap > 0.5) | (n_dom[None, :] == 0)
        else:
            domain_ok = np.ones((E, n), dtype=bool)

        a_lang = _encode([a.languages for a in assignments], self.lang_vocab)
        n_lang = np.array([len(a.languages) for a in assignments], dtype=np.float32)
        lang_count = self.ELang @ a_lang.T
        language_all = lang_count > n_lang[None, :] - 0.5
        language_ok = lang_count > 0.5 if cfg.require_language else np.ones((E, n), dtype=bool)

        paid = np.array([a.paid for a in assignments], dtype=bool)
        pay_ok = np.where(paid[None, :], self.paid_ok[:, None], self.volunteer_ok[:, None])

        online = np.array([a.location is None for a in assignments], dtype=bool)
        loc_idx = np.array([self.distances.idx(a.location) for a in assignments], dtype=np.int64)
        dist = self.distances.matrix[self.home_idx[:, None], loc_idx[None, :]]
        dist = np.where(online[None, :], 0.0, dist)
        distance_ok = online[None, :] | (dist <= self.max_km[:, None] + EPS)

        excluded_ok = np.ones((E, n), dtype=bool)
        for j, a in enumerate(assignments):
            rows = self.excluded.get(a.id)
            if rows:
                excluded_ok[rows, j] = False

        a_start = np.array([_ordinal(a.start) for a in assignments], dtype=np.int64)
        a_end = np.array([_ordinal(a.end) for a in assignments], dtype=np.int64)
        period_ok = np.ones((E, n), dtype=bool)
        for j in range(self.B0.shape[1]):
            period_ok &= ~((self.B0[:, j, None] <= a_end[None, :])
                           & (self.B1[:, j, None] >= a_start[None, :]))

        a_hours = np.array([a.hours_per_week for a in assignments], dtype=np.float64)
        hours_ok = self.cap[:, None] + EPS >= a_hours[None, :]
        for i in (i for i, periods in enumerate(self.commitments) if periods):
            for j in range(n):
                used = peak_load(self.commitments[i], int(a_start[j]), int(a_end[j]))
                hours_ok[i, j] &= self.cap[i] - used + EPS >= a_hours[j]

        def column(vocab, matrix, value):
            j = vocab.get(value) if value is not None else None
            if j is None:
                return np.zeros(E, dtype=np.float32)
            return matrix[:, j]

        role_match = np.stack([column(self.role_vocab, self.ER, a.role) for a in assignments], axis=1) \
            if n else np.zeros((E, 0), dtype=np.float32)
        activity_match = np.stack([column(self.act_vocab, self.EA, a.activity) for a in assignments],
                                  axis=1) if n else np.zeros((E, 0), dtype=np.float32)
        level_match = np.stack([column(self.lvl_vocab, self.EL, a.level) for a in assignments],
                               axis=1) if n else np.zeros((E, 0), dtype=np.float32)

        tags = [frozenset(a.domains) | {a.activity} | ({a.role} if a.role else set())
                for a in assignments]
        preference = (self.EP @ _encode(tags, self.pref_vocab).T) > 0.5

        declined = np.zeros((E, n), dtype=bool)
        for j, a in enumerate(assignments):
            for key in (a.id, a.activity):
                rows = self.declined.get(key)
                if rows:
                    declined[rows, j] = True

        closeness = np.where(online[None, :], 1.0,
                             np.clip(1.0 - dist / max(cfg.distance_scale_km, EPS), 0.0, 1.0))
        fit = (cfg.w_domain * overlap / np.maximum(n_dom, 1.0)[None, :]
               + cfg.w_role * role_match
               + cfg.w_activity * activity_match
               + cfg.w_level * level_match
               + cfg.w_distance * closeness
               + cfg.w_language * language_all
               + cfg.w_intervision * self.intervision[:, None]
               + cfg.w_preference * preference
               - cfg.w_declined * declined
               - cfg.w_turns * self.turns[:, None]).astype(np.float32)

        masks = {
            "domain": domain_ok,
            "language": language_ok,
            "pay": pay_ok,
            "distance": distance_ok,
            "excluded": excluded_ok,
            "period": period_ok,
            "hours": hours_ok,
        }
        return Evaluation(assignments=list(assignments), masks=masks, fit=fit,
                          dist=dist.astype(np.float32), domain_overlap=overlap,
                          role_match=role_match, activity_match=activity_match,
                          level_match=level_match, preference=preference, declined=declined)


def fit_units(points: float) -> int:
    return int(round(float(points) * SCALE))


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    """Inclusive date ranges overlap."""
    return a_start <= b_end and b_start <= a_end


def peak_load(periods: Sequence[tuple[int, int, float]], start: int, end: int) -> float:
    """Largest sum of hours of ``periods`` (start, end, hours) active on one day in [start, end]."""
    relevant = [p for p in periods if p[0] <= end and start <= p[1]]
    if not relevant:
        return 0.0
    points = {start} | {p[0] for p in relevant if p[0] >= start}
    return max(sum(h for s, e, h in relevant if s <= t <= e) for t in points)
