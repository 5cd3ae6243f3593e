"""Logins, logouts and failed logins go into the audit log, wherever they happen (web form, admin)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from meervoud.audit.models import Action
from meervoud.audit.services import record, record_anonymous


@receiver(user_logged_in, dispatch_uid="meervoud-audit-login")
def _logged_in(sender, request, user, **kwargs):
    if request is not None:
        record(request, Action.LOGIN, user)


@receiver(user_logged_out, dispatch_uid="meervoud-audit-logout")
def _logged_out(sender, request, user, **kwargs):
    # Django sends this also when nobody was logged in (user None)
    if request is not None and user is not None:
        record(request, Action.LOGOUT, user)


@receiver(user_login_failed, dispatch_uid="meervoud-audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    locked = getattr(request, "axes_locked_out", False)
    record_anonymous(request, Action.LOCKED_OUT if locked else Action.LOGIN_FAILED,
                     username=str(credentials.get("username") or ""))
