"""``{{ statement.text|mark_keywords:theme.keywords }}``: the statement with the words that name
one of its theme's keywords in ``<mark class="keyword">``, so a curator sees at a glance which
statements carry the theme's subject and which only sound alike (see ``Theme.mixed``). The
matching is the engine's own (``keyword_spans``), the one that counts the keyword share."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from meervoud.engine import keyword_spans

register = template.Library()


@register.filter
def mark_keywords(text: str, keywords) -> str:
    parts, pos = [], 0
    for start, end in keyword_spans(text, keywords or []):
        parts += [conditional_escape(text[pos:start]), '<mark class="keyword">',
                  conditional_escape(text[start:end]), "</mark>"]
        pos = end
    parts.append(conditional_escape(text[pos:]))
    return mark_safe("".join(parts))  # every piece of the text was escaped above
