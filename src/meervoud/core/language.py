"""The site's language cookie, set by Meervoud itself where Django's language button is not
pressed: the intake's own language buttons, and logging in with a chosen language."""

from django.conf import settings


def remember_language(response, language: str):
    """The cookie Django's own language button sets, so the next pages follow."""
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    return response
