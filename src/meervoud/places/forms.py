"""Form fields for places, shared by the pages that filter on them."""

import difflib

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from meervoud.core.text import fold
from meervoud.places.selectors import active_municipalities, find_municipality


class MunicipalityNameField(forms.ModelChoiceField):
    """A municipality by name, as the report and the API take it: also typed by hand in a
    link, in any case, without accents, or as "Den Haag" (``find_municipality``). What she typed
    shows as the municipality it found, so the select keeps her choice. A name it does not know
    says so, with the names she may have meant; the other filters still apply."""

    def __init__(self, *, not_applied, **kwargs):
        """``not_applied``: what the page does without it ("De praktijken hieronder zijn niet
        op gemeente gefilterd.")."""
        super().__init__(queryset=active_municipalities(), to_field_name="name", **kwargs)
        self.not_applied = not_applied

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found = find_municipality(str(value))
        if found is not None and found.active:
            return found
        raise ValidationError(self._unknown(str(value).strip(), found), code="invalid_choice")

    def prepare_value(self, value):
        if isinstance(value, str) and value:
            found = find_municipality(value)
            if found is not None and found.active:
                return found.name
        return super().prepare_value(value)

    def _unknown(self, typed: str, found) -> str:
        if found is not None:  # merged into another one (herindeling)
            return gettext("Gemeente '%(name)s' bestaat niet meer. Kies in de lijst de gemeente "
                           "waar deze plaats nu bij hoort.") % {"name": found.name} + " " + str(
                self.not_applied)
        names = list(self.queryset.values_list("name", flat=True))
        folded = {fold(name): name for name in names}
        close = [folded[key] for key in difflib.get_close_matches(fold(typed), folded, n=3,
                                                                    cutoff=0.6)]
        text = gettext("%(what)s '%(name)s' bestaat niet.") % {"what": gettext("Gemeente"),
                                                                "name": typed}
        if close:
            text += " " + gettext("Bedoelt u: %(names)s?") % {"names": ", ".join(close)}
        return f"{text} {self.not_applied}"
