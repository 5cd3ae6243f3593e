"""Labeler: readable theme labels from the statements themselves (class-based TF-IDF).

Each theme is treated as one big document; a term scores high when it is frequent in that theme
and rare in the others (c-TF-IDF, as in BERTopic, re-implemented on scikit-learn's
CountVectorizer). Dutch and English stopwords are shipped as data (scikit-learn has English only).
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .text import neutralise_tags, stopwords

_TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w'’-]*[^\W_]\b"  # words of >= 2 chars, no pure numbers


def corpus_language(langs: Sequence[str]) -> str:
    """Majority language; "mixed" when the runner-up has more than 10%."""
    if not langs:
        return "nl"
    counts = Counter(langs).most_common()
    if len(counts) > 1 and counts[1][1] > 0.1 * len(langs):
        return "mixed"
    return counts[0][0]


@dataclass
class CtfidfLabeler:
    """Keywords and a short label per cluster.

    Parameters: ``n_keywords`` kept per theme, ``label_terms`` shown in the label, ``ngram_range``
    of candidate terms, ``min_df`` (documents a term must occur in), ``max_features`` of the
    vocabulary, ``reduce_frequent`` (square-root term frequencies, dampens very common words).
    """

    n_keywords: int = 8
    label_terms: int = 3
    ngram_range: tuple[int, int] = (1, 2)
    min_df: int = 2
    max_features: int = 50_000
    reduce_frequent: bool = True
    max_per_cluster: int = 600

    @property
    def name(self) -> str:
        return f"ctfidf-v1(ngram={self.ngram_range},min_df={self.min_df})"

    def label(
        self, texts: Sequence[str], clusters: Sequence[str | None], lang: str = "nl",
        max_per_cluster: int | None = None,
    ) -> dict[str, tuple[str, tuple[str, ...]]]:
        """``clusters[i]`` is the cluster key of ``texts[i]`` (None = outlier, left out).

        Returns {cluster key: (label, keywords)}. Deterministic: ties break alphabetically.
        Large clusters are represented by their first ``max_per_cluster`` texts in the given order
        (the pipeline passes statements sorted by content hash: a fixed, order-free sample).
        """
        return self.label_levels(texts, [(clusters, max_per_cluster)], lang)[0]

    def label_levels(
        self, texts: Sequence[str], levels: Sequence[tuple[Sequence[str | None], int | None]],
        lang: str = "nl",
    ) -> list[dict[str, tuple[str, tuple[str, ...]]]]:
        """Several clusterings of the same texts (themes and sub-themes) labelled in one go: the
        texts are tokenised once, which is most of the cost on a large corpus. ``levels`` is a list
        of (cluster key per text, max texts per cluster); returns one {key: (label, keywords)} each."""
        from sklearn.feature_extraction.text import CountVectorizer

        kept: list[list[int]] = []
        for clusters, max_per_cluster in levels:
            cap = max_per_cluster or self.max_per_cluster
            taken: dict[str, int] = {}
            keep = []
            for i, c in enumerate(clusters):
                if c is not None and taken.get(c, 0) < cap:
                    taken[c] = taken.get(c, 0) + 1
                    keep.append(i)
            kept.append(keep)
        rows = sorted(set().union(*kept)) if kept else []
        if not rows:
            return [{} for _ in levels]
        # both lists always: Dutch stories quote English and vice versa; the overlap is harmless
        stop = stopwords("nl") | stopwords("en")
        # de-identification tags ("[PERSOON-1]") are no words of the narrators: never a label
        docs = [neutralise_tags(texts[i]) for i in rows]
        min_df = self.min_df if len(docs) >= 20 * self.min_df else 1
        vec = CountVectorizer(ngram_range=self.ngram_range, token_pattern=_TOKEN_PATTERN,
                              stop_words=sorted(stop), min_df=min_df, max_features=self.max_features,
                              lowercase=True, dtype=np.float32)
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="Your stop_words may be inconsistent")
                x_all = vec.fit_transform(docs).tocsr()
        except ValueError:  # empty vocabulary (only stopwords)
            return [{k: (k, ()) for k in {c for c in clusters if c is not None}} for clusters, _ in levels]
        vocab = vec.get_feature_names_out()
        position = {i: j for j, i in enumerate(rows)}
        return [self._ctfidf(x_all[[position[i] for i in keep]], [clusters[i] for i in keep], vocab)
                for (clusters, _), keep in zip(levels, kept)]

    def _ctfidf(self, x, clusters: list[str], vocab) -> dict[str, tuple[str, tuple[str, ...]]]:
        from scipy.sparse import csr_matrix

        keys = sorted(set(clusters))
        if not keys:
            return {}
        kindex = {k: i for i, k in enumerate(keys)}
        rows = np.array([kindex[c] for c in clusters])
        # class-term matrix (themes x terms); terms absent from this level simply score 0
        onehot = csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, np.arange(len(rows)))),
                            shape=(len(keys), len(rows)))
        tf = (onehot @ x).toarray()
        if self.reduce_frequent:
            tf = np.sqrt(tf)
        df = tf.sum(axis=0)
        avg = tf.sum(axis=1).mean()
        idf = np.log(1.0 + avg / np.maximum(df, 1e-9))
        row_sum = tf.sum(axis=1, keepdims=True)
        row_sum[row_sum == 0] = 1.0
        score = (tf / row_sum) * idf
        out: dict[str, tuple[str, tuple[str, ...]]] = {}
        order_terms = np.argsort(vocab, kind="stable")  # alphabetical rank for tie-breaks
        alpha_rank = np.empty(len(vocab), dtype=np.int64)
        alpha_rank[order_terms] = np.arange(len(vocab))
        for k, i in kindex.items():
            s = score[i]
            nz = np.flatnonzero(s > 0)  # only terms of this theme can be picked: sort those
            cand = nz[np.lexsort((alpha_rank[nz], -s[nz]))][: self.n_keywords * 4]
            picked: list[str] = []
            for j in cand:
                term = str(vocab[j])
                if self._redundant(term, picked):
                    continue
                picked.append(term)
                if len(picked) >= self.n_keywords:
                    break
            label = ", ".join(picked[: self.label_terms]) if picked else k
            if label:
                label = label[0].upper() + label[1:]
            out[k] = (label, tuple(picked))
        return out

    @staticmethod
    def _redundant(term: str, picked: list[str]) -> bool:
        words = set(term.split())
        for p in picked:
            pw = set(p.split())
            if words <= pw or pw <= words:
                return True
            # same stem-ish word ("schuld" / "schulden")
            if len(words) == 1 and len(pw) == 1:
                a, b = term, p
                if len(a) >= 5 and len(b) >= 5 and (a.startswith(b[:-1]) or b.startswith(a[:-1])):
                    return True
        return False


def pick_representatives(
    member_idx: np.ndarray,
    X: np.ndarray,
    centroid: np.ndarray,
    narrators: Sequence[str],
    hashes: Sequence[str],
    n: int = 5,
    min_n: int = 3,
    sims: np.ndarray | None = None,
) -> list[int]:
    """Indices of up to ``n`` statements closest to the centroid, from different narrators first
    and never two with the same content; ties break on content hash. ``sims``: the members'
    cosine to the centroid, when the caller has it already."""
    if len(member_idx) == 0:
        return []
    if sims is None:
        sims = X[member_idx] @ centroid
    sims = np.round(np.asarray(sims).astype(np.float64), 6)
    limit = max(50 * n, 200)
    if len(member_idx) > limit:  # only the closest can be chosen: sort those (and any ties), not all
        cut = np.partition(-sims, limit - 1)[limit - 1]
        near = np.flatnonzero(-sims <= cut)
        member_idx, sims = member_idx[near], sims[near]
    member_hashes = np.array([hashes[i] for i in member_idx])
    order = np.lexsort((member_hashes, -sims))[:limit]  # closest first; ties by hash
    chosen: list[int] = []
    seen_narr: set[str] = set()
    seen_hash: set[str] = set()
    for j in order:
        i = int(member_idx[j])
        if narrators[i] in seen_narr or hashes[i] in seen_hash:
            continue
        chosen.append(i)
        seen_narr.add(narrators[i])
        seen_hash.add(hashes[i])
        if len(chosen) >= n:
            return chosen
    if len(chosen) < min_n:  # too few narrators: fill with the next closest distinct texts
        for j in order:
            i = int(member_idx[j])
            if hashes[i] in seen_hash:
                continue
            chosen.append(i)
            seen_hash.add(hashes[i])
            if len(chosen) >= min_n:
                break
    return chosen


def label_map(labels: Mapping[str, tuple[str, tuple[str, ...]]], key: str) -> tuple[str, tuple[str, ...]]:
    return labels.get(key, (key, ()))
