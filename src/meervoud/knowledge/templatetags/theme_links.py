"""A theme as curators tell it apart, for pages that are never public: ``{{ theme|theme_link }}``."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.filter
def theme_link(theme) -> str:
    """A link to the theme's page with its working title: a theme without a name shows its
    provisional hint, so that several "Thema zonder naam" can be told apart. "?" for a theme
    that is gone. Never on a public page: the hint rests on fewer than k narrators."""
    if theme is None:
        return "?"
    url = reverse("knowledge:theme", args=[theme.key])
    if theme.name or theme.label:  # what peer experts or the analysis wrote: Dutch
        return format_html('<a href="{}" lang="nl">{}</a>', url, theme.working_title)
    return format_html('<a href="{}">{}</a>', url, theme.working_title)
