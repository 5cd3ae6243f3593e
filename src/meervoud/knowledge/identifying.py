"""What in a theme's name or collective statement would point to a person. Peer experts write
these texts about narrators, and once validated they go to everyone (the Kennisbank, the
infographic, the reports, the exports, the API), while every story went through the
de-identifier first: the words peer experts type get the same detection."""

import re

from django.utils.translation import gettext, gettext_lazy as _

from meervoud import deidentify

# What is refused, with how a message names it. Places and organisations are what collective
# knowledge is about ("de wachtlijst in Assen"), dates and ages say little on their own.
REFUSED = {
    "person": _("een naam"),
    "phone": _("een telefoonnummer"),
    "email": _("een e-mailadres"),
    "address": _("een adres"),
    "postcode": _("een postcode"),
    "bsn": _("een burgerservicenummer"),
    "iban": _("een rekeningnummer"),
    "licence_plate": _("een kenteken"),
    "id_number": _("een persoonlijk nummer"),
}
# de-identification tags a peer expert copied from a statement ("[PERSOON-1]") hide a name
_TAG = re.compile(r"\[[A-Z-]+(?:-\d+)?\]")


def identifying(text: str, places: frozenset[str] | None = None) -> list[tuple[str, str]]:
    """(kind, words) of every identifier in ``text``, in the order they stand, each once.

    Unlike a practice's texts, one word the de-identifier takes for a name counts ("zoals
    Fatima vertelde"): these texts are about narrators. Let through: a span holding a place name
    ("Methodiek Gouda") and a single letter ("mevrouw F"). ``places``: lower-case names of
    municipalities, regions and provinces (read from the register when not given)."""
    if not text or not text.strip():
        return []
    annotations = [a for a in deidentify.deidentify(text).annotations
                   if a.kind in REFUSED and not _TAG.fullmatch(a.text.strip())]
    if any(a.kind == "person" for a in annotations) and places is None:
        places = place_names()
    found = []
    for annotation in annotations:
        if annotation.kind == "person" and not _a_persons_name(annotation.text, places):
            continue
        found.append((annotation.kind, annotation.text.strip()))
    return list(dict.fromkeys(found))


def _a_persons_name(words: str, places: frozenset[str]) -> bool:
    surface = words.strip().casefold()
    if len(surface.rstrip(".")) < 2:
        return False
    return not any(re.search(rf"(?<!\w){re.escape(place)}(?!\w)", surface) for place in places)


def place_names() -> frozenset[str]:
    """Every municipality (also one merged away), region and province, in lower case."""
    from meervoud.places.models import Municipality, Province, Region

    names: set[str] = set()
    for model in (Municipality, Region, Province):
        names.update(name.casefold() for name in model.objects.values_list("name", flat=True))
    return frozenset(names)


def kinds_of(found: list[tuple[str, str]]) -> str:
    """The kinds found, in words, each once: "een naam, een telefoonnummer"."""
    return ", ".join(str(REFUSED[kind]) for kind in dict.fromkeys(kind for kind, _words in found))


def refusal(found: list[tuple[str, str]]) -> str:
    """The message for a form field: what kind was found, and where (the words she typed)."""
    return gettext(
        "Hier staat iets waaraan iemand te herkennen is (%(kinds)s): %(words)s. Iedereen kan deze "
        "tekst lezen zodra het thema in de Kennisbank staat. Haal het weg, of schrijf bijvoorbeeld "
        "‘een verteller’ of ‘een hulpverlener’. Is het geen naam van iemand? Schrijf het woord dan "
        "met een kleine letter. Er is nog niets opgeslagen."
    ) % {"kinds": kinds_of(found), "words": ", ".join(f"‘{words}’" for _kind, words in found)}
