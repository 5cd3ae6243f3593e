"""The site's language, set by Meervoud itself where Django's language button is not pressed:
the language buttons that carry a form along (core.typed, the thanks page), and logging in
with a chosen language."""

from django.conf import settings
from django.utils import translation


def activate(request, language: str) -> None:
    """This response in ``language``, if the site has it (anything else changes nothing)."""
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        request.LANGUAGE_CODE = language


def remember_language(response, language: str):
    """The cookie Django's own language button sets, so the next pages follow."""
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    return response
