from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from meervoud.accounts import views
from meervoud.accounts.forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=LoginForm,
        extra_context={"failure_limit": settings.AXES_FAILURE_LIMIT,
                       "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}),
        name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("verificatie/", views.TwoFactorVerifyView.as_view(), name="otp_verify"),
    path("tweestapsverificatie/", views.TwoFactorSetupView.as_view(), name="otp_setup"),
    path("wachtwoord/", views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:password_change_done")), name="password_change"),
    path("wachtwoord/gewijzigd/", auth_views.PasswordChangeDoneView.as_view(
        template_name="accounts/password_change_done.html"), name="password_change_done"),
    path("mijn-gegevens/", views.MyDataView.as_view(), name="my_data"),
]
