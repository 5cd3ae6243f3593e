"""Statement kind: helped / hindered / need (need or advice) / other. Dutch and English.

No hosted language model. Two small supervised models, trained at start from labelled example
sentences shipped in ``data/kinds_nl.tsv`` and ``data/kinds_en.tsv`` (written for this project):

* a lexical model: word (1–2) + character (2–5) n-gram TF-IDF with logistic regression, plus
  explicit cue counts ("hielp", "dankzij", "wachtlijst", "zou moeten", "should", ...);
* a semantic model: logistic regression over the sentence embeddings (when the pipeline's
  embedder is a neural model; the training sentences' vectors go through the same cache).

Their class probabilities are averaged. Training takes well under a second plus, the first time,
embedding ~670 short sentences (then cached by content hash).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from .types import KINDS

_CUES: dict[str, list[str]] = {
    "helped": [
        r"\bhielp(en)?\b", r"\bgeholpen\b", r"\bhelpt\b", r"\bdankzij\b", r"\bsteun(de)?\b", r"\bfijn\b",
        r"\bgaf (me|mij) (weer )?(hoop|rust|moed|kracht|vertrouwen)", r"\bopluchting\b", r"\bgelukkig\b",
        r"\bhelped\b", r"\bthanks to\b", r"\bsupport(ed)?\b", r"\bgave me\b", r"\brelief\b", r"\bgrateful\b",
        r"\bmade (all )?the difference\b", r"\bgood\b", r"\bsafe\b", r"\bveilig\b", r"\beindelijk\b", r"\bfinally\b",
    ],
    "hindered": [
        r"\bniet\b", r"\bgeen\b", r"\bnooit\b", r"\bniemand\b", r"\bwachtlijst", r"\bwachttijd", r"\bmoeilijk\b",
        r"\bbang\b", r"\bschaamte\b", r"\bweigerd", r"\bafgewezen\b", r"\bkwijt\b", r"\bstopte\b", r"\bmaanden\b",
        r"\bnot\b", r"\bno\b", r"\bnever\b", r"\bnobody\b", r"\bn't\b", r"\bwaiting list", r"\bafraid\b",
        r"\bshame\b", r"\brefused\b", r"\bturned away\b", r"\blost\b", r"\bhard\b", r"\bworse\b", r"\berger\b",
    ],
    "need": [
        r"\bzou(den)? (moeten|willen|helpen)\b", r"\bmoet(en)?\b", r"\bnodig\b", r"\bbehoefte\b", r"\badvies\b",
        r"\btip\b", r"\bwens\b", r"\bhoop\b", r"\bzorg (dat|voor)\b", r"\bgeef\b", r"\bmaak\b", r"\bbetrek\b",
        r"\bshould\b", r"\bneed(s|ed)?\b", r"\bmust\b", r"\bwish\b", r"\badvi[cs]e\b", r"\bwould (help|like)\b",
        r"\bmake sure\b", r"\bi hope\b", r"\bhad graag\b", r"\bhad gewild\b",
    ],
    "other": [
        r"\b(19|20)\d\d\b", r"\bgeboren\b", r"\bborn\b", r"\bwoon(de)?\b", r"\blived?\b", r"\bwerkte\b",
        r"\bworked\b", r"\bjaar oud\b", r"\byears old\b", r"\bmijn (vader|moeder|broer|zus)\b",
        r"\bmy (father|mother|brother|sister)\b",
    ],
}
_TRAINED: dict[tuple, tuple] = {}  # models trained on the shipped examples, per process

# per kind: one pattern that finds whether any cue is there, then the cues one by one (counted)
_CUE_RES = [(col, re.compile("|".join(f"(?:{p})" for p in _CUES[kind]), re.IGNORECASE),
             [re.compile(p, re.IGNORECASE) for p in _CUES[kind]])
            for col, kind in enumerate(KINDS) if _CUES.get(kind)]


def cue_features(texts: Sequence[str]) -> np.ndarray:
    """Counts of the cue patterns per kind (4 columns), log-scaled."""
    out = np.zeros((len(texts), len(KINDS)), dtype=np.float32)
    for r, t in enumerate(texts):
        for col, any_cue, cues in _CUE_RES:
            if any_cue.search(t):  # most statements have no cue of most kinds: skip them at once
                out[r, col] = sum(1 for rx in cues if rx.search(t))
    return np.log1p(out)


def load_examples(langs: Sequence[str] = ("nl", "en")) -> tuple[list[str], list[str], list[str]]:
    """The shipped labelled sentences: (texts, kinds, langs)."""
    texts: list[str] = []
    kinds: list[str] = []
    out_langs: list[str] = []
    for lang in langs:
        raw = resources.files("meervoud.engine").joinpath("data", f"kinds_{lang}.tsv").read_text("utf-8")
        for line in raw.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            kind, text = line.split("\t", 1)
            if kind not in KINDS:
                raise ValueError(f"kinds_{lang}.tsv: onbekende soort {kind!r}")
            texts.append(text.strip())
            kinds.append(kind)
            out_langs.append(lang)
    return texts, kinds, out_langs


@dataclass
class KindClassifier:
    """Classify statements as helped / hindered / need / other.

    Parameters: ``semantic_weight`` (share of the embedding model in the averaged probabilities;
    0 = lexical only), ``C`` (inverse regularisation of both logistic regressions).
    Use :meth:`fit` with your own examples, or :meth:`fit_default` with the shipped ones.
    """

    semantic_weight: float = 0.6
    C: float = 4.0
    seed: int = 0

    def __post_init__(self) -> None:
        self._lex = None
        self._sem = None
        self.classes_ = np.array(KINDS)

    @property
    def name(self) -> str:
        return f"kinds-v1(sem={self.semantic_weight},C={self.C})"

    # -- training ---------------------------------------------------------------------
    def fit(self, texts: Sequence[str], kinds: Sequence[str], embeddings: np.ndarray | None = None) -> KindClassifier:
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion

        order = sorted(range(len(texts)), key=lambda i: (kinds[i], texts[i]))  # input order never matters
        texts = [texts[i] for i in order]
        kinds = [kinds[i] for i in order]
        union = FeatureUnion([
            ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=1,
                                     token_pattern=r"(?u)\b\w[\w']*\b")),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
        ])
        xl = union.fit_transform(texts)
        xl = hstack([xl, csr_matrix(cue_features(texts))]).tocsr()
        from threadpoolctl import threadpool_limits

        # small problems: one thread. OpenMP workers spinning on a busy machine made this 10x slower.
        with threadpool_limits(limits=1):
            lex = LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced", random_state=self.seed)
            lex.fit(xl, kinds)
        self._lex = (union, lex)
        self._sem = None
        if embeddings is not None and self.semantic_weight > 0:
            e = np.asarray(embeddings, dtype=np.float32)[order]
            with threadpool_limits(limits=1):
                sem = LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced", random_state=self.seed)
                sem.fit(np.hstack([e, cue_features(texts)]), kinds)
            self._sem = sem
        return self

    def fit_default(self, embed_fn=None, model_key: str | None = None) -> KindClassifier:
        """Train on the shipped examples. ``embed_fn(texts) -> vectors`` enables the semantic model.

        With ``model_key`` (e.g. the embedder's name) the trained models are kept for the life of
        the process, so a long-running worker trains once.
        """
        key = (model_key, self.semantic_weight, self.C, self.seed, embed_fn is not None) if model_key else None
        if key is not None and key in _TRAINED:
            self._lex, self._sem = _TRAINED[key]
            return self
        texts, kinds, _ = load_examples()
        emb = embed_fn(texts) if embed_fn is not None else None
        self.fit(texts, kinds, emb)
        if key is not None:
            _TRAINED[key] = (self._lex, self._sem)
        return self

    # -- prediction -------------------------------------------------------------------
    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """(n, 4) probabilities in the order of :data:`KINDS`."""
        if self._lex is None:
            raise RuntimeError("KindClassifier is not trained: call fit() or fit_default() first")
        from scipy.sparse import csr_matrix, hstack

        texts = list(texts)
        if not texts:
            return np.zeros((0, len(KINDS)))
        union, lex = self._lex
        cues = cue_features(texts)
        xl = hstack([union.transform(texts), csr_matrix(cues)]).tocsr()
        p = self._reorder(lex, lex.predict_proba(xl))
        if self._sem is not None and embeddings is not None:
            e = np.asarray(embeddings, dtype=np.float32)
            ps = self._reorder(self._sem, self._sem.predict_proba(np.hstack([e, cues])))
            p = (1 - self.semantic_weight) * p + self.semantic_weight * ps
        return p

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> list[str]:
        p = self.predict_proba(texts, embeddings)
        return [KINDS[i] for i in np.argmax(p, axis=1)] if len(p) else []

    @staticmethod
    def _reorder(model, proba: np.ndarray) -> np.ndarray:
        idx = [list(model.classes_).index(k) if k in model.classes_ else None for k in KINDS]
        out = np.zeros((proba.shape[0], len(KINDS)))
        for j, i in enumerate(idx):
            if i is not None:
                out[:, j] = proba[:, i]
        return out


def apply_field_prior(kind: str, proba: np.ndarray, field: str, strength: float = 0.5) -> str:
    """Statements from the narrator's own "what helped" / "what hindered" answer lean to that kind,
    unless the text clearly says something else (e.g. advice)."""
    if field not in ("helped", "hindered"):
        return kind
    p = np.array(proba, dtype=float)
    p[KINDS.index(field)] += strength
    return KINDS[int(np.argmax(p))]
