"""Places and life domains in the API's filters, found the way the report and the infographic
find them (``documents.resolve``): any case and accents, "Den Haag" for 's-Gravenhage, a CBS
code, a life domain by slug or name. So a dashboard built on the API finds what the report
finds; an unknown name is a 400 that suggests the names that come close."""

from rest_framework import serializers

from meervoud.publication import documents


def register_name(field: str, value: str) -> str:
    """The register's name for a ``gemeente``, ``regio`` or ``provincie``, or the slug for a
    ``domein``; raises the field's ValidationError ("Bedoelt u: …?") when nothing matches."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        scope = documents.resolve(**{field: value}).scope
    except documents.UnknownName as problem:
        raise serializers.ValidationError(problem.message) from problem
    return scope.domain if field == "domein" else scope.value


class PlaceFilterMixin:
    """Validators for a filter serializer with ``gemeente``, ``regio``, ``provincie`` and
    ``domein`` fields: each value becomes the name the rest of Meervoud uses."""

    def validate_gemeente(self, value):
        return register_name("gemeente", value)

    def validate_regio(self, value):
        return register_name("regio", value)

    def validate_provincie(self, value):
        return register_name("provincie", value)

    def validate_domein(self, value):
        return register_name("domein", value)
