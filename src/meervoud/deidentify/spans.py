"""Candidate spans from all recognisers, and how overlapping candidates are resolved."""

from __future__ import annotations

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
