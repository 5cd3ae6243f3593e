"""/api/v1/themas: published collective knowledge, read through the publication layer only.

Every number and quote comes from ``published_themes``; nothing here counts on its own, so the
API cannot show more than the knowledge base pages do.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from meervoud.api.base import ApiView, validated
from meervoud.api.enums import CELL_LEVEL, CELL_LEVELS, PLACE_KIND, PLACE_KINDS
from meervoud.api.filters import PlaceFilterMixin
from meervoud.api.pagination import Pagination
from meervoud.api.problems import problem
from meervoud.knowledge.models import CurationEvent, Theme
from meervoud.publication import search
from meervoud.publication.disclosure import Scope, k_threshold
from meervoud.publication.selectors import (
    figures_as_of_many, published_keys, published_themes, scope_label, scope_of,
)
from meervoud.stories.models import Level

KIND = {"helped": "hielp", "hindered": "zat-in-de-weg", "need": "behoefte", "other": "overig"}


class ThemeFilter(PlaceFilterMixin, serializers.Serializer):
    """The knowledge base's filters, with the same meaning as on the website; places are found
    as the report finds them."""

    gemeente = serializers.CharField(required=False, max_length=100,
                                     help_text="Naam of CBS-code van de gemeente, bijvoorbeeld "
                                               "Groningen, Den Haag of GM0014; hoofdletters en "
                                               "accenten maken niet uit.")
    regio = serializers.CharField(required=False, max_length=100,
                                  help_text="Naam van de COROP-regio.")
    provincie = serializers.CharField(required=False, max_length=100)
    domein = serializers.CharField(required=False, max_length=100,
                                   help_text="Slug of naam van het levensdomein, bijvoorbeeld "
                                             "verslaving.")
    niveau = serializers.ChoiceField(required=False, choices=Level.values)
    zoek = serializers.CharField(required=False, max_length=200,
                                 help_text="Woorden die in naam, kennisuitspraak of trefwoorden "
                                           "van het thema staan.")


class ThemeDetailFilter(ThemeFilter):
    """One theme counted for a place, life domain and level, as its page on the website."""

    zoek = None


def scope_from(query) -> tuple[Scope, str]:
    """The Scope and search words asked for; unknown places or domains are a 400, not ignored.
    As on the website, the finest place asked for wins."""
    data = validated(ThemeFilter, query)
    return scope_of(data), data.get("zoek", "").strip()


class ScopeOut(serializers.Serializer):
    soort = serializers.ChoiceField(choices=PLACE_KINDS)
    naam = serializers.CharField(allow_blank=True)
    domein = serializers.CharField(allow_blank=True)
    niveau = serializers.CharField(allow_blank=True)
    omschrijving = serializers.CharField()


def scope_out(scope: Scope | None) -> dict | None:
    if scope is None:
        return None
    return {"soort": PLACE_KIND[scope.kind], "naam": scope.value, "domein": scope.domain,
            "niveau": scope.level, "omschrijving": scope_label(scope)}


class CountsOut(serializers.Serializer):
    hielp = serializers.IntegerField(allow_null=True)
    zatInDeWeg = serializers.IntegerField(allow_null=True)  # noqa: N815
    behoefte = serializers.IntegerField(allow_null=True)


class PlaceOut(serializers.Serializer):
    niveau = serializers.ChoiceField(choices=CELL_LEVELS)
    naam = serializers.CharField(allow_blank=True)
    vertellers = serializers.IntegerField(allow_null=True, help_text="null: minder dan k.")


class DomainOut(serializers.Serializer):
    slug = serializers.CharField()
    vertellers = serializers.IntegerField()


class SubthemeOut(serializers.Serializer):
    titel = serializers.CharField()
    vertellers = serializers.IntegerField()


class AttributionOut(serializers.Serializer):
    niveau = serializers.ChoiceField(choices=PLACE_KINDS)
    plaats = serializers.CharField(allow_blank=True)
    levensdomeinen = serializers.ListField(child=serializers.CharField())


class QuoteOut(serializers.Serializer):
    tekst = serializers.CharField()
    soort = serializers.ChoiceField(choices=list(KIND.values()))
    herkomst = AttributionOut()


class Interval(serializers.Serializer):
    onder = serializers.FloatField()
    boven = serializers.FloatField()


class ThemeOut(serializers.Serializer):
    sleutel = serializers.CharField()
    titel = serializers.CharField()
    kennisuitspraak = serializers.CharField(allow_blank=True)
    trefwoorden = serializers.ListField(child=serializers.CharField())
    vertellers = serializers.IntegerField(help_text="Verschillende vertellers (altijd minstens k).")
    verhalen = serializers.IntegerField()
    aandeel = serializers.FloatField(help_text="Deel van de vertellers in de gebruikte scope.")
    aandeelInterval = Interval(help_text="95%-betrouwbaarheidsinterval (Wilson).")  # noqa: N815
    noemen = CountsOut(help_text="Vertellers die noemen wat hielp, wat in de weg zat of wat nodig "
                                 "is; null als dat minder dan k zijn.")
    plaatsen = PlaceOut(many=True)
    levensdomeinen = DomainOut(many=True)
    onderwerpen = SubthemeOut(many=True)
    webpagina = serializers.CharField()
    standVan = serializers.DateTimeField(  # noqa: N815
        allow_null=True, help_text="Sinds wanneer de cijfers zo zijn (de laatste analyse, "
                                   "aanpassing van het thema of ingetrokken toestemming): de "
                                   "'Stand van' op de webpagina. Noem deze datum als je de "
                                   "cijfers overneemt.")


class ThemeDetailOut(ThemeOut):
    citaten = QuoteOut(many=True, help_text="Alleen van vertellers die toestemming gaven om te "
                                            "citeren, met een grove herkomst.")
    gevraagd = ScopeOut()
    gebruikt = ScopeOut(help_text="Waarover de cijfers gaan: een te kleine plaats wordt verbreed; "
                                  "heeft het thema daar te weinig vertellers, dan heel Nederland.")
    verbreed = serializers.BooleanField()


def as_of_text(moment) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def theme_out(theme, request, *, quotes: bool = False, as_of=None) -> dict:
    data = {
        "sleutel": theme.key, "titel": theme.title, "kennisuitspraak": theme.insight,
        "trefwoorden": theme.keywords, "vertellers": theme.narrators, "verhalen": theme.stories,
        "aandeel": round(theme.share, 4),
        "aandeelInterval": {"onder": round(theme.share_ci[0], 4),
                            "boven": round(theme.share_ci[1], 4)},
        "noemen": {"hielp": theme.kinds.get("helped"), "zatInDeWeg": theme.kinds.get("hindered"),
                   "behoefte": theme.kinds.get("need")},
        "plaatsen": [{"niveau": CELL_LEVEL[c.level], "naam": c.name, "vertellers": c.narrators}
                     for c in theme.places],
        "levensdomeinen": [{"slug": slug, "vertellers": n}
                           for slug, n in theme.life_domains.items()],
        "onderwerpen": [{"titel": title, "vertellers": n} for title, n in theme.subthemes],
        "webpagina": request.build_absolute_uri(theme.url),
        "standVan": as_of_text(as_of),
    }
    if quotes:
        data["citaten"] = [{"tekst": q.text, "soort": KIND.get(q.kind, "overig"), "herkomst": {
            "niveau": PLACE_KIND[q.attribution.place_level], "plaats": q.attribution.place,
            "levensdomeinen": list(q.attribution.domains)}} for q in theme.quotes]
    return data


_scope_schema = {
    "type": "object", "nullable": True,
    "properties": {"soort": {"type": "string", "enum": PLACE_KINDS},
                   "naam": {"type": "string"}, "domein": {"type": "string"},
                   "niveau": {"type": "string"}, "omschrijving": {"type": "string"}},
    "required": ["soort", "naam", "domein", "niveau", "omschrijving"],
}


class ScopePagination(Pagination):
    """A theme list also says which scope was asked for and which one the numbers are about."""

    extra_schema = {
        "gevraagd": {**_scope_schema, "nullable": False},
        "gebruikt": {**_scope_schema, "description": "De scope waarover de cijfers gaan, na het "
                     "verbreden van een te kleine plaats; null als er nergens genoeg vertellers "
                     "zijn."},
        "verbreed": {"type": "boolean"},
        "vertellersInScope": {"type": "integer", "nullable": True, "minimum": 0},
        "k": {"type": "integer", "minimum": 2,
              "description": "Minimum aantal vertellers achter elk getal."},
    }


class ThemeListView(ApiView):
    """Published themes with their evidence, for a place, life domain and level."""

    pagination_class = ScopePagination
    has_filters = True

    @extend_schema(operation_id="themas_list", parameters=[ThemeFilter],
                   responses=ThemeOut(many=True), tags=["themas"])
    def get(self, request):
        scope, words = scope_from(request.query_params)
        view = published_themes(scope)
        themes = search.full_text(words, view.themes) if words else view.themes
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(themes, request, view=self)
        as_of = figures_as_of_many(theme.pk for theme in page)
        return paginator.get_paginated_response(
            [theme_out(theme, request, as_of=as_of[theme.pk]) for theme in page],
            gevraagd=scope_out(view.scope), gebruikt=scope_out(view.effective_scope),
            verbreed=view.widened, vertellersInScope=view.narrators, k=k_threshold())


def merged_into(key: str) -> Theme | None:
    """The published theme a validated theme was merged into (over several merges), or None.
    A theme peer experts never validated stays unknown, as the API never says it existed."""
    theme = Theme.objects.filter(key=key, active=False, validated_at__isnull=False).first()
    seen = set()
    while theme is not None and not theme.active and theme.pk not in seen:
        seen.add(theme.pk)
        event = CurationEvent.objects.filter(theme=theme, action="merged-into").order_by("-at", "-pk").first()
        theme = Theme.objects.filter(key=(event.detail or {}).get("into", "")).first() if event else None
    return theme if theme is not None and theme.key in published_keys() else None


class ThemeDetailView(ApiView):
    """One published theme, with quotes; counted for a place, life domain and level as its page
    on the website is (the country's figures when it has too few narrators there); 404 when it
    is not published, naming the theme it was merged into."""

    has_filters = True

    @extend_schema(operation_id="themas_read", responses=ThemeDetailOut, tags=["themas"],
                   parameters=[OpenApiParameter("sleutel", str, OpenApiParameter.PATH), ThemeDetailFilter])
    def get(self, request, sleutel: str):
        asked = scope_of(validated(ThemeDetailFilter, request.query_params))
        view = published_themes(asked, with_quotes=True, keys=[sleutel])
        if not view.themes and asked != Scope():
            view = published_themes(Scope(), with_quotes=True, keys=[sleutel])
        if not view.themes:
            return self._gone(request, sleutel)
        theme = view.themes[0]
        data = theme_out(theme, request, quotes=True, as_of=figures_as_of_many([theme.pk])[theme.pk])
        data.update(gevraagd=scope_out(asked), gebruikt=scope_out(view.effective_scope),
                    verbreed=view.effective_scope != asked)
        return Response(data)

    def _gone(self, request, sleutel: str):
        target = merged_into(sleutel)
        if target is None:
            raise self.hidden()
        response = problem(404, _("Dit thema is samengevoegd met het thema '%(title)s'. Zijn "
                                  "vertellers tellen daar nu mee.") % {"title": target.title},
                           request=request)
        response.data["samengevoegdIn"] = {
            "sleutel": target.key,
            "href": request.build_absolute_uri(reverse("api:theme", args=[target.key]))}
        return response
