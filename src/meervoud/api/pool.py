"""/api/v1/ervaringsdeskundigen and /api/v1/opdrachten: the pool of peer experts.

Profiles are for coordinators only (``pool.manage``). An assignment is seen as on the website:
coordinators see all, a poster those of their own organisation, an expert those they were
sent; others get 404. Why an expert was proposed (it names their experience) is shown only
to coordinators, to the expert, or when the expert lets requesters see their domains.
"""

from decimal import Decimal

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from meervoud.accounts.models import Organisation
from meervoud.api.base import ApiView, Conflict, NamesField, raise_form_errors, validated
from meervoud.audit.services import record
from meervoud.pool import services
from meervoud.pool import selectors
from meervoud.pool.selectors import as_of_today, assignments_visible_to, explanation_for, team_of
from meervoud.pool.forms import AssignmentForm
from meervoud.pool.models import Assignment, ExpertProfile, Proposal, Visibility
from meervoud.pool.vocabularies import Activity, ExpertRole, Language
from meervoud.stories.models import Level, LifeDomain

# ---------------------------------------------------------------- experts


class ExpertFilter(serializers.Serializer):
    domein = serializers.CharField(required=False, max_length=50)
    beschikbaar = serializers.BooleanField(required=False, allow_null=True, default=None)

    def validate_domein(self, value):
        if value and not LifeDomain.objects.filter(slug=value).exists():
            raise serializers.ValidationError(_("Levensdomein '%(value)s' bestaat niet.")
                                              % {"value": value})
        return value


class ExpertOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    naam = serializers.CharField(source="display_name")
    organisatie = serializers.CharField(source="organisation.name", allow_null=True,
                                        default=None)
    levensdomeinen = NamesField("slug", source="domains")
    levensdomeinenZichtbaarVoor = serializers.ChoiceField(  # noqa: N815
        source="domains_visible_to", choices=Visibility.values)
    rollen = serializers.ListField(source="roles", child=serializers.CharField())
    activiteiten = serializers.ListField(source="activities", child=serializers.CharField())
    niveaus = serializers.ListField(source="levels", child=serializers.CharField())
    opleiding = serializers.ListField(source="education", child=serializers.CharField())
    talen = serializers.ListField(source="languages", child=serializers.CharField())
    woonplaats = serializers.CharField(source="home.name")
    maxKm = serializers.IntegerField(source="max_km")  # noqa: N815
    urenPerWeek = serializers.FloatField(source="hours_per_week")  # noqa: N815
    betaald = serializers.BooleanField(source="paid")
    vrijwillig = serializers.BooleanField(source="volunteer")
    intervisie = serializers.BooleanField(source="intervision")
    supervisie = serializers.BooleanField(source="supervision")
    beschikbaar = serializers.BooleanField(source="available")
    overMij = serializers.CharField(source="about")  # noqa: N815


def experts(filters: dict) -> QuerySet[ExpertProfile]:
    found = ExpertProfile.objects.select_related("home", "organisation").prefetch_related(
        "domains").order_by("display_name", "pk")
    if filters.get("domein"):
        found = found.filter(domains__slug=filters["domein"]).distinct()
    if filters.get("beschikbaar") is not None:
        found = found.filter(available=filters["beschikbaar"])
    return found


class ExpertListView(ApiView):
    """The pool's peer experts, for coordinators (``pool.manage``)."""

    capabilities = {"GET": "pool.manage"}
    has_filters = True

    @extend_schema(operation_id="ervaringsdeskundigen_list", parameters=[ExpertFilter],
                   responses=ExpertOut(many=True), tags=["ervaringsdeskundigen"])
    def get(self, request):
        found = experts(validated(ExpertFilter, request.query_params))
        record(request, "view", "pool.expertprofile", detail="api list")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(found, request, view=self)
        return paginator.get_paginated_response(ExpertOut(page, many=True).data)


class ExpertDetailView(ApiView):
    capabilities = {"GET": "pool.manage"}

    @extend_schema(operation_id="ervaringsdeskundigen_read", responses=ExpertOut,
                   tags=["ervaringsdeskundigen"],
                   parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)])
    def get(self, request, id: int):  # noqa: A002
        expert = experts({}).filter(pk=id).first()
        if expert is None:
            raise self.hidden()
        record(request, "view", expert, detail="api")
        return Response(ExpertOut(expert).data)


# ---------------------------------------------------------------- assignments

POOL_ROLES = ("pool.manage", "pool.post_assignment", "pool.profile")
FIELDS = {
    "titel": "title", "omschrijving": "description", "opdrachtgever": "organisation",
    "levensdomeinen": "domains", "activiteit": "activity", "rol": "role", "niveau": "level",
    "urenPerWeek": "hours_per_week", "begindatum": "start", "einddatum": "end",
    "gemeente": "location", "betaald": "paid", "teamgrootte": "team_size",
    "tandemMet": "tandem_with", "talen": "languages",
}
LOOKUP = {"organisation": "name", "domains": "slug", "location": "name"}


