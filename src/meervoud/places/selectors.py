from django.db.models import QuerySet

from meervoud.places.models import Municipality


def active_municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.filter(active=True).select_related("region__province")


def find_municipality(value: str) -> Municipality | None:
    """Look a municipality up by CBS code (GM0014 or 14) or by name, ignoring case."""
    value = (value or "").strip()
    if not value:
        return None
    queryset = Municipality.objects.select_related("region__province")
    code = value.upper()
    if code.isdecimal():  # not isdigit: "²" is a digit that int() refuses
        code = f"GM{int(code):04d}"
    if code.startswith("GM"):
        found = queryset.filter(cbs_code=code).first()
        if found:
            return found
    return queryset.filter(name__iexact=value).first()
