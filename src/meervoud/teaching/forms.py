import codecs
from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from meervoud.teaching import reference
from meervoud.teaching.models import ContributionKind, SharerRole

MAX_FILE_BYTES = 10 * 1024 * 1024
_ZIP = b"PK\x03\x04"  # Office Open XML and OpenDocument files are zip archives
# What each allowed file type starts with: the name alone is the sender's claim, and a moderator
# opens these files to judge them.
SIGNATURES = {".pdf": b"%PDF-", ".docx": _ZIP, ".odt": _ZIP, ".pptx": _ZIP, ".odp": _ZIP,
              ".xlsx": _ZIP, ".ods": _ZIP, ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff",
              ".png": b"\x89PNG\r\n\x1a\n", ".txt": None}
ALLOWED_EXTENSIONS = set(SIGNATURES)


def _looks_like(upload, suffix: str) -> bool:
    upload.seek(0)
    head = upload.read(8192 if suffix == ".txt" else 8)
    upload.seek(0)
    if suffix != ".txt":
        return head.startswith(SIGNATURES[suffix])
    try:  # plain text: UTF-8 without NUL bytes; a character cut off by the sample's end is fine
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return b"\0" not in head


class ShareForm(forms.Form):
    kind = forms.ChoiceField(label=_("Wat wil je delen?"), choices=ContributionKind.choices,
                             widget=forms.RadioSelect, initial=ContributionKind.TEXT)
    title = forms.CharField(label=_("Titel"), max_length=200)
    assignment = forms.TypedChoiceField(label=_("Bij welke opdracht?"), coerce=int,
                                        required=False, empty_value=None)
    author_role = forms.ChoiceField(label=_("Ik deel dit als"), choices=SharerRole.choices,
                                    initial=SharerRole.TEACHER)
    text = forms.CharField(label=_("Tekst"), required=False, max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Bijvoorbeeld hoe je een opdracht in de les gebruikte en "
                                       "wat het opleverde. Noem geen namen van cliënten, "
                                       "studenten of anderen."))
    url = forms.URLField(label=_("Link"), required=False, max_length=500,
                         assume_scheme="https",
                         help_text=_("Een webadres, bijvoorbeeld van een filmpje of artikel."))
    file = forms.FileField(label=_("Bestand"), required=False,
                           help_text=_("PDF, Word, PowerPoint, Excel, OpenDocument, tekst of "
                                       "afbeelding (JPG, PNG), hooguit 10 MB."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].choices = [("", _("Algemeen, bij de hele module"))] + \
            reference.assignment_choices()

    def clean_url(self):
        url = self.cleaned_data.get("url", "")
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Alleen links die met http:// of https:// beginnen."))
        return url

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 10 MB."))
        suffix = Path(upload.name).suffix.lower()
        if suffix not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(_("Dit soort bestand kan hier niet gedeeld worden. Een "
                                          "filmpje of foto van je telefoon kun je als link delen."))
        if not _looks_like(upload, suffix):
            raise forms.ValidationError(_("Dit bestand is geen echt %(kind)s-bestand, al eindigt "
                                          "de naam op %(suffix)s. Sla het opnieuw op als %(kind)s "
                                          "en probeer het nog eens.")
                                        % {"kind": suffix[1:].upper(), "suffix": suffix})
        return upload

    def keeps_file(self, cleaned: dict) -> bool:
        """Whether a file shared before stays with it (see `ReviseForm`)."""
        return False

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        needed = {ContributionKind.TEXT: ("text", _("Schrijf de tekst die je wilt delen.")),
                  ContributionKind.LINK: ("url", _("Vul de link in die je wilt delen.")),
                  ContributionKind.FILE: ("file", _("Kies het bestand dat je wilt delen."))}
        if kind in needed:
            field, message = needed[kind]
            kept = field == "file" and self.keeps_file(cleaned)
            if not cleaned.get(field) and field not in self.errors and not kept:
                self.add_error(field, message)
        return cleaned

    def ask_file_again(self, files) -> None:
        """A browser does not send a chosen file again: after a mistake elsewhere in the form
        she has to choose it anew, and is told so at the file, not left to find it gone."""
        if files.get("file") and "file" not in self.errors:
            self.add_error("file", _("Kies het bestand opnieuw. Het is nog niet opgeslagen, "
                                     "omdat iets anders in het formulier nog niet klopt."))


class ReviseForm(ShareForm):
    """The share form again, for a contribution its author corrects (`services.revise`): filled
    in as she sent it, her file staying unless she picks another or removes it."""

    def __init__(self, *args, contribution, **kwargs):
        kwargs.setdefault("initial", {
            "kind": contribution.kind, "title": contribution.title,
            "assignment": contribution.assignment, "author_role": contribution.author_role,
            "text": contribution.text, "url": contribution.url})
        super().__init__(*args, **kwargs)
        self.contribution = contribution
        if contribution.file:
            self.fields["file"].help_text = _(
                "Je bestand ‘%(name)s’ blijft erbij. Kies alleen een bestand als je het wilt "
                "vervangen.") % {"name": contribution.original_name}
            self.fields["remove_file"] = forms.BooleanField(
                label=_("Mijn bestand weghalen"), required=False)

    def keeps_file(self, cleaned: dict) -> bool:
        return bool(self.contribution.file) and not cleaned.get("remove_file")


class ModerationForm(forms.Form):
    note = forms.CharField(label=_("Toelichting voor de inzender"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
