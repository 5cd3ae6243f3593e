"""Every API response says which version of the API answered (NL API Design Rules, API-57), and
a response to a request with an API key says when that key expires."""

from django.conf import settings
from django.utils.http import http_date

API_PREFIX = "/api/v1/"


class ApiVersionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            response["API-Version"] = settings.SPECTACULAR_SETTINGS["VERSION"]
            expires = getattr(request, "api_key_expires", None)
            if expires is not None:
                response["API-Key-Expires"] = http_date(expires.timestamp())
        return response
