"""What every API view shares: capabilities from the one permission table, problem+json
errors (also in the schema), and 404 instead of 403 for things a caller may not know exist."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import BasePermission
from rest_framework.views import APIView

from meervoud.accounts.permissions import user_can
from meervoud.api.pagination import Pagination

PROBLEM_MEDIA_TYPE = "application/problem+json"


class HasCapability(BasePermission):
    """The view names a capability per method (``capabilities``); a method without one is open.
    No or a wrong token gives 401 (DRF turns a failed check of an anonymous caller into that),
    a known caller without the capability 403."""

    def has_permission(self, request, view) -> bool:
        # Django answers HEAD with the GET handler, so it needs what GET needs
        method = "GET" if request.method == "HEAD" else request.method
        capability = view.capabilities.get(method)
        if capability is None:
            return True
        return user_can(request.user, capability)


class AnyCapability(BasePermission):
    """For reads whose result depends on who asks: one of several capabilities is enough."""

    def has_permission(self, request, view) -> bool:
        wanted = view.read_capabilities if request.method in ("GET", "HEAD") else ()
        return not wanted or any(user_can(request.user, name) for name in wanted)


class InvalidParam(serializers.Serializer):
    name = serializers.CharField()
    code = serializers.CharField()
    reason = serializers.CharField()


class Problem(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    instance = serializers.CharField(required=False)
    invalidParams = InvalidParam(many=True, required=False)  # noqa: N815 (API field name)


_DESCRIPTIONS = {
    "400": _("Het verzoek klopt niet; invalidParams zegt welke velden."),
    "401": _("Geen of een ongeldig token."),
    "403": _("Je rol mag dit niet."),
    "404": _("Niet gevonden, of niet zichtbaar voor jou."),
    "405": _("Deze methode kan hier niet."),
    "406": _("Dit formaat kunnen we niet leveren."),
    "409": _("Dit kan niet (meer) in de huidige toestand; detail zegt waarom."),
    "415": _("Stuur JSON (application/json)."),
}


class ProblemAutoSchema(AutoSchema):
    """Adds the problem+json answers a view can give, so clients (and the fuzzer) know them,
    and marks operations without a capability as open to anonymous callers."""

    def get_auth(self):
        auth = super().get_auth()
        view = self.view
        if not view.capabilities.get(self.method) and not view.read_capabilities and {} not in auth:
            auth.append({})
        return auth

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        view = self.view
        codes = ["401", "406"]  # any call: a wrong token; an Accept header we cannot serve
        if view.capabilities.get(self.method) or getattr(view, "read_capabilities", ()):
            codes.append("403")
        if self.method in ("POST", "PUT", "PATCH"):
            codes += ["400", "415"]
        if self.method in getattr(view, "conflicts", ()):
            codes.append("409")
        if self.method == "GET" and (getattr(view, "has_filters", False) or self._is_list_view()):
            codes.append("400")  # a filter, or a pageSize, that is not right
        if "{" in self.path or self._is_list_view():
            codes.append("404")  # a hidden object, or a page that does not exist
        for code in sorted(set(codes)):
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    Problem, code, media_types=(PROBLEM_MEDIA_TYPE,), direction=direction)
                responses[code]["description"] = str(_DESCRIPTIONS[code])
        return responses


class Conflict(exceptions.APIException):
    """The request is fine, but the thing it is about has moved on (an assignment whose team was
    asked, work that has started); the detail says what happened."""

    status_code = 409
    default_code = "conflict"


class ApiView(APIView):
    """Base view: ``capabilities`` maps an HTTP method to a capability of
    ``meervoud.accounts.permissions.CAPABILITIES``; ``conflicts`` names the methods that can
    answer 409."""

    capabilities: dict[str, str] = {}
    read_capabilities: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    has_filters = False
    permission_classes = [HasCapability, AnyCapability]
    pagination_class = Pagination
    schema = ProblemAutoSchema()

    def hidden(self):
        """What a caller may not see does not exist for them."""
        return exceptions.NotFound()


class FilesNegotiation(DefaultContentNegotiation):
    """File downloads ignore the Accept header: the file is the answer, errors are JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def validated(serializer_class, data, **kwargs):
    """Validate input or raise the 400 problem with invalidParams."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def raise_form_errors(form, names: dict[str, str]) -> None:
    """A Django form's errors as a 400 problem, under the API's field names."""
    errors = {}
    for field, messages in form.errors.items():
        key = "non_field_errors" if field == "__all__" else names.get(field, field)
        errors.setdefault(key, []).extend(str(m) for m in messages)
    raise exceptions.ValidationError(errors)


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class NamesField(serializers.Field):
    """Related objects as a list of their names or slugs (the API never exposes their ids)."""

    def __init__(self, attr: str, **kwargs):
        self.attr = attr
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, manager):
        return [getattr(obj, self.attr) for obj in manager.all()]
