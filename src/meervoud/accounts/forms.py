from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from meervoud.accounts import selectors
from meervoud.accounts.models import User
from meervoud.audit.models import Action
from meervoud.audit.services import record, record_anonymous
from meervoud.core.mail import compose, deliver


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
    """Django's form (same answer whether the address is known or not), with the message in the
    person's language and at most RESETS_PER_HOUR links per account, so the page cannot be used
    to fill someone's mailbox."""

    RESETS_PER_HOUR = 3

    email = forms.EmailField(label=_("Je e-mailadres"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        user = context["user"]
        if selectors.reset_links_sent_recently(user) >= self.RESETS_PER_HOUR:
            return
        path = reverse("accounts:password_reset_confirm",
                       kwargs={"uidb64": context["uid"], "token": context["token"]})
        link = f"{settings.MEERVOUD_SITE_URL or context['protocol'] + '://' + context['domain']}{path}"
        subject, body = compose(_("Een nieuw wachtwoord kiezen"),
                                lazy(_reset_text, str)(user.get_username()), link, user.language)
        deliver(subject, body, to_email)
        record(user, Action.PASSWORD_RESET_SENT)


def _reset_text(username: str) -> str:
    """Built when the message is written in each of its languages (see ``core.mail.compose``)."""
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    return "\n\n".join([
        gettext("Iemand vroeg een nieuw wachtwoord voor jouw account op Meervoud (gebruikersnaam: "
                "%(username)s).") % {"username": username},
        ngettext("Kies een nieuw wachtwoord met de link hieronder. De link werkt %(hours)d uur en "
                 "maar één keer.",
                 "Kies een nieuw wachtwoord met de link hieronder. De link werkt %(hours)d uur en "
                 "maar één keer.", hours) % {"hours": hours},
        gettext("Heb jij dit niet gevraagd? Dan hoef je niets te doen. Je wachtwoord blijft hetzelfde."),
    ])
