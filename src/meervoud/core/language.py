"""The site's language, set by Meervoud itself where Django's language button is not pressed:
the language buttons that carry a form along (core.typed, the thanks page), and logging in
with a chosen language; and the language a Word file says it is in."""

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


def docx_language(document) -> None:
    """The language of the file and of its text: the reader's, so that Word proofs a Dutch plan
    as Dutch and an English one as English (python-docx's template says en-US). For every Word file Meervoud writes."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    code = "en-GB" if (translation.get_language() or "nl").startswith("en") else "nl-NL"
    document.core_properties.language = code
    for properties in (document.styles["Normal"].element.get_or_add_rPr(),
                       document.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault")
                                                    + "/" + qn("w:rPr"))):
        if properties is None:
            continue
        lang = properties.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            properties.append(lang)
        lang.set(qn("w:val"), code)  # East Asian and right-to-left text keep their own
