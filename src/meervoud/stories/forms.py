from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from meervoud.places.selectors import active_municipalities
from meervoud.stories.models import Language, Level, LifeDomain, Purpose, RecoveryPhase


class StoryForm(forms.Form):
    """Step 1: the story itself. Field labels are questions in plain language (B1)."""

    text = forms.CharField(
        label=_("Jouw verhaal"),
        widget=forms.Textarea(attrs={"rows": 12}),
        min_length=40,
        max_length=20000,
        help_text=_("Vertel in je eigen woorden wat er gebeurde en hoe het nu met je gaat."),
    )
    helped = forms.CharField(
        label=_("Wat hielp jou?"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hindered = forms.CharField(
        label=_("Wat zat je in de weg?"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    title = forms.CharField(label=_("Titel (mag leeg blijven)"), required=False, max_length=200)
    municipality = forms.ModelChoiceField(
        label=_("In welke gemeente speelde je verhaal zich af?"),
        queryset=active_municipalities(),
        empty_label=_("Kies een gemeente"),
    )
    life_domains = forms.ModelMultipleChoiceField(
        label=_("Waar gaat je verhaal over?"),
        queryset=LifeDomain.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies één of meer onderwerpen."),
    )
    level = forms.ChoiceField(
        label=_("Over welk niveau gaat je verhaal?"), choices=Level.choices, initial=Level.MICRO,
        widget=forms.RadioSelect,
    )
    recovery_phase = forms.ChoiceField(
        label=_("Waar sta je nu?"), choices=[("", _("Zeg ik liever niet"))] + RecoveryPhase.choices,
        required=False,
    )
    language = forms.ChoiceField(label=_("Taal van je verhaal"), choices=Language.choices)
    told_on = forms.DateField(
        label=_("Datum"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leeg laten is vandaag."),
    )
    helped_own_strength = forms.IntegerField(
        label=_("Mijn eigen kracht"), min_value=0, max_value=100, required=False
    )
    helped_peers = forms.IntegerField(
        label=_("Lotgenoten, familie en vrienden"), min_value=0, max_value=100, required=False
    )
    helped_professionals = forms.IntegerField(
        label=_("Professionele hulp"), min_value=0, max_value=100, required=False
    )
    sense_of_control = forms.IntegerField(
        label=_("Hoeveel had je zelf te zeggen over de hulp die je kreeg? (0 = niets, 100 = alles)"),
        min_value=0, max_value=100, required=False,
        widget=forms.NumberInput(attrs={"type": "range", "step": 5}),
    )
    doing_now = forms.IntegerField(
        label=_("Hoe gaat het nu met je? (0 = heel slecht, 100 = heel goed)"),
        min_value=0, max_value=100, required=False,
        widget=forms.NumberInput(attrs={"type": "range", "step": 5}),
    )
    known_names = forms.CharField(
        label=_("Namen in je verhaal"), required=False, max_length=1000,
        help_text=_(
            "Noem de namen die in je verhaal staan (jouw naam, je kinderen, hulpverleners), "
            "gescheiden door komma's. We halen ze uit de tekst en bewaren ze niet."
        ),
    )

    def clean_known_names(self) -> list[str]:
        raw = self.cleaned_data.get("known_names") or ""
        return [name.strip() for name in raw.replace(";", ",").split(",") if name.strip()]

    def clean(self):
        cleaned = super().clean()
        triad = [cleaned.get(name) for name in
                 ("helped_own_strength", "helped_peers", "helped_professionals")]
        given = [value for value in triad if value is not None]
        if given and (len(given) < 3 or sum(given) != 100):
            raise ValidationError(
                _("Verdeel 100 punten over de drie antwoorden bij 'Wat hielp het meest?', "
                  "of laat ze alle drie leeg. Nu is het totaal %(total)s."),
                code="triad", params={"total": sum(given)},
            )
        return cleaned


class ReviewForm(forms.Form):
    """Step 2: the narrator checks the de-identified text and gives consent per purpose."""

    reviewed_title = forms.CharField(required=False, max_length=200, label=_("Titel"))
    reviewed_text = forms.CharField(
        label=_("Jouw verhaal zonder herleidbare gegevens"),
        widget=forms.Textarea(attrs={"rows": 12}), max_length=20000,
    )
    reviewed_helped = forms.CharField(
        label=_("Wat hielp jou?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reviewed_hindered = forms.CharField(
        label=_("Wat zat je in de weg?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    consent_analysis = forms.BooleanField(required=False)
    consent_quote = forms.BooleanField(required=False)
    consent_share = forms.BooleanField(required=False)
    consent_research = forms.BooleanField(required=False)

    def purposes(self) -> set[str]:
        chosen = {
            Purpose.ANALYSIS: self.cleaned_data.get("consent_analysis"),
            Purpose.QUOTE: self.cleaned_data.get("consent_quote"),
            Purpose.SHARE: self.cleaned_data.get("consent_share"),
            Purpose.RESEARCH: self.cleaned_data.get("consent_research"),
        }
        return {purpose for purpose, yes in chosen.items() if yes}

    def clean(self):
        cleaned = super().clean()
        if not self.purposes():
            raise ValidationError(
                _("Kies minstens één doel waarvoor we je verhaal mogen gebruiken. "
                  "Wil je dat niet? Dan kun je stoppen: er wordt niets bewaard."),
                code="no_consent",
            )
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand (CSV, XLSX of JSON)"),
        help_text=_("Eén verhaal per rij. Bekijk de uitleg hieronder voor de kolommen."),
    )
