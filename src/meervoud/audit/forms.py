from django import forms
from django.utils.translation import gettext_lazy as _

from meervoud.accounts.models import Role
from meervoud.audit.models import Action
from meervoud.core.forms import DATE


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Handeling"), required=False,
                               choices=[("", _("alle"))] + Action.choices)
    role = forms.ChoiceField(label=_("Rol"), required=False, choices=[("", _("alle"))] + Role.choices)
    username = forms.CharField(label=_("Gebruikersnaam"), required=False, max_length=150)
    object_type = forms.CharField(label=_("Soort gegeven"), required=False, max_length=60,
                                  help_text=_("Bijvoorbeeld stories.story"))
    object_id = forms.CharField(label=_("Id"), required=False, max_length=64)
    since = forms.DateField(label=_("Vanaf"), required=False,
                            widget=DATE)
    until = forms.DateField(label=_("Tot en met"), required=False,
                            widget=DATE)
