from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meervoud.accounts.permissions import user_can
from meervoud.core.forms import DATE, RowsChoiceField
from meervoud.places.selectors import active_municipalities
from meervoud.pool.models import Assignment, ExpertProfile
from meervoud.pool.vocabularies import Activity, Education, ExpertRole, Language
from meervoud.stories.models import Level


class ExpertProfileForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(label=_("Rollen"), choices=ExpertRole.choices,
                                      widget=forms.CheckboxSelectMultiple, required=False)
    activities = forms.MultipleChoiceField(label=_("Wat wil je doen?"), choices=Activity.choices,
                                           widget=forms.CheckboxSelectMultiple, required=False)
    levels = forms.MultipleChoiceField(label=_("Op welk niveau?"), choices=Level.choices,
                                       widget=forms.CheckboxSelectMultiple, required=False)
    education = forms.MultipleChoiceField(label=_("Opleiding"), choices=Education.choices,
                                          widget=forms.CheckboxSelectMultiple, required=False)
    languages = forms.MultipleChoiceField(label=_("Talen"), choices=Language.choices,
                                          widget=forms.CheckboxSelectMultiple, initial=["nl"])
    blocked_from = forms.DateField(label=_("Niet beschikbaar van"), required=False,
                                   widget=DATE)
    blocked_to = forms.DateField(label=_("tot en met"), required=False,
                                 widget=DATE)

    class Meta:
        model = ExpertProfile
        fields = ["display_name", "organisation", "domains", "domains_visible_to", "roles",
                  "activities", "levels", "education", "languages", "home", "max_km",
                  "hours_per_week", "paid", "volunteer", "intervision", "supervision", "about",
                  "available"]
        field_classes = {"domains": RowsChoiceField}
        widgets = {"domains": forms.CheckboxSelectMultiple,
                   "domains_visible_to": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = active_municipalities()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("blocked_from"), cleaned.get("blocked_to")
        # on the date that is missing or wrong, so the error summary can lead to it
        if bool(start) != bool(end) and not self.has_error("blocked_from" if end else "blocked_to"):
            self.add_error("blocked_from" if end else "blocked_to",
                           _("Vul bij 'niet beschikbaar' beide datums in."))
        if start and end and end < start:
            self.add_error("blocked_to", _("De einddatum ligt vóór de begindatum."))
        if not cleaned.get("paid") and not cleaned.get("volunteer"):
            raise forms.ValidationError(_("Kies betaald werk, vrijwilligerswerk of allebei."))
        return cleaned


class CoordinatorProfileForm(ExpertProfileForm):
    """The profile as a coordinator keeps it up to date: all but who may see the expert's
    experience, which is the expert's own consent (special-category data)."""

    class Meta(ExpertProfileForm.Meta):
        fields = [f for f in ExpertProfileForm.Meta.fields if f != "domains_visible_to"]


class AssignmentForm(forms.ModelForm):
    activity = forms.ChoiceField(label=_("Wat moeten de ervaringsdeskundigen doen?"),
                                 choices=Activity.choices)
    role = forms.ChoiceField(label=_("Gewenste rol"), required=False,
                             choices=[("", _("Maakt niet uit"))] + ExpertRole.choices)
    languages = forms.MultipleChoiceField(
        label=_("Welke taal moeten ze spreken?"), choices=Language.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Elke ervaringsdeskundige in het team spreekt minstens één van deze talen. "
                    "Niets aangekruist: Nederlands."))

    class Meta:
        model = Assignment
        fields = ["title", "description", "organisation", "domains", "activity", "role", "level",
                  "hours_per_week", "start", "end", "location", "paid", "team_size",
                  "tandem_with", "languages"]
        field_classes = {"domains": RowsChoiceField}
        widgets = {"domains": forms.CheckboxSelectMultiple,
                   "start": DATE, "end": DATE,
                   "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = active_municipalities()
        self.fields["location"].empty_label = _("Online")
        if not user_can(user, "pool.manage"):
            # a municipality asks for itself; only a coordinator posts for another organisation
            field = self.fields["organisation"]
            field.queryset = field.queryset.filter(pk=user.organisation_id)
            field.error_messages["invalid_choice"] = _(
                "Je kunt alleen een opdracht plaatsen voor je eigen organisatie.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("De einddatum ligt vóór de begindatum."))
        elif end and end < timezone.localdate():
            # the matching only looks ahead: such an assignment would wait for ever
            self.add_error("end", _("Deze opdracht is al voorbij: de einddatum ligt in het verleden."))
        if cleaned.get("team_size") is not None and cleaned["team_size"] < 2:
            self.add_error("team_size", _("Zet altijd minstens twee ervaringsdeskundigen in."))
        return cleaned


class DeclineForm(forms.Form):
    """A "no" to one proposal. Its field has the id of that proposal's reason box on the
    profile page (``reason-<pk>``), where there is one for every proposal, so the error
    summary leads to the right one."""

    reason = forms.CharField(label=_("Waarom zeg je nee?"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Vertel kort waarom je nee zegt.")})

    def __init__(self, *args, proposal=None, **kwargs):
        if proposal is not None:
            kwargs.setdefault("auto_id", f"%s-{proposal.pk}")
        super().__init__(*args, **kwargs)
        if proposal is not None and proposal.status == proposal.Status.ACCEPTED:
            # stopping after a yes: the question as the page asks it
            self.fields["reason"].label = _("Wat is er veranderd? De coördinator leest het en "
                                            "zoekt een nieuw team.")


class EvaluationForm(forms.Form):
    rating = forms.IntegerField(label=_("Hoe ging het? (1 = slecht, 5 = heel goed)"),
                                min_value=1, max_value=5)
    text = forms.CharField(label=_("Toelichting"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
