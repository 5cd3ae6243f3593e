"""Dutch as Django writes it, with one change: ISO first among the input formats.

The first input format is also how a form writes a saved value back into its field, and a
browser's date field (<input type="date">) takes nothing but YYYY-MM-DD: with Django's Dutch
"15-03-2027" first, every saved date showed as an empty field. Everything else (how dates are
written on the pages) comes from Django's own Dutch formats.
"""

from django.conf.locale.nl import formats as django_nl

DATE_INPUT_FORMATS = ["%Y-%m-%d", *(f for f in django_nl.DATE_INPUT_FORMATS if f != "%Y-%m-%d")]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", *django_nl.DATETIME_INPUT_FORMATS]
