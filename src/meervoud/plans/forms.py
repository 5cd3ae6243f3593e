import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from meervoud.core.forms import DATE
from meervoud.places.models import Municipality
from meervoud.places.selectors import active_municipalities
from meervoud.plans import reference
from meervoud.plans.models import ActionStatus, Plan, ProjectRole

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=0, **kwargs)


class SeenValuesMixin:
    """The form sends back, hidden, the values it opened with. A save after a colleague's then
    writes only what this user changed, and is a conflict only where both changed the same
    field (`services._versioned_update`): in a tandem each answers their own questions."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self._tracked():
            self.fields[name].show_hidden_initial = True

    def _tracked(self) -> list[str]:
        return [name for name in self.fields if name != "version"]

    def seen(self) -> dict | None:
        """What the user saw when the form opened; None for a page without it (then the whole
        form is checked against the version, as before)."""
        values = {}
        for name in self._tracked():
            field, key = self.fields[name], self.add_initial_prefix(name)
            if key not in self.data:
                return None
            try:
                values[name] = field.to_python(
                    field.hidden_widget().value_from_datadict(self.data, self.files, key))
            except forms.ValidationError:
                return None
        return values

    def rebind_on(self, current, data):
        """After a conflict: what is stored now becomes what the user has seen, and replaces
        every field this user did not change; their own changes stay in the form."""
        fresh = type(self)(prefix=self.prefix, **self.fresh_kwargs(current))
        for name in self._tracked():
            field = fresh[name]
            shown = field.field.hidden_widget().format_value(field.value())
            data[fresh.add_initial_prefix(name)] = "" if shown is None else shown
            if name not in self.changed_data:
                data[self.add_prefix(name)] = "" if shown is None else shown
        return data

    def fresh_kwargs(self, current) -> dict:
        # as the form showed it: a handbook text in the reader's language (models.HandbookCopy)
        shown = getattr(current, "shown", current)
        return {"initial": {name: getattr(shown, name) for name in self._tracked()}}


class PlanForm(SeenValuesMixin, forms.ModelForm):
    """Header, background and project structure of Bijlage 1; labels are the handbook's questions."""

    version = VersionField(required=False)

    class Meta:
        model = Plan
        fields = ["title", "municipality", "location", "self_help_organisations", "district_teams",
                  "project_lead", "period_start", "period_end", *reference.question_fields()]
        widgets = {"period_start": DATE, "period_end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a plan of a municipality merged away (herindeling) must stay editable
        self.fields["municipality"].queryset = active_municipalities() | Municipality.objects.filter(
            pk=self.instance.municipality_id)
        fmt = reference.plan_format()
        for header in fmt["header"]:
            self.fields[header["field"]].label = header["label"]
        for section in fmt["sections"]:
            for question in section["questions"]:
                field = self.fields[question["field"]]
                field.label = question["question"]
                field.widget = forms.Textarea(attrs={"rows": 4})
        if not self.instance.pk:
            self.fields["title"].initial = fmt["default_title"]

    def sections(self):
        """The form's fields grouped like the handbook's format, for the template."""
        fmt = reference.plan_format()
        groups = [{"title": _("Algemeen"),
                   "fields": [self[name] for name in ["title", "municipality", "location",
                                                      "self_help_organisations", "district_teams",
                                                      "project_lead", "period_start",
                                                      "period_end"]]}]
        for section in fmt["sections"]:
            groups.append({"title": section["title"],
                           "fields": [self[q["field"]] for q in section["questions"]]})
        return groups

    def fresh_kwargs(self, current) -> dict:
        return {"instance": current}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("De einddatum ligt vóór de begindatum."))
        return cleaned


def lenient_token(value: str) -> uuid.UUID | None:
    """A damaged one-time token is no error the user could fix: what was sent is then
    recognised by its content instead (services.save_actions, services.add_item_once)."""
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


