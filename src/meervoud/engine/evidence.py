"""Evidence: how many INDEPENDENT narrators back each theme ("n is not 1"), and saturation.

A narrator with three stories, or with ten statements in one theme, counts once. Every
breakdown (municipality, region, province, life domain, kind) counts distinct narrators per
value, so the publication layer can suppress cells under k narrators.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .types import KINDS, Document, Evidence, Interval, SaturationCurve, Statement

Z95 = 1.959963984540054
CORPUS = "*"  # the saturation scope of all stories together (the others are "domain:<slug>")


def wilson_interval(successes: int, n: int, z: float = Z95) -> Interval:
    """Wilson score interval for a binomial proportion (95% by default)."""
    if n <= 0:
        return Interval(0.0, 1.0)
    if successes < 0 or successes > n:
        raise ValueError("successes must lie in [0, n]")
    p = successes / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = (z / denom) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Interval(low, high)


def share_of(n: int, total: int) -> tuple[float, Interval]:
    """Share of ``total`` narrators that ``n`` is, with its Wilson 95% interval (0 of nobody: 0)."""
    return ((n / total) if total else 0.0), wilson_interval(min(n, total), total)


def _sorted_counts(d: Mapping[str, set]) -> dict[str, int]:
    return {k: len(v) for k, v in sorted(d.items(), key=lambda kv: (-len(kv[1]), kv[0]))}


@dataclass
class EvidenceCounter:
    """Counts evidence per theme from documents, statements, an assignment and statement kinds."""

    def compute(
        self,
        documents: Sequence[Document],
        statements: Sequence[Statement],
        assignment: Mapping[str, str | None],
        kinds: Mapping[str, str] | None = None,
        total_narrators: int | None = None,
    ) -> dict[str, Evidence]:
        """``total_narrators`` (for the share) defaults to the narrators of ``documents``; give it
        when ``documents`` holds only the stories of the themes being counted."""
        kinds = kinds or {}
        docs = {d.id: d for d in documents}
        if total_narrators is None:
            total_narrators = len({d.narrator for d in documents})
        members: dict[str, list[Statement]] = defaultdict(list)
        for s in statements:
            tid = assignment.get(s.id)
            if tid is not None:
                members[tid].append(s)
        out: dict[str, Evidence] = {}
        for tid in sorted(members):
            out[tid] = self._one(tid, members[tid], docs, kinds, total_narrators)
        return out

    @staticmethod
    def _one(tid, stmts, docs, kinds, total_narrators) -> Evidence:
        narrators: set[str] = set()
        stories: set[str] = set()
        by: dict[str, dict[str, set]] = {k: defaultdict(set) for k in ("municipality", "region", "province", "domain")}
        kind_n: dict[str, set] = {k: set() for k in KINDS}
        kind_s: dict[str, int] = {k: 0 for k in KINDS}
        dates = []
        for s in stmts:
            stories.add(s.document_id)
            k = kinds.get(s.id, "other")
            kind_n.setdefault(k, set()).add(docs[s.document_id].narrator)
            kind_s[k] = kind_s.get(k, 0) + 1
        # everything else is per story: once per story, not once per statement (large corpora)
        for doc_id in stories:
            d = docs[doc_id]
            narrators.add(d.narrator)
            for key, value in (("municipality", d.municipality), ("region", d.region), ("province", d.province)):
                if value:
                    by[key][value].add(d.narrator)
            for dom in d.life_domains:
                by["domain"][dom].add(d.narrator)
            if d.date is not None:
                dates.append(d.date)
        n = len(narrators)
        share, share_ci = share_of(n, total_narrators)
        return Evidence(
            theme_id=tid,
            narrators=n,
            stories=len(stories),
            statements=len(stmts),
            share=share,
            share_ci=share_ci,
            municipalities=_sorted_counts(by["municipality"]),
            regions=_sorted_counts(by["region"]),
            provinces=_sorted_counts(by["province"]),
            life_domains=_sorted_counts(by["domain"]),
            kinds_narrators={k: len(v) for k, v in kind_n.items()},
            kinds_statements=dict(kind_s),
            first_date=min(dates) if dates else None,
            last_date=max(dates) if dates else None,
        )


def expected_themes_curve(coverage: Sequence[int], n_narrators: int) -> np.ndarray:
    """Exact mean number of distinct themes seen after k = 1..N narrators, over ALL orders.

    A theme covered by c of N narrators is still unseen after k narrators with probability
    C(N-c, k) / C(N, k) = prod_{i<k} (N-c-i)/(N-i).
    """
    N = int(n_narrators)
    if N == 0:
        return np.zeros(0)
    i = np.arange(N, dtype=np.float64)
    total = np.zeros(N, dtype=np.float64)
    values, counts = np.unique(np.asarray(coverage, dtype=np.int64), return_counts=True)
    for c, m in zip(values.tolist(), counts.tolist()):
        if c <= 0:
            continue
        factors = np.clip((N - c - i) / (N - i), 0.0, 1.0)
        unseen = np.cumprod(factors)  # after k = i+1 narrators
        total += m * (1.0 - unseen)
    return total


class SaturationAnalysis:
    """How many new themes each additional narrator brings (corpus-wide and per life domain).

    Parameters: ``orders`` seeded random narrator orders for the 10–90% band (the mean is exact),
    ``seed`` for those orders, ``min_narrators`` for a life domain to get its own curve.
    """

    def __init__(self, orders: int = 50, seed: int = 0, min_narrators: int = 3) -> None:
        self.orders = orders
        self.seed = seed
        self.min_narrators = min_narrators

    def curve(self, scope: str, narrator_themes: Mapping[str, Iterable[str]]) -> SaturationCurve:
        narrators = sorted(narrator_themes)  # canonical order: input order never matters
        N = len(narrators)
        theme_ids = sorted({t for ts in narrator_themes.values() for t in ts})
        tindex = {t: i for i, t in enumerate(theme_ids)}
        T = len(theme_ids)
        if N == 0:
            z = np.zeros(0)
            return SaturationCurve(scope, 0, 0, z, z, z, z, 0)
        # theme -> covering narrator indices (CSR)
        cover: list[list[int]] = [[] for _ in range(T)]
        for ni, name in enumerate(narrators):
            for t in set(narrator_themes[name]):
                cover[tindex[t]].append(ni)
        coverage = [len(c) for c in cover]
        expected = expected_themes_curve(coverage, N)
        new = np.diff(np.concatenate([[0.0], expected]))
        low = high = expected
        if self.orders > 0 and T > 0:
            flat = np.concatenate([np.asarray(c, dtype=np.int64) for c in cover]) if T else np.zeros(0, np.int64)
            starts = np.cumsum([0] + coverage[:-1])
            rng = np.random.default_rng(self.seed)
            curves = np.empty((self.orders, N), dtype=np.float64)
            for o in range(self.orders):
                rank = np.empty(N, dtype=np.int64)
                rank[rng.permutation(N)] = np.arange(N)
                first = np.minimum.reduceat(rank[flat], starts)  # first position where theme shows up
                hist = np.bincount(first, minlength=N)
                curves[o] = np.cumsum(hist)
            low = np.percentile(curves, 10, axis=0)
            high = np.percentile(curves, 90, axis=0)
        return SaturationCurve(scope=scope, narrators=N, themes=T, expected=expected, low=low, high=high,
                               new_per_narrator=new, orders=self.orders)

    def compute(
        self,
        documents: Sequence[Document],
        statements: Sequence[Statement],
        assignment: Mapping[str, str | None],
    ) -> dict[str, SaturationCurve]:
        docs = {d.id: d for d in documents}
        per_scope: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        # every narrator is in the corpus scope, also one without any themed statement
        for d in documents:
            per_scope[CORPUS][d.narrator]
            for dom in d.life_domains:
                per_scope[f"domain:{dom}"][d.narrator]
        for s in statements:
            tid = assignment.get(s.id)
            if tid is None:
                continue
            d = docs[s.document_id]
            per_scope[CORPUS][d.narrator].add(tid)
            for dom in d.life_domains:
                per_scope[f"domain:{dom}"][d.narrator].add(tid)
        out = {}
        for scope in sorted(per_scope):
            table = per_scope[scope]
            if scope != CORPUS and len(table) < self.min_narrators:
                continue
            out[scope] = self.curve(scope, table)
        return out
