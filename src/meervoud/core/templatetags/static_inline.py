"""One style sheet for screen and paper: web pages link it, documents rendered by WeasyPrint
(which never reach a browser, so the Content Security Policy does not apply) inline it."""

from django import template
from django.contrib.staticfiles import finders
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def inline_static(path: str) -> str:
    found = finders.find(path)
    if not found:
        raise template.TemplateSyntaxError(f"Static file {path!r} not found")
    with open(found, encoding="utf-8") as handle:
        return mark_safe(handle.read())
