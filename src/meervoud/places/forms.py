"""Form fields for places, shared by the pages that filter on them."""

import difflib

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy as _

from meervoud.core.text import fold
from meervoud.places.models import Province, Region
from meervoud.places.selectors import active_municipalities, find_municipality


class PlaceNameField(forms.ModelChoiceField):
    """A place by name, as the report and the API take it: also typed by hand in a link, in any
    case and without accents. What she typed shows as the place it found, so the select keeps
    her choice. A name it does not know says so, with the names she may have meant; the other
    filters still apply."""

    what = _("Plaats")

    def __init__(self, *, queryset, not_applied, **kwargs):
        """``not_applied``: what the page does without it ("De praktijken hieronder zijn niet
        op gemeente gefilterd.")."""
        super().__init__(queryset=queryset, to_field_name="name", **kwargs)
        self.not_applied = not_applied

    def find(self, name: str):
        """The place of this name, or None."""
        wanted = fold(name.strip())
        return next((place for place in self.queryset if fold(place.name) == wanted), None)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found = self.find(str(value))
        if found is not None:
            return found
        raise ValidationError(self.unknown(str(value).strip()), code="invalid_choice")

    def prepare_value(self, value):
        if isinstance(value, str) and value:
            found = self.find(value)
            if found is not None:
                return found.name
        return super().prepare_value(value)

    def unknown(self, typed: str) -> str:
        names = list(self.queryset.values_list("name", flat=True))
        folded = {fold(name): name for name in names}
        close = [folded[key] for key in difflib.get_close_matches(fold(typed), folded, n=3,
                                                                    cutoff=0.6)]
        text = gettext("%(what)s '%(name)s' bestaat niet.") % {"what": self.what, "name": typed}
        if close:
            text += " " + gettext("Bedoelt u: %(names)s?") % {"names": ", ".join(close)}
        return f"{text} {self.not_applied}"


class ProvinceNameField(PlaceNameField):
    what = _("Provincie")

    def __init__(self, **kwargs):
        super().__init__(queryset=Province.objects.all(), **kwargs)


class RegionNameField(PlaceNameField):
    what = _("Regio")

    def __init__(self, **kwargs):
        super().__init__(queryset=Region.objects.all(), **kwargs)


class MunicipalityNameField(PlaceNameField):
    """Also by CBS code or as "Den Haag" (``find_municipality``); a municipality merged into
    another one (herindeling) says where it went."""

    what = _("Gemeente")

    def __init__(self, **kwargs):
        super().__init__(queryset=active_municipalities(), **kwargs)

    def find(self, name: str):
        found = find_municipality(name)
        return found if found is not None and found.active else None

    def unknown(self, typed: str) -> str:
        merged = find_municipality(typed)
        if merged is not None:
            return gettext("Gemeente '%(name)s' bestaat niet meer. Kies in de lijst de gemeente "
                           "waar deze plaats nu bij hoort.") % {"name": merged.name} + " " + str(
                self.not_applied)
        return super().unknown(typed)
