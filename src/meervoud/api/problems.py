"""Errors as RFC 9457 problem details (application/problem+json), as the Dutch API Design
Rules ask, with validation errors listed per field in ``invalidParams``."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

TITLES = {
    400: "Het verzoek klopt niet.",
    401: "Je bent niet ingelogd of je token klopt niet.",
    403: "Je hebt geen toegang tot deze gegevens.",
    404: "Niet gevonden.",
    405: "Deze methode kan hier niet.",
    406: "Dit formaat kunnen we niet leveren.",
    409: "Dit kan niet (meer) in de toestand waarin het nu is.",
    415: "Dit formaat kunnen we niet lezen.",
    429: "Te veel verzoeken. Probeer het later opnieuw.",
}


def _invalid_params(detail, prefix: str = "") -> list[dict]:
    params = []
    if isinstance(detail, dict):
        for name, value in detail.items():
            key = name if name != "non_field_errors" else ""
            params += _invalid_params(value, f"{prefix}.{key}" if prefix and key else prefix or key)
    elif isinstance(detail, list):
        for item in detail:
            params += _invalid_params(item, prefix)
    else:
        params.append({"name": prefix or "body", "code": getattr(detail, "code", "invalid"),
                       "reason": str(detail)})
    return params


def problem(status_code: int, detail: str = "", invalid_params: list | None = None, request=None) -> Response:
    body = {
        "type": "about:blank",
        "title": TITLES.get(status_code, "Er ging iets mis."),
        "status": status_code,
    }
    if detail:
        body["detail"] = detail
    if request is not None:
        body["instance"] = request.path
    if invalid_params:
        body["invalidParams"] = invalid_params
    return Response(body, status=status_code, content_type="application/problem+json")


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a real server error: Django's own handling and logging
    set_rollback()
    request = context.get("request")
    if isinstance(exc, exceptions.ValidationError):
        response = problem(status.HTTP_400_BAD_REQUEST, "Een of meer velden kloppen niet.",
                           _invalid_params(exc.detail), request)
    else:
        detail = exc.detail if isinstance(exc.detail, str) else ""
        response = problem(exc.status_code, str(detail), request=request)
    if getattr(exc, "auth_header", None):
        response["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, exceptions.Throttled) and exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response
