from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from meervoud.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.AccountSettingsView.as_view(), name="settings"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("verificatie/", views.TwoFactorVerifyView.as_view(), name="otp_verify"),
    path("tweestapsverificatie/", views.TwoFactorSetupView.as_view(), name="otp_setup"),
    path("wachtwoord/", views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:password_change_done")), name="password_change"),
    path("wachtwoord/gewijzigd/", auth_views.PasswordChangeDoneView.as_view(
        template_name="accounts/password_change_done.html"), name="password_change_done"),
    path("mijn-gegevens/", views.MyDataView.as_view(), name="my_data"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html"), name="password_reset_done"),
    path("wachtwoord-vergeten/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("wachtwoord-vergeten/klaar/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"), name="password_reset_complete"),
]
