"""What is published is checked for words that point to a person once more when it is read.

A theme's name and collective statement and a good practice's texts are refused when they are
written and when a theme is validated (``knowledge.identifying``, ``practices.identifying``).
Text validated or published before that rule, before the detector learned a new pattern, or
before a place left the register, never met it, and would stay on every published page, file
and API answer. So the readers' gate (``publication.selectors`` for themes,
``practices.selectors`` and ``GoodPractice.is_published`` for practices) leaves out what fails
the same check now: withheld whole, as if not validated (or published) yet, never shown with
the words cut out (what is left around a cut can still tell who it was). Curators see why on
their own pages; ``meervoud check_published`` lists it for an administrator.

The check runs once per data stamp (the themes' with the published facts, the practices' with
their own stamp below), and each text is checked once per process (``_hits``): a reader never
waits for the de-identifier, a reload only for texts that changed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, Max, Q

# A theme's texts that are public: its name (the peer experts', else the analysis's label, as
# the Kennisbank shows it) and its collective statement. A sub-theme shows its name only.
THEME_FIELDS = ("name", "insight")


@dataclass(frozen=True)
class Withheld:
    """A published theme or practice left out of everything public, and why. ``fields``: which
    texts ("name", "insight"; a practice's field names); ``found``: (kind, words) per finding,
    the kind "" where the check does not tell it (a practice's texts)."""

    key: str  # a theme's key, a practice's slug
    fields: tuple[str, ...]
    found: tuple[tuple[str, str], ...]
    parent: str = ""  # a sub-theme's theme (its key)

    @property
    def words(self) -> list[str]:
        return list(dict.fromkeys(words for _kind, words in self.found))


@lru_cache(maxsize=8192)
def _theme_hits(text: str, places: frozenset[str]) -> tuple[tuple[str, str], ...]:
    from meervoud.knowledge.identifying import identifying

    return tuple(identifying(text, places))


@lru_cache(maxsize=8192)
def quote_names_someone(text: str) -> bool:
    """Whether an approved quote fails the check now (approving refuses what it finds then, see
    ``knowledge.quote_review``): it is left out, as a theme's texts are. Once per text and
    process, like the themes' texts."""
    from meervoud.knowledge.identifying import identifying

    return bool(identifying(text))


@lru_cache(maxsize=8192)
def _practice_hits(field: str, text: str, places: frozenset[str]) -> tuple[tuple[str, str], ...]:
    from meervoud.practices.identifying import identifying_words, names_a_person

    if field == "contact":
        return (("", text),) if names_a_person(text) else ()
    return tuple(("", words) for words in identifying_words(text, places))


def _public_themes():
    """Validated active themes and the sub-themes their Kennisbank pages list by name."""
    from meervoud.knowledge.models import Theme

    return Theme.objects.filter(active=True).filter(
        Q(parent__isnull=True, validated_at__isnull=False)
        | Q(parent__active=True, parent__validated_at__isnull=False))


def check_themes(places: frozenset[str] | None = None) -> dict[str, Withheld]:
    """Every public theme and sub-theme whose public texts fail the check, by key."""
    from meervoud.publication.identifying import place_names

    rows = list(_public_themes().values_list("key", "name", "label", "insight", "parent__key"))
    if not rows:
        return {}
    places = place_names() if places is None else places
    withheld = {}
    for key, name, label, insight, parent in rows:
        texts = {"name": name or label}
        if not parent:
            texts["insight"] = insight
        found = {field: _theme_hits(text or "", places) for field, text in texts.items()}
        if any(found.values()):
            withheld[key] = Withheld(
                key, tuple(field for field in THEME_FIELDS if found.get(field)),
                tuple(dict.fromkeys(hit for hits in found.values() for hit in hits)), parent or "")
    return withheld


def check_practices(places: frozenset[str] | None = None) -> dict[int, Withheld]:
    """Every practice a coordinator published whose texts fail the check, by primary key."""
    from meervoud.practices.identifying import DESCRIPTIONS
    from meervoud.practices.models import GoodPractice, PracticeStatus
    from meervoud.publication.identifying import place_names

    fields = (*DESCRIPTIONS, "contact")
    rows = list(GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED)
                .values_list("pk", "slug", *fields))
    if not rows:
        return {}
    places = place_names() if places is None else places
    withheld = {}
    for pk, slug, *texts in rows:
        found = {field: _practice_hits(field, (text or "").strip(), places)
                 for field, text in zip(fields, texts) if (text or "").strip()}
        if any(found.values()):
            withheld[pk] = Withheld(
                slug, tuple(field for field in fields if found.get(field)),
                tuple(dict.fromkeys(hit for hits in found.values() for hit in hits)))
    return withheld


_practices: dict[str, object] = {}
_lock = threading.Lock()


def _practice_stamp() -> tuple:
    """Changes with every save of a practice: an edit, a decision, the admin."""
    from meervoud.practices.models import GoodPractice

    return tuple(GoodPractice.objects.aggregate(n=Count("id"), last=Max("updated_at")).values())


def withheld_practices() -> dict[int, Withheld]:
    """``check_practices``, cached until a practice changes."""
    stamp = _practice_stamp()
    with _lock:
        if _practices.get("stamp") == stamp:
            return _practices["withheld"]
    withheld = check_practices()
    with _lock:
        _practices.update(stamp=stamp, withheld=withheld)
    return withheld


def forget_cache() -> None:
    with _lock:
        _practices.clear()
