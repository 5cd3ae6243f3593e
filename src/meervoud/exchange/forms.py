from django import forms
from django.utils.translation import gettext_lazy as _

from meervoud.exchange.refiqda import MAX_UPLOAD_BYTES


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("REFI-QDA-project (.qdpx)"),
        help_text=_("Exporteer je project in ATLAS.ti, NVivo, MAXQDA of QualCoder als REFI-QDA-project "
                    "en upload dat bestand hier. Er verandert nog niets: je wijzigingen worden een "
                    "voorstel dat ervaringsdeskundigen beoordelen."),
        widget=forms.ClearableFileInput(attrs={"accept": ".qdpx,application/zip"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan %(mb)s MB.")
                                        % {"mb": MAX_UPLOAD_BYTES // 2**20})
        return upload
