from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from meervoud.accounts import services


class TwoFactorMiddleware:
    """After the password, the second step: a user with a confirmed authenticator reaches
    nothing but the verification page until they entered a code; with MEERVOUD_REQUIRE_2FA on,
    users who see stories reach nothing but the setup page until they set one up.

    One gate for every page (admin and API sessions included) rather than a check per view,
    so a new view cannot forget it. Needs django_otp's OTPMiddleware before it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None
        self._own = None

    def _open_paths(self) -> tuple[str, ...]:
        # Not the setup page: with only the password, nobody may enrol another authenticator.
        if self._open is None:
            self._open = (reverse("accounts:otp_verify"), reverse("accounts:logout"),
                          reverse("set_language"), reverse("core:health"), settings.STATIC_URL)
        return self._open

    def _own_paths(self) -> tuple[str, ...]:
        # A narrator's own story pages: telling, and seeing or taking back her consent, must stay
        # as easy as giving it (AVG); required 2FA protects other people's stories, not her own.
        # (Someone with a confirmed authenticator still verifies first, as everywhere.)
        if self._own is None:
            self._own = (reverse("stories:intake"), reverse("stories:thanks"), reverse("stories:mine"),
                         reverse("stories:my_story", args=["x"])[:-2])
        return self._own

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(self._open_paths()):
            if services.has_two_factor(user):
                if not user.is_verified():
                    return redirect_to_login(request.get_full_path(), reverse("accounts:otp_verify"))
            elif (services.two_factor_required(user)
                  and not request.path.startswith((reverse("accounts:otp_setup"), *self._own_paths()))):
                return redirect_to_login(request.get_full_path(), reverse("accounts:otp_setup"))
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Switches off browser features (camera, microphone, location, …) Meervoud never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.MEERVOUD_PERMISSIONS_POLICY)
        return response
