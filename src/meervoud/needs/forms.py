from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meervoud.core.forms import DATE, RowsChoiceField
from meervoud.needs.models import InformationNeed, NeedFormat, NeedStatus, Urgency
from meervoud.needs.selectors import GAP_SORTS, LIST_SORTS, Verdict, municipality_of
from meervoud.places.models import Province, Region
from meervoud.places.selectors import active_municipalities
from meervoud.stories.models import LifeDomain


class QuestionnaireForm(forms.ModelForm):
    """The questionnaire. A policy officer whose organisation is a municipality asks for that
    municipality only; a coordinator (or an officer without one) chooses the municipality."""

    formats = forms.MultipleChoiceField(
        label=_("In welke vorm wilt u het antwoord?"), choices=NeedFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één vorm: infographic, rapport, workshop "
                                      "of advies.")})

    class Meta:
        model = InformationNeed
        fields = ["municipality", "questions", "purpose", "life_domains", "target_groups",
                  "formats", "urgency", "deadline", "contact_name", "contact_email",
                  "contact_phone"]
        field_classes = {"life_domains": RowsChoiceField}
        labels = {
            "municipality": _("Voor welke gemeente?"),
            "questions": _("Wat wilt u weten?"),
            "purpose": _("Waarvoor gaat u de kennis gebruiken?"),
            "life_domains": _("Over welke levensdomeinen gaat het?"),
            "target_groups": _("Over welke inwoners gaat het?"),
            "urgency": _("Hoe dringend is het?"),
            "deadline": _("Uiterlijk nodig op"),
            "contact_name": _("Naam contactpersoon"),
            "contact_email": _("E-mail contactpersoon"),
            "contact_phone": _("Telefoon contactpersoon"),
        }
        help_texts = {
            "questions": _("Schrijf uw vragen op, één per regel. Bijvoorbeeld: wat helpt "
                           "inwoners met schulden om op tijd hulp te vragen?"),
            "purpose": _("Bijvoorbeeld: een nieuw beleidsplan, inkoop, of ervaringsdeskundigen "
                         "inzetten in het wijkteam."),
            "target_groups": _("Bijvoorbeeld: jongeren die uit de jeugdzorg komen."),
            "contact_name": _("Alleen het lerend netwerk en uw eigen gemeente zien de "
                              "contactgegevens."),
        }
        error_messages = {
            "questions": {"required": _("Schrijf op wat u wilt weten.")},
            "municipality": {"required": _("Kies de gemeente waarvoor u de vraag stelt.")},
            "contact_name": {"required": _("Vul de naam van de contactpersoon in.")},
            "contact_email": {"required": _("Vul het e-mailadres van de contactpersoon in."),
                              "invalid": _("Dit e-mailadres klopt niet. Voorbeeld: "
                                           "naam@gemeente.nl")},
        }
        widgets = {
            "questions": forms.Textarea(attrs={"rows": 5}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "life_domains": forms.CheckboxSelectMultiple,
            "urgency": forms.RadioSelect,
            "deadline": DATE,
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_municipality = municipality_of(user)
        if self.fixed_municipality is not None:
            del self.fields["municipality"]
        else:
            self.fields["municipality"].queryset = active_municipalities()
        self.fields["urgency"].choices = list(Urgency.choices)

    def clean_questions(self):
        questions = self.cleaned_data["questions"].strip()
        if len(questions) < 10:
            raise forms.ValidationError(_("Beschrijf uw vraag in minstens 10 tekens."))
        return questions

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline and deadline < timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in het verleden."))
        return deadline


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=NeedStatus.choices,
                               widget=forms.RadioSelect)
    answer_note = forms.CharField(label=_("Wat heeft de vraag beantwoord?"), required=False,
                                  max_length=3000, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Bijvoorbeeld: de infographic over schulden, of "
                                              "de workshop van 12 maart. Zet er de link bij "
                                              "naar het thema of de goede praktijk: die kan de "
                                              "gemeente dan aanklikken."))

    def __init__(self, *args, stored_note: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_note = stored_note

    def clean(self):
        cleaned = super().clean()
        answered = cleaned.get("status") == NeedStatus.ANSWERED
        note = cleaned.get("answer_note", "").strip()
        if answered and "answer_note" not in self.errors and not note:
            self.add_error("answer_note", _("Schrijf op wat de vraag heeft beantwoord."))
        elif not answered and note and note != self.stored_note.strip():
            # the note says what answered the need: typed with another status it would be lost
            self.add_error("answer_note", _("Deze toelichting hoort bij 'Beantwoord'. Kies die "
                                            "status, of maak het veld leeg."))
        return cleaned


class PlaceFilterForm(forms.Form):
    provincie = forms.ModelChoiceField(label=_("Provincie"), required=False,
                                       queryset=Province.objects.all(),
                                       empty_label=_("Alle provincies"))
    regio = forms.ModelChoiceField(label=_("Regio"), required=False,
                                   queryset=Region.objects.select_related("province"),
                                   empty_label=_("Alle regio's"))

    def clean(self):
        cleaned = super().clean()
        province, region = cleaned.get("provincie"), cleaned.get("regio")
        if province and region and region.province_id != province.pk:
            self.add_error("regio", _("Regio %(region)s ligt niet in de provincie %(province)s. Kies een "
                                      "regio in die provincie, of alle regio's.")
                           % {"region": region.name, "province": province.name})
        return cleaned


class GapFilterForm(PlaceFilterForm):
    domein = forms.ModelChoiceField(label=_("Levensdomein"), required=False,
                                    queryset=LifeDomain.objects.all(), to_field_name="slug",
                                    empty_label=_("Alle levensdomeinen"))
    oordeel = forms.ChoiceField(label=_("Wat is er aan kennis?"), required=False,
                                choices=[("", _("Alles"))] + list(Verdict.choices))
    status = forms.ChoiceField(label=_("Status van de vraag"), required=False,
                               choices=[("", _("Alle"))] + list(NeedStatus.choices))
    sorteer = forms.ChoiceField(label=_("Sorteer op"), required=False, choices=GAP_SORTS)


class NeedListFilterForm(forms.Form):
    """The list's filters. A value that does not exist (an old link) is left out, not an
    error: the list shows all."""

    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alle"))] + list(NeedStatus.choices))
    domein = forms.ModelChoiceField(label=_("Levensdomein"), required=False,
                                    queryset=LifeDomain.objects.all(), to_field_name="slug",
                                    empty_label=_("Alle levensdomeinen"))
    sorteer = forms.ChoiceField(label=_("Sorteer op"), required=False, choices=LIST_SORTS)

    def filters(self) -> dict:
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items()
                if name not in self.errors}
