from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from meervoud.accounts.models import User
from meervoud.accounts.services import request_reset_link
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


class AccountSettingsForm(forms.ModelForm):
    """E-mail address, language and messages. A new address needs the current password: the
    address is where a forgotten password is reset, so a borrowed, still logged-in laptop must
    not be enough to take the account over."""

    current_password = forms.CharField(
        label=_("Je huidige wachtwoord"), required=False, strip=False,
        help_text=_("Alleen nodig als je je e-mailadres verandert."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    class Meta:
        model = User
        fields = ["email", "language", "email_notifications"]
        labels = {"email": _("E-mailadres"), "language": _("Taal van e-mails en van de website na het inloggen"),
                  "email_notifications": _("Stuur me een e-mail als er iets voor me klaarstaat")}
        help_texts = {
            "email": _("Hier krijg je berichten en een link als je je wachtwoord vergeten bent."),
            "language": _("Kies je niets, dan krijg je e-mails in het Nederlands en het Engels."),
            "email_notifications": _("Bijvoorbeeld als een coördinator je iets vraagt. Berichten over "
                                     "je account zelf krijg je altijd."),
        }
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Nederlands en Engels")),
                                           *self.fields["language"].choices[1:]]

    def clean(self):
        cleaned = super().clean()
        if "email" in self.changed_data and self.instance.has_usable_password():
            password = cleaned.get("current_password", "")
            if not password:
                self.add_error("current_password", _("Vul je huidige wachtwoord in om je e-mailadres te veranderen."))
            elif not self.instance.check_password(password):
                self.add_error("current_password", _("Dit wachtwoord klopt niet."))
        return cleaned


class PasswordResetRequestForm(PasswordResetForm):
    """Django's form (same answer whether the address is known or not). The link goes out from
    the background worker (``accounts.tasks``): sent here, the answer to a known address would
    wait for the mail server and its timing would tell who has an account. The worker writes it
    in the person's language and sends at most ``services.RESETS_PER_HOUR`` an hour; no more
    than that are queued either (``services.request_reset_link``)."""

    email = forms.EmailField(label=_("Je e-mailadres"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def save(self, domain_override=None, use_https=False, request=None, **_unused):
        """Django's view calls this with the options for its own mail; only the site's address
        is needed. The queue gets an account's id, never an address someone typed."""
        base_url = settings.MEERVOUD_SITE_URL or (
            f"{'https' if use_https else 'http'}://{domain_override or request.get_host()}")
        for user in self.get_users(self.cleaned_data["email"]):
            request_reset_link(user, base_url)
