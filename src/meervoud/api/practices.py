"""/api/v1/goede-praktijken: the public catalogue, and proposing a practice.

The catalogue shows published practices only. Proposals are validated by the website's own
PracticeForm, so a rule about practices lives in one place; a coordinator publishes them.
"""

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from meervoud.accounts.permissions import user_can
from meervoud.api.base import ApiView, NamesField, raise_form_errors, validated
from meervoud.api.filters import PlaceFilterMixin
from meervoud.pool.vocabularies import ExpertRole
from meervoud.practices import selectors, services
from meervoud.practices.forms import PracticeForm
from meervoud.practices.models import GoodPractice, PracticeStatus
from meervoud.publication.selectors import published_keys
from meervoud.stories.models import Level

# API field -> PracticeForm field.
FIELDS = {
    "titel": "title", "samenvatting": "summary", "levensdomeinen": "life_domains",
    "gemeenten": "municipalities", "regios": "regions", "provincies": "provinces",
    "toelichtingPlaats": "place_note", "organisaties": "organisations", "rollen": "roles",
    "werkVanErvaringsdeskundigen": "expert_work", "niveau": "level", "watWerkt": "what_works",
    "voorwaarden": "conditions", "watKostHet": "costs", "watLevertHetOp": "results",
    "contact": "contact", "website": "website", "themas": "themes",
}
# Related objects are named, not numbered, in the API.
LOOKUP = {"life_domains": "slug", "municipalities": "name", "regions": "name",
          "provinces": "name", "themes": "key"}


def visible_practice(user, slug: str) -> GoodPractice | None:
    """As on the website: published practices for everyone; a proposal for its proposer and
    for reviewers."""
    practice = GoodPractice.objects.filter(slug=slug).first()
    if practice is None:
        return None
    if practice.is_published or user_can(user, "practices.review"):
        return practice
    return practice if user.is_authenticated and practice.proposed_by_id == user.pk else None


class PracticeFilter(PlaceFilterMixin, serializers.Serializer):
    """Places and life domains are found as the report finds them ("Den Haag", "groningen")."""

    gemeente = serializers.CharField(required=False, max_length=100)
    regio = serializers.CharField(required=False, max_length=100)
    provincie = serializers.CharField(required=False, max_length=100)
    domein = serializers.CharField(required=False, max_length=100)
    niveau = serializers.ChoiceField(required=False, choices=Level.values)
    zoek = serializers.CharField(required=False, max_length=200, help_text=(
        "Woorden die elk ergens in de teksten, organisaties of plaatsen van de praktijk staan, "
        "zoals het zoekvak van de catalogus."))


def filtered_practices(filters: dict) -> QuerySet[GoodPractice]:
    practices = selectors.published_practices(
        municipality=filters.get("gemeente") or None, region=filters.get("regio") or None,
        province=filters.get("provincie") or None,
        domain_slugs=[filters["domein"]] if filters.get("domein") else None)
    if filters.get("niveau"):
        practices = practices.filter(level=filters["niveau"])
    if filters.get("zoek"):
        practices = selectors.matching_words(practices, filters["zoek"])
    return practices


class PracticeOut(serializers.Serializer):
    slug = serializers.CharField()
    titel = serializers.CharField(source="title")
    samenvatting = serializers.CharField(source="summary")
    status = serializers.ChoiceField(choices=PracticeStatus.values)
    levensdomeinen = NamesField("slug", source="life_domains")
    gemeenten = NamesField("name", source="municipalities")
    regios = NamesField("name", source="regions")
    provincies = NamesField("name", source="provinces")
    toelichtingPlaats = serializers.CharField(source="place_note")  # noqa: N815
    organisaties = serializers.ListField(source="organisation_list", child=serializers.CharField())
    rollen = serializers.ListField(source="roles", child=serializers.CharField())
    werkVanErvaringsdeskundigen = serializers.CharField(source="expert_work")  # noqa: N815
    niveau = serializers.CharField(source="level")
    watWerkt = serializers.CharField(source="what_works")  # noqa: N815
    voorwaarden = serializers.CharField(source="conditions")
    watKostHet = serializers.CharField(source="costs")  # noqa: N815
    watLevertHetOp = serializers.CharField(source="results")  # noqa: N815
    contact = serializers.CharField()
    website = serializers.CharField()
    bron = serializers.CharField(source="source")
    bijgewerktOp = serializers.DateTimeField(  # noqa: N815
        source="updated_at", help_text="Wanneer de gepubliceerde tekst voor het laatst veranderde.")
    themas = serializers.SerializerMethodField(help_text="Sleutels van gepubliceerde thema's "
                                                         "die deze praktijk onderbouwen.")
    webpagina = serializers.SerializerMethodField()

    def get_themas(self, practice) -> list[str]:
        # a list passes the published theme keys once for the whole page
        return [theme.key for theme in selectors.published_themes_of(
            practice, self.context.get("published_themes"))]

    def get_webpagina(self, practice) -> str:
        return self.context["request"].build_absolute_uri(practice.get_absolute_url())


