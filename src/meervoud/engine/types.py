"""Plain data that flows between the engine's steps. No behaviour beyond small helpers."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

KINDS: tuple[str, ...] = ("helped", "hindered", "need", "other")
"""Statement kinds: what helped, what hindered, a need or advice, anything else."""
# Below this share of statements that name one of their theme's keywords, a theme is "mixed": its
# label describes few of its statements, which are then mostly held together by how people tell,
# not by what they tell (calibrated on the demo stories, benchmarks/README-engine.md section 8).
# A reading aid for the peer experts who curate, not a verdict.
MIXED_BELOW = 0.25


@dataclass(frozen=True)
class Document:
    """One story (or any text) with the metadata the evidence step counts.

    ``narrator`` is the pseudonymous person behind the story: several stories of one narrator
    count once in the evidence. ``helped`` / ``hindered`` are the narrator's own answers to
    "what helped / what hindered", if the form asked for them.
    """

    id: str
    text: str
    narrator: str
    lang: str = "nl"
    municipality: str | None = None
    region: str | None = None
    province: str | None = None
    life_domains: tuple[str, ...] = ()
    date: _dt.date | None = None
    helped: str = ""
    hindered: str = ""


@dataclass(frozen=True)
class Statement:
    """A sentence or clause of a document. ``source[start:end] == text`` where ``source`` is the
    document's ``field`` ("text", "helped" or "hindered"). ``id`` is derived from the document id
    and the content hash, so it does not depend on input order."""

    id: str
    document_id: str
    text: str
    lang: str
    start: int
    end: int
    content_hash: str
    field: str = "text"


@dataclass(eq=False)
class Theme:
    """A cluster of statements. Top-level themes have ``parent_id=None``; sub-themes point to their
    theme. ``statement_ids`` are in content-hash order; ``representative_ids`` are the 3–5 closest to
    the centroid, from different narrators where possible. ``keyword_share``: the share of its
    statements that name one of its keywords (how well the label describes them; below
    ``MIXED_BELOW`` the theme is ``mixed``). A label without keywords is provisional: the start of
    a statement, or (strict labeler) words fewer narrators use than it asks; never a name to
    publish."""

    id: str
    parent_id: str | None
    label: str
    keywords: tuple[str, ...]
    statement_ids: tuple[str, ...]
    representative_ids: tuple[str, ...]
    centroid: np.ndarray
    member_hashes: tuple[str, ...] = ()
    keyword_share: float = 0.0

    @property
    def size(self) -> int:
        return len(self.statement_ids)

    @property
    def mixed(self) -> bool:
        return self.keyword_share < MIXED_BELOW

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "parent_id": self.parent_id, "label": self.label,
            "keywords": list(self.keywords), "statement_ids": list(self.statement_ids),
            "representative_ids": list(self.representative_ids),
            "centroid": [round(float(x), 6) for x in self.centroid],
            "keyword_share": round(self.keyword_share, 4),
        }


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


@dataclass(eq=False)
class Evidence:
    """How many independent narrators back a theme ("n is not 1"), and where they come from.

    Every ``*_narrators`` mapping counts DISTINCT narrators per value, so a publication layer can
    suppress cells under k narrators. ``kinds_*`` is the helped/hindered/need/other balance.
    """

    theme_id: str
    narrators: int
    stories: int
    statements: int
    share: float
    share_ci: Interval
    municipalities: dict[str, int]
    regions: dict[str, int]
    provinces: dict[str, int]
    life_domains: dict[str, int]
    kinds_narrators: dict[str, int]
    kinds_statements: dict[str, int]
    first_date: _dt.date | None
    last_date: _dt.date | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "theme_id": self.theme_id, "narrators": self.narrators, "stories": self.stories,
            "statements": self.statements, "share": self.share,
            "share_ci": [self.share_ci.low, self.share_ci.high],
            "municipalities": self.municipalities, "regions": self.regions, "provinces": self.provinces,
            "life_domains": self.life_domains, "kinds_narrators": self.kinds_narrators,
            "kinds_statements": self.kinds_statements,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
        }


@dataclass(eq=False)
class SaturationCurve:
    """Expected number of distinct themes seen after the first k narrators, over random orders.

    ``expected[k-1]`` is exact (the mean over all orders, computed combinatorially);
    ``low``/``high`` are the 10th and 90th percentiles over ``orders`` seeded random orders.
    ``new_per_narrator[k-1]`` is the expected number of new themes the k-th narrator brings.
    """

    scope: str
    narrators: int
    themes: int
    expected: np.ndarray
    low: np.ndarray
    high: np.ndarray
    new_per_narrator: np.ndarray
    orders: int

    @property
    def tail_new(self) -> float:
        """Mean new themes per narrator over the last 10% of narrators (0 = saturated)."""
        if self.narrators == 0:
            return 0.0
        tail = max(1, self.narrators // 10)
        return float(np.mean(self.new_per_narrator[-tail:]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope, "narrators": self.narrators, "themes": self.themes,
            "expected": [round(float(x), 4) for x in self.expected],
            "low": [float(x) for x in self.low], "high": [float(x) for x in self.high],
            "new_per_narrator": [round(float(x), 5) for x in self.new_per_narrator],
            "tail_new": round(self.tail_new, 5), "orders": self.orders,
        }


@dataclass(eq=False)
class BundleResult:
    """Everything one run of the pipeline found. Keys are statement / document / theme ids."""

    statements: tuple[Statement, ...]
    embeddings: np.ndarray
    kinds: dict[str, str]
    themes: tuple[Theme, ...]
    subthemes: tuple[Theme, ...]
    assignment: dict[str, str | None]
    subassignment: dict[str, str | None]
    document_primary_theme: dict[str, str | None]
    document_theme_mix: dict[str, dict[str, float]]
    outlier_share: float
    evidence: dict[str, Evidence]
    saturation: dict[str, SaturationCurve]
    seconds: dict[str, float]
    params: dict[str, Any] = field(default_factory=dict)
    theme_id_map: dict[str, str] = field(default_factory=dict)
    retired_theme_ids: tuple[str, ...] = ()
    # document id -> fingerprint of what was segmented (fields + segmenter); with the statements,
    # a later run can skip segmenting documents that did not change (``Pipeline.run(known_segments=)``)
    document_fingerprints: dict[str, str] = field(default_factory=dict)

    def theme(self, theme_id: str) -> Theme:
        """A theme or sub-theme by id (KeyError if absent)."""
        if getattr(self, "_themes_by_id", None) is None:
            self._themes_by_id = {t.id: t for t in self.themes + self.subthemes}
        return self._themes_by_id[theme_id]

    def statement(self, statement_id: str) -> Statement:
        """A statement by id (KeyError if absent)."""
        if getattr(self, "_statements_by_id", None) is None:
            self._statements_by_id = {s.id: s for s in self.statements}
        return self._statements_by_id[statement_id]

    def outliers(self) -> list[str]:
        return [sid for sid, tid in self.assignment.items() if tid is None]

    def summary(self) -> dict[str, Any]:
        """Everything except vectors, as JSON-friendly data (for comparing runs and for the CLI)."""
        return {
            "statements": len(self.statements),
            "themes": [t.to_dict() | {"centroid": None} for t in self.themes],
            "subthemes": [t.to_dict() | {"centroid": None} for t in self.subthemes],
            "assignment": dict(sorted(self.assignment.items())),
            "kinds": dict(sorted(self.kinds.items())),
            "document_primary_theme": dict(sorted(self.document_primary_theme.items())),
            "document_theme_mix": {k: dict(sorted(v.items())) for k, v in sorted(self.document_theme_mix.items())},
            "outlier_share": self.outlier_share,
            "evidence": {k: v.to_dict() for k, v in sorted(self.evidence.items())},
            "saturation": {k: v.to_dict() for k, v in sorted(self.saturation.items())},
        }
