"""Name lists kept as editable data (organisations, extra places) and the
matcher for the names a narrator gives at intake."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .spans import TIER_GUESS, TIER_KNOWN, Span, at_sentence_start

_APOSTROPHES = "'’`‘"
# Words that join the parts of a name but are no name on their own.
_PARTICLES = frozenset(
    "van de der den het ten ter te 'van 'de in 't op aan bij la le du da di del della von zu "
    "el al bin ben ibn mc mac".split()
)


def _token_pattern(token: str) -> str:
    out = []
    for ch in token:
        out.append(f"[{re.escape(_APOSTROPHES)}]" if ch in _APOSTROPHES else re.escape(ch))
    return "".join(out)


def phrase_pattern(phrase: str, joiner: str = r"[\s-]*") -> str:
    """Regex for a phrase whose words may be joined by spaces, hyphens or nothing
    ("Ixta Noa", "IxtaNoa", "Ixta-Noa")."""
    tokens = [t for t in re.split(r"[\s-]+", phrase.strip()) if t]
    return joiner.join(_token_pattern(t) for t in tokens)


@dataclass(frozen=True)
class Entry:
    text: str
    exact_case: bool


def read_entries(lines: Iterable[str]) -> list[Entry]:
    """One name per line; '#' starts a comment line; a leading '=' means the name
    is also an ordinary word and only counts when written with its capitals."""
    entries = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        exact = line.startswith("=")
        name = line[1:].strip() if exact else line
        if name:
            entries.append(Entry(name, exact))
    return entries


class PhraseList:
    """Finds the entries of a name list in a text, longest entry first."""

    def __init__(self, entries: Sequence[Entry], kind: str, *, default_exact: bool = False) -> None:
        self.kind = kind
        self.entries = list(entries)
        exact = [e for e in self.entries if e.exact_case or default_exact]
        loose = [e for e in self.entries if not (e.exact_case or default_exact)]
        self._exact = self._compile(exact, 0)
        self._loose = self._compile(loose, re.IGNORECASE)
        # Single ordinary words ("Fier", "Perspectief") may be capitalised only
        # because they open a sentence.
        self._ambiguous_single = {
            e.text for e in exact if e.exact_case and not re.search(r"[\s-]", e.text)
        }

    @staticmethod
    def _compile(entries: Sequence[Entry], flags: int) -> re.Pattern[str] | None:
        if not entries:
            return None
        names = sorted({e.text for e in entries}, key=len, reverse=True)
        body = "|".join(phrase_pattern(n) for n in names)
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w])", flags)

    def find(self, text: str) -> Iterator[Span]:
        if self._exact is not None:
            for m in self._exact.finditer(text):
                if m.group(0) in self._ambiguous_single and at_sentence_start(text, m.start()):
                    continue
                yield Span(m.start(), m.end(), self.kind, TIER_GUESS, rank=1)
        if self._loose is not None:
            for m in self._loose.finditer(text):
                yield Span(m.start(), m.end(), self.kind, TIER_GUESS, rank=1)


def _data_lines(filename: str) -> list[str]:
    return resources.files(__package__).joinpath("data", filename).read_text("utf-8").splitlines()


@lru_cache(maxsize=None)
def organisations() -> PhraseList:
    return PhraseList(read_entries(_data_lines("organisations.txt")), "organisation")


@lru_cache(maxsize=None)
def places() -> PhraseList:
    # Places are always written with a capital; matching them exactly keeps
    # villages such as "Ee" or "Wirdum" from hitting ordinary words.
    return PhraseList(read_entries(_data_lines("places.txt")), "location", default_exact=True)


@lru_cache(maxsize=None)
def countries() -> PhraseList:
    return PhraseList(read_entries(_data_lines("countries.txt")), "location", default_exact=True)


# ---------------------------------------------------------------- known names

_POSSESSIVE = r"(?:[" + re.escape(_APOSTROPHES) + r"]s|[" + re.escape(_APOSTROPHES) + r"]|s)?"


def normalise(name: str) -> str:
    return " ".join(name.casefold().split())


def _derived_parts(name: str) -> list[str]:
    """From a full name the parts people use on their own: the first name and the
    surname with its particles ("Jan de Vries" -> "Jan", "de Vries", "Vries")."""
    tokens = name.split()
    if len(tokens) < 2:
        return []
    parts = []
    if tokens[0].casefold() not in _PARTICLES and len(tokens[0]) > 1:
        parts.append(tokens[0])
    surname = tokens[1:]
    while surname and surname[0].casefold() in _PARTICLES:
        surname = surname[1:]
    if surname:
        rest = " ".join(tokens[1:])
        parts.append(rest)
        if rest != " ".join(surname):
            parts.append(" ".join(surname))
    return parts


class KnownNames:
    """Matches the names given at intake: the given form in any capitalisation,
    derived parts only when capitalised; possessives ("Jans", "Petra's") included."""

    def __init__(self, names: Sequence[str]) -> None:
        given: dict[str, str] = {}  # normalised name -> key
        for name in names:
            name = " ".join(str(name).split())
            if len(name) < 2:
                continue
            given.setdefault(normalise(name), f"known:{normalise(name)}")

        derived: dict[str, set[str]] = {}
        for name_norm, key in given.items():
            for part in _derived_parts(name_norm):
                if part not in given:
                    derived.setdefault(part, set()).add(key)
        # A part shared by two people ("de Vries") points at neither of them.
        self.aliases: dict[str, str] = dict(given)
        self._derived = {part: keys.pop() for part, keys in derived.items() if len(keys) == 1}
        self.aliases.update(self._derived)
        self._given_rx = self._compile(given)
        self._derived_rx = self._compile(self._derived)

    @staticmethod
    def _compile(names: dict[str, str]) -> re.Pattern[str] | None:
        if not names:
            return None
        body = "|".join(phrase_pattern(n, r"[\s-]+") for n in sorted(names, key=len, reverse=True))
        return re.compile(rf"(?<![\w])({body}){_POSSESSIVE}(?![\w])", re.IGNORECASE)

    def __bool__(self) -> bool:
        return bool(self.aliases)

    def key_for(self, surface: str) -> str | None:
        return self.aliases.get(normalise(strip_possessive(surface)))

    def find(self, text: str) -> Iterator[Span]:
        if self._given_rx is not None:
            for m in self._given_rx.finditer(text):
                yield Span(m.start(), m.end(), "person", TIER_KNOWN, self.key_for(m.group(1)))
        if self._derived_rx is not None:
            for m in self._derived_rx.finditer(text):
                last_word = m.group(1).split()[-1]
                if last_word[:1].isupper():
                    yield Span(m.start(), m.end(), "person", TIER_KNOWN, self.key_for(m.group(1)))


def strip_possessive(surface: str) -> str:
    return re.sub(r"[" + re.escape(_APOSTROPHES) + r"]s?$", "", surface.strip())
