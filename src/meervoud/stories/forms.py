import re
import secrets
import uuid
from datetime import UTC, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from meervoud.core.forms import DATE, RowsChoiceField
from meervoud.places.selectors import active_municipalities
from meervoud.stories.importer import MAX_FILE_BYTES
from meervoud.stories.models import (INTAKE_PAGE_MAX_AGE, ConsentText, Language, Level, LifeDomain, Purpose,
                                     RecoveryPhase)
from meervoud.stories.selectors import active_purposes
from meervoud.stories.validators import not_in_the_future


SCALE = [("", _("Zeg ik liever niet"))] + [(value, str(value)) for value in range(0, 101, 10)]

NAME_SEPARATORS = re.compile(r"[,;/&+\n]|\s(?:en|and)\s", re.IGNORECASE)

# Django's stock wording ("deze waarde", "vereist") is not B1; step 1 says it in her words
PLAIN_ERRORS = {
    "required": _("Dit moet je nog invullen."),
    "max_length": _("Dit is te lang: hoogstens %(limit_value)d tekens (nu %(show_value)d)."),
    "invalid_choice": _("Kies een van de mogelijkheden."),
    "min_value": _("Dit getal is te laag: het kleinste getal is %(limit_value)s."),
    "max_value": _("Dit getal is te hoog: het grootste getal is %(limit_value)s."),
}
PLAIN_INVALID = {
    forms.IntegerField: _("Vul een getal in, zonder letters of tekens."),
    forms.DateField: _("Dit is geen datum. Kies een datum, of laat het vak leeg."),
}


def _in_plain_words(form_class):
    """Every stock error message of a form's fields in plain words; messages a field was
    given on purpose stay as they are."""
    for field in form_class.base_fields.values():
        stock = {}
        for cls in reversed(type(field).__mro__):
            stock.update(getattr(cls, "default_error_messages", {}))
        plain = dict(PLAIN_ERRORS)
        plain.update({"invalid": message for kind, message in PLAIN_INVALID.items() if isinstance(field, kind)})
        for code, message in plain.items():
            if field.error_messages.get(code) is stock.get(code):
                field.error_messages[code] = message
    return form_class


