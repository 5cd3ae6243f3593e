"""The handbook's reference content, read from `data/*.json` (written from the Dutch sources).

The Dutch texts are their own gettext msgids (the infographic's ten tips are read from here
too): one way to translate everything Meervoud ships. `msgids.py` lists them for
makemessages; run `python -m meervoud.plans.reference` after changing the data.

The functions give the content in the interface language. What a plan copies is stored in
Dutch with its handbook key (`source`, `checklist_source`): the copy is shown in the reader's
language for as long as it is the handbook's text, and as typed once the team changed it
(`shown`, `as_stored`).

Callers get deep copies, so they may change what they receive without touching the cache.
"""

import copy
import json
import sys
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from django.utils.translation import get_language, gettext

DATA_DIR = Path(__file__).with_name("data")
NAMES = ("plan_format", "roadmap", "checklists", "programmes")
# Values under these keys name or count something; they are never read as text.
NOT_TEXT = frozenset({"key", "field", "kind", "slug", "number", "minutes"})

# Texts a plan's copy of the handbook adds itself, stored in Dutch like the rest; msgids.py
# lists them with the data (plain strings here: this module must import without settings).
PHASE_TITLE = "Fase %(number)s: %(title)s"
KOTTER_STEPS = "Stappen van Kotter"
OWN_POINTS = "Eigen punten"


# -- translating shipped data ----------------------------------------------------------------

def text(dutch: str) -> str:
    """A shipped Dutch text in the interface language. An empty text stays empty: gettext("")
    would give the translation file's header."""
    return gettext(dutch) if dutch else dutch


def texts(data, not_text=NOT_TEXT) -> Iterator[str]:
    """Every text of shipped data that a reader sees, in order: the msgids."""
    if isinstance(data, str):
        if data:
            yield data
    elif isinstance(data, list):
        for value in data:
            yield from texts(value, not_text)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in not_text:
                yield from texts(value, not_text)


def translated(data, not_text=NOT_TEXT):
    """A copy of shipped data with every text in the interface language."""
    if isinstance(data, str):
        return text(data)
    if isinstance(data, list):
        return [translated(value, not_text) for value in data]
    if isinstance(data, dict):
        return {key: value if key in not_text else translated(value, not_text)
                for key, value in data.items()}
    return data


def msgids_module(data: list, origin: str) -> str:
    """The source of a `msgids.py`: every text once, as a gettext_noop call for makemessages."""
    unique = list(dict.fromkeys(t for part in data for t in texts(part)))
    lines = ['"""For makemessages: the Dutch texts of', f"{origin},",
             "which are the msgids of their translation. Written by a script from the data files;",
             'do not edit (see reference.py)."""', "",
             "from django.utils.translation import gettext_noop", "", "MSGIDS = ("]
    lines += [f"    gettext_noop({t!r})," for t in unique]
    return "\n".join(lines + [")", ""])


# -- the handbook ----------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _load(name: str):
    return json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _in(language: str, name: str):
    return translated(_load(name))


def _data(name: str, dutch: bool = False):
    """The cached data, Dutch as written or in the interface language; not to be changed."""
    return _load(name) if dutch else _in(get_language() or "", name)


def source(name: str):
    """The data as written, in Dutch: what a plan copies, and what the workshop kit matches
    Dutch stories against."""
    return copy.deepcopy(_load(name))


def load(name: str):
    return copy.deepcopy(_data(name))


def plan_format() -> dict:
    """Bijlage 1: header fields, background and structure questions, the three goal tables."""
    return load("plan_format")


def roadmap() -> dict:
    """Kotter's eight steps in three phases with the handbook's suggestions (§3.1–3.3)."""
    return load("roadmap")


def checklists() -> list[dict]:
    """Ten tips for municipalities, do's and don'ts (§6), handvatten of chapters 3–5."""
    return load("checklists")["checklists"]


def programme(kind: str, *, dutch: bool = False) -> dict:
    """Bijlage 2 ("training") or Bijlage 3 ("workshop") as sessions of timed blocks."""
    return copy.deepcopy(_data("programmes", dutch)[kind])


def table_format(key: str) -> dict:
    for table in _data("plan_format")["tables"]:
        if table["key"] == key:
            return copy.deepcopy(table)
    raise KeyError(key)


def table_rows(key: str, *, dutch: bool = True) -> dict:
    """The rows a goal table starts with, by key ("rij-1"); Dutch, or in the interface
    language. Not to be changed."""
    return _table_rows_in(None if dutch else get_language() or "")[key]


@lru_cache(maxsize=None)
def _table_rows_in(language: str | None) -> dict:
    data = _load("plan_format") if language is None else _in(language, "plan_format")
    return {table["key"]: {f"rij-{number}": row for number, row in enumerate(table["rows"], start=1)}
            for table in data["tables"]}


