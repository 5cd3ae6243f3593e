"""Labeler: readable theme labels from the statements themselves (class-based TF-IDF).

Each theme is treated as one big document; a term scores high when it is frequent in that theme
and rare in the others (c-TF-IDF, as in BERTopic, re-implemented on scikit-learn's
CountVectorizer). Dutch and English stopwords are shipped as data (scikit-learn has English only).

A label should say what a theme is about, not how its narrators talk. Three rules keep the way of
telling ("niks, hoef, snapte") out of labels:

* candidate terms are content words: no stopwords (closed classes: pronouns, modal verbs,
  fillers), no numbers, spelled out or not; a two-word term is two words that stand side by side
  in one clause ("slechte nachten"), never a pair that only met after stopwords were removed;
* nouns are preferred, the words that name things. Whether a word is used as a noun is read from
  the corpus itself, with a handful of closed-class cue words per language (``data/wordclass_*``):
  the share of its occurrences right after a determiner, quantifier or preposition ("de
  wachtlijst", "zonder adres", "twee ervaringsdeskundigen"), with occurrences that look like a
  verb or adjective counting against it ("snapte ik", "hoef je", "niet boos", "het ergste"). A
  term's c-TF-IDF score is multiplied by that share, so no list of verbs or adjectives is needed,
  and a word seen once without cues keeps a middling weight (tiny corpora);
* when the narrator of each text is known, a term must come from at least ``min_narrators``
  narrators of the theme (one person's way of speaking is no theme), and the term frequency counts
  narrators, not repetitions. A theme with no such term still gets its best terms, unless
  ``strict_narrators``: then it gets no keywords, and its label is only a hint for whoever
  names it (a label without keywords is never a published name). A published label is a fact about
  the narrators who use its words, so the web app labels strictly with ``min_narrators = k``.

With ``lemmatize``, the inflections of a word are one term ("schuld" and "schulden", "debt" and
"debts", see ``lemma.py``): five narrators who say "wachtlijst" or "wachtlijsten" are five
narrators of one word. A label shows the form the theme's own statements use most, not the lemma
("lange wachtlijsten", not "lang wachtlijst"). Every function here that finds keywords in a text
compares lemmas as well, always, so a keyword is found in all its inflections.

With ``lemmatize="nouns"`` only the inflections of nouns are one term: a word is pooled with its
other forms when those forms together are used as a noun (the noun share above, counted per lemma
over the whole corpus, at least ``NOUN_POOL_SHARE``). Verbs keep their forms apart ("keek", "kijk",
"gekeken"), as without lemmas, so a verb form rarely reaches ``min_narrators`` on its own and
names no theme in place of the things its narrators speak of.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from .lemma import NAME as LEMMA_NAME
from .lemma import lemma
from .text import TAG_RE, neutralise_tags, stopwords

# "nouns": a lemma whose forms together have at least this noun share is pooled. A noun follows a
# determiner or preposition 0.6 to 0.95 of the time, a verb or adjective below 0.35; a word seen
# once without a cue has 1/3 and stays as written.
NOUN_POOL_SHARE = 0.5
_TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w'’-]*[^\W_]\b"  # words of >= 2 chars, no pure numbers
_WORD_RE = re.compile(_TOKEN_PATTERN)
# a two-word term never spans a clause boundary
_CLAUSE_RE = re.compile(r"[.,;:!?()\[\]{}\"“”„…–—/]+|\s[-‐]\s|\n")
# Spelled-out numbers are numbers too ("acht", "achttien", "achtenvijftig", "tweede",
# "twenty-five", "anderhalf"): built from the number morphemes of Dutch and English.
_NL_UNIT = r"(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)"
_NL_TEEN = r"(?:tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien)"
_NL_TENS = r"(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)"
_NL_NUMBER = (rf"(?!(?:de|ste)$)(?=.)(?:{_NL_UNIT}?(?:honderd|duizend))*"
              rf"(?:{_NL_UNIT}|{_NL_TEEN}|(?:{_NL_UNIT}[eë]n)?{_NL_TENS})?(?:de|ste)?"
              rf"|anderhalf|half|halve|eerste|derde|miljoen|miljard|nul")
_EN_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_EN_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_EN_NUMBER = (rf"{_EN_TENS}(?:-{_EN_UNIT})?|{_EN_UNIT}|ten|eleven|twelve"
              rf"|(?:thir|four|fif|six|seven|eigh|nine)teen"
              rf"|hundred|thousand|million|first|third|fifth|eighth|ninth|twelfth"
              rf"|(?:four|six|seven|ten|eleven|(?:thir|four|fif|six|seven|eigh|nine)teen|hundred|thousand)th"
              rf"|(?:twent|thirt|fort|fift|sixt|sevent|eight|ninet)ieth")
_NUMBER_RE = re.compile(rf"(?:{_NL_NUMBER})|(?:{_EN_NUMBER})")
# Dutch pronominal adverbs ("ervan", "daarmee", "waarover", "hiervoor"): "er/daar/hier/waar" and a
# preposition, a closed class written as one word
_NL_PRONOMINAL_ADVERB_RE = re.compile(
    r"(?:er|daar|hier|waar)(?:aan|achter|af|bij|binnen|boven|buiten|door|in|langs|mee|na|naar|naast"
    r"|om|onder|op|over|tegen|toe|tussen|uit|van|voor|zonder)")


@lru_cache(maxsize=1 << 16)
def is_function_word(word: str) -> bool:
    """A closed-class word recognised by its form: a spelled-out number or a Dutch pronominal
    adverb (stopwords are the listed ones)."""
    return is_number_word(word) or _NL_PRONOMINAL_ADVERB_RE.fullmatch(word.casefold()) is not None


@lru_cache(maxsize=1 << 16)  # called for every word of every sampled statement
def is_number_word(word: str) -> bool:
    """A spelled-out (cardinal or ordinal) number in Dutch or English: "acht", "achttien",
    "achtenvijftig", "tweede", "twenty-five"."""
    return _NUMBER_RE.fullmatch(word.casefold()) is not None


@lru_cache(maxsize=None)
def word_class_cues() -> dict[str, frozenset[str]]:
    """Closed-class cue words of Dutch and English together, by section of
    ``data/wordclass_{nl,en}.txt``: "noun" (before a noun), "pronoun" (after a verb), "other"
    (before a word that is no noun)."""
    sections: dict[str, set[str]] = {"noun": set(), "pronoun": set(), "other": set()}
    for code in ("nl", "en"):
        data = resources.files("meervoud.engine").joinpath("data", f"wordclass_{code}.txt").read_text("utf-8")
        for line in data.splitlines():
            line = line.split("#", 1)[0].strip().casefold()
            if line:
                section, word = line.split(None, 1)
                sections[section].add(word)
    return {k: frozenset(v) for k, v in sections.items()}


@lru_cache(maxsize=None)
def all_label_stopwords() -> frozenset[str]:
    return stopwords("nl") | stopwords("en")


def _terms_of(analysed: tuple[list[str], list, list[str] | None]) -> list[str]:
    return analysed[0]


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
    vocabulary, ``reduce_frequent`` (square-root term frequencies, dampens very common words),
    ``prefer_nouns`` (weight terms by how often their word is used as a noun in the corpus),
    ``min_narrators`` (when narrators are given: narrators of a theme a term must come from),
    ``strict_narrators`` (never fall back to terms of fewer narrators: a theme without a term of
    ``min_narrators`` narrators gets no keywords, and as its label only a provisional hint made
    of the words fewer narrators use, or "" without any; needs the narrators), ``lemmatize``
    (inflections of a word are one term; keywords and label show the form its theme uses most;
    ``"nouns"``: only of the words the corpus uses as nouns, see ``NOUN_POOL_SHARE``).
    """

    n_keywords: int = 8
    label_terms: int = 3
    ngram_range: tuple[int, int] = (1, 2)
    min_df: int = 2
    max_features: int = 50_000
    reduce_frequent: bool = True
    max_per_cluster: int = 600
    prefer_nouns: bool = True
    min_narrators: int = 2
    strict_narrators: bool = False
    lemmatize: bool | str = False  # False, True or "nouns"

    def __post_init__(self) -> None:
        if self.lemmatize not in (False, True, "nouns"):
            raise ValueError(f"lemmatize must be False, True or 'nouns', not {self.lemmatize!r}")

    @property
    def name(self) -> str:
        return (f"ctfidf-v2(ngram={self.ngram_range},min_df={self.min_df},"
                f"nouns={self.prefer_nouns},min_narrators={self.min_narrators}"
                f"{',strict' if self.strict_narrators else ''}"
                f"{self._lemma_name()})")

    def _lemma_name(self) -> str:
        if self.lemmatize == "nouns":
            return f",lemma-nouns({NOUN_POOL_SHARE})={LEMMA_NAME}"
        return f",lemma={LEMMA_NAME}" if self.lemmatize else ""

    def label(
        self, texts: Sequence[str], clusters: Sequence[str | None], lang: str = "nl",
        max_per_cluster: int | None = None, narrators: Sequence[str] | None = None,
    ) -> dict[str, tuple[str, tuple[str, ...]]]:
        """``clusters[i]`` is the cluster key of ``texts[i]`` (None = outlier, left out);
        ``narrators[i]``, when given, the narrator of ``texts[i]``.

        Returns {cluster key: (label, keywords)}. Deterministic: ties break alphabetically.
        Large clusters are represented by their first ``max_per_cluster`` texts in the given order
        (the pipeline passes statements sorted by content hash: a fixed, order-free sample).
        """
        return self.label_levels(texts, [(clusters, max_per_cluster)], lang, narrators=narrators)[0]

    def label_levels(
        self, texts: Sequence[str], levels: Sequence[tuple[Sequence[str | None], int | None]],
        lang: str = "nl", narrators: Sequence[str] | None = None,
    ) -> list[dict[str, tuple[str, tuple[str, ...]]]]:
        """Several clusterings of the same texts (themes and sub-themes) labelled in one go: the
        texts are tokenised once, which is most of the cost on a large corpus. ``levels`` is a list
        of (cluster key per text, max texts per cluster); returns one {key: (label, keywords)} each.
        ``narrators`` (one per text, optional): a term must then come from ``min_narrators``
        narrators of a theme (if any term does; always, when ``strict_narrators``), and counts once
        per narrator."""
        from sklearn.feature_extraction.text import CountVectorizer

        if self.strict_narrators and narrators is None:
            raise ValueError("strict_narrators needs the narrator of each text")

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
        # de-identification tags ("[PERSOON-1]") are no words of the narrators: never a label
        analysed = [self._analyse(neutralise_tags(texts[i])) for i in rows]
        pooled: frozenset[str] | None = None  # the lemmas that are one term, with "nouns"
        if self.lemmatize == "nouns":
            analysed, pooled = self._pool_nouns(analysed)
        min_df = self.min_df if len(analysed) >= 20 * self.min_df else 1
        vec = CountVectorizer(analyzer=_terms_of, min_df=min_df, max_features=self.max_features,
                              dtype=np.float32)
        try:
            x_all = vec.fit_transform(analysed).tocsr()
        except ValueError:  # empty vocabulary (only stopwords)
            return [{k: self._unnamed(k) for k in {c for c in clusters if c is not None}}
                    for clusters, _ in levels]
        vocab = vec.get_feature_names_out()
        weight = self._noun_weight(analysed, vocab, pooled) if self.prefer_nouns else None
        position = {i: j for j, i in enumerate(rows)}
        return [self._ctfidf(x_all[[position[i] for i in keep]], [clusters[i] for i in keep], vocab, weight,
                             [narrators[i] for i in keep] if narrators is not None else None,
                             self._surface_forms(analysed, [position[i] for i in keep], [clusters[i] for i in keep])
                             if self.lemmatize else None, pooled or frozenset())
                for (clusters, _), keep in zip(levels, kept)]

    @staticmethod
    def _surface_forms(analysed, rows: list[int], clusters: list[str]):
        """How a theme shows its (lemma) terms: the form its own texts use most, ties
        alphabetically ("wachtlijsten" where most say so). Counted only for the terms picked."""
        rows_of: dict[str, list[int]] = {}
        for r, c in zip(rows, clusters):
            rows_of.setdefault(c, []).append(r)

        def shown(key: str, terms: list[str]) -> list[str]:
            wanted = set(terms)
            forms: dict[str, Counter[str]] = {t: Counter() for t in terms}
            for r in rows_of.get(key, ()):
                found, _, surfaces = analysed[r]
                for term, surface in zip(found, surfaces):
                    if term in wanted:
                        forms[term][surface] += 1
            return [min(forms[t].items(), key=lambda fc: (-fc[1], fc[0]))[0] if forms[t] else t for t in terms]
        return shown

    def _analyse(self, text: str) -> tuple[list[str], list[tuple[str, str, int, int]], list[str] | None]:
        """(candidate terms, word-class evidence, surface forms) of one text. Terms: content words
        and, when ``ngram_range`` allows, runs of content words that stand side by side in one
        clause; with ``lemmatize`` made of lemmas, and the surface forms (one per term, the words
        as written) are kept to show them by; else None. Evidence: (content word or its lemma,
        the word as written, noun cue 0/1, other cue 0/1) per occurrence; the cues read the words
        as written. With "nouns" the terms are lemmas until :meth:`_pool_nouns` has seen the corpus."""
        # both lists always: Dutch stories quote English and vice versa; the overlap is harmless
        stop = all_label_stopwords()
        cues = word_class_cues()
        noun_cue, pronoun, other_cue = cues["noun"], cues["pronoun"], cues["other"]
        lo, hi = self.ngram_range
        lemmatize = self.lemmatize
        terms: list[str] = []
        surfaces: list[str] | None = [] if lemmatize else None
        evidence: list[tuple[str, str, int, int]] = []
        for clause in _CLAUSE_RE.split(text.casefold()):
            words = _WORD_RE.findall(clause.replace("’", "'"))
            lemmas = [lemma(w) for w in words] if lemmatize else words
            # a form of a stopword is one too ("geweest" of "zijn")
            content = [w not in stop and not is_function_word(w) and lm not in stop
                       for w, lm in zip(words, lemmas)]
            run: list[int] = []
            for i, w in enumerate(words):
                if not content[i]:
                    run = []
                    continue
                prev = words[i - 1] if i > 0 else ""
                nxt = words[i + 1] if i + 1 < len(words) else ""
                # "de wachtlijst", "een lange wachtlijst" (an inflected adjective in between) ...
                noun = (prev in noun_cue or is_number_word(prev)
                        or (i > 1 and words[i - 2] in noun_cue and content[i - 1] and prev.endswith("e")))
                # ... but "een lange" itself is an adjective before its noun; and "het ergste",
                # "de laatste" are superlatives and ordinals (Dutch "-ste"), no nouns
                modifier = noun and w.endswith("e") and i + 1 < len(words) and content[i + 1]
                superlative = len(w) > 5 and w.endswith("ste")
                if modifier or superlative:
                    noun = False
                # "snapte ik", "hoef je": a finite verb before its subject (a pronoun *before* a word is
                # no cue: "toen kreeg ik hulp", "dronken we koffie")
                other = modifier or superlative or prev in other_cue or nxt in pronoun
                evidence.append((lemmas[i], w, int(noun), int(other)))
                run.append(i)
                for n in range(max(lo, 1), hi + 1):
                    if len(run) >= n:
                        terms.append(" ".join(lemmas[j] for j in run[-n:]))
                        if surfaces is not None:
                            surfaces.append(" ".join(words[j] for j in run[-n:]))
        return terms, evidence, surfaces

    @staticmethod
    def _noun_counts(analysed, by_lemma: bool) -> tuple[Counter[str], Counter[str], Counter[str]]:
        """(occurrences, noun cues, non-noun cues) per lemma or per word as written."""
        seen: Counter[str] = Counter()
        noun: Counter[str] = Counter()
        other: Counter[str] = Counter()
        for _, evidence, _ in analysed:
            for lm, w, a, b in evidence:
                key = lm if by_lemma else w
                seen[key] += 1
                noun[key] += a
                other[key] += b
        return seen, noun, other

    @classmethod
    def _pool_nouns(cls, analysed) -> tuple[list, frozenset[str]]:
        """The "nouns" option: a lemma whose forms together are used as a noun (share at least
        ``NOUN_POOL_SHARE``) stays one term; every other word of a term goes back to its form as
        written. Read from the whole sample, so the choice is the same in any order of the texts.
        Returns the analysed texts with their terms rewritten, and the pooled lemmas."""
        seen, noun, other = cls._noun_counts(analysed, by_lemma=True)
        pooled = frozenset(lm for lm, n in seen.items()
                           if (noun[lm] + 1.0) / (n + other[lm] + 2.0) >= NOUN_POOL_SHARE)

        def term(lemmas: str, written: str) -> str:
            if " " not in lemmas:
                return lemmas if lemmas in pooled else written
            return " ".join(lm if lm in pooled else w for lm, w in zip(lemmas.split(" "), written.split(" ")))
        # a word kept as written can never be a pooled lemma: its lemma would be that word itself
        return [([term(t, s) for t, s in zip(terms, surfaces)], evidence, surfaces)
                for terms, evidence, surfaces in analysed], pooled

    @classmethod
    def _noun_weight(cls, analysed, vocab, pooled: frozenset[str] | None = None) -> np.ndarray:
        """Per term: how often its word is used as a noun, (noun cues + 1) / (occurrences +
        non-noun cues + 2): a noun follows a determiner or preposition most of the time (0.6 to
        0.95 in the demo stories), verbs and adjectives hardly ever (below 0.35); a non-noun cue
        counts against it, and a word seen once without cues keeps a middling 1/3. A phrase takes
        the share of its last word, the head of a Dutch or English noun phrase ("slechte nachten").
        Counted per lemma with ``lemmatize``; with "nouns" (``pooled`` given), per lemma for the
        pooled ones and per word as written for the rest (the words the terms are made of)."""
        by_lemma = cls._noun_counts(analysed, by_lemma=True)  # without lemmas a word is its own
        by_word = cls._noun_counts(analysed, by_lemma=False) if pooled is not None else by_lemma
        heads = [str(t).rsplit(" ", 1)[-1] for t in vocab]
        weights = []
        for h in heads:
            seen, noun, other = by_lemma if (pooled is None or h in pooled) else by_word
            weights.append((noun[h] + 1.0) / (seen[h] + other[h] + 2.0))
        return np.array(weights, dtype=np.float64)

    def _ctfidf(self, x, clusters: list[str], vocab, weight: np.ndarray | None = None,
                narrators: list[str] | None = None, shown=None,
                pooled: frozenset[str] = frozenset()) -> dict[str, tuple[str, tuple[str, ...]]]:
        """``shown(key, terms)``: the terms as a theme shows them (the surface forms of lemmas);
        ``pooled``: the lemmas that are one term ("nouns")."""
        from scipy.sparse import csr_matrix

        if shown is None:
            def shown(_key, terms):
                return terms

        keys = sorted(set(clusters))
        if not keys:
            return {}
        kindex = {k: i for i, k in enumerate(keys)}
        rows = np.array([kindex[c] for c in clusters])
        # class-term matrix (themes x terms); terms absent from this level simply score 0
        onehot = csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, np.arange(len(rows)))),
                            shape=(len(keys), len(rows)))
        count = (onehot @ x).toarray()
        tf = count
        eligible = None
        if narrators is not None:
            # one narrator's repetitions count once: (theme, narrator) pairs first, then themes
            pairs = sorted({(c, n) for c, n in zip(clusters, narrators)})
            pindex = {p: i for i, p in enumerate(pairs)}
            prow = np.array([pindex[(c, n)] for c, n in zip(clusters, narrators)])
            to_pair = csr_matrix((np.ones(len(prow), dtype=np.float32), (prow, np.arange(len(prow)))),
                                 shape=(len(pairs), len(prow)))
            used = ((to_pair @ x) > 0).astype(np.float32)
            pair_theme = np.array([kindex[c] for c, _ in pairs])
            to_theme = csr_matrix((np.ones(len(pairs), dtype=np.float32), (pair_theme, np.arange(len(pairs)))),
                                  shape=(len(keys), len(pairs)))
            tf = (to_theme @ used).toarray()
            if self.strict_narrators:
                eligible = tf >= self.min_narrators
            else:  # a term of one narrator only is a way of speaking, unless the theme has one narrator
                theme_narrators = np.bincount(pair_theme, minlength=len(keys))
                eligible = tf >= np.minimum(self.min_narrators, theme_narrators)[:, None]
        if self.reduce_frequent:
            tf = np.sqrt(tf)
        df = tf.sum(axis=0)
        avg = tf.sum(axis=1).mean()
        idf = np.log(1.0 + avg / np.maximum(df, 1e-9))
        row_sum = tf.sum(axis=1, keepdims=True)
        row_sum[row_sum == 0] = 1.0
        score = (tf / row_sum) * idf
        if weight is not None:
            score = score * weight[None, :]
        lenient = score
        if eligible is not None:
            shared = np.where(eligible, score, 0.0)
            # leniently, a theme without any such term keeps its best terms all the same
            lenient = np.where((shared > 0).any(axis=1, keepdims=True), shared, score)
            score = shared if self.strict_narrators else lenient
        phrases_of: dict[str, list[int]] = {}  # word -> indices of the two-word terms it is part of
        for j, t in enumerate(vocab):
            for w in str(t).split(" ") if " " in t else ():
                phrases_of.setdefault(w, []).append(j)
        order_terms = np.argsort(vocab, kind="stable")  # alphabetical rank for tie-breaks
        alpha_rank = np.empty(len(vocab), dtype=np.int64)
        alpha_rank[order_terms] = np.arange(len(vocab))

        def pick(row: np.ndarray, i: int) -> list[str]:
            nz = np.flatnonzero(row > 0)  # only terms of this theme can be picked: sort those
            cand = nz[np.lexsort((alpha_rank[nz], -row[nz]))][: self.n_keywords * 4]
            picked: list[str] = []
            for j in cand:
                term = self._phrase_for(int(j), i, vocab, count, phrases_of, row)
                if self._redundant(term, picked, stems=self.lemmatize is not True, pooled=pooled):
                    continue
                picked.append(term)
                if len(picked) >= self.n_keywords:
                    break
            return picked

        out: dict[str, tuple[str, tuple[str, ...]]] = {}
        for k, i in kindex.items():
            picked = shown(k, pick(score[i], i))
            if picked:
                out[k] = (label_from_terms(picked, self.label_terms), tuple(picked))
            elif self.strict_narrators:
                # no keywords, but a provisional label of the words fewer narrators use: a hint
                # for whoever names the theme, which a caller must not publish
                out[k] = (label_from_terms(shown(k, pick(lenient[i], i)), self.label_terms), ())
            else:
                out[k] = self._unnamed(k)
        return out

    def _unnamed(self, key: str) -> tuple[str, tuple[str, ...]]:
        """A theme without a term to name it by: strictly no label; else its key, which the
        pipeline replaces by the start of a statement."""
        return ("" if self.strict_narrators else key), ()

    @staticmethod
    def _phrase_for(j: int, theme: int, vocab, count: np.ndarray, phrases_of: dict[str, list[int]],
                    score: np.ndarray) -> str:
        """A word that, in this theme, nearly always stands in one phrase is shown as that phrase
        ("waiting" -> "waiting list", "warme" -> "warme overdracht")."""
        term = str(vocab[j])
        if " " in term or count[theme, j] < 2:  # a word said once is in a phrase by chance
            return term
        best = None
        for b in phrases_of.get(term, ()):
            if count[theme, b] >= 0.8 * count[theme, j] and score[b] > 0:
                key = (-score[b], str(vocab[b]))
                if best is None or key < best:
                    best = key
        return best[1] if best is not None else term

    @staticmethod
    def _redundant(term: str, picked: list[str], stems: bool = True, pooled: frozenset[str] = frozenset()) -> bool:
        """``stems``: two words alike but for their ending are one ("schuld", "schulden"); with
        lemmas the inflections are one term already, and "schuld" and "schuldhulp" are two words
        (with "nouns": when both are ``pooled`` lemmas; a verb's forms stay apart, "wachtte" and
        "wachten" are still one)."""
        words = set(term.split())
        for p in picked:
            pw = set(p.split())
            if words <= pw or pw <= words:
                return True
            # same stem-ish word ("schuld" / "schulden")
            if stems and len(words) == 1 and len(pw) == 1 and not (term in pooled and p in pooled):
                a, b = term, p
                if len(a) >= 5 and len(b) >= 5 and (a.startswith(b[:-1]) or b.startswith(a[:-1])):
                    return True
        return False