class PracticeIn(serializers.Serializer):
    titel = serializers.CharField(max_length=200)
    samenvatting = serializers.CharField(max_length=2000)
    levensdomeinen = serializers.ListField(child=serializers.CharField(max_length=50),
                                           required=False, max_length=20)
    gemeenten = serializers.ListField(child=serializers.CharField(max_length=100), required=False,
                                      max_length=400)
    regios = serializers.ListField(child=serializers.CharField(max_length=100), required=False,
                                   max_length=60)
    provincies = serializers.ListField(child=serializers.CharField(max_length=100),
                                       required=False, max_length=12)
    toelichtingPlaats = serializers.CharField(max_length=200, required=False,  # noqa: N815
                                              allow_blank=True)
    organisaties = serializers.ListField(child=serializers.CharField(max_length=200),
                                         required=False, max_length=50)
    rollen = serializers.ListField(child=serializers.ChoiceField(choices=ExpertRole.values),
                                   required=False)
    werkVanErvaringsdeskundigen = serializers.CharField(  # noqa: N815
        max_length=3000, required=False, allow_blank=True)
    niveau = serializers.ChoiceField(choices=["", *Level.values], required=False)
    watWerkt = serializers.CharField(  # noqa: N815
        max_length=3000, required=False, allow_blank=True)
    voorwaarden = serializers.CharField(max_length=3000, required=False, allow_blank=True)
    watKostHet = serializers.CharField(max_length=2000, required=False,  # noqa: N815
                                       allow_blank=True)
    watLevertHetOp = serializers.CharField(max_length=3000, required=False,  # noqa: N815
                                           allow_blank=True)
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    themas = serializers.ListField(child=serializers.CharField(max_length=64), required=False,
                                   max_length=50)


def practice_form(data: dict, user) -> PracticeForm:
    values = {FIELDS[name]: value for name, value in data.items()}
    if "organisations" in values:
        values["organisations"] = "\n".join(values["organisations"])
    form = PracticeForm(values, user=user)
    for field, key in LOOKUP.items():
        form.fields[field].to_field_name = key
    return form


class PracticeListView(ApiView):
    """Published good practices (everyone); propose one (``practices.propose``)."""

    capabilities = {"POST": "practices.propose"}
    has_filters = True

    @extend_schema(operation_id="goede_praktijken_list", parameters=[PracticeFilter],
                   responses=PracticeOut(many=True), tags=["goede-praktijken"])
    def get(self, request):
        practices = filtered_practices(validated(PracticeFilter, request.query_params))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(practices.prefetch_related("themes"), request, view=self)
        context = {"request": request, "published_themes": published_keys()}
        return paginator.get_paginated_response(PracticeOut(page, many=True, context=context).data)

    @extend_schema(operation_id="goede_praktijken_create", request=PracticeIn,
                   responses={201: PracticeOut}, tags=["goede-praktijken"],
                   description="Een voorstel; een coördinator publiceert het daarna.")
    def post(self, request):
        form = practice_form(validated(PracticeIn, request.data), request.user)
        if not form.is_valid():
            raise_form_errors(form, {field: name for name, field in FIELDS.items()})
        practice, created = services.propose_practice(form, user=request.user)
        body = PracticeOut(practice, context={"request": request}).data
        location = request.build_absolute_uri(reverse("api:practice", args=[practice.slug]))
        # a client that retries after a lost answer gets the proposal it already made
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
                        headers={"Location": location})


class PracticeDetailView(ApiView):
    @extend_schema(operation_id="goede_praktijken_read", responses=PracticeOut,
                   tags=["goede-praktijken"],
                   parameters=[OpenApiParameter("slug", str, OpenApiParameter.PATH)])
    def get(self, request, slug: str):
        practice = visible_practice(request.user, slug)
        if practice is None:
            raise self.hidden()
        return Response(PracticeOut(practice, context={"request": request}).data)
