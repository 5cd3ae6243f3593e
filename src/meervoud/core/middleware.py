from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils import translation


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the user chose otherwise with the language button.

    Django's own middleware follows the browser's Accept-Language, which would show most
    laptops in Dutch municipalities an English site; the choice belongs to the user.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class FormLineBreaksMiddleware:
    """A text box's line breaks reach the server as one character each, as the person saw them.

    Browsers send every line break of a form as CR LF (the HTML form encoding) but count it as
    one character against the box's maxlength. Without this, a text the box accepted fails the
    same limit on the server ("het zijn er nu 4098"), and the stored text holds CR LF. One place
    for every form, so no form can forget it. JSON (the API) is not a form and is left alone.
    """

    FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in self.FORMS:
            posted = request.POST
            if any("\r" in value for _key, values in posted.lists() for value in values):
                fixed = posted.copy()
                for key, values in posted.lists():
                    fixed.setlist(key, [value.replace("\r\n", "\n") for value in values])
                fixed._mutable = False
                request.POST = fixed
        return self.get_response(request)


class HealthProbeMiddleware:
    """Answers /gezond/ and /gezond/werker/ before the Host check and the HTTPS redirect (so
    first in MIDDLEWARE).

    Load balancers and container platforms probe by IP address over plain HTTP; a 400 for the
    unknown Host or a 301 to https would read as "down". The answers say nothing but "ok" (and
how long the oldest background task waits).
    """

    def __init__(self, get_response):
        from meervoud.core.views import health, worker_health

        self.get_response = get_response
        self.probes = {reverse("core:health"): health, reverse("core:worker_health"): worker_health}

    def __call__(self, request):
        probe = self.probes.get(request.path)
        return probe(request) if probe else self.get_response(request)


class PrivateAnswersMiddleware:
    """Answers with someone's data stay out of every cache: ``Cache-Control: private, no-store``.

    A shelter's or a district team's computer is shared: a browser keeps what it was shown on
    disk and shows it again with Back after the coordinator logged out (whole stories, a theme's
    statements, an export). One place, so no page can forget it. Private are:

    - every answer to someone logged in (also through the API: DRF puts its user on the request);
    - every answer to a form (POST and the like): it shows what was typed, such as the intake's
      step 2 with a whole story.

    An anonymous GET stays as it was, so public pages (the Kennisbank, the infographic) can still
    be cached. An anonymous page with personal data marks itself with ``never_cache`` (the
    narrator's pages reached by her personal link, the thanks page with that link). A view that
    set its own Cache-Control decided for itself and is left alone.
    """

    SAFE = ("GET", "HEAD", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if request.method not in self.SAFE or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response
