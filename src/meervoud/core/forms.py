"""Small helpers for what a form posts."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404


# A browser's date field. It shows a saved value only as YYYY-MM-DD, which is what the language's
# first input format writes (meervoud/formats: ISO first in every language).
DATE = forms.DateInput(attrs={"type": "date"})


def row_number(value: str, digits: int = 18) -> int | None:
    """``value`` as a whole number if it is one of at most ``digits`` ASCII digits, else None:
    not "²" (a digit that int() refuses) and not five thousand digits (int() refuses those too)."""
    if value.isascii() and value.isdecimal() and len(value) <= digits:
        return int(value)
    return None


def posted_pk(request, name: str) -> int:
    """The row number a button posted under ``name``. Anything but a number (a tampered or
    truncated form) is a 404, as an unknown number is, not a server error."""
    number = row_number(request.POST.get(name, ""))
    if number is None:
        raise Http404
    return number


class RowsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several rows by id. An id that is no whole number of at most 18 digits is
    "not a valid choice" like any unknown id: SQLite cannot even compare a 30-digit number and
    Django's own field would let that become a server error."""

    def _check_values(self, value):
        if not self.to_field_name:
            for pk in value:
                if row_number(str(pk)) is None:
                    raise ValidationError(self.error_messages["invalid_pk_value"],
                                          code="invalid_pk_value", params={"pk": pk})
        return super()._check_values(value)

