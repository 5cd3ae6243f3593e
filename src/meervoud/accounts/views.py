import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from meervoud.accounts import selectors, services
from meervoud.accounts.forms import AccountSettingsForm, LoginForm, PasswordResetRequestForm, TokenForm
from meervoud.accounts.models import User
from meervoud.audit.models import Action
from meervoud.audit.services import record
from meervoud.core.language import remember_language
from meervoud.core.mail import email_enabled


def _next(request, default: str = settings.LOGIN_REDIRECT_URL):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return default


class TwoFactorVerifyView(LoginRequiredMixin, View):
    """Second login step for users with an authenticator app."""

    template_name = "accounts/otp_verify.html"

    def get(self, request):
        if not services.has_two_factor(request.user) or request.user.is_verified():
            return redirect(_next(request))
        return render(request, self.template_name, {"form": TokenForm(), "next": _next(request, "")})

    def post(self, request):
        form = TokenForm(request.POST)
        if form.is_valid():
            device = services.verify(request.user, form.cleaned_data["token"])
            if device is not None:
                otp_login(request, device)
                return redirect(_next(request))
            record(request, Action.OTP_FAILED, request.user)
            form.add_error("token", _("Deze code klopt niet of is verlopen. Probeer de nieuwe code. "
                                      "Na een paar foute codes moet je steeds iets langer wachten."))
        return render(request, self.template_name, {"form": form, "next": _next(request, "")})


class TwoFactorSetupView(LoginRequiredMixin, View):
    """Set up (or switch off) an authenticator app: QR code, manual key, one code to confirm."""

    template_name = "accounts/otp_setup.html"

    def _context(self, request, form=None):
        enabled = services.has_two_factor(request.user)
        context = {"form": form or TokenForm(), "enabled": enabled, "next": _next(request, ""),
                   "required": services.two_factor_required(request.user)}
        if not enabled:
            device = services.pending_device(request.user)
            context.update(qr=services.qr_svg(device), key=services.manual_key(device))
        return context

    def get(self, request):
        return render(request, self.template_name, self._context(request))

    def post(self, request):
        form = TokenForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, self._context(request, form))
        token = form.cleaned_data["token"]
        if request.POST.get("action") == "disable":
            if services.two_factor_required(request.user):
                messages.error(request, _("Tweestapsverificatie is verplicht voor jouw rol."))
                return redirect("accounts:otp_setup")
            if services.verify(request.user, token) is None:
                record(request, Action.OTP_FAILED, request.user, detail="uitzetten")
                form.add_error("token", _("Deze code klopt niet of is verlopen."))
                return render(request, self.template_name, self._context(request, form))
            services.disable(request.user)
            record(request, Action.OTP_DISABLED, request.user)
            messages.success(request, _("Tweestapsverificatie staat uit."))
            return redirect("accounts:otp_setup")
        if services.has_two_factor(request.user):
            return redirect("accounts:otp_setup")  # one authenticator per account
        device = services.pending_device(request.user)
        if not services.confirm_device(device, token):
            form.add_error("token", _("Deze code klopt niet. Controleer of de tijd op je telefoon "
                                      "goed staat en probeer de nieuwe code."))
            return render(request, self.template_name, self._context(request, form))
        otp_login(request, device)
        record(request, Action.OTP_ENABLED, request.user)
        messages.success(request, _("Tweestapsverificatie staat aan. Voortaan vragen we na je "
                                    "wachtwoord ook een code uit je app."))
        return redirect(_next(request))


def locked_out(request, response=None, credentials=None):
    """django-axes' lockout answer: the login page's place, a clear Dutch message, HTTP 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"lockout_minutes": minutes},
                  status=settings.AXES_HTTP_RESPONSE_CODE)


class LoginView(auth_views.LoginView):
    """Django's own; the site then speaks the language she chose on her account page."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            failure_limit=settings.AXES_FAILURE_LIMIT,
            lockout_minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60), **kwargs)

    def form_valid(self, form):
        return remember_language(super().form_valid(form), form.get_user().language)


class AccountSettingsView(LoginRequiredMixin, View):
    """Her own account page: e-mail address, language and messages, with the ways to her
    password, second factor and data."""

    template_name = "accounts/settings.html"

    def _render(self, request, form):
        return render(request, self.template_name, {
            "form": form, "email_enabled": email_enabled(),
            "two_factor": services.has_two_factor(request.user)})

    def get(self, request):
        return self._render(request, AccountSettingsForm(instance=request.user))

    def post(self, request):
        # a copy, so a refused form does not change the logged-in user the page shows
        form = AccountSettingsForm(request.POST, instance=User.objects.get(pk=request.user.pk))
        if not form.is_valid():
            return self._render(request, form)
        values = {name: form.cleaned_data[name] for name in services.SETTINGS}
        changed = services.change_settings(request, request.user, **values)
        messages.success(request, _("Je instellingen zijn opgeslagen.") if changed else
                         _("Er was niets veranderd."))
        return remember_language(redirect("accounts:settings"), request.user.language)


class PasswordResetView(auth_views.PasswordResetView):
    """Forgotten password: a link by e-mail, where this Meervoud sends e-mail; otherwise the page
    says who can help."""

    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_context_data(self, **kwargs):
        return super().get_context_data(email_enabled=email_enabled(), **kwargs)

    def post(self, request, *args, **kwargs):
        if not email_enabled():
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_was_reset(self.request, form.user)
        return response


class LogoutView(auth_views.LogoutView):
    """Django's own, with a word that it worked: on a shared computer that matters."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Je bent uitgelogd."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own, logged: a password only its owner knows, instead of the first one an
    administrator gave. Other sessions of this account end (Django's session hash)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        record(self.request, Action.PASSWORD_CHANGED, self.request.user)
        return response


@method_decorator(never_cache, name="dispatch")  # personal data: not in any cache, shared or not
class MyDataView(LoginRequiredMixin, View):
    """Everything Meervoud holds about the logged-in person, as a file to keep (AVG art. 15, 20)."""

    def get(self, request):
        data = selectors.personal_data(request.user)
        record(request, Action.DOWNLOAD, request.user, detail="eigen gegevens")
        response = HttpResponse(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="meervoud-mijn-gegevens.json"'
        return response
