"""Every API response says which version of the API answered (NL API Design Rules, API-57)."""

from django.conf import settings

API_PREFIX = "/api/v1/"


class ApiVersionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            response["API-Version"] = settings.SPECTACULAR_SETTINGS["VERSION"]
        return response