class TeamMemberOut(serializers.Serializer):
    naam = serializers.CharField()
    status = serializers.ChoiceField(choices=Proposal.Status.values)
    toelichting = serializers.CharField(allow_null=True, help_text=(
        "Waarom deze ervaringsdeskundige past; null als die dat alleen met de coördinator deelt."))


class AssignmentOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    titel = serializers.CharField(source="title")
    omschrijving = serializers.CharField(source="description")
    opdrachtgever = serializers.CharField(source="organisation.name")
    levensdomeinen = NamesField("slug", source="domains")
    activiteit = serializers.CharField(source="activity")
    rol = serializers.CharField(source="role")
    niveau = serializers.CharField(source="level")
    urenPerWeek = serializers.FloatField(source="hours_per_week")  # noqa: N815
    begindatum = serializers.DateField(source="start")
    einddatum = serializers.DateField(source="end")
    gemeente = serializers.CharField(source="location.name", allow_null=True, default=None,
                                     help_text="null: online.")
    betaald = serializers.BooleanField(source="paid")
    teamgrootte = serializers.IntegerField(source="team_size")
    tandemMet = serializers.CharField(source="tandem_with")  # noqa: N815
    talen = serializers.ListField(child=serializers.ChoiceField(choices=Language.values),
                                  source="languages", help_text=(
                                      "Elke ervaringsdeskundige spreekt minstens één hiervan; leeg: Nederlands."))
    status = serializers.ChoiceField(choices=Assignment.Status.values)
    redenAnnulering = serializers.CharField(  # noqa: N815
        source="cancel_reason", help_text="Waarom de opdracht niet doorgaat; leeg als dat niet gezegd is.")


class AssignmentDetailOut(AssignmentOut):
    team = serializers.SerializerMethodField()

    @extend_schema_field(TeamMemberOut(many=True))
    def get_team(self, assignment) -> list[dict]:
        user = self.context["request"].user
        proposals = team_of(user, assignment)
        if proposals is None:
            return []  # an expert who said no: the new team is none of their business
        team = []
        for proposal in proposals:
            team.append({"naam": proposal.expert.display_name, "status": proposal.status,
                         "toelichting": explanation_for(user, proposal) or None})
        return team


class AssignmentIn(serializers.Serializer):
    titel = serializers.CharField(max_length=200)
    omschrijving = serializers.CharField(max_length=5000)
    opdrachtgever = serializers.CharField(max_length=200, required=False, allow_blank=True, help_text=(
        "Naam van de organisatie; leeg: bij een nieuwe opdracht je eigen organisatie, bij een "
        "wijziging de organisatie die de opdracht gaf."))
    levensdomeinen = serializers.ListField(child=serializers.CharField(max_length=50),
                                           min_length=1, max_length=20)
    activiteit = serializers.ChoiceField(choices=Activity.values)
    rol = serializers.ChoiceField(choices=["", *ExpertRole.values], required=False)
    niveau = serializers.ChoiceField(choices=Level.values, required=False)
    urenPerWeek = serializers.DecimalField(max_digits=4, decimal_places=1,  # noqa: N815
                                           min_value=Decimal("0.5"), max_value=Decimal("99"))
    begindatum = serializers.DateField()
    einddatum = serializers.DateField()
    gemeente = serializers.CharField(max_length=100, required=False, allow_null=True, allow_blank=True,
                                     help_text="Leeg of null: online.")
    betaald = serializers.BooleanField(required=False, default=True)
    teamgrootte = serializers.IntegerField(required=False, default=2, min_value=2, max_value=50,
                                           help_text="Minimaal twee ervaringsdeskundigen.")
    tandemMet = serializers.CharField(  # noqa: N815
        max_length=100, required=False, allow_blank=True)
    talen = serializers.ListField(child=serializers.ChoiceField(choices=Language.values),
                                  required=False, max_length=len(Language.values), help_text=(
                                      "Elke ervaringsdeskundige spreekt minstens één hiervan; leeg: Nederlands."))


class CancelIn(serializers.Serializer):
    reden = serializers.CharField(max_length=500, required=False, allow_blank=True, default="",
                                  help_text="Waarom de opdracht niet doorgaat; het team leest dit.")


def assignment_form(data: dict, user, instance: Assignment | None = None) -> AssignmentForm:
    # null and "" both mean "not given": online, your own organisation (as the schema says)
    values = {FIELDS[name]: value for name, value in data.items() if value not in (None, "")}
    values.setdefault("level", Level.MICRO)
    if "organisation" not in values and instance is not None:
        values["organisation"] = instance.organisation.name  # a change keeps who asked
    elif "organisation" not in values and user.organisation_id:
        values["organisation"] = Organisation.objects.get(pk=user.organisation_id).name
    form = AssignmentForm(values, instance=instance, user=user)
    for field, key in LOOKUP.items():
        form.fields[field].to_field_name = key
    return form


