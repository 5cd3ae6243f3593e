"""The de-identification pipeline: collect candidate spans from all recognisers,
resolve overlaps, and replace each span by a Dutch tag."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from . import age_words, context, institutions, patterns
from .deduce_backend import deduce_spans
from .lexicon import KnownNames, normalise, countries, organisations, places, strip_possessive
from .model import KINDS, Annotation, Result
from .spans import Span, resolve, widen_names

LANGS = ("nl", "en")


class Deidentifier:
    """Configurable de-identifier; call it with a text.

    social_domain: add Meervoud's lists and rules for the social domain (care and
        welfare organisations, shelters, providers named after "Stichting" and the like,
        extra villages and foreign cities, named streets, names after kinship words).
        Off, you get deduce plus the pattern recognisers (ages in words among them),
        which is the baseline the benchmark compares with.
    replace_countries: also replace countries and continents (off by default:
        where someone comes from is part of the story, and not who tells it).
    use_deduce: run deduce (names, places, institutions); off only for tests or
        environments without the lookup lists.
    """

    def __init__(
        self,
        *,
        lang: str = "nl",
        social_domain: bool = True,
        replace_countries: bool = False,
        use_deduce: bool = True,
    ) -> None:
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
        self.lang = lang
        self.social_domain = social_domain
        self.replace_countries = replace_countries
        self.use_deduce = use_deduce

    def __call__(self, text: str, known_names: Sequence[str] = (), *, lang: str | None = None,
                 numbers: dict[str, dict[str, int]] | None = None) -> Result:
        """``numbers``: pass one dict to all texts of one story (title, text, answers) so a person
        has one number in all of them; it is filled in place. It holds the names themselves:
        keep it in memory, never store or show it."""
        lang = lang or self.lang
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
        if isinstance(known_names, str):
            known_names = [known_names]
        names = KnownNames(known_names)
        spans = widen_names(text, resolve(self._candidates(text, names, lang)))
        # widening may make a country of a place ("Zeeland" -> "Nieuw-Zeeland")
        spans = _settle_countries(text, spans, self.replace_countries)
        return _render(text, spans, names, numbers)

    def _candidates(self, text: str, names: KnownNames, lang: str) -> list[Span]:
        found: list[Span] = list(patterns.find_patterns(text, lang))
        found.extend(age_words.find_age_words(text, lang))
        found.extend(names.find(text))
        if self.use_deduce:
            deduced = context.refine_person_spans(text, list(deduce_spans(text)), lang)
            if lang == "en":
                deduced = context.drop_english_false_names(text, deduced)
            found.extend(deduced)
        if self.social_domain:
            found.extend(organisations().find(text))
            found.extend(institutions.find_named_institutions(text))
            found.extend(places().find(text))
            found.extend(patterns.find_bare_streets(text))
            cued = list(context.find_context_names(text, lang))
            found.extend(cued)
            found.extend(context.find_lower_case_names(text, lang))
            found.extend(context.find_extra_first_names(text))
            found.extend(context.repeat_person_words(text, found, cued))
        if self.replace_countries:
            found.extend(countries().find(text))
        return _settle_countries(text, found, self.replace_countries)


def _settle_countries(text: str, spans: list[Span], replace: bool) -> list[Span]:
    """deduce tags some countries as places and some as surnames ("Vlaanderen").
    A country is a place: replaced as one, or left alone like all countries."""
    names = {e.text for e in countries().entries}
    out = []
    for span in spans:
        if span.kind in {"location", "person"} and span.key is None and text[span.start : span.end] in names:
            if not replace:
                continue
            span = Span(span.start, span.end, "location", span.tier)
        out.append(span)
    return out


# ---------------------------------------------------------------- rendering


def _render(text: str, spans: Iterable[Span], names: KnownNames,
            numbers: dict[str, dict[str, int]] | None = None) -> Result:
    spans = list(spans)
    numbering = _Numbering(text, spans, names, {} if numbers is None else numbers)
    out: list[str] = []
    annotations: list[Annotation] = []
    pos = 0
    for span in spans:
        out.append(text[pos : span.start])
        out.append(numbering.tag(span))
        annotations.append(Annotation(span.start, span.end, span.kind, text[span.start : span.end]))
        pos = span.end
    out.append(text[pos:])
    counts = Counter(a.kind for a in annotations)
    return Result("".join(out), annotations, dict(sorted(counts.items())))


_EXISTING_TAG = re.compile(r"\[([A-Z-]+?)-(\d{1,6})\]")


class _Numbering:
    """Gives each distinct person, place or organisation in one text its own
    number, in order of first appearance; the same name keeps its number.

    ``numbers`` (kind -> identity -> number) may come from the story's other texts, or from the
    first pass over a text the narrator then reviewed: a known person keeps their number. Numbers
    already in the text (a reviewed text where the narrator typed a new name next to
    "[PERSOON-1]") are not given out again: the new name is another person, not PERSOON-1."""

    def __init__(self, text: str, spans: list[Span], names: KnownNames,
                 numbers: dict[str, dict[str, int]]) -> None:
        self._ids = numbers
        taken: dict[str, int] = {}
        for match in _EXISTING_TAG.finditer(text):
            taken[match[1]] = max(taken.get(match[1], 0), int(match[2]))
        self._identity: dict[Span, str] = {}
        person_identity = _person_identities(text, [s for s in spans if s.kind == "person"], names)
        for span in spans:
            label, numbered = KINDS[span.kind]
            if not numbered:
                continue
            if span.kind == "person":
                identity = person_identity[span]
            elif span.kind == "organisation":
                identity = institutions.identity(text[span.start : span.end])
            else:
                identity = normalise(text[span.start : span.end])
            per_kind = self._ids.setdefault(span.kind, {})
            if identity not in per_kind:
                per_kind[identity] = max(taken.get(label, 0), *per_kind.values(), 0) + 1
            self._identity[span] = identity

    def tag(self, span: Span) -> str:
        label, numbered = KINDS[span.kind]
        if not numbered:
            return f"[{label}]"
        return f"[{label}-{self._ids[span.kind][self._identity[span]]}]"


_TITLE = re.compile(
    r"^(?:meneer|mevrouw|mevr\.?|dhr\.?|mw\.?|juffrouw|dokter|dr\.?|mr\.?|ome|tante|oom|opa|oma|"
    r"mr|mrs|ms|miss)\s+",
    re.IGNORECASE,
)


def _person_identities(text: str, spans: list[Span], names: KnownNames) -> dict[Span, str]:
    """Identity of each person span. Known names keep their intake entry; a lone
    first or last name that belongs to exactly one fuller name in the same text
    ("Jan" next to "Jan de Vries") is taken to be that person."""
    bare = {}
    for span in spans:
        surface = strip_possessive(text[span.start : span.end])
        surface = _TITLE.sub("", surface)
        bare[span] = normalise(surface)

    identity: dict[Span, str] = {}
    for span in spans:
        identity[span] = span.key or names.key_for(bare[span]) or names.key_for(_strip_s(bare[span])) or bare[span]

    # Which full names each single word belongs to.
    owners: dict[str, set[str]] = {}
    for span in spans:
        words = bare[span].split()
        if len(words) > 1:
            for word in words:
                if len(word) > 1 and word not in {"van", "de", "der", "den", "ter", "ten", "het"}:
                    owners.setdefault(word, set()).add(identity[span])
    for span in spans:
        word = bare[span]
        if span.key is None and " " not in word:
            candidates = owners.get(word) or owners.get(_strip_s(word))
            if candidates and len(candidates) == 1:
                identity[span] = next(iter(candidates))
    return identity


def _strip_s(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


# ---------------------------------------------------------------- shared instance

_defaults = {True: Deidentifier(), False: Deidentifier(social_domain=False)}


def deidentify(
    text: str,
    known_names: Sequence[str] = (),
    *,
    lang: str = "nl",
    social_domain: bool = True,
    numbers: dict[str, dict[str, int]] | None = None,
) -> Result:
    """De-identify one text with a shared default configuration (``numbers``: see
    :meth:`Deidentifier.__call__`)."""
    return _defaults[bool(social_domain)](text, known_names, lang=lang, numbers=numbers)
