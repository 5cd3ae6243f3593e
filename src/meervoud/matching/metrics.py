"""Figures to compare solutions side by side: fill rate, fit and how evenly work is spread."""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from .model import Solution


def gini(values: Iterable[float]) -> float:
    """Gini coefficient: 0 when everybody has the same load, towards 1 when one has it all."""
    x = np.sort(np.asarray(list(values), dtype=float))
    n = len(x)
    if n == 0 or x.sum() == 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * x).sum()) / (n * x.sum()) - (n + 1) / n)


def summary(solution: Solution, expert_ids: Sequence[str]) -> dict:
    """Load figures over ``expert_ids`` (e.g. every expert who qualifies for at least one assignment)."""
    load = solution.load()
    counts = [load.get(e, 0) for e in expert_ids]
    seats = sum(len(p.expert_ids) for p in solution.proposals)
    return {
        "filled": len(solution.proposals),
        "unfilled": len(solution.unfillable),
        "seats": seats,
        "mean_fit": round(float(np.mean([p.score for p in solution.proposals])), 2)
        if solution.proposals else 0.0,
        "gini": round(gini(counts), 4),
        "experts_used": sum(1 for c in counts if c > 0),
        "experts_zero": sum(1 for c in counts if c == 0),
        "max_per_expert": max(counts, default=0),
        "experts_3plus": sum(1 for c in counts if c >= 3),
    }
