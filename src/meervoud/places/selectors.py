import re

from django.db.models import QuerySet

from meervoud.core.text import fold
from meervoud.places.models import Municipality


def active_municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.filter(active=True).select_related("region__province")


def find_municipality(value: str) -> Municipality | None:
    """Look a municipality up by CBS code (GM0014 or 14) or by name, ignoring case, accents and
    the kind of apostrophe or hyphen; "Den Haag" and "Den Bosch" are known too."""
    value = (value or "").strip()
    if not value:
        return None
    queryset = Municipality.objects.select_related("region__province")
    code = value.upper()
    if code.isdecimal() and len(code) <= 4:  # not isdigit: "²" is a digit that int() refuses
        code = f"GM{int(code):04d}"
    if code.startswith("GM"):
        found = queryset.filter(cbs_code=code).first()
        if found:
            return found
    found = queryset.filter(name__iexact=value).first()
    if found is None:  # "SÚDWEST-FRYSLÂN", "Sudwest-Fryslan", "’s-Hertogenbosch", "Den Haag"
        wanted = _ALIASES.get(_key(value), _key(value))
        found = next((m for m in queryset.order_by("-active", "name") if _key(m.name) == wanted), None)
    return found


# the names people use for the two municipalities whose CBS name nobody says
_ALIASES = {"den haag": "s gravenhage", "the hague": "s gravenhage", "den bosch": "s hertogenbosch"}


def _key(name: str) -> str:
    """A name as people may type it: any case, with or without accents, punctuation or
    brackets ("Súdwest-Fryslân" = "sudwest fryslan", "Bergen (NH.)" = "bergen nh")."""
    return " ".join(re.sub(r"[\W_]", " ", fold(name)).split())
