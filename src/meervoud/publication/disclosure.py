"""Disclosure control: the rules every published number, chart, quote and file goes through.

Plain data in and out (no ORM), so the same rules serve the pages, the files and the API and
can be tested on their own:

- a number resting on fewer than k distinct narrators is never shown;
- a story counts for a municipality, region or province only when its narrator consented to
  sharing with her place ("delen met je gemeente"); otherwise for the whole country only;
- a place with fewer than k narrators is merged upward: municipality -> region -> province ->
  the Netherlands; a breakdown pools its small cells into the next level up the same way, and
  pools named cells too when the total minus the named cells would be 1 to k-1 narrators;
- a quote is attributed to the finest place where at least k narrators (of its theme, and of
  everything analysed) share the whole combination of life domains shown with it, so a rare
  domain, or a rare pair of domains, in a small municipality reads as the region (or less).
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
        """The place's name at that level; "" for the whole country, and for a level the narrator
        did not let be named (she did not consent to sharing with her municipality or region)."""
        return "" if level == "all" else getattr(self, level)

    def finest(self) -> tuple[str, str]:
        """The finest level that may be named for this place, with its name."""
        return next((level, self.at(level)) for level in PLACE_LEVELS if level == "all" or self.at(level))


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
        pending.setdefault(fact.place.finest(), set()).add(fact.narrator)
        named_levels = [(level, fact.place.at(level)) for level in PLACE_LEVELS
                        if level == "all" or fact.place.at(level)]
        parents.update(zip(named_levels, named_levels[1:]))
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


def nested_counts(counts: Mapping[tuple[str, str], int],
                  parents: Mapping[tuple[str, str], tuple[str, str] | None],
                  k: int) -> dict[tuple[str, str], int | None]:
    """Counts of people in nested places (the country, its provinces, their regions), each
    either itself or None. Documents show a few of them side by side (a report: the pool, the
    province, the region) and other documents others, so the rule holds for all of them at once:
    a count under k is never shown, and no shown count minus the shown counts inside it leaves
    1 to k-1 people (6 in the pool, 5 in the province: one lives elsewhere). Then the smallest
    shown part is hidden too (secondary suppression), until nothing small is left over.

    ``parents``: each place's enclosing place, None for the outermost."""
    children: dict[tuple[str, str], list[tuple[str, str]]] = {node: [] for node in counts}
    for node, parent in parents.items():
        if parent is not None and node in counts:
            children.setdefault(parent, []).append(node)
    visible = {node for node, n in counts.items() if n >= k}

    def shown_parts(node):
        """The shown places inside ``node`` that no other shown place inside it holds."""
        parts, pending = [], list(children.get(node, ()))
        while pending:
            child = pending.pop()
            if child in visible:
                parts.append(child)
            else:
                pending.extend(children.get(child, ()))
        return parts

    changed = True
    while changed:
        changed = False
        for node in sorted(visible):
            parts = shown_parts(node)
            rest = counts[node] - sum(counts[part] for part in parts)
            if 0 < rest < k:
                visible.discard(min(parts, key=lambda part: (counts[part], part)))
                changed = True
                break
    return {node: n if node in visible else None for node, n in counts.items()}


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
    """Narrators per place and per (place, life domain), built once so each quote is attributed
    quickly: over everything analysed, or over one theme's facts."""

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

    def sharing(self, level: str, name: str, domains: Iterable[str]) -> int:
        """Narrators at the place who have every one of ``domains`` (in one story or over
        several: a caption tells a reader the person has them all)."""
        people = self.people.get((level, name), set())
        for domain in domains:
            people = people & self.people_in_domain.get((level, name, domain), set())
        return len(people)


def attribute_quote(fact: Fact, index: PlaceIndex, k: int, within: Scope | None = None,
                    shown_places: set[tuple[str, str]] | None = None,
                    shown_domains: set[str] | None = None,
                    theme: PlaceIndex | None = None) -> QuoteAttribution | None:
    """Where a quote may be said to come from without singling its narrator out.

    A caption names a group: "a narrator in gemeente X with domains A and B". Every such group
    must hold at least k narrators, counted for the whole combination, never domain by domain:
    5 narrators with addiction and 5 homeless ones in X may share only one homeless addict.

    The life domains come first, most common first: a domain joins while at least k narrators
    share all chosen ones in the country and, when the quote is shown ``within`` a place (a
    municipality's report only quotes its own narrators, so the reader knows the place anyway),
    in that place too. The place is then the finest level where at least k narrators share all
    of them. None when even the whole country has fewer than k narrators.

    ``theme``: the index of the quote's own theme (the facts the page shows). Then both rules
    count the theme's narrators as well: a caption that puts a quote where the theme has fewer
    than k narrators with those domains tells what the filtered knowledge base hides (it does
    not show a theme resting on fewer than k narrators there).

    ``shown_places``: the (level, name) cells the theme's own place breakdown names. A quote is
    placed no finer than the cell its narrator is counted in: a town the breakdown pooled into
    "overige plaatsen" because fewer than k of the theme's narrators live there is not named
    under a quote either, or the quote would tell who that small group is. ``shown_domains``:
    the same for the theme's life-domain breakdown.
    """
    indexes = [index] if theme is None else [index, theme]

    def enough(level: str, name: str, domains: list[str]) -> bool:
        return all(ix.sharing(level, name, domains) >= k for ix in indexes)

    allowed = [d for d in fact.domains if shown_domains is None or d in shown_domains]
    # the most common domain first, so a rare one gives way rather than a common one
    allowed.sort(key=lambda d: (-indexes[-1].count("all", "", d), d))
    chosen: list[str] = []
    for domain in allowed:
        trial = chosen + [domain]
        if not enough("all", "", trial):
            continue
        if within is not None and within.kind != "all" and \
                index.sharing(within.kind, within.value, trial) < k:
            continue
        chosen = trial
    domains = sorted(chosen)
    for level in PLACE_LEVELS:
        name = fact.place.at(level)
        if level != "all" and (not name or shown_places is not None and (level, name) not in shown_places):
            continue
        if enough(level, name, domains):
            return QuoteAttribution(level, name, tuple(domains))
    return None


_TAG = re.compile(r"\[([A-Z][A-Z-]*[A-Z])(?:-\d+)?\]")


def readable_tags(text: str) -> str:
    """"[PERSOON-1]" -> "[persoon]": numbering helps inside one story, not in a loose quote."""
    return _TAG.sub(lambda m: f"[{m.group(1).lower()}]", text)
