"""Agreement between coders, and between people and the engine.

* :func:`cohen_kappa` — two coders, same items (scikit-learn's ``cohen_kappa_score``).
* :func:`krippendorff_alpha` — any number of coders, missing values allowed, nominal / ordinal /
  interval / ratio metrics (own implementation of Krippendorff 2011, tested against the worked
  example in "Computing Krippendorff's Alpha-Reliability").
* :func:`mapped_labels` — maps engine theme ids to the people's codes they overlap most, so that
  kappa/alpha can compare a clustering with a human coding that uses other names.

Where the data hold one category only, chance agreement is already perfect and kappa and alpha
are 0/0: undefined, returned as NaN (as scikit-learn does), never as a perfect 1.0.
"""

from __future__ import annotations

import math
import numbers
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence

import numpy as np

MISSING = None


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable], weights: str | None = None) -> float:
    """Cohen's kappa for two coders over the same items (items where either is missing are skipped).

    NaN when no item has both codes, or when both used one and the same category only."""
    from sklearn.metrics import cohen_kappa_score

    if len(a) != len(b):
        raise ValueError("both coders must rate the same items")
    pairs = [(x, y) for x, y in zip(a, b) if not _missing(x) and not _missing(y)]
    if not pairs:
        return float("nan")
    xs, ys = zip(*pairs)
    if len(set(xs) | set(ys)) == 1:
        return float("nan")  # expected agreement is 1: kappa is 0/0 (sklearn warns, then says nan)
    # categories in their own order (numbers by value: 2 before 10), as weighted kappa needs
    order = {v: i for i, v in enumerate(sorted(set(xs) | set(ys), key=_order))}
    return float(cohen_kappa_score([order[v] for v in xs], [order[v] for v in ys], weights=weights))


def _missing(v) -> bool:
    """None or NaN of any float type (a blank cell read by NumPy or pandas is float32/64 NaN)."""
    return v is None or (isinstance(v, numbers.Real) and math.isnan(v))


def _order(v):
    """Sort key for codes: numbers by value whatever their type (int, float, NumPy), then the
    rest by type and value."""
    if isinstance(v, numbers.Real) and not isinstance(v, bool):
        return (0, "", float(v))
    return (1, str(type(v)), v)


def krippendorff_alpha(data: Sequence[Sequence], level: str = "nominal") -> float:
    """Krippendorff's alpha. ``data[c][u]`` is coder c's value for unit u (None/NaN = missing).

    ``level``: "nominal", "ordinal", "interval" or "ratio". Units with fewer than two values are
    not pairable and are ignored. NaN when no unit is pairable, or when there is no variation
    (expected disagreement 0: one value only), which Krippendorff (2011) leaves undefined.
    """
    if level not in ("nominal", "ordinal", "interval", "ratio"):
        raise ValueError("level must be nominal, ordinal, interval or ratio")
    n_units = max((len(row) for row in data), default=0)
    units: list[list] = [[] for _ in range(n_units)]
    for row in data:
        for u, v in enumerate(row):
            if not _missing(v):
                units[u].append(v)
    units = [u for u in units if len(u) >= 2]
    if not units:
        return float("nan")
    values = sorted({v for u in units for v in u}, key=_order)
    index = {v: i for i, v in enumerate(values)}
    k = len(values)
    o = np.zeros((k, k), dtype=np.float64)  # coincidence matrix
    for u in units:
        m = len(u)
        counts = Counter(index[v] for v in u)
        for c, nc in counts.items():
            for d, nd in counts.items():
                pairs = nc * (nd - (1 if c == d else 0))
                if pairs:
                    o[c, d] += pairs / (m - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if level == "nominal":
        delta = 1.0 - np.eye(k)
    elif level == "interval":
        v = np.asarray(values, dtype=np.float64)
        delta = (v[:, None] - v[None, :]) ** 2
    elif level == "ratio":
        v = np.asarray(values, dtype=np.float64)
        s = v[:, None] + v[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            delta = np.where(s == 0, 0.0, ((v[:, None] - v[None, :]) / s) ** 2)
    else:  # ordinal
        cum = np.concatenate([[0.0], np.cumsum(n_c)])
        delta = np.zeros((k, k))
        for c in range(k):
            for d in range(k):
                lo, hi = min(c, d), max(c, d)
                delta[c, d] = (cum[hi + 1] - cum[lo] - (n_c[c] + n_c[d]) / 2.0) ** 2
    d_o = float((o * delta).sum())
    d_e = float((np.outer(n_c, n_c) * delta).sum())
    if d_e == 0:
        return float("nan")
    return 1.0 - (n - 1) * d_o / d_e


def mapped_labels(reference: Sequence[Hashable], predicted: Sequence[Hashable]) -> list:
    """Rename each predicted label to the reference label it co-occurs with most (ties: sorted
    order). Missing predicted labels (None, e.g. outliers) stay None."""
    co: dict[Hashable, Counter] = defaultdict(Counter)
    for r, p in zip(reference, predicted):
        if not _missing(p) and not _missing(r):
            co[p][r] += 1
    best = {p: sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0] for p, c in co.items()}
    return [best.get(p) if not _missing(p) else None for p in predicted]


def shared_units(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """How many items both coders coded: what their kappa rests on."""
    return sum(1 for x, y in zip(a, b) if not _missing(x) and not _missing(y))


def pairable_units(data: Sequence[Sequence]) -> int:
    """How many units hold at least two values: what alpha rests on."""
    n_units = max((len(row) for row in data), default=0)
    return sum(1 for u in range(n_units)
               if sum(1 for row in data if u < len(row) and not _missing(row[u])) >= 2)


def agreement_report(coders: dict[str, Sequence[Hashable]], level: str = "nominal") -> dict:
    """Pairwise Cohen's kappa and overall Krippendorff's alpha for named coders (e.g. two peer
    experts and "engine"), each with the number of items it rests on (``pair_units``,
    ``alpha_units``): a kappa on three items must not read as one on all of them."""
    names = sorted(coders)
    pairs, pair_units = {}, {}
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            pairs[f"{a}~{b}"] = cohen_kappa(coders[a], coders[b])
            pair_units[f"{a}~{b}"] = shared_units(coders[a], coders[b])
    data = [list(coders[c]) for c in names]
    return {"cohen_kappa": pairs, "pair_units": pair_units,
            "krippendorff_alpha": krippendorff_alpha(data, level=level),
            "alpha_units": pairable_units(data), "coders": names}
