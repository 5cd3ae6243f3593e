"""What in a text people type for publication would point to a person. Stories go through the
de-identifier before anything is analysed; the words peer experts and proposers write for the
public (a theme's name and collective statement, a good practice) get the same detection here,
one rule for both, with the few differences as arguments."""

import re

from meervoud import deidentify

# de-identification tags copied from a statement ("[PERSOON-1]") hide a name, they are none
_TAG = re.compile(r"\[[A-Z-]+(?:-\d+)?\]")
TITLE_BEFORE = re.compile(r"\b(?:meneer|mevrouw|mevr|mw|dhr|heer|mr|dr|drs|ir|ing|prof|juf|"
                          r"juffrouw|meester|dokter|zuster|collega|mijnheer)\.?\s*$", re.IGNORECASE)


def identifiers(text: str, kinds, *, one_word_names: bool,
                places: frozenset[str] | None = None) -> list[tuple[str, str]]:
    """(kind, words) of every identifier of one of ``kinds`` in ``text``, in the order they
    stand, each once.

    A person's name is let through when it holds a place name ("Herstelcafé Drenthe") or is a
    single letter ("mevrouw F"). ``one_word_names``: whether one word the de-identifier takes
    for a name counts on its own ("zoals Fatima vertelde"); without it only with a title before
    it ("mevrouw Jansen"), for texts often named by such a word ("Maatje", "De Haven").
    ``places``: lower-case names of municipalities, regions and provinces (read from the
    register when not given)."""
    if not text or not text.strip():
        return []
    annotations = [a for a in deidentify.deidentify(text).annotations
                   if a.kind in kinds and not _TAG.fullmatch(a.text.strip())]
    if places is None and any(a.kind == "person" for a in annotations):
        places = place_names()
    found = [(a.kind, a.text.strip()) for a in annotations
             if a.kind != "person" or _a_persons_name(text, a, places, one_word_names)]
    return list(dict.fromkeys(item for item in found if item[1]))


def _a_persons_name(text: str, annotation, places: frozenset[str], one_word_names: bool) -> bool:
    surface = annotation.text.strip().casefold()
    if len(surface.rstrip(".")) < 2:
        return False
    if any(re.search(rf"(?<!\w){re.escape(place)}(?!\w)", surface) for place in places):
        return False
    return (one_word_names or len(annotation.text.split()) > 1
            or bool(TITLE_BEFORE.search(text[:annotation.start])))


def place_names() -> frozenset[str]:
    """Every municipality (also one merged away), region and province, in lower case."""
    from meervoud.places.models import Municipality, Province, Region

    names: set[str] = set()
    for model in (Municipality, Region, Province):
        names.update(name.casefold() for name in model.objects.values_list("name", flat=True))
    return frozenset(names)
