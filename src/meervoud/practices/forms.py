
from django import forms
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meervoud.core.forms import RowsChoiceField
from meervoud.places.forms import MunicipalityNameField, ProvinceNameField, RegionNameField
from meervoud.places.models import Municipality, Region
from meervoud.places.selectors import active_municipalities
from meervoud.pool.vocabularies import ExpertRole
from meervoud.practices.identifying import DESCRIPTIONS, identifying_words, names_a_person, place_names
from meervoud.practices.models import GoodPractice
from meervoud.practices.selectors import linkable_themes
from meervoud.stories.models import LifeDomain, Level


class PracticeForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(label=_("Rollen van de ervaringsdeskundigen"),
                                      choices=ExpertRole.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https",
                             error_messages={"invalid": _("Dit webadres klopt niet. Voorbeeld: "
                                                          "https://www.organisatie.nl")})

    class Meta:
        model = GoodPractice
        fields = ["title", "summary", "life_domains", "municipalities", "regions", "provinces",
                  "place_note", "organisations", "roles", "expert_work", "level", "what_works",
                  "results", "conditions", "costs", "contact", "website", "themes"]
        labels = {
            "title": _("Titel"),
            "summary": _("Waar gaat het over?"),
            "life_domains": _("Levensdomeinen"),
            "municipalities": _("Gemeenten waar het loopt"),
            "regions": _("Of: regio's waar het loopt"),
            "provinces": _("Of: provincies waar het loopt"),
            "place_note": _("Toelichting op de plaats"),
            "organisations": _("Organisaties die meedoen"),
            "expert_work": _("Wat doen de ervaringsdeskundigen?"),
            "level": _("Niveau"),
            "what_works": _("Wat werkt?"),
            "conditions": _("Wat is ervoor nodig?"),
            "costs": _("Wat kost het?"),
            "results": _("Wat levert het op?"),
            "contact": _("Contact"),
            "website": _("Website"),
            "themes": _("Thema's uit de collectieve ervaringskennis die dit onderbouwen"),
        }
        help_texts = {
            "summary": _("Beschrijf in een paar zinnen wat de praktijk is en voor wie."),
            "municipalities": _("Houd Ctrl (of Cmd) ingedrukt om meer dan één te kiezen."),
            "regions": _("Voor een praktijk in een hele regio."),
            "place_note": _("Bijvoorbeeld een wijk of 'Noord-Nederland'."),
            "organisations": _("Eén organisatie per regel."),
            "contact": _("Een organisatie of functie. Geen privégegevens van personen."),
            "costs": _("Bijvoorbeeld: hoeveel uren, de vergoeding van de ervaringsdeskundigen "
                       "en wie het betaalt."),
            "results": _("Wat merken de mensen, het team of de gemeente ervan? Cijfers mogen, "
                         "namen niet."),
        }
        field_classes = dict.fromkeys(
            ["life_domains", "municipalities", "regions", "provinces", "themes"], RowsChoiceField)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "organisations": forms.Textarea(attrs={"rows": 3}),
            "expert_work": forms.Textarea(attrs={"rows": 4}),
            "what_works": forms.Textarea(attrs={"rows": 4}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "costs": forms.Textarea(attrs={"rows": 3}),
            "results": forms.Textarea(attrs={"rows": 3}),
            "life_domains": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "municipalities": forms.SelectMultiple(attrs={"size": 6}),
            "regions": forms.SelectMultiple(attrs={"size": 4}),
            "provinces": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A municipality merged away (herindeling) stays offered, and selected, on a practice
        # that already has it, as a plan keeps its municipality: otherwise any edit drops it
        # without a word. Nobody can newly choose one; Meervoud does not know its successor.
        municipalities = self.fields["municipalities"]
        municipalities.queryset = active_municipalities()
        if self.instance.pk:
            municipalities.queryset |= Municipality.objects.filter(
                pk__in=self.instance.municipalities.values("pk"))
        municipalities.label_from_instance = _municipality_label
        self.fields["regions"].queryset = Region.objects.select_related("province")
        for name in ("municipalities", "regions"):
            # The shared field template gives a multiple select a legend, not a label.
            self.fields[name].widget.attrs["aria-label"] = self.fields[name].label
        self.fields["level"].choices = [("", _("Weet ik niet / meerdere"))] + list(Level.choices)
        themes = linkable_themes(user)
        self.fields["themes"].queryset = themes
        # Links a coordinator made to themes this person may not see are kept, not dropped.
        self.kept_themes = (list(self.instance.themes.exclude(pk__in=themes.values("pk")))
                            if self.instance.pk else [])
        if not themes.exists():
            self.fields["themes"].help_text = _("Er zijn nog geen gepubliceerde thema's om aan "
                                                "te koppelen.")

    def clean(self):
        cleaned = super().clean()
        places = place_names()
        for name in DESCRIPTIONS:
            found = identifying_words(cleaned.get(name) or "", places)
            if found:
                self.add_error(name, gettext(
                    "Hier staat een naam, telefoonnummer, e-mailadres of adres: %(found)s. "
                    "Iedereen kan dit lezen. Haal het weg, of schrijf bijvoorbeeld 'een "
                    "ervaringsdeskundige'. Een algemeen telefoonnummer of e-mailadres kan bij "
                    "Contact.") % {"found": ", ".join(f'"{word}"' for word in found)})
        if not (cleaned.get("municipalities") or cleaned.get("regions")
                or cleaned.get("provinces")):
            raise forms.ValidationError(_("Kies minstens één gemeente, regio of provincie, "
                                          "zodat gemeenten de praktijk kunnen vinden."))
        return cleaned

    def clean_contact(self):
        contact = self.cleaned_data["contact"].strip()
        if contact and names_a_person(contact):
            raise forms.ValidationError(_(
                "Dit lijkt een naam, een 06-nummer of een eigen e-mailadres van iemand. Iedereen "
                "kan dit lezen. Noem een organisatie of functie, met een algemeen e-mailadres of "
                "telefoonnummer, zoals info@organisatie.nl."))
        return contact

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if len(title) < 5:
            raise forms.ValidationError(_("Geef de praktijk een titel van minstens 5 tekens."))
        return title


def _municipality_label(municipality: Municipality) -> str:
    if municipality.active:
        return municipality.name
    return _("%(name)s (bestaat niet meer)") % {"name": municipality.name}


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Waarom wijs je dit af?"), max_length=1000,
                             error_messages={"required": _("Schrijf op waarom je dit afwijst.")},
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("De indiener leest deze reden en kan de praktijk "
                                         "daarna aanpassen."))


