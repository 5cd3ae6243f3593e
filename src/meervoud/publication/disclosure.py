"""Disclosure control: the rules every published number, chart, quote and file goes through.

Plain data in and out (no ORM), so the same rules serve the pages, the files and the API and
can be tested on their own:

- a number resting on fewer than k distinct narrators is never shown;
- a place with fewer than k narrators is merged upward: municipality -> region -> province ->
  the Netherlands; a breakdown pools its small cells into the next level up the same way, and
  pools named cells too when the total minus the named cells would be 1 to k-1 narrators;
- a quote is attributed to the finest place where each life domain shown with it still has at
  least k narrators, so a rare domain in a small municipality reads as the region (or less).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings

PLACE_LEVELS = ("municipality", "region", "province", "all")


def k_threshold() -> int:
    return settings.MEERVOUD_MIN_NARRATORS


@dataclass(frozen=True)
class Place:
    """Where a story was told, with the levels it merges up to."""

    municipality: str
    region: str
    province: str

    def at(self, level: str) -> str:
        return "" if level == "all" else getattr(self, level)


@dataclass(frozen=True)
class Scope:
    """What a reader asked for: a place (or everywhere), optionally one life domain and level.

    ``Scope("domain", slug)`` is shorthand for everywhere, that life domain.
    """

    kind: str = "all"
    value: str = ""
    domain: str = ""
    level: str = ""

    def __post_init__(self):
        if self.kind == "domain":
            object.__setattr__(self, "domain", self.value)
            object.__setattr__(self, "kind", "all")
            object.__setattr__(self, "value", "")
        if self.kind not in PLACE_LEVELS:
            raise ValueError(f"Unknown scope kind {self.kind!r}")
        if self.kind == "all":
            object.__setattr__(self, "value", "")

    def widened(self, place: Place) -> Scope:
        """The same scope one place level up (the place gives the names of the levels above)."""
        following = PLACE_LEVELS[PLACE_LEVELS.index(self.kind) + 1]
        return Scope(following, place.at(following), self.domain, self.level)


@dataclass(frozen=True)
class Fact:
    """One statement of a theme, reduced to what disclosure control needs."""

    theme: str
    narrator: str
    story: int
    place: Place
    domains: frozenset[str]
    level: str
    kind: str


def in_scope(fact: Fact, scope: Scope) -> bool:
    if scope.kind != "all" and fact.place.at(scope.kind) != scope.value:
        return False
    if scope.domain and scope.domain not in fact.domains:
        return False
    return not scope.level or fact.level == scope.level


def narrators(facts: Iterable[Fact]) -> set[str]:
    return {fact.narrator for fact in facts}


def effective_scope(facts: list[Fact], scope: Scope, k: int,
                    place: Place | None = None) -> tuple[Scope, set[str]] | None:
    """Widen the place until the scope holds at least k narrators; None if even the whole country
    does not (then nothing may be shown for it). ``place`` names the levels above the scope's
    place; without it they are taken from the facts (a place without stories cannot widen)."""
    if place is None and scope.kind != "all":
        place = next((f.place for f in facts if f.place.at(scope.kind) == scope.value), None)
        if place is None:
            return None
    while True:
        people = narrators(fact for fact in facts if in_scope(fact, scope))
        if len(people) >= k:
            return scope, people
        if scope.kind == "all":
            return None
        scope = scope.widened(place)


def shown(count: int, k: int) -> int | None:
    """The number itself, or None when it rests on fewer than k narrators."""
    return count if count >= k else None


@dataclass
class Cell:
    level: str
    name: str
    narrators: int | None


def place_breakdown(facts: Iterable[Fact], k: int) -> list[Cell]:
    """Narrators per municipality; small municipalities pooled into their region, small regions
    into their province, small provinces into "the rest of the country" (name ""), and that rest
    only shown when it reaches k itself.

    The theme's total is published too, so a hidden rest of 1 to k-1 narrators would be the
    total minus the shown cells. Then the smallest shown cells join the rest until it reaches k
    (secondary suppression); the rest is shown with its size."""
    pending: dict[tuple[str, str], set[str]] = {}
    parents: dict[tuple[str, str], tuple[str, str]] = {}
    for fact in facts:
        key = ("municipality", fact.place.municipality)
        pending.setdefault(key, set()).add(fact.narrator)
        parents[key] = ("region", fact.place.region)
        parents[("region", fact.place.region)] = ("province", fact.place.province)
        parents[("province", fact.place.province)] = ("all", "")
    order = {level: i for i, level in enumerate(PLACE_LEVELS)}
    named: list[tuple[Cell, set[str]]] = []
    rest: set[str] = set()
    for level in PLACE_LEVELS:
        pooled: dict[tuple[str, str], set[str]] = {}
        for key, people in pending.items():
            if key[0] != level:
                pooled.setdefault(key, set()).update(people)
            elif level == "all":
                rest |= people
            elif len(people) >= k:
                named.append((Cell(level, key[1], len(people)), people))
            else:
                pooled.setdefault(parents[key], set()).update(people)
        pending = pooled
    named.sort(key=lambda item: (-(item[0].narrators or 0), order[item[0].level], item[0].name))
    while named and 0 < len(rest - set().union(*(people for _c, people in named))) < k:
        rest |= named.pop()[1]  # the smallest cell joins the rest
    cells = [cell for cell, _people in named]
    if rest:
        cells.append(Cell("all", "", shown(len(rest), k)))
    return cells


def value_breakdown(people_by_value: Mapping[str, set[str]], k: int) -> dict[str, int]:
    """Narrators per value (life domain, kind), keeping only values with at least k narrators."""
    counts = {value: len(people) for value, people in people_by_value.items() if len(people) >= k}
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


@dataclass
class QuoteAttribution:
    place_level: str
    place: str
    domains: tuple[str, ...] = field(default_factory=tuple)


class PlaceIndex:
    """Narrators per place and per (place, life domain) over everything analysed, built once so
    each quote is attributed in constant time."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self.people: dict[tuple[str, str], set[str]] = {}
        self.people_in_domain: dict[tuple[str, str, str], set[str]] = {}
        for fact in facts:
            for level in PLACE_LEVELS:
                name = fact.place.at(level)
                self.people.setdefault((level, name), set()).add(fact.narrator)
                for domain in fact.domains:
                    self.people_in_domain.setdefault((level, name, domain), set()).add(fact.narrator)

    def count(self, level: str, name: str, domain: str = "") -> int:
        if domain:
            return len(self.people_in_domain.get((level, name, domain), ()))
        return len(self.people.get((level, name), ()))


