"""A synthetic but realistic pool and set of assignments, for the benchmark and tests.

Nothing here describes real people. Homes and locations are real municipalities
(places/data), with more weight on the larger cities; life domains, roles and
activities follow a skewed distribution (ggz, addiction, homelessness and poverty
are common, NAH, LVB and sexual abuse rare); about a fifth of assignments is online.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from .geo import centroids
from .model import ACTIVITIES, DOMAINS, LEVELS, ROLES, Assignment, Expert

START = date(2026, 1, 5)  # a Monday: week 0 of the planning horizon
HORIZON_WEEKS = 26

CITIES = ("GM0363", "GM0599", "GM0518", "GM0344", "GM0772", "GM0014", "GM0855", "GM0034", "GM0758",
          "GM0268", "GM0202", "GM0200", "GM0153", "GM0392", "GM0796", "GM0479", "GM0080", "GM0193",
          "GM0307", "GM0505", "GM0106", "GM0114", "GM0935", "GM0983", "GM0995")

DOMAIN_WEIGHTS = dict(zip(DOMAINS, (10, 9, 16, 12, 6, 3, 2, 3, 5, 6, 7, 3, 5, 6)))
ACTIVITY_WEIGHTS = dict(zip(ACTIVITIES, (14, 7, 10, 8, 7, 6, 9, 9, 8, 5, 5)))
ROLE_WEIGHTS = dict(zip(ROLES, (10, 6, 7, 6, 4)))
LEVEL_WEIGHTS = dict(zip(LEVELS, (6, 3, 1)))


def _pick(rng, weights: dict[str, float], k: int) -> list[str]:
    keys = list(weights)
    p = np.array([weights[x] for x in keys], dtype=float)
    p /= p.sum()
    return [keys[i] for i in rng.choice(len(keys), size=min(k, len(keys)), replace=False, p=p)]


def _places(rng, n: int) -> list[str]:
    codes = sorted(centroids())
    w = np.array([6.0 if c in CITIES else 1.0 for c in codes])
    w /= w.sum()
    return [codes[i] for i in rng.choice(len(codes), size=n, p=w)]


def generate(n_experts: int, n_assignments: int, seed: int = 0) -> tuple[list[Expert], list[Assignment]]:
    rng = np.random.default_rng(seed)
    assignments = []
    locations = _places(rng, n_assignments)
    for i in range(n_assignments):
        activity = _pick(rng, ACTIVITY_WEIGHTS, 1)[0]
        level = {"beleidsadvies": "macro", "onderzoek": "meso", "training": "meso",
                 "projectwerk": "meso"}.get(activity) or str(rng.choice(LEVELS, p=[0.6, 0.25, 0.15]))
        start = START + timedelta(days=int(rng.integers(0, HORIZON_WEEKS * 7)))
        weeks = int(rng.choice([1, 2, 4, 6, 8, 12, 16, 20], p=[.1, .1, .2, .15, .15, .15, .1, .05]))
        online = rng.random() < 0.2
        langs = rng.random()
        assignments.append(Assignment(
            id=f"A{i:04d}",
            domains=_pick(rng, DOMAIN_WEIGHTS, 1 if rng.random() < 0.65 else 2),
            activity=activity,
            role=_pick(rng, ROLE_WEIGHTS, 1)[0] if rng.random() < 0.7 else None,
            level=level,
            hours_per_week=float(rng.choice([1, 2, 2, 3, 4, 4, 6, 8])),
            start=start,
            end=start + timedelta(weeks=weeks) - timedelta(days=1),
            location=None if online else locations[i],
            paid=bool(rng.random() < 0.55),
            team_size=int(rng.choice([2, 3, 4], p=[0.75, 0.2, 0.05])),
            languages={"nl"} if langs < 0.93 else ({"nl", "en"} if langs < 0.98 else {"en"}),
            tandem_with=f"beleidsmedewerker-{i % 97}" if activity == "beleidsadvies" else None,
        ))
    ids = [a.id for a in assignments]
    homes = _places(rng, n_experts)
    organisations = [f"org-{k:02d}" for k in range(60)]
    experts = []
    for i in range(n_experts):
        hours = float(rng.choice([4, 6, 8, 12, 16, 20, 24, 32], p=[.15, .15, .2, .15, .12, .1, .08, .05]))
        blocked = []
        for _ in range(int(rng.choice([0, 1, 2], p=[0.55, 0.3, 0.15]))):
            b0 = START + timedelta(days=int(rng.integers(0, HORIZON_WEEKS * 7)))
            blocked.append((b0, b0 + timedelta(days=int(rng.integers(7, 35)))))
        paid_ok = rng.random() < 0.85
        volunteer_ok = (not paid_ok) or rng.random() < 0.6
        excluded = list(rng.choice(ids, size=int(rng.integers(1, 4)), replace=False)) \
            if ids and rng.random() < 0.04 else []
        declined = _pick(rng, ACTIVITY_WEIGHTS, 1) if rng.random() < 0.1 else []
        preferences = (_pick(rng, ACTIVITY_WEIGHTS, 1) + _pick(rng, DOMAIN_WEIGHTS, 1)) \
            if rng.random() < 0.5 else []
        experts.append(Expert(
            id=f"E{i:05d}",
            domains=_pick(rng, DOMAIN_WEIGHTS, int(rng.choice([1, 2, 3], p=[.4, .4, .2]))),
            roles=_pick(rng, ROLE_WEIGHTS, int(rng.choice([1, 2, 3], p=[.4, .45, .15]))),
            activities=_pick(rng, ACTIVITY_WEIGHTS, int(rng.integers(2, 6))),
            levels=_pick(rng, LEVEL_WEIGHTS, int(rng.choice([1, 2, 3], p=[.5, .35, .15]))),
            languages={"nl", "en"} if rng.random() < 0.3 else {"nl"},
            home=homes[i],
            max_km=float(rng.choice([10, 15, 25, 40, 60], p=[.15, .25, .3, .2, .1])),
            hours_per_week=hours,
            hours_committed=float(np.floor(hours * rng.uniform(0, 0.7))),
            blocked=blocked,
            paid_ok=bool(paid_ok),
            volunteer_ok=bool(volunteer_ok),
            has_intervision=bool(rng.random() < 0.7),
            organisation=str(rng.choice(organisations)),
            excluded_assignments=[str(x) for x in excluded],
            declined=declined,
            preferences=preferences,
            past_assignments=int(rng.poisson(3)),
        ))
    return experts, assignments
