"""/api/v1/verhalen: intake of stories from systems that collect them (POST only).

A story goes through the same importer as a CSV row (``import_records``), so it is validated
and de-identified exactly like every other story. The sending system's own reference for the
narrator is never stored: it becomes a keyed hash (HMAC with the secret key, per sending
organisation), so the same person keeps one pseudonym without the reference being readable.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from meervoud.api.base import ApiView, validated
from meervoud.audit.services import record
from meervoud.stories.importer import import_records
from meervoud.stories.models import Language, Level, RecoveryPhase, Source, Story
from meervoud.stories.pseudonyms import API_PREFIX, api_pseudonym

# API field -> importer column.
COLUMNS = {
    "verteller": "verteller", "verhaal": "verhaal", "gemeente": "gemeente",
    "levensdomeinen": "levensdomeinen", "titel": "titel", "watHielp": "wat_hielp",
    "watHinderde": "wat_hinderde", "niveau": "niveau", "herstelfase": "herstelfase",
    "taal": "taal", "datum": "datum", "namen": "namen",
    "toestemmingAnalyse": "toestemming_analyse", "toestemmingCiteren": "toestemming_citeren",
    "toestemmingDelen": "toestemming_delen", "toestemmingOnderzoek": "toestemming_onderzoek",
    "eigenKracht": "eigen_kracht", "lotgenoten": "lotgenoten", "professionals": "professionals",
    "regie": "regie", "hoeNu": "hoe_nu",
}
PSEUDONYM_PREFIX = API_PREFIX


def pseudonym(reference: str, user) -> str:
    """The narrator's pseudonym for a system's own person reference. Keyed per organisation
    (or per account without one): two systems with a person 123 are two different people.
    The same keyed digest as the file import's (stories/pseudonyms.py)."""
    return api_pseudonym(reference, user)


def _percentage(**kwargs):
    return serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100,
                                    **kwargs)


class StoryIn(serializers.Serializer):
    verteller = serializers.CharField(max_length=200, help_text=(
        "Jullie eigen verwijzing naar de verteller (bijvoorbeeld een cliëntnummer). Meervoud "
        "bewaart die niet, alleen een sleutel-hash ervan: zo tellen verhalen van dezelfde "
        "persoon als één verteller."))
    verhaal = serializers.CharField(max_length=50000, help_text="Minstens 40 tekens.")
    gemeente = serializers.CharField(max_length=100, help_text="Naam of CBS-code (GM0014).")
    levensdomeinen = serializers.ListField(child=serializers.CharField(max_length=80),
                                           min_length=1, max_length=20)
    toestemmingAnalyse = serializers.BooleanField()  # noqa: N815
    toestemmingCiteren = serializers.BooleanField(required=False, default=False)  # noqa: N815
    toestemmingDelen = serializers.BooleanField(required=False, default=False)  # noqa: N815
    toestemmingOnderzoek = serializers.BooleanField(required=False, default=False)  # noqa: N815
    titel = serializers.CharField(max_length=200, required=False, allow_blank=True)
    watHielp = serializers.CharField(  # noqa: N815
        max_length=10000, required=False, allow_blank=True)
    watHinderde = serializers.CharField(  # noqa: N815
        max_length=10000, required=False, allow_blank=True)
    niveau = serializers.ChoiceField(choices=Level.values, required=False)
    herstelfase = serializers.ChoiceField(choices=RecoveryPhase.values, required=False)
    taal = serializers.ChoiceField(choices=Language.values, required=False)
    datum = serializers.DateField(required=False)
    namen = serializers.ListField(child=serializers.CharField(max_length=100), required=False,
                                 max_length=50, help_text=(
                                     "Namen die in het verhaal voorkomen; die worden zeker "
                                     "vervangen."))
    eigenKracht = _percentage(help_text="Samen met lotgenoten en professionals 100.")  # noqa: N815
    lotgenoten = _percentage()
    professionals = _percentage()
    regie = _percentage()
    hoeNu = _percentage()  # noqa: N815


class StoryCreated(serializers.Serializer):
    id = serializers.IntegerField()
    verwijderdeGegevens = serializers.IntegerField(help_text=(  # noqa: N815
        "Hoeveel herleidbare gegevens (namen, telefoonnummers, adressen ...) zijn vervangen."))
    perSoort = serializers.DictField(child=serializers.IntegerField())  # noqa: N815


def as_record(data: dict, user) -> dict:
    record = {"__row__": 1}
    for name, value in data.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "ja" if value else "nee"
        elif isinstance(value, list):
            value = ";".join(str(part).replace(";", " ") for part in value)
        record[COLUMNS[name]] = value
    record["verteller"] = pseudonym(data["verteller"], user)
    return record


class StoryIntakeView(ApiView):
    """Send in one story (``stories.enter_for_narrator``). The answer never repeats the text."""

    capabilities = {"POST": "stories.enter_for_narrator"}

    @extend_schema(operation_id="verhalen_create", request=StoryIn, responses={201: StoryCreated},
                   tags=["verhalen"])
    def post(self, request):
        data = validated(StoryIn, request.data)
        report = import_records([as_record(data, request.user)], source=Source.API)
        if not report.ok:
            names = {column: name for name, column in COLUMNS.items()}
            errors: dict[str, list[str]] = {}
            for error in report.errors:
                key = names.get(error.column, error.column) or "non_field_errors"
                errors.setdefault(key, []).append(error.message)
            raise ValidationError(errors)
        story = Story.objects.get(pk=report.story_ids[0])
        record(request, "import", story, detail="API")
        counts = {kind: int(n) for kind, n in (story.deidentification or {}).items()}
        return Response({"id": story.pk, "verwijderdeGegevens": sum(counts.values()),
                         "perSoort": counts}, status=status.HTTP_201_CREATED)