class ActionForm(SeenValuesMixin, forms.Form):
    """One row of a goal table. It sends back what it opened with (`SeenValuesMixin`): a
    colleague who meanwhile saved progress on a row this user left alone, or on another column
    of it, does not make the whole table a conflict (`services.save_actions`)."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    version = VersionField(required=False)
    # one-time token of a new row, see SpentToken; read leniently (clean_token)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    goal = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    what = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    who = forms.CharField(required=False, max_length=300)
    when = forms.CharField(required=False, max_length=200)
    due = forms.DateField(label=_("Uiterlijk klaar op"), required=False, widget=DATE)
    participants = forms.IntegerField(required=False, min_value=0, max_value=9999)
    status = forms.ChoiceField(label=_("Voortgang"), choices=ActionStatus.choices,
                               initial=ActionStatus.PLANNED)
    progress = forms.CharField(label=_("Toelichting voortgang"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, table: str, **kwargs):
        super().__init__(*args, **kwargs)
        columns = reference.table_format(table)["columns"]
        for name in ("goal", "what", "who", "when"):
            self.fields[name].label = columns[name]
        if "participants" in columns:
            self.fields["participants"].label = columns["participants"]
        else:
            del self.fields["participants"]
        if not self.is_bound and not self.initial.get("id"):
            self.initial["token"] = uuid.uuid4()
        if not (self.data.get(self.add_prefix("id")) if self.is_bound else self.initial.get("id")):
            # a new row has nothing stored to have seen; it is compared with the fields' own
            # initial values (has_changed), also when a hand-made request leaves them out
            for name in self._tracked():
                self.fields[name].show_hidden_initial = False

    def _tracked(self) -> list[str]:
        return [name for name in ("goal", "what", "who", "when", "due", "participants", "status",
                                  "progress") if name in self.fields]

    def clean_token(self) -> uuid.UUID | None:
        return lenient_token(self.cleaned_data["token"])

    def has_changed(self) -> bool:
        # a new row's token alone is not a row the user filled in
        return any(name != "token" for name in self.changed_data)

    def clean(self):
        cleaned = super().clean()
        # a new row is kept by its text; a date, number or note alone would vanish unsaid
        if (not cleaned.get("id") and self.has_changed()
                and not any(cleaned.get(name) for name in ("goal", "what", "who", "when"))):
            self.add_error("goal", _("Schrijf ook op wat het doel is of wat jullie gaan doen. "
                                     "Zonder die tekst slaan we de rij niet op."))
        return cleaned


class BaseActionFormSet(forms.BaseFormSet):
    def __init__(self, *args, table: str, **kwargs):
        self.table = table
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "table": self.table}

    @property
    def empty_form(self):
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"),
                         empty_permitted=True, use_required_attribute=False, table=self.table,
                         renderer=self.renderer)
        self.add_fields(form, None)
        return form


ActionFormSet = forms.formset_factory(ActionForm, formset=BaseActionFormSet, extra=2,
                                      can_delete=True)


class ProgressForm(SeenValuesMixin, forms.Form):
    version = VersionField()
    status = forms.ChoiceField(label=_("Voortgang"), choices=ActionStatus.choices)
    progress = forms.CharField(label=_("Toelichting"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))


class NamedAfterMixin:
    """A form shown once per phase or checklist on one page: its fields' names say which one
    (WCAG 2.4.6), or a screen reader's list of fields reads 'Begint op' three times. Each name
    starts with the visible label (WCAG 2.5.3), so speaking the label still finds the field."""

    def name_after(self, subject: str):
        for field in self.fields.values():
            if not field.widget.is_hidden:
                field.widget.attrs["aria-label"] = _("%(label)s: %(subject)s") % {
                    "label": field.label, "subject": subject}
        return self


class ItemForm(SeenValuesMixin, forms.Form):
    version = VersionField()
    done = forms.BooleanField(label=_("Gedaan"), required=False)
    note = forms.CharField(label=_("Aantekening"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AddItemForm(forms.Form):
    text = forms.CharField(label=_("Eigen punt toevoegen"), max_length=1000)
    # one-time token of this rendered form, see SpentToken
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["token"] = uuid.uuid4()

    def clean_token(self) -> uuid.UUID | None:
        return lenient_token(self.cleaned_data["token"])


class OwnChecklistForm(forms.Form):
    title = forms.CharField(label=_("Naam van de checklist"), max_length=200)


class RenameChecklistForm(NamedAfterMixin, SeenValuesMixin, OwnChecklistForm):
    version = VersionField()


class PhaseForm(NamedAfterMixin, SeenValuesMixin, forms.Form):
    version = VersionField()
    starts_on = forms.DateField(label=_("Begint op"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Klaar op"), required=False, widget=DATE)
    note = forms.CharField(label=_("Aantekening bij deze fase"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class MemberAddForm(forms.Form):
    """Ask someone onto the team by username or e-mail address. Neither is looked up here: any
    text gets the same answer (`services.invite`). Not an EmailField: a username is fine too,
    and an address that is not quite right is simply one nobody has."""

    username = forms.CharField(
        # the label stays short: the error summary at the top links the field by it
        label=_("Gebruikersnaam"), max_length=150,
        help_text=_("De naam waarmee die persoon inlogt op Meervoud. Het e-mailadres van dat "
                    "account kan ook. Typ het helemaal: Meervoud zoekt niet naar namen of "
                    "adressen die erop lijken."),
        error_messages={"required": _("Vul de gebruikersnaam in van wie je wilt uitnodigen.")})
    role = forms.ChoiceField(label=_("Rol in het project"), choices=ProjectRole.choices,
                             initial=ProjectRole.MEMBER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol in het project"), choices=ProjectRole.choices)


class ProgrammeForm(SeenValuesMixin, forms.Form):
    version = VersionField()
    title = forms.CharField(label=_("Titel"), max_length=200)
    audience = forms.CharField(label=_("Voor wie"), max_length=300, required=False)
    venue = forms.CharField(label=_("Plaats"), max_length=300, required=False)
    trainers = forms.CharField(label=_("Trainers"), max_length=300, required=False,
                               help_text=_("Bij voorkeur een ervaringsdeskundige trainer samen met "
                                           "een ervaringsdeskundige van de lokale "
                                           "zelfregieorganisatie."))
    intro = forms.CharField(label=_("Inleiding"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))
    notes = forms.CharField(label=_("Aantekeningen (lokale aanpassingen, leerbehoeften)"),
                            required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SessionForm(forms.Form):
    version = VersionField()
    title = forms.CharField(label=_("Naam van het dagdeel"), max_length=200)
    date = forms.DateField(label=_("Datum"), required=False, widget=DATE)
    start_time = forms.TimeField(label=_("Begintijd"), required=False, widget=TIME)
    venue = forms.CharField(label=_("Plaats (als die afwijkt)"), max_length=300, required=False)


class BlockForm(forms.Form):
    key = forms.CharField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Onderdeel"), max_length=200)
    minutes = forms.IntegerField(label=_("Minuten"), min_value=1, max_value=480)
    description = forms.CharField(label=_("Inhoud"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    exercise = forms.CharField(label=_("Oefening of werkvorm"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    materials = forms.CharField(label=_("Materialen (één per regel)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))


BlockFormSet = forms.formset_factory(BlockForm, extra=1, can_delete=True, can_order=True)
