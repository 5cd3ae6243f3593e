"""What in a good practice's texts would point to a person: everything a practice says is
published to everyone (catalogue, page, CSV/XLSX, API), next to its life domains, so a peer
expert's name beside "verslaving" publishes her addiction history."""

import re

from meervoud import deidentify
from meervoud.publication.identifying import identifiers, place_names

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
                "conditions", "costs", "results")
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
    A single word taken for a name counts only with a title before it: practices are often
    called by one such word ("Maatje", "Buddy", "De Haven"), and refusing those would refuse
    the practice itself."""
    found = [words for _kind, words in identifiers(text, REFUSED_KINDS, one_word_names=False,
                                                   places=places)]
    found += [match.group(0).strip() for match in MOBILE_NUMBER.finditer(text)]
    return list(dict.fromkeys(found))


def identifying_fields(practice) -> list[str]:
    """The fields of a stored practice that may not be published as they are."""
    places = place_names()
    fields = [name for name in DESCRIPTIONS
              if identifying_words(getattr(practice, name) or "", places)]
    if practice.contact and names_a_person(practice.contact):
        fields.append("contact")
    return fields
