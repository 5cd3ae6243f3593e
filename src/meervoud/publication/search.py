"""Finding published themes by their words and by their meaning.

Both searches only look at what is published about a theme (its name, the peer experts'
statement, keywords, sub-themes), so a search can never reveal an unpublished story.
Meaning-based search embeds the question with the same model the engine used and compares it
with each theme's centroid; it is skipped when that model cannot embed a new text (TF-IDF).
"""

from __future__ import annotations

import threading

import numpy as np
from django.conf import settings

from meervoud.core.text import fold
from meervoud.knowledge.models import Theme
from meervoud.publication.selectors import PublishedTheme

SEMANTIC_RESULTS = 5
# e5 cosine similarities sit in a narrow band; below this a theme is not about the question.
SEMANTIC_MIN_SCORE = 0.78

_embedders: dict[str, object] = {}
_embedder_lock = threading.Lock()


def _haystack(theme: PublishedTheme) -> str:
    parts = [theme.title, theme.insight, " ".join(theme.keywords)]
    parts += [title for title, _n in theme.subthemes]
    return fold(" ".join(parts))


def full_text(query: str, themes: list[PublishedTheme]) -> list[PublishedTheme]:
    """Themes containing every word of the query (accents and case ignored)."""
    words = [w for w in fold(query).split() if len(w) > 1]
    if not words:
        return []
    return [theme for theme in themes if all(w in _haystack(theme) for w in words)]


def _query_embedder():
    """One embedder per process: loading the model costs far more than embedding a question."""
    from meervoud.engine.embed import make_embedder

    spec = settings.MEERVOUD_EMBEDDER
    with _embedder_lock:
        if spec not in _embedders:
            _embedders[spec] = make_embedder(spec)
        return _embedders[spec]


def warm_up() -> None:
    """Load the model now, so that the first visitor's question does not wait for it."""
    if semantic_available():
        embedder = _query_embedder()
        with _embedder_lock:
            embedder.embed(["opwarmen"])


def semantic_available() -> bool:
    return getattr(_query_embedder(), "cacheable", True)


def by_meaning(query: str, themes: list[PublishedTheme]) -> list[tuple[PublishedTheme, float]]:
    """The themes closest in meaning to the query, best first, with their cosine similarity."""
    if not query.strip() or not themes or not semantic_available():
        return []
    embedder = _query_embedder()
    centroids = dict(Theme.objects.filter(pk__in=[t.pk for t in themes]).values_list("pk", "centroid"))
    with _embedder_lock:
        vector = embedder.embed([query.strip()])[0]
    scored = []
    for theme in themes:
        raw = centroids.get(theme.pk)
        if raw is None:
            continue
        centroid = np.frombuffer(bytes(raw), dtype=np.float32)
        if centroid.shape != vector.shape:
            continue  # analysed with another model; only word search applies
        norm = float(np.linalg.norm(centroid)) or 1.0
        scored.append((theme, float(vector @ centroid) / norm))
    scored.sort(key=lambda item: (-item[1], item[0].key))
    return [(theme, score) for theme, score in scored[:SEMANTIC_RESULTS] if score >= SEMANTIC_MIN_SCORE]