def attribute_quote(fact: Fact, index: PlaceIndex, k: int, within: Scope | None = None,
                    shown_places: set[tuple[str, str]] | None = None,
                    shown_domains: set[str] | None = None) -> QuoteAttribution | None:
    """Where a quote may be said to come from without singling its narrator out.

    Domains shown with the quote are those with at least k narrators in the country and, when
    the quote is shown ``within`` a place (a municipality's report only quotes its own
    narrators, so the reader knows the place anyway), in that place too. The place is the
    finest level at which the place itself and each shown domain within it reach k. None when
    even the whole country has fewer than k narrators.

    ``shown_places``: the (level, name) cells the theme's own place breakdown names. A quote is
    placed no finer than the cell its narrator is counted in: a town the breakdown pooled into
    "overige plaatsen" because fewer than k of the theme's narrators live there is not named
    under a quote either, or the quote would tell who that small group is. ``shown_domains``:
    the same for the theme's life-domain breakdown.
    """
    domains = tuple(sorted(d for d in fact.domains if index.count("all", "", d) >= k and (
        within is None or within.kind == "all" or index.count(within.kind, within.value, d) >= k)
        and (shown_domains is None or d in shown_domains)))
    for level in PLACE_LEVELS:
        name = fact.place.at(level)
        if shown_places is not None and level != "all" and (level, name) not in shown_places:
            continue
        if index.count(level, name) < k:
            continue
        if all(index.count(level, name, d) >= k for d in domains):
            return QuoteAttribution(level, name, domains)
    return None


_TAG = re.compile(r"\[([A-Z][A-Z-]*[A-Z])(?:-\d+)?\]")


def readable_tags(text: str) -> str:
    """"[PERSOON-1]" -> "[persoon]": numbering helps inside one story, not in a loose quote."""
    return _TAG.sub(lambda m: f"[{m.group(1).lower()}]", text)
