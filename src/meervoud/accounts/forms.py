from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from meervoud.audit.models import Action
from meervoud.audit.services import record_anonymous


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code uit je authenticator-app"), max_length=10, min_length=6,
        help_text=_("Zes cijfers. De code verandert elke 30 seconden."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                      "autofocus": True, "pattern": "[0-9 ]*"}),
    )


class LoginForm(AuthenticationForm):
    """Django's login form with the username's length checked before anything looks it up:
    a pasted text of thousands of characters is a failed login like any other, not a value
    too long for the lock-out table (a server error on PostgreSQL)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))

    def clean(self):
        if "username" in self.errors:  # never reached authenticate(): log the attempt here
            record_anonymous(self.request, Action.LOGIN_FAILED, detail="gebruikersnaam te lang")
            raise self.get_invalid_login_error()
        return super().clean()
