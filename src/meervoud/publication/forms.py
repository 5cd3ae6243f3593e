from django import forms
from django.utils.translation import gettext_lazy as _

from meervoud.places.forms import MunicipalityNameField, ProvinceNameField, RegionNameField
from meervoud.publication.disclosure import Scope
from meervoud.publication.selectors import scope_of
from meervoud.stories.models import Level, LifeDomain


class KnowledgeFilterForm(forms.Form):
    """The knowledge base's filters; every field is optional and works as a GET parameter."""

    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200)
    domein = forms.ModelChoiceField(
        label=_("Levensdomein"), required=False, queryset=LifeDomain.objects.all(),
        to_field_name="slug", empty_label=_("Alle levensdomeinen"))
    provincie = ProvinceNameField(
        label=_("Provincie"), required=False, empty_label=_("Alle provincies"),
        not_applied=_("De thema's hieronder zijn niet op provincie gefilterd."))
    regio = RegionNameField(
        label=_("Regio"), required=False, empty_label=_("Alle regio's"),
        not_applied=_("De thema's hieronder zijn niet op regio gefilterd."))
    gemeente = MunicipalityNameField(
        label=_("Gemeente"), required=False, empty_label=_("Alle gemeenten"),
        not_applied=_("De thema's hieronder zijn niet op gemeente gefilterd."))
    niveau = forms.ChoiceField(label=_("Niveau"), required=False,
                               choices=[("", _("Alle niveaus")), *Level.choices])

    def chosen(self) -> dict:
        """The filters that are valid: an unknown value (an old or mistyped link) drops only
        itself, and the page shows its error next to the field."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data

    def scope(self) -> Scope:
        """The finest place chosen wins; disclosure control widens it again when it is small."""
        data = self.chosen()
        return scope_of({**{field: data[field].name for field in ("gemeente", "regio", "provincie")
                            if data.get(field)},
                         "domein": data["domein"].slug if data.get("domein") else "",
                         "niveau": data.get("niveau") or ""})
