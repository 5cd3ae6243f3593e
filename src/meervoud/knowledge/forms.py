from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meervoud.knowledge import naming
from meervoud.knowledge.curation import ThemeGone
from meervoud.knowledge.identifying import identifying, refusal
from meervoud.knowledge.models import Theme


def without_identifiers(text: str) -> str:
    """The text, unless the de-identifier finds a person in it: then the field says what it
    found, and what she typed stays in the field."""
    found = identifying(text)
    if found:
        raise forms.ValidationError(refusal(found))
    return text


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Naam van het thema"), max_length=200, required=False,
                           help_text=_("Leeg laten: de naam die de analyse gaf."))

    def __init__(self, *args, theme: Theme | None = None, **kwargs):
        """``theme``: the theme being named, so a name another theme has is refused."""
        super().__init__(*args, **kwargs)
        self.theme = theme

    def clean_name(self):
        name = without_identifiers(self.cleaned_data["name"])
        return naming.free_name(name, theme=self.theme) if self.theme is not None else name


class InsightForm(forms.Form):
    insight = forms.CharField(
        label=_("Kennisuitspraak"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000, required=False,
        help_text=_("Wat zeggen deze verhalen samen? Schrijf het in je eigen woorden. Leeg opslaan "
                    "haalt de kennisuitspraak weg."),
    )

    def clean_insight(self):
        return without_identifiers(self.cleaned_data["insight"])


class ThemeChoiceField(forms.ModelChoiceField):
    """Offers the active themes; accepts any theme (``accepts``), so that a choice merged away
    while the page was open can be told as such instead of as an invalid choice."""

    accepts = None

    def label_from_instance(self, obj):
        if obj.parent_id is None:
            return obj.working_title
        # two sub-themes of different themes often share a word ("Goed"): the choice must say which
        return gettext("%(subtheme)s (subthema van %(theme)s)") % {
            "subtheme": obj.working_title, "theme": obj.parent.working_title}

    def offer_grouped(self) -> None:
        """Offer the themes one group per theme (``<optgroup>``): the theme first, then its
        sub-themes; the groups in the order of the themes (most narrators first)."""
        groups: dict[int, tuple[Theme, list[Theme]]] = {}
        for theme in self.queryset.select_related("parent"):
            top = theme.parent if theme.parent_id else theme
            members = groups.setdefault(top.pk, (top, []))[1]
            if theme.pk == top.pk:
                members.insert(0, theme)
            else:
                members.append(theme)
        ordered = sorted(groups.values(), key=lambda group: (-group[0].narrators, group[0].key))
        self.choices = [("", self.empty_label)] + [
            (top.working_title, [(theme.pk, self.label_from_instance(theme)) for theme in members])
            for top, members in ordered]

    def to_python(self, value):
        offered, self.queryset = self.queryset, self.accepts if self.accepts is not None else self.queryset
        try:
            return super().to_python(value)
        finally:
            self.queryset = offered


class StatementActionForm(forms.Form):
    """Move, split off or merge: acts on the statements ticked in the list."""

    ACTIONS = [("move", _("Verplaats naar thema")), ("split", _("Maak er een nieuw thema van")),
               ("merge", _("Voeg dit hele thema samen met"))]
    action = forms.ChoiceField(label=_("Wat wil je doen?"), choices=ACTIONS)
    statements = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput, error_messages={
        "invalid_choice": _("Een uitspraak die je aanvinkte, staat niet meer bij dit thema: iemand heeft "
                            "hem net verplaatst. Er is niets veranderd. Bekijk de lijst opnieuw en kies "
                            "nog eens.")})
    target = ThemeChoiceField(label=_("Thema"), queryset=Theme.objects.none(), required=False)
    new_name = forms.CharField(label=_("Naam van het nieuwe thema"), max_length=200, required=False)

    def clean_new_name(self):
        return naming.free_name(without_identifiers(self.cleaned_data["new_name"]),
                                parent_id=self.theme.parent_id, splitting=True)

    def __init__(self, *args, theme: Theme, statement_keys: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme
        # each needed for some of the actions: the label says which, not "niet verplicht"
        self.fields["target"].needed_for = _("nodig bij verplaatsen en samenvoegen")
        self.fields["new_name"].needed_for = _("nodig bij een nieuw thema")
        self.fields["statements"].choices = [(key, key) for key in statement_keys]
        self.fields["target"].queryset = Theme.objects.filter(active=True).exclude(pk=theme.pk)
        self.fields["target"].offer_grouped()
        # inactive themes too: one merged away while the page was open is told as such below
        self.fields["target"].accepts = Theme.objects.exclude(pk=theme.pk)

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if not self.theme.active:  # a second tab, or a second curator, merged it away meanwhile
            raise forms.ValidationError(ThemeGone(self.theme, own=True).message)
        target = cleaned.get("target")
        if action in {"move", "merge"} and target is not None and not target.active:
            raise forms.ValidationError(ThemeGone(target, own=False).message)
        if action in {"move", "merge"} and not target and "target" not in self.errors:
            self.add_error("target", _("Kies een thema."))
        elif action == "merge" and cleaned["target"].parent_id == self.theme.pk:
            self.add_error("target", _("Een thema kan niet opgaan in een eigen subthema. "
                                       "Verplaats liever de uitspraken die daar horen."))
        if action in {"move", "split"} and not cleaned.get("statements"):
            raise forms.ValidationError(_("Vink eerst de uitspraken aan."))
        if action == "split" and not cleaned.get("new_name"):
            self.add_error("new_name", _("Geef het nieuwe thema een naam."))
        return cleaned
