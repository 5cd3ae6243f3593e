"""Segmenter: a story into statements (sentences, or clauses of long/contrasting sentences).

Rule-based, Dutch and English, no model. Every statement keeps its character offsets into
the field it came from, so ``field_text[start:end] == statement.text`` always holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import TOKEN_RE, all_stopwords, content_hash, neutralise_tags, tokens
from .types import Document, Statement

# Abbreviations that never end a sentence (a capital after them is a name or a noun).
_ABBREV_NEVER_FINAL = {
    # Dutch
    "bijv.", "bv.", "bijvoorbeeld.", "o.a.", "a.d.h.v.", "d.m.v.", "d.w.z.", "i.p.v.", "i.v.m.", "m.b.t.",
    "m.b.v.", "m.i.v.", "n.a.v.", "o.b.v.", "t.a.v.", "t.b.v.", "t.o.v.", "t/m.", "v.w.b.", "z.g.a.n.", "zgn.",
    "resp.", "ca.", "dhr.", "mevr.", "mw.", "mr.", "dr.", "drs.", "ir.", "ing.", "prof.", "st.", "nr.", "no.",
    "blz.", "p.", "pag.", "jl.", "a.s.", "evt.", "incl.", "excl.", "max.", "min.", "tel.", "vnl.", "ong.",
    "gem.", "afd.", "hfst.", "art.", "jr.", "sr.", "vgl.", "zie.", "m.a.w.", "i.o.m.", "a.u.b.", "s.v.p.",
    "w.o.", "e.v.", "dd.", "vs.", "wmo.", "c.q.", "z.s.m.",
    # English
    "e.g.", "i.e.", "eg.", "ie.", "mrs.", "ms.", "vs.", "approx.", "dept.", "fig.", "no.", "st.", "u.s.",
    "u.k.", "a.m.", "p.m.", "cf.", "al.",
}
# Abbreviations that may end a sentence: split only when a capital follows.
_ABBREV_MAYBE_FINAL = {"enz.", "etc.", "e.d.", "e.a.", "e.v.a.", "jr.", "inc.", "ltd.", "co."}

_BOUNDARY = re.compile(r"([.!?…]+)([\"'”’»)\]]*)(\s+)")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_BULLET = re.compile(r"^\s*(?:[-*•·▪–—]|\(?\d{1,2}[.)]|\(?[a-zA-Z][)])\s+")
_CLAUSE = re.compile(
    r"(?:;\s+|,\s+(?=(?:maar|echter|alleen|terwijl|but|however|although|whereas|yet)\b))",
    re.IGNORECASE,
)
_SOFT = re.compile(r",\s+|\s+(?=(?:en|and|of|or|want|omdat|because|so)\s)", re.IGNORECASE)
# leading quotes, brackets, dashes; but keep the apostrophe of Dutch "'s avonds", "'t", "'n"
# "[" is junk unless it opens a de-identification tag ("[PERSOON-2] neemt me mee"): cutting it
# would leave "PERSOON-2]", which no longer reads (or is recognised) as a tag
_LEADING_JUNK = re.compile(
    r"^(?:[\s\"“”«»()\]\-*•·▪–—:;,]|\[(?![A-Z][A-Z-]*[A-Z](?:-\d+)?\])|['‘’](?![stnSTN]\b))+")
_TRAILING_WS = re.compile(r"\s+$")


def _word_count(text: str) -> int:
    return len(TOKEN_RE.findall(text))


def content_word_count(text: str) -> int:
    """Words that carry content: not a stopword (Dutch or English), not a number, not a tag."""
    stop = all_stopwords()
    return sum(1 for w in tokens(neutralise_tags(text)) if len(w) > 1 and not w.isdigit() and w not in stop)


@dataclass
class SentenceSegmenter:
    """Split text into sentences; split long or contrasting sentences into clauses.

    Parameters
    ----------
    min_words, min_chars:
        Fragments shorter than this are dropped ("Ja.", "Nou ja.").
    clauses:
        Also split at ";" and at a comma before a contrast word (maar, alleen, but, ...)
        when both parts keep at least ``min_clause_words`` words. Such sentences often
        carry two kinds ("de coach hielp, maar de wachtlijst was lang").
    max_chars:
        Run-on sentences longer than this are cut at commas/conjunctions into pieces.
    min_content_words:
        A sentence with fewer content words than this ("Dat wou ik vertellen.", "Het werd
        stil.") says what it says only with its neighbour, so it joins the sentence before it
        (the one after it when it opens the paragraph), as long as the two stay under
        ``max_chars``. Alone such sentences cluster by how people talk, not what they say.
        0 = keep every sentence apart.
    """

    min_words: int = 3
    min_chars: int = 10
    clauses: bool = True
    min_clause_words: int = 4
    max_chars: int = 400
    min_content_words: int = 2

    @property
    def name(self) -> str:
        return (f"sentences-v2(min_words={self.min_words},clauses={self.clauses},max_chars={self.max_chars},"
                f"min_content_words={self.min_content_words})")

    # -- public API -------------------------------------------------------------------
    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans (start, end) of the statements in ``text``."""
        out: list[tuple[int, int]] = []
        for b_start, b_end in self._blocks(text):
            for s_start, s_end in self._join_thin(text, self._sentences(text, b_start, b_end)):
                for c_start, c_end in self._clauses(text, s_start, s_end):
                    span = self._trim(text, c_start, c_end)
                    if span and self._keep(text[span[0] : span[1]]):
                        out.append(span)
        return out

    def split(self, text: str) -> list[str]:
        return [text[a:b] for a, b in self.spans(text)]

    def segment(self, doc: Document, fields: tuple[str, ...] = ("text", "helped", "hindered")) -> list[Statement]:
        """Statements of one document, from its story text and its helped/hindered answers."""
        statements: list[Statement] = []
        seen: dict[str, int] = {}
        for field in fields:
            value = getattr(doc, field, "") or ""
            for start, end in self.spans(value):
                piece = value[start:end]
                h = content_hash(piece)
                n = seen.get(h, 0)
                seen[h] = n + 1
                sid = f"{doc.id}:{h[:12]}" + (f".{n}" if n else "")
                statements.append(
                    Statement(
                        id=sid, document_id=doc.id, text=piece, lang=doc.lang,
                        start=start, end=end, content_hash=h, field=field,
                    )
                )
        return statements

    # -- internals --------------------------------------------------------------------
    def _keep(self, piece: str) -> bool:
        return len(piece) >= self.min_chars and _word_count(piece) >= self.min_words

    def _join_thin(self, text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Sentences of one block, each thin one joined to its neighbour (see ``min_content_words``)."""
        if not self.min_content_words or len(sentences) < 2:
            return sentences

        def thin(a: int, b: int) -> bool:
            return content_word_count(text[a:b]) < self.min_content_words

        groups: list[list[int]] = []
        for a, b in sentences:
            if groups and thin(a, b) and b - groups[-1][0] <= self.max_chars:
                groups[-1][1] = b
            else:
                groups.append([a, b])
        if len(groups) > 1 and thin(*groups[0]) and groups[1][1] - groups[0][0] <= self.max_chars:
            groups[1][0] = groups[0][0]
            del groups[0]
        return [(a, b) for a, b in groups]

    @staticmethod
    def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
        piece = text[start:end]
        m = _LEADING_JUNK.match(piece)
        lead = m.end() if m else 0
        bullet = _BULLET.match(piece[lead:])
        if bullet:
            lead += bullet.end()
        m2 = _TRAILING_WS.search(piece)
        trail = len(piece) - m2.start() if m2 else 0
        a, b = start + lead, end - trail
        # drop a dangling separator at the end (clause cut before "; " or ", ")
        while b > a and text[b - 1] in ",;:-–— \t\n":
            b -= 1
        if b <= a:
            return None
        return a, b

    @staticmethod
    def _blocks(text: str) -> list[tuple[int, int]]:
        """Hard blocks: blank lines, and single newlines that start a bullet or a capitalised line."""
        blocks: list[tuple[int, int]] = []
        pos = 0
        for m in _BLANK_LINE.finditer(text):
            blocks.append((pos, m.start()))
            pos = m.end()
        blocks.append((pos, len(text)))
        out: list[tuple[int, int]] = []
        for a, b in blocks:
            start = a
            i = text.find("\n", a, b)
            while i != -1:
                nxt = text[i + 1 : b].lstrip(" \t")
                prev = text[start:i].rstrip()
                if nxt and (_BULLET.match(nxt) or nxt[0].isupper() or nxt[0].isdigit() or
                            (prev and prev[-1] in ".!?:…")):
                    out.append((start, i))
                    start = i + 1
                i = text.find("\n", i + 1, b)
            out.append((start, b))
        return [(a, b) for a, b in out if text[a:b].strip()]

    @staticmethod
    def _is_abbreviation(text: str, punct_start: int, next_char: str) -> bool:
        # the token that ends at the period
        j = punct_start
        while j > 0 and not text[j - 1].isspace() and text[j - 1] not in "([\"'“‘":
            j -= 1
        token = text[j : punct_start + 1].casefold()
        if token in _ABBREV_NEVER_FINAL:
            return True
        if token in _ABBREV_MAYBE_FINAL:
            return not (next_char.isupper() or next_char.isdigit())
        core = token[:-1]
        if len(core) == 1 and core.isalpha():  # initial: "J. Jansen", "a. b."
            return True
        if re.fullmatch(r"(?:[a-z]\.){1,}[a-z]", core):  # o.a, d.w.z, e.g
            return True
        if core.isdigit() and next_char.islower():  # "op 3. januari" / list numbers
            return True
        return False

    def _sentences(self, text: str, a: int, b: int) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        start = a
        for m in _BOUNDARY.finditer(text, a, b):
            punct, after = m.group(1), m.end()
            if after >= b:
                break
            next_char = text[after]
            if punct == "." and self._is_abbreviation(text, m.start(1), next_char):
                continue
            if punct == "." and next_char.islower() and text[m.start(1) - 1 : m.start(1)].isdigit():
                continue
            out.append((start, m.end(2)))
            start = after
        out.append((start, b))
        return out

    def _clauses(self, text: str, a: int, b: int) -> list[tuple[int, int]]:
        pieces = [(a, b)]
        if self.clauses:
            pieces = self._cut(text, a, b, _CLAUSE, self.min_clause_words)
        out: list[tuple[int, int]] = []
        for pa, pb in pieces:
            out.extend(self._cut_long(text, pa, pb))
        return out

    @staticmethod
    def _cut(text: str, a: int, b: int, pattern: re.Pattern, min_words: int) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        start = a
        for m in pattern.finditer(text, a, b):
            left = text[start : m.start()]
            right = text[m.end() : b]
            if _word_count(left) >= min_words and _word_count(right) >= min_words:
                out.append((start, m.start()))
                start = m.end()
        out.append((start, b))
        return out

    def _cut_long(self, text: str, a: int, b: int) -> list[tuple[int, int]]:
        if b - a <= self.max_chars:
            return [(a, b)]
        # cut at the soft boundary closest to the middle, recursively
        mid = (a + b) // 2
        best = None
        for m in _SOFT.finditer(text, a + self.max_chars // 4, b - self.max_chars // 4):
            if best is None or abs(m.start() - mid) < abs(best.start() - mid):
                best = m
        if best is None:
            # no soft boundary: cut at the whitespace nearest the middle
            left = text.rfind(" ", a, mid)
            if left <= a:
                return [(a, b)]
            return self._cut_long(text, a, left) + self._cut_long(text, left + 1, b)
        return self._cut_long(text, a, best.start()) + self._cut_long(text, best.end(), b)
