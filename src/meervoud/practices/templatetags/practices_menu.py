"""The menu's count of proposals waiting for a coordinator.

A tag rather than a context processor: the base template calls it only inside
``{% if can.practices_review %}``, so pages for everyone else run no query for it.
"""

from django import template

from meervoud.practices import selectors

register = template.Library()


@register.simple_tag
def practices_waiting() -> int:
    return selectors.waiting_count()