def keyword_spans(text: str, keywords: Sequence[str]) -> list[tuple[int, int]]:
    """Where ``text`` names one of ``keywords``: character spans, in order, not overlapping.

    Whole words, case-insensitively and in any inflection (lemmas are compared: "wachtlijst"
    marks "wachtlijsten"); a two-word keyword as two adjacent words (the longest keyword wins);
    never inside a de-identification tag."""
    single, longer = _keyword_sets(keywords)
    matches = list(_WORD_RE.finditer(_plain(text)))
    words = [lemma(m.group().casefold()) for m in matches]
    spans, i = [], 0
    while i < len(words):
        n = next((n for n, wanted in longer.items() if tuple(words[i:i + n]) in wanted), 0) or (
            1 if words[i] in single else 0)
        if n:
            spans.append((matches[i].start(), matches[i + n - 1].end()))
        i += max(n, 1)
    return spans


def label_from_terms(terms: Sequence[str], n: int = CtfidfLabeler.label_terms) -> str:
    """A label as the labeler writes it: the first ``n`` terms, the first letter a capital."""
    label = ", ".join(terms[:n])
    return label[:1].upper() + label[1:]


def label_from_statement(text: str, words: int = 6) -> str:
    """A label for a theme without any content word to name it ("Dat weet ik niet meer."):
    the start of its most representative statement, never the theme's internal id."""
    parts = neutralise_tags(text).split()
    label = " ".join(parts[:words]).rstrip(".,;:!?") + ("…" if len(parts) > words else "")
    return label[:1].upper() + label[1:] if label else "…"


