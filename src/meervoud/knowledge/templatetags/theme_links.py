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


def _withheld_fields(theme) -> tuple[str, ...]:
    """Which of a theme's texts the Kennisbank withholds for pointing to a person
    (``publication.withheld``: validated before the check knew them). A view that shows many
    themes marks them once (``withheld_fields``); otherwise it is asked here."""
    fields = getattr(theme, "withheld_fields", None)
    if fields is None:
        from meervoud.publication.selectors import withheld_themes

        withheld = withheld_themes().get(theme.key)
        fields = withheld.fields if withheld is not None else ()
    return fields


@register.filter
def title_for(theme, can) -> str:
    """``{{ theme|title_for:can }}``: the title for someone who curates (``can``, the
    capabilities every page has); for anyone else :meth:`Theme.reader_title`: a name only once
    validated, numbered when the Kennisbank withholds it for pointing to a person."""
    if (can or {}).get("knowledge_curate"):
        return theme.title
    return theme.reader_title(name_withheld="name" in _withheld_fields(theme))


@register.filter
def working_title(theme, can) -> str:
    """``{{ theme|working_title:can }}``: the working title for someone who curates; for anyone
    else :func:`title_for`, never the hint: it may be the first words of a statement, which a
    researcher may not read (her narrator did not consent to research)."""
    if (can or {}).get("knowledge_curate"):
        return theme.working_title
    return title_for(theme, can)


@register.filter
def insight_for(theme, can) -> str:
    """``{{ theme|insight_for:can }}``: the collective statement with its drafts for someone who
    curates; for anyone else only the validated text (``Theme.validated_insight``), and nothing
    of a theme the Kennisbank withholds because its words point to a person."""
    if (can or {}).get("knowledge_curate"):
        return theme.insight
    return "" if _withheld_fields(theme) else theme.validated_insight