class AssignmentListView(ApiView):
    """Assignments you may see; post one (``pool.post_assignment``)."""

    capabilities = {"POST": "pool.post_assignment"}
    read_capabilities = POOL_ROLES

    @extend_schema(operation_id="opdrachten_list", responses=AssignmentOut(many=True),
                   tags=["opdrachten"])
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(assignments_visible_to(request.user), request, view=self)
        return paginator.get_paginated_response(AssignmentOut(as_of_today(page), many=True).data)

    @extend_schema(operation_id="opdrachten_create", request=AssignmentIn,
                   responses={201: AssignmentDetailOut}, tags=["opdrachten"])
    def post(self, request):
        form = assignment_form(validated(AssignmentIn, request.data), request.user)
        if not form.is_valid():
            raise_form_errors(form, {field: name for name, field in FIELDS.items()})
        assignment, created = services.post_assignment(form, user=request.user)
        location = request.build_absolute_uri(reverse("api:assignment", args=[assignment.pk]))
        body = AssignmentDetailOut(assignment, context={"request": request}).data
        # a client that retries after a lost answer gets the one it already made
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
                        headers={"Location": location})


def assignment_to_act_on(request, id: int) -> Assignment:  # noqa: A002
    """The assignment, if the caller speaks for it (the organisation that asked, or a
    coordinator); 404 when they cannot see it, 403 when they see it as a team member."""
    assignment = assignments_visible_to(request.user).filter(pk=id).first()
    if assignment is None:
        raise exceptions.NotFound()
    if not selectors.speaks_for(request.user, assignment):
        raise exceptions.PermissionDenied()
    return assignment


def detail(request, assignment: Assignment) -> Response:
    assignment.refresh_from_db()
    as_of_today([assignment])
    return Response(AssignmentDetailOut(assignment, context={"request": request}).data)


class AssignmentDetailView(ApiView):
    """Read an assignment; change it (``PUT``, the whole assignment) until its team is asked."""

    capabilities = {"PUT": "pool.post_assignment"}
    read_capabilities = POOL_ROLES
    conflicts = ("PUT",)

    @extend_schema(operation_id="opdrachten_read", responses=AssignmentDetailOut,
                   tags=["opdrachten"],
                   parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)])
    def get(self, request, id: int):  # noqa: A002
        assignment = assignments_visible_to(request.user).filter(pk=id).first()
        if assignment is None:
            raise self.hidden()
        as_of_today([assignment])  # as the website: work whose start date came is running
        return Response(AssignmentDetailOut(assignment, context={"request": request}).data)

    @extend_schema(operation_id="opdrachten_update", request=AssignmentIn,
                   responses=AssignmentDetailOut, tags=["opdrachten"],
                   parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
                   description="Door de organisatie die vroeg, of een coördinator, zolang het team "
                               "nog niet gevraagd is (anders 409). Een voorgesteld team vervalt.")
    def put(self, request, id: int):  # noqa: A002
        assignment = assignment_to_act_on(request, id)
        form = assignment_form(validated(AssignmentIn, request.data), request.user, instance=assignment)
        if not selectors.changeable(assignment):
            raise Conflict(selectors.why_unchangeable(assignment))
        if not form.is_valid():
            raise_form_errors(form, {field: name for name, field in FIELDS.items()})
        try:
            services.change_assignment(form)
        except services.AssignmentLocked:
            raise Conflict(selectors.why_unchangeable(assignment)) from None
        return detail(request, assignment)


class AssignmentCancelView(ApiView):
    """Cancel an assignment until the work starts; cancelling again answers the same."""

    capabilities = {"POST": "pool.post_assignment"}
    conflicts = ("POST",)

    @extend_schema(operation_id="opdrachten_cancel", request=CancelIn,
                   responses=AssignmentDetailOut, tags=["opdrachten"],
                   parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
                   description="Door de organisatie die vroeg, of een coördinator, tot het werk "
                               "begint (daarna 409). Het team is weer vrij en leest de reden.")
    def post(self, request, id: int):  # noqa: A002
        assignment = assignment_to_act_on(request, id)
        reason = validated(CancelIn, request.data)["reden"]
        try:
            services.cancel(assignment, reason=reason, by=request.user)
        except ValueError:
            assignment.refresh_from_db(fields=["status"])
            # a retry after a lost answer gets the same answer, and the first reason stays
            if assignment.status != Assignment.Status.CANCELLED:
                raise Conflict(_("Deze opdracht loopt al of is afgerond, dus annuleren kan niet "
                                 "meer.")) from None
        return detail(request, assignment)