def keyword_share(texts: Sequence[str], keywords: Sequence[str], *, prepared: bool = False) -> float:
    """Share of ``texts`` that name at least one of ``keywords``: those with a ``keyword_spans``
    hit, found here without the offsets (the label step runs it on every statement).
    ``prepared``: the texts are already :func:`keyword_line`s (a caller checking them twice)."""
    single, longer = _keyword_sets(keywords)
    if not texts or not (single or longer):
        return 0.0
    # words hold no spaces, so a run of words is a keyword exactly when " a b " is in " ... a b ... "
    wanted = [f" {w} " for w in sorted(single)]
    wanted += [f" {' '.join(words)} " for phrases in longer.values() for words in sorted(phrases)]
    lines = texts if prepared else (keyword_line(text) for text in texts)
    return sum(any(k in line for k in wanted) for line in lines) / len(texts)


def keyword_line(text: str) -> str:
    """The lemmas of the words of ``text`` between single spaces (" de wachtlijst " for "De
    wachtlijsten"): the form in which :func:`keyword_share` looks for keywords (see
    :func:`keyword_form`)."""
    return f" {' '.join(lemma(w.casefold()) for w in _WORD_RE.findall(_plain(text)))} "


def keyword_form(keyword: str) -> str:
    """A keyword as :func:`keyword_line` writes it (" lang wachtlijst " for "lange wachtlijsten"):
    ``keyword_form(k) in keyword_line(text)`` when ``text`` names ``k`` in any inflection."""
    return f" {' '.join(lemma(w) for w in keyword.casefold().split())} "


def _keyword_sets(keywords: Sequence[str]) -> tuple[frozenset[str], dict[int, frozenset[tuple[str, ...]]]]:
    """One-word keywords, and longer ones by length (longest first), as lemmas."""
    parts = [tuple(keyword_form(k).split()) for k in keywords if k.strip()]
    longer: dict[int, set] = {}
    for words in parts:
        if len(words) > 1:
            longer.setdefault(len(words), set()).add(words)
    return (frozenset(words[0] for words in parts if len(words) == 1),
            {n: frozenset(longer[n]) for n in sorted(longer, reverse=True)})


def _plain(text: str) -> str:
    """Tags blanked and the apostrophe unified, without moving any offset."""
    if "[" in text:
        text = TAG_RE.sub(lambda m: " " * len(m.group()), text)
    return text.replace("’", "'")


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