class ChangeRejectForm(RejectForm):
    """Not taking over a proposer's change of a published practice. Its own prefix: it stands
    on the same page as the form to take the practice itself offline."""

    prefix = "change"
    reason = forms.CharField(label=_("Waarom neem je de wijziging niet over?"), max_length=1000,
                             error_messages={"required": _("Schrijf op waarom je de wijziging "
                                                           "niet overneemt.")},
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("De indiener leest deze reden. De praktijk blijft in de "
                                         "catalogus zoals hij was."))


class Order(models.TextChoices):
    NEAR = "", _("Eerst wat het dichtst bij is, dan op titel")
    TITLE = "titel", _("Op titel (A tot Z)")
    UPDATED = "bijgewerkt", _("Laatst bijgewerkt eerst")


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters. With several places the finest wins, as in
    ``published_practices``: a municipality brings its own region and province."""

    zoek = forms.CharField(label=_("Zoekwoorden"), required=False, max_length=100,
                           help_text=_("Bijvoorbeeld buddy, herstelacademie of de naam van een "
                                       "organisatie."))
    domein = forms.ModelChoiceField(label=_("Levensdomein"), required=False,
                                    queryset=LifeDomain.objects.all(), to_field_name="slug",
                                    empty_label=_("Alle levensdomeinen"))
    provincie = ProvinceNameField(
        label=_("Provincie"), required=False, empty_label=_("Alle provincies"),
        not_applied=_("De praktijken hieronder zijn niet op provincie gefilterd."))
    regio = RegionNameField(
        label=_("Regio"), required=False, empty_label=_("Alle regio's"),
        not_applied=_("De praktijken hieronder zijn niet op regio gefilterd."))
    gemeente = MunicipalityNameField(
        label=_("Gemeente"), required=False, empty_label=_("Alle gemeenten"),
        not_applied=_("De praktijken hieronder zijn niet op gemeente gefilterd."))
    niveau = forms.ChoiceField(label=_("Niveau"), required=False,
                               choices=[("", _("Alle niveaus"))] + list(Level.choices))
    volgorde = forms.ChoiceField(label=_("Volgorde"), required=False, choices=Order.choices)