@_in_plain_words
class StoryForm(forms.Form):
    """Step 1: the story itself. Field labels are questions in plain language (B1)."""

    text = forms.CharField(
        label=_("Jouw verhaal"),
        widget=forms.Textarea(attrs={"rows": 12}),
        min_length=40,
        max_length=20000,
        help_text=_("Vertel in je eigen woorden wat er gebeurde en hoe het nu met je gaat."),
        error_messages={
            "required": _("Je hebt je verhaal nog niet geschreven. Schrijf het in het vak."),
            "min_length": _("Je verhaal is te kort: schrijf minstens %(limit_value)d tekens "
                            "(nu %(show_value)d)."),
            "max_length": _("Je verhaal is te lang: het mag hoogstens %(limit_value)d tekens hebben "
                            "(nu %(show_value)d). Maak het wat korter."),
        },
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
        error_messages={"required": _("Kies de gemeente waar je verhaal zich afspeelde."),
                        "invalid_choice": _("Kies een gemeente uit de lijst.")},
    )
    life_domains = RowsChoiceField(
        label=_("Waar gaat je verhaal over?"),
        queryset=LifeDomain.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies één of meer onderwerpen."),
        error_messages={"required": _("Kies minstens één onderwerp waar je verhaal over gaat."),
                        "invalid_choice": _("Kies een onderwerp uit de lijst."),
                        "invalid_pk_value": _("Kies een onderwerp uit de lijst.")},
    )
    # the narrator's words for micro / meso / macro
    level = forms.ChoiceField(
        label=_("Waar gaat je verhaal vooral over?"), initial=Level.MICRO, widget=forms.RadioSelect,
        choices=[(Level.MICRO, _("Het contact met één persoon, zoals een hulpverlener")),
                 (Level.MESO, _("Een team of een organisatie")),
                 (Level.MACRO, _("Regels of beleid van de gemeente, de regio of het land"))],
    )
    recovery_phase = forms.ChoiceField(
        label=_("Waar sta je nu?"), choices=[("", _("Zeg ik liever niet"))] + RecoveryPhase.choices,
        required=False,
    )
    language = forms.ChoiceField(label=_("Taal van je verhaal"), choices=Language.choices)
    told_on = forms.DateField(
        label=_("Datum"), required=False, widget=DATE,
        validators=[not_in_the_future],
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
    # A choice, not a slider: a slider always sends a value, so a narrator who skipped the
    # question would be stored as having answered 50
    sense_of_control = forms.TypedChoiceField(
        label=_("Hoeveel had je zelf te zeggen over de hulp die je kreeg? (0 = niets, 100 = alles)"),
        choices=SCALE, coerce=int, empty_value=None, required=False,
    )
    doing_now = forms.TypedChoiceField(
        label=_("Hoe gaat het nu met je? (0 = heel slecht, 100 = heel goed)"),
        choices=SCALE, coerce=int, empty_value=None, required=False,
    )
    known_names = forms.CharField(
        label=_("Namen in je verhaal"), required=False, max_length=1000,
        help_text=_(
            "Noem de namen die in je verhaal staan (jouw naam, je kinderen, hulpverleners), "
            "gescheiden door komma's. We halen ze uit de tekst en bewaren ze niet."
        ),
    )

    # Only offered to a peer expert logged in with her own account (views.StoryIntakeView): what
    # she writes down with someone else is that person's story, under its own pseudonym.
    for_someone_else = forms.BooleanField(
        label=_("Ik schrijf dit verhaal op voor iemand anders"), required=False,
        help_text=_("Bijvoorbeeld als ervaringsdeskundige, samen met de verteller. Het verhaal krijgt "
                    "dan een eigen code en een eigen persoonlijke link. Die geef je aan de verteller. "
                    "Het verhaal staat niet bij jouw verhalen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a story is usually told in the language she reads the page in; the de-identifier
        # of the wrong language misses dates and ages
        if get_language() in Language.values:
            self.fields["language"].initial = get_language()

    def clean_known_names(self) -> list[str]:
        raw = self.cleaned_data.get("known_names") or ""
        # written as she would say them: "Roos en Storm" are two names, not one
        return [name.strip() for name in NAME_SEPARATORS.split(raw) if name.strip()]

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


def new_form_token() -> uuid.UUID:
    """A one-time token that says when it was made: a UUID of version 7 (RFC 9562), the time
    in its first 48 bits. Unsigned: a page with a changed time can do no more than one sent
    without a token."""
    made = int(timezone.now().timestamp() * 1000) & (2**48 - 1)
    value = (made << 80) | secrets.randbits(80)
    value = (value & ~(0xF << 76)) | (7 << 76)  # the version
    value = (value & ~(0b11 << 62)) | (0b10 << 62)  # the variant
    return uuid.UUID(int=value)


def _token_made_at(value) -> datetime | None:
    """When a step-2 page's token was made; None for anything that is not such a token."""
    try:
        token = uuid.UUID(str(value or ""))
    except ValueError:
        return None
    if token.version != 7:
        return None
    return datetime.fromtimestamp((token.int >> 80) / 1000, tz=UTC)


def _young_token(value) -> uuid.UUID | None:
    """The token of a step-2 page that can still be sent (INTAKE_PAGE_MAX_AGE); None otherwise."""
    made = _token_made_at(value)
    if made is None or made < timezone.now() - INTAKE_PAGE_MAX_AGE:
        return None
    return uuid.UUID(str(value))


# the same words as on her own page (CorrectionForm), where she edits the same texts again
STORY_TOO_LONG = _("Je verhaal is te lang: het mag hoogstens %(limit_value)d tekens hebben "
                   "(nu %(show_value)d). Maak het wat korter.")
ANSWER_TOO_LONG = _("Dit antwoord is te lang: het mag hoogstens %(limit_value)d tekens "
                    "hebben (nu %(show_value)d). Maak het wat korter.")


class ReviewForm(forms.Form):
    """Step 2: the narrator checks the de-identified text and gives consent per purpose."""

    # "Petra" becomes "[PERSOON-1]": a text step 1 accepted grows on its way here, so the limits
    # leave room for that (the title is stored at 200 characters, as in step 1)
    reviewed_title = forms.CharField(required=False, max_length=400, label=_("Titel"))
    reviewed_text = forms.CharField(
        label=_("Jouw verhaal zonder gegevens die naar jou leiden"),
        widget=forms.Textarea(attrs={"rows": 12}), max_length=40000,
        error_messages={"max_length": STORY_TOO_LONG},
    )
    # step 1 allows 4,000: twice that leaves room for the placeholders, as the correction form
    reviewed_helped = forms.CharField(
        label=_("Wat hielp jou?"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": ANSWER_TOO_LONG},
    )
    reviewed_hindered = forms.CharField(
        label=_("Wat zat je in de weg?"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": ANSWER_TOO_LONG},
    )
    consent_analysis = forms.BooleanField(required=False)
    consent_quote = forms.BooleanField(required=False)
    consent_share = forms.BooleanField(required=False)
    consent_research = forms.BooleanField(required=False)
    # which consent text versions the page showed ("analysis=1;quote=1;..."): consent is to those
    consent_versions = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    # one-time token of this step-2 page (see SentForm): the same page sent twice stores one story.
    # It holds the time it was made (new_form_token): a page older than INTAKE_PAGE_MAX_AGE is
    # not taken as sent (see expired), so its SentForm row need not be kept longer than that.
    form_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    CONSENTS = ("consent_analysis", "consent_quote", "consent_share", "consent_research")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a page shown again as typed (the language button, an expired page) gets a fresh token
        # when its own is too old: else it could never be sent
        if not self.is_bound and _young_token(self.initial.get("form_token")) is None:
            self.initial["form_token"] = new_form_token()
        # on the box, a screen reader says what she agrees to: the consent text next to it
        for name in self.CONSENTS:
            self.fields[name].widget.attrs["aria-describedby"] = self.consent_text_id(name)

    def consent_text_id(self, name: str) -> str:
        return f"{self[name].auto_id}_text"

    def full_clean(self):
        super().full_clean()
        # the form's own errors are all about the choice of purposes: the boxes are where to fix it
        if self.is_bound and self.non_field_errors():
            for name in self.CONSENTS:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def clean_form_token(self) -> uuid.UUID | None:
        """A missing or damaged token is nothing she could fix (a page opened before tokens
        existed, a script): the story is then recognised as before, by the session. An expired
        one the view handles before this (``expired``)."""
        return _young_token(self.cleaned_data["form_token"])

    def expired(self) -> bool:
        """The page was made longer than INTAKE_PAGE_MAX_AGE ago. Its token may have been
        forgotten (retention), so it no longer tells whether the page was sent before."""
        made = _token_made_at(self.data.get("form_token"))
        return made is not None and made < timezone.now() - INTAKE_PAGE_MAX_AGE

    def texts_read(self) -> dict[str, ConsentText]:
        shown = {}
        for part in self.cleaned_data.get("consent_versions", "").split(";"):
            purpose, _sep, version = part.partition("=")
            if purpose in Purpose.values and version.isdecimal() and len(version) < 6:
                shown[purpose] = int(version)
        texts = ConsentText.objects.filter(purpose__in=list(shown))
        return {text.purpose: text for text in texts if shown.get(text.purpose) == text.version}

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
        # quotes are chosen from the themes of the analysis: without it they cannot happen
        if Purpose.QUOTE in self.purposes() and Purpose.ANALYSIS not in self.purposes():
            raise ValidationError(
                _("Anoniem citeren kan alleen als je verhaal ook voor analyse gebruikt mag worden: "
                  "de citaten komen uit de analyse. Kies ook 'Analyse', of zet 'Anoniem citeren' uit."),
                code="quote_needs_analysis",
            )
        return cleaned


class WithdrawForNarratorForm(forms.Form):
    """Take back one consent, or the whole story, for a narrator who asked (by phone, by mail),
    or make her a new personal link when someone else found hers. Only what the story still has
    is offered: giving consent stays with the narrator."""

    DELETE = "delete"
    NEW_LINK = "new_link"

    what = forms.ChoiceField(
        label=_("Wat wil de verteller?"), widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Deze toestemming is al ingetrokken, of er was geen "
                                            "toestemming voor. Kijk hierboven wat er nog is.")})
    asked = forms.BooleanField(
        label=_("De verteller heeft mij zelf gevraagd dit te doen. Dit kan niet ongedaan worden gemaakt."),
        error_messages={"required": _("Vink aan dat de verteller dit zelf heeft gevraagd.")})

    def __init__(self, *args, story, **kwargs):
        super().__init__(*args, **kwargs)
        active = active_purposes(story)
        self.fields["what"].choices = [
            *((value, _("Toestemming intrekken: %(purpose)s") % {"purpose": label})
              for value, label in Purpose.choices if value in active),
            (self.DELETE, _("Het hele verhaal verwijderen")),
            (self.NEW_LINK, _("Een nieuwe persoonlijke link maken, voor alle verhalen van deze verteller. "
                              "De oude link werkt dan niet meer.")),
        ]


class CorrectionForm(forms.Form):
    """A narrator corrects the words of her story on her own page: every text kept of it that
    she can read there. The same limits as the intake: the story at least as long as step 1
    asks, each text at most as long as step 2 (the text with its placeholders, which she edits
    here) allows."""

    WORDS = ("title", "text", "helped", "hindered")

    # the title is stored at 200 characters, as in step 1
    title = forms.CharField(
        label=_("Titel"), required=False, max_length=200,  # the page adds "(niet verplicht)"
        error_messages={"max_length": _("De titel is te lang: hij mag hoogstens %(limit_value)d tekens "
                                        "hebben (nu %(show_value)d). Maak hem wat korter.")},
    )
    text = forms.CharField(
        label=_("Je verhaal"), widget=forms.Textarea(attrs={"rows": 12}), min_length=40, max_length=40000,
        help_text=_("Verander wat niet klopt of wat niemand mag weten. Namen en andere gegevens die "
                    "naar jou leiden, halen we er daarna weer uit."),
        error_messages={
            "required": _("Je verhaal is leeg. Schrijf je verhaal in het vak. Wil je het verhaal weg? "
                          "Kies dan hieronder 'Verwijder dit verhaal helemaal'."),
            "min_length": _("Je verhaal is te kort: schrijf minstens %(limit_value)d tekens "
                            "(nu %(show_value)d)."),
            "max_length": _("Je verhaal is te lang: het mag hoogstens %(limit_value)d tekens hebben "
                            "(nu %(show_value)d). Maak het wat korter."),
        },
    )
    helped = forms.CharField(
        label=_("Wat hielp jou?"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Dit antwoord is te lang: het mag hoogstens %(limit_value)d tekens "
                                        "hebben (nu %(show_value)d). Maak het wat korter.")},
    )
    hindered = forms.CharField(
        label=_("Wat zat je in de weg?"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Dit antwoord is te lang: het mag hoogstens %(limit_value)d tekens "
                                        "hebben (nu %(show_value)d). Maak het wat korter.")},
    )

    def __init__(self, data=None, *, story, **kwargs):
        super().__init__(data, initial={name: getattr(story, name) for name in self.WORDS}, **kwargs)

    def words(self) -> dict[str, str]:
        """The corrected texts by name, for services.correct_story: only the boxes the page sent.
        A page opened before a box was on it (a tab left open) sends no value for it, which
        is not the same as emptying it: that text stays as it is."""
        return {name: self.cleaned_data[name] for name in self.WORDS if name in self.data}


class CorrectionForNarratorForm(CorrectionForm):
    """A coordinator corrects a story she may read in full, on /verhalen/<id>/: above all what
    the de-identifier missed in a story that came in without step 2 (an import, the API). The
    same fields and limits as the narrator's own correction, in the words of the coordinator's
    pages (about the narrator, not to her)."""

    def __init__(self, data=None, *, story, **kwargs):
        super().__init__(data, story=story, **kwargs)
        text = self.fields["text"]
        text.label = _("Verhaal")
        text.help_text = _("Haal weg wat naar de verteller kan leiden, zoals een naam of plaats die de "
                           "computer niet vond. Daarna halen we er weer alle namen en gegevens uit die we "
                           "herkennen. Zinnen die weg zijn, tellen niet meer mee in de analyse.")
        text.error_messages.update({
            "required": _("Het verhaal is leeg. Wil de verteller het verhaal weg? Kies dan hieronder "
                          "'Het hele verhaal verwijderen'."),
            "min_length": _("Het verhaal is te kort: minstens %(limit_value)d tekens (nu %(show_value)d)."),
            "max_length": _("Het verhaal is te lang: hoogstens %(limit_value)d tekens (nu %(show_value)d)."),
        })
        self.fields["helped"].label = _("Wat hielp")
        self.fields["hindered"].label = _("Wat zat in de weg")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Bestand (CSV, XLSX of JSON)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # here, not on the field: the number goes into the words of the language she reads
        self.fields["file"].help_text = _(
            "Eén verhaal per rij, hooguit %(mb)s MB. Bekijk de uitleg hieronder voor de kolommen."
        ) % {"mb": MAX_FILE_BYTES // 2**20}

    def clean_file(self):
        """Refused by its size before anything is read: every row is de-identified in this one
        request (see importer.MAX_FILE_BYTES)."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("Het bestand is groter dan %(mb)s MB. Verdeel de verhalen over een paar kleinere "
                  "bestanden en importeer die na elkaar."),
                code="too_big", params={"mb": MAX_FILE_BYTES // 2**20})
        return upload
