"""Logins, logouts and failed logins go into the audit log, wherever they happen (web form, admin).
And when a record that names a person is deleted, the admin's history forgets the name."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete
from django.dispatch import receiver

from meervoud.audit.models import Action
from meervoud.audit.services import forget_admin_history, record, record_anonymous

# Records whose str() names a person (username or name in the pool), however they are deleted:
# an erased account, a profile removed by its expert or in the admin, a cascade.
NAMES_A_PERSON = ("accounts.User", "pool.ExpertProfile", "plans.PlanMember",
                  "otp_totp.TOTPDevice", "api.ApiToken")


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


def _forget_name(sender, instance, **kwargs):
    forget_admin_history(instance)


for _label in NAMES_A_PERSON:
    post_delete.connect(_forget_name, sender=_label, dispatch_uid=f"meervoud-audit-forget-{_label}")
