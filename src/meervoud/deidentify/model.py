"""Plain data types of the public API: what was found, and the result."""

from __future__ import annotations

from dataclasses import dataclass, field

# kind -> (Dutch tag label, numbered?). Only the kinds that recur as distinct
# entities in a story get numbers, so a reader can still follow "who did what";
# numbering dates or phone numbers would add nothing but noise.
KINDS: dict[str, tuple[str, bool]] = {
    "person": ("PERSOON", True),
    "location": ("LOCATIE", True),
    "organisation": ("INSTELLING", True),
    "age": ("LEEFTIJD", False),
    "date": ("DATUM", False),
    "bsn": ("BSN", False),
    "iban": ("IBAN", False),
    "phone": ("TELEFOON", False),
    "email": ("E-MAIL", False),
    "url": ("URL", False),
    "address": ("ADRES", False),
    "postcode": ("POSTCODE", False),
    "licence_plate": ("KENTEKEN", False),
    "id_number": ("NUMMER", False),
}


@dataclass(frozen=True, order=True)
class Annotation:
    """A span of the ORIGINAL text that was replaced; `text` is that original span."""

    start: int
    end: int
    kind: str
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class Result:
    text: str
    annotations: list[Annotation] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "annotations": [a.to_dict() for a in self.annotations],
            "counts": dict(self.counts),
        }