def question_fields() -> list[str]:
    return [q["field"] for section in _load("plan_format")["sections"]
            for q in section["questions"]]


# -- what a plan copies ----------------------------------------------------------------------

def _build_checklists(tr: Callable[[str], str], roadmap_data: dict, lists: list) -> dict:
    """Every checklist a plan gets, by key: the roadmap's phases (with Kotter's steps) and the
    other lists, each with its points by key. `tr` puts a text added here in the language of
    the data (Dutch or the reader's)."""
    result = {}
    for phase in roadmap_data["phases"]:
        items = {f"stap-{step['number']}": {"text": step["title"], "group": tr(KOTTER_STEPS),
                                            "step_number": step["number"]}
                 for step in phase["steps"]}
        items.update(_points(phase["groups"]))
        result[phase["key"]] = {
            "kind": "fase", "order": phase["number"], "number": phase["number"],
            "title": tr(PHASE_TITLE) % {"number": phase["number"], "title": phase["title"]},
            "section": phase["section"], "intro": phase["summary"],
            "source": roadmap_data["source"], "items": items}
    for order, checklist in enumerate(lists, start=10):
        result[checklist["key"]] = {
            "kind": checklist["kind"], "order": order, "number": None,
            "title": checklist["title"], "section": "", "intro": checklist["intro"],
            "source": checklist["source"], "items": _points(checklist["groups"])}
    return result


def _points(groups: list) -> dict:
    # a point's key is its place in the list, which the handbook does not change
    points = [(group["title"], item) for group in groups for item in group["items"]]
    return {f"punt-{number}": {"text": item, "group": title, "step_number": None}
            for number, (title, item) in enumerate(points, start=1)}


@lru_cache(maxsize=None)
def _checklists_in(language: str | None) -> dict:
    if language is None:
        return _build_checklists(str, _load("roadmap"), _load("checklists")["checklists"])
    return _build_checklists(text, _in(language, "roadmap"), _in(language, "checklists")["checklists"])


def checklist_source(key: str | None = None, *, dutch: bool = True):
    """The handbook's checklists a plan copies, by key (one of them with `key`; None for a key
    the handbook does not have, such as a team's own list). Dutch, or with `dutch=False` in
    the interface language. Not to be changed."""
    lists = _checklists_in(None if dutch else get_language() or "")
    return lists if key is None else lists.get(key)


def programme_source(kind: str, *, dutch: bool = True) -> dict | None:
    """A programme's texts as a plan copies them, with its sessions and blocks by key; not to
    be changed."""
    return _programmes_in(None if dutch else get_language() or "").get(kind)


@lru_cache(maxsize=None)
def _programmes_in(language: str | None) -> dict:
    data = _load("programmes") if language is None else _in(language, "programmes")
    return {kind: {
        "title": programme["title"], "audience": programme["audience"],
        "intro": programme["intro"], "source": programme["source"],
        "sessions": {session["key"]: {"title": session["title"]} for session in programme["sessions"]},
        "blocks": {block["key"]: {"title": block["title"], "description": block["description"],
                                  "exercise": block["exercise"],
                                  "materials": "\n".join(block["materials"])}
                   for session in programme["sessions"] for block in session["blocks"]},
    } for kind, programme in data.items()}


def _same(a, b) -> bool:
    """Equal texts, whatever line ends a browser sent and spaces around."""
    if not isinstance(a, str) or not isinstance(b, str):
        return a == b
    return "\n".join(a.strip().splitlines()) == "\n".join(b.strip().splitlines())


def shown(stored, dutch: dict | None, translation: dict | None, name: str):
    """What a plan's copy of a handbook text shows: the handbook's text in the reader's
    language while the copy is that text, else what the team wrote, as typed."""
    if dutch is not None and name in dutch and _same(stored, dutch[name]):
        return translation[name]
    return stored


def as_stored(values: dict, dutch: dict | None, translation: dict | None) -> dict:
    """What a form sends, to store: a handbook text the user left as it was shown (in their
    language) is stored in Dutch again, so the copy keeps following the reader's language."""
    if dutch is None or values is None:
        return values
    return {name: dutch[name] if name in dutch and _same(value, translation[name]) else value
            for name, value in values.items()}


def msgids_source() -> str:
    """What `msgids.py` must say for the data as it is now."""
    return msgids_module([_load(name) for name in NAMES] + [[PHASE_TITLE, KOTTER_STEPS, OWN_POINTS]],
                         "the handbook's reference content (plans/data/*.json)")


def write_msgids(module_file: str = __file__, source=msgids_source) -> Path:
    """Write `msgids.py` next to ``module_file`` (this module's, or the teaching module's)."""
    path = Path(module_file).with_name("msgids.py")
    path.write_text(source(), encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.stdout.write(f"{write_msgids()}\n")
