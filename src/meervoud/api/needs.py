"""/api/v1/kennisbehoeften: what municipalities want to know.

Who sees which need is decided by ``needs.selectors.needs_visible_to``, as on the website;
contact details only appear on a single need, for those who may see that need."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from meervoud.api.base import ApiView, NamesField, raise_form_errors, validated
from meervoud.needs import selectors, services
from meervoud.needs.forms import QuestionnaireForm
from meervoud.needs.models import NeedFormat, NeedStatus, Urgency
from meervoud.places.selectors import find_municipality

FIELDS = {
    "gemeente": "municipality", "vragen": "questions", "doel": "purpose",
    "levensdomeinen": "life_domains", "doelgroepen": "target_groups", "vormen": "formats",
    "urgentie": "urgency", "uiterlijk": "deadline",
}
CONTACT = {"naam": "contact_name", "email": "contact_email", "telefoon": "contact_phone"}


class NeedFilter(serializers.Serializer):
    status = serializers.ChoiceField(required=False, choices=NeedStatus.values)


class ContactOut(serializers.Serializer):
    naam = serializers.CharField(source="contact_name")
    email = serializers.CharField(source="contact_email")
    telefoon = serializers.CharField(source="contact_phone")


class NeedOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    gemeente = serializers.CharField(source="municipality.name")
    regio = serializers.CharField(source="municipality.region.name")
    provincie = serializers.CharField(source="municipality.region.province.name")
    vragen = serializers.CharField(source="questions")
    doel = serializers.CharField(source="purpose")
    levensdomeinen = NamesField("slug", source="life_domains")
    doelgroepen = serializers.CharField(source="target_groups")
    vormen = serializers.ListField(source="formats", child=serializers.CharField())
    urgentie = serializers.ChoiceField(source="urgency", choices=Urgency.values)
    uiterlijk = serializers.DateField(source="deadline", allow_null=True)
    status = serializers.ChoiceField(choices=NeedStatus.values)
    antwoord = serializers.CharField(source="answer")
    gevraagdOp = serializers.DateTimeField(source="created_at")  # noqa: N815
    wachtDagen = serializers.IntegerField(  # noqa: N815
        source="waiting_days", allow_null=True,
        help_text="Dagen sinds de vraag gesteld is, zolang het netwerk nog een antwoord schuldig is.")
    samenBeantwoordMet = serializers.SerializerMethodField(  # noqa: N815
        help_text="De vraag van een andere gemeente waarmee deze samen beantwoord wordt: alleen "
                  "die gemeente, zoals op de website (de vraag zelf is van haar).")
    fictief = serializers.BooleanField(source="is_fictional")

    def get_samenBeantwoordMet(self, need) -> dict | None:  # noqa: N802
        lead = need.joined_to
        return {"gemeente": lead.municipality.name} if lead is not None else None


class NeedDetailOut(NeedOut):
    contactpersoon = ContactOut(source="*")


class ContactIn(serializers.Serializer):
    naam = serializers.CharField(max_length=120)
    email = serializers.EmailField(max_length=254)
    telefoon = serializers.CharField(max_length=30, required=False, allow_blank=True)


class NeedIn(serializers.Serializer):
    gemeente = serializers.CharField(max_length=100, required=False, help_text=(
        "Verplicht, behalve voor een beleidsmedewerker van een gemeente: die vraagt altijd "
        "voor de eigen gemeente."))
    vragen = serializers.CharField(max_length=4000)
    doel = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    levensdomeinen = serializers.ListField(child=serializers.CharField(max_length=50),
                                           required=False, max_length=20)
    doelgroepen = serializers.CharField(max_length=300, required=False, allow_blank=True)
    vormen = serializers.ListField(child=serializers.ChoiceField(choices=NeedFormat.values),
                                   min_length=1)
    urgentie = serializers.ChoiceField(choices=Urgency.values, required=False)
    uiterlijk = serializers.DateField(required=False, allow_null=True)
    contactpersoon = ContactIn()


def need_form(data: dict, user) -> QuestionnaireForm:
    values = {FIELDS[name]: value for name, value in data.items() if name in FIELDS}
    values.setdefault("urgency", Urgency.NORMAL)
    values.update({CONTACT[name]: value for name, value in data["contactpersoon"].items()})
    if values.get("deadline") is None:
        values.pop("deadline", None)
    if values.get("municipality"):  # written as people write it: "groningen", "GM0014", "Den Haag"
        found = find_municipality(values["municipality"])
        values["municipality"] = found.pk if found else values["municipality"]
    form = QuestionnaireForm(values, user=user)
    form.fields["life_domains"].to_field_name = "slug"
    return form


class NeedListView(ApiView):
    """Needs you may see (``needs.overview``); ask one (``needs.ask``)."""

    capabilities = {"GET": "needs.overview", "POST": "needs.ask"}
    has_filters = True

    @extend_schema(operation_id="kennisbehoeften_list", parameters=[NeedFilter],
                   responses=NeedOut(many=True), tags=["kennisbehoeften"])
    def get(self, request):
        filters = validated(NeedFilter, request.query_params)
        needs = selectors.needs_visible_to(request.user)
        if filters.get("status"):
            needs = needs.filter(status=filters["status"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(needs.select_related("joined_to__municipality"),
                                           request, view=self)
        return paginator.get_paginated_response(NeedOut(page, many=True).data)

    @extend_schema(operation_id="kennisbehoeften_create", request=NeedIn,
                   responses={201: NeedDetailOut, 200: NeedDetailOut}, tags=["kennisbehoeften"])
    def post(self, request):
        form = need_form(validated(NeedIn, request.data), request.user)
        if not form.is_valid():
            names = {field: name for name, field in FIELDS.items()}
            names.update({field: f"contactpersoon.{name}" for name, field in CONTACT.items()})
            raise_form_errors(form, names)
        need, created = services.submit_need(form, user=request.user)
        location = request.build_absolute_uri(reverse("api:need", args=[need.pk]))
        # the same open question sent again (a retry) is the need already there
        return Response(NeedDetailOut(need).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
                        headers={"Location": location})


class NeedDetailView(ApiView):
    capabilities = {"GET": "needs.overview"}

    @extend_schema(operation_id="kennisbehoeften_read", responses=NeedDetailOut,
                   tags=["kennisbehoeften"],
                   parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)])
    def get(self, request, id: int):  # noqa: A002 (the API's name)
        need = selectors.needs_visible_to(request.user).filter(pk=id).first()
        if need is None:
            raise self.hidden()
        return Response(NeedDetailOut(need).data)
