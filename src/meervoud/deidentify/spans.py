"""Candidate spans from all recognisers, and how overlapping candidates are resolved."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Tiers decide overlaps before length does. Structured identifiers (checked
# numbers, e-mail, ...) are trusted over lexicon and name guesses, and what the
# narrator told us at intake is trusted over deduce's guesses.
TIER_GUESS = 1
TIER_KNOWN = 2
TIER_PATTERN = 3

# Kinds that are proper names: overlapping candidates of one of these kinds are
# joined into one span, so a name is never cut in half ("Jan" + "Jan de Vries").
NAME_KINDS = frozenset({"person", "location", "organisation"})
# Joined the same way: an address with a name in it ("Hugo de Grootstraat 7") that one
# recogniser finds whole and another only in part.
JOINED_KINDS = NAME_KINDS | {"address"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    tier: int = TIER_GUESS
    # Identity for numbering, e.g. the known-names entry a person match came from.
    key: str | None = None
    # Breaks ties between equally long guesses: our curated lists (rank 1) know
    # that "Ixta Noa" is an organisation better than deduce's first-name list.
    rank: int = 0

    @property
    def length(self) -> int:
        return self.end - self.start


def _union_same_kind(spans: list[Span]) -> list[Span]:
    """Join overlapping (not merely touching) name and address spans of the same kind."""
    joined: list[Span] = []
    for kind in sorted(JOINED_KINDS):
        group = sorted((s for s in spans if s.kind == kind), key=lambda s: (s.start, -s.end))
        current: Span | None = None
        for span in group:
            if current is not None and span.start < current.end:
                current = Span(
                    current.start,
                    max(current.end, span.end),
                    kind,
                    max(current.tier, span.tier),
                    current.key or span.key,
                    max(current.rank, span.rank),
                )
            else:
                if current is not None:
                    joined.append(current)
                current = span
        if current is not None:
            joined.append(current)
    others = [s for s in spans if s.kind not in JOINED_KINDS]
    return joined + others


def resolve(spans: list[Span]) -> list[Span]:
    """Sorted, non-overlapping spans: highest tier first, then the longest, then
    the best ranked, then the earliest."""
    candidates = _union_same_kind([s for s in spans if s.end > s.start])
    candidates.sort(key=lambda s: (-s.tier, -s.length, -s.rank, s.start))
    chosen: list[Span] = []
    for span in candidates:
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def at_sentence_start(text: str, pos: int) -> bool:
    """True when only whitespace, quotes or opening brackets stand between pos and
    the start of the text, a sentence end or a line break: there a capital proves nothing."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'“‘«(-–•*":
        i -= 1
    return i < 0 or text[i] in ".!?:\n\r"


# A capitalised word before a place or organisation that belongs to its name: the article of
# "bij De Noorderbrug", "in De Wijert", and the first word of "Nieuwe Buinen", "Oost Groningen"
# when a recogniser knew only the second. Left out, "Nieuwe [LOCATIE-1]" gives half the name away.
_ARTICLES = r"De|Het|Den|'t|’t"
_PLACE_WORDS = (
    r"Nieuw|Nieuwe|Oud|Oude|Groot|Grote|Klein|Kleine|Hoog|Hoge|Laag|Lage|Noord|Zuid|Oost|West|"
    r"Sint|St\.|Ter|Ten|Boven|Beneden|Midden"
)
_BEFORE_ORGANISATION = re.compile(rf"(?<![\w-])(?:{_ARTICLES})[ \t]+$")
_BEFORE_PLACE = re.compile(rf"(?<![\w-])(?:(?:{_ARTICLES}|{_PLACE_WORDS})[ \t]+|(?:{_PLACE_WORDS})-)$")


def widen_names(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` (sorted, not overlapping) with such a word taken into the place or organisation
    after it; not at a sentence start, where a capital proves nothing, unless a hyphen joins it."""
    out: list[Span] = []
    for span in spans:
        rx = {"organisation": _BEFORE_ORGANISATION, "location": _BEFORE_PLACE}.get(span.kind)
        floor = out[-1].end if out else 0
        match = rx.search(text, max(floor, span.start - 12), span.start) if rx else None
        if match and (match.group(0).endswith("-") or not at_sentence_start(text, match.start())):
            span = Span(match.start(), span.end, span.kind, span.tier, span.key, span.rank)
        out.append(span)
    return out
