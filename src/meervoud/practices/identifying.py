"""What in a good practice's texts would point to a person: everything a practice says is
published to everyone (catalogue, page, CSV/XLSX, API), next to its life domains, so a peer
expert's name beside "verslaving" publishes her addiction history."""

import re

from meervoud import deidentify

# a mobile number or an address at a consumer mail service belongs to a person, not to an office
MOBILE_NUMBER = re.compile(r"(?<!\d)(?:\+31|0031|0)[\s-]?6(?:[\s-]?\d){8}(?!\d)")
PRIVATE_MAIL = re.compile(r"@(?:gmail|googlemail|hotmail|outlook|live|msn|yahoo|icloud|me|ziggo|"
                          r"kpnmail|kpnplanet|planet|home|hetnet|xs4all|upcmail|chello|casema|"
                          r"telfort|tele2|online|quicknet|zeelandnet|caiway|proton|protonmail|gmx)\.",
                          re.IGNORECASE)
MAIL_NAME = re.compile(r"([\w.-]+)@", re.UNICODE)

# The texts that describe the practice. Contact has its own, milder rule (names_a_person):
# an office's number or info@ address belongs there and nowhere else.
DESCRIPTIONS = ("title", "summary", "place_note", "organisations", "expert_work", "what_works",
                "conditions")
# Places and organisations are what a practice is about; dates and ages say little on their own.
REFUSED_KINDS = {"person", "phone", "email", "address", "postcode", "bsn", "iban"}


def names_a_person(contact: str) -> bool:
    """A practice's contact is published to everyone: a person's name, mobile number or own
    e-mail address ("marieke.devries@...") would put that person in a public catalogue."""
    if MOBILE_NUMBER.search(contact) or PRIVATE_MAIL.search(contact):
        return True
    words = [contact] + [" ".join(part.title() for part in re.split(r"[._-]+", local))
                         for local in MAIL_NAME.findall(contact)]
    return any("person" in deidentify.deidentify(text).counts for text in words)


def identifying_words(text: str, places: frozenset[str] | None = None) -> list[str]:
    """The words of a description that point to a person (a full name, phone number, e-mail
    address, street address, BSN, bank account), in the order they occur; empty when none.

    A single word the de-identifier takes for a name is let through unless a title goes before
    it ("mevrouw Jansen"): practices are often called by one such word ("Maatje", "Buddy",
    "De Haven"), and refusing those would refuse the practice itself. A span that holds a place
    name ("Herstelcafé Drenthe") is a place, not a person. ``places``: lower-case names of
    municipalities, regions and provinces (read from the register when not given)."""
    if not text.strip():
        return []
    if places is None:
        places = place_names()
    found = [annotation.text for annotation in deidentify.deidentify(text).annotations
             if annotation.kind in REFUSED_KINDS and (
                 annotation.kind != "person" or _a_persons_name(text, annotation, places))]
    found += [match.group(0) for match in MOBILE_NUMBER.finditer(text)]
    return list(dict.fromkeys(word.strip() for word in found if word.strip()))


TITLE_BEFORE = re.compile(r"\b(?:meneer|mevrouw|mevr|mw|dhr|heer|mr|dr|drs|ir|ing|prof|juf|"
                          r"juffrouw|meester|dokter|zuster|collega|mijnheer)\.?\s*$", re.IGNORECASE)


def _a_persons_name(text: str, annotation, places: frozenset[str]) -> bool:
    surface = annotation.text.casefold()
    if any(re.search(rf"(?<!\w){re.escape(place)}(?!\w)", surface) for place in places):
        return False
    return len(annotation.text.split()) > 1 or bool(TITLE_BEFORE.search(text[:annotation.start]))


def place_names() -> frozenset[str]:
    """Every municipality (also one merged away), region and province, in lower case."""
    from meervoud.places.models import Municipality, Province, Region

    names = set()
    for model in (Municipality, Region, Province):
        names.update(name.casefold() for name in model.objects.values_list("name", flat=True))
    return frozenset(names)


def identifying_fields(practice) -> list[str]:
    """The fields of a stored practice that may not be published as they are."""
    places = place_names()
    fields = [name for name in DESCRIPTIONS
              if identifying_words(getattr(practice, name) or "", places)]
    if practice.contact and names_a_person(practice.contact):
        fields.append("contact")
    return fields
