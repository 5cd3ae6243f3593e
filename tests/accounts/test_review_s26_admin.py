"""Session 26 review: the functional administrator (functioneel beheerder) who runs Meervoud for a
year in /beheer/: she creates accounts and gives roles, resets a lost phone or a password,
offboards a coordinator who leaves and answers a data-subject request. Each test fails on the
code as it was reviewed; the docstring says what went wrong."""

import json

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from meervoud.accounts.models import Role, User
from meervoud.audit.models import Action, AuditEvent
from meervoud.knowledge.models import CurationEvent, Theme

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-1"


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("fb", password=PASSWORD, role=Role.ADMINISTRATOR)
    client.force_login(admin)
    client.admin = admin
    return client


def _change_data(user, **changes) -> dict:
    """What the account's change form in /beheer/ posts, with ``changes`` made."""
    data = {"username": user.username, "first_name": user.first_name, "last_name": user.last_name,
            "email": user.email, "role": user.role, "organisation": "", "language": user.language,
            "date_joined_0": f"{user.date_joined:%Y-%m-%d}", "date_joined_1": "10:00:00",
            "last_login_0": "", "last_login_1": ""}
    flags = {"is_active": user.is_active, "is_staff": user.is_staff,
             "is_superuser": user.is_superuser, "email_notifications": user.email_notifications}
    flags.update({name: changes.pop(name) for name in list(changes) if name in flags})
    data.update({name: "on" for name, on in flags.items() if on})
    data.update(changes)
    return data


def _events(user, action=None):
    events = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk))
    return events.filter(action=action) if action else events


# --------------------------------------------------------------------------- two-factor reset


def test_the_admin_does_not_show_anyones_two_factor_secret(admin_client, make_user):
    """django-otp's admin showed every user's TOTP key on the device's page and a QR code of it
    (`…/config/`, `…/qrcode/`): whoever opens /beheer/ could copy a coordinator's second factor
    onto her own phone, and log in as her with one stolen password."""
    coordinator = make_user("coordinator")
    device = TOTPDevice.objects.create(user=coordinator, name="Meervoud", confirmed=True)
    page = admin_client.get(f"/beheer/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    assert "otpauth://" not in page.content.decode()
    assert admin_client.get(f"/beheer/otp_totp/totpdevice/{device.pk}/config/").status_code == 403
    assert admin_client.get(f"/beheer/otp_totp/totpdevice/{device.pk}/qrcode/").status_code == 403


def test_the_admin_cannot_enrol_or_change_someones_authenticator(admin_client, make_user):
    """The admin could add a confirmed authenticator with a key of its choosing to any account,
    or change the key of hers, unlogged: docs/security.md promises that nobody enrols a second
    authenticator without a code from the first. A lost phone is a deletion (logged)."""
    coordinator = make_user("coordinator")
    device = TOTPDevice.objects.create(user=coordinator, name="Meervoud", confirmed=True)
    assert admin_client.get("/beheer/otp_totp/totpdevice/add/").status_code == 403
    old_key = device.key
    admin_client.post(f"/beheer/otp_totp/totpdevice/{device.pk}/change/", {
        "user": coordinator.pk, "name": "Meervoud", "confirmed": "on", "key": "00" * 20,
        "step": 30, "t0": 0, "digits": 6, "tolerance": 1, "drift": 0})
    device.refresh_from_db()
    assert device.key == old_key
    # what she does need: delete it, and it is logged with her name
    admin_client.post(f"/beheer/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEvent.objects.filter(action=Action.OTP_DISABLED, username="fb",
                                     object_id=str(coordinator.pk)).exists()


# --------------------------------------------------------------------------- accounts and roles


def test_a_new_account_gets_the_role_the_administrator_chooses(admin_client):
    """The add page asked only username and password; the account was stored as "Verteller /
    ervaringsdeskundige", a role that reads every statement cut from other people's stories,
    until the administrator found the role on the next page. A policy officer created in a hurry
    kept it."""
    page = admin_client.get("/beheer/accounts/user/add/")
    assert 'name="role"' in page.content.decode()
    refused = admin_client.post("/beheer/accounts/user/add/", {
        "username": "els", "usable_password": "true", "password1": "Lang-en-geheim-42",
        "password2": "Lang-en-geheim-42"})
    assert refused.status_code == 200 and not User.objects.filter(username="els").exists()
    admin_client.post("/beheer/accounts/user/add/", {
        "username": "els", "usable_password": "true", "password1": "Lang-en-geheim-42",
        "password2": "Lang-en-geheim-42", "role": Role.POLICY_OFFICER})
    els = User.objects.get(username="els")
    assert els.role == Role.POLICY_OFFICER
    created = _events(els, Action.CHANGE).get()
    assert created.username == "fb" and "beleid" in created.detail


def test_a_role_change_in_the_admin_is_in_the_audit_log(admin_client, make_user):
    """Making someone a coordinator gives her every story; it was written only to Django's admin
    history, which any administrator can change and which says nothing on /logboek/. The audit
    log (append-only) had no trace of who gave whom access to special-category data."""
    anna = make_user("verteller", "anna")
    response = admin_client.post(f"/beheer/accounts/user/{anna.pk}/change/",
                                 _change_data(anna, role=Role.COORDINATOR, is_staff=True))
    assert response.status_code == 302, response.content.decode()[:2000]
    anna.refresh_from_db()
    assert anna.role == Role.COORDINATOR
    event = _events(anna, Action.CHANGE).get()
    assert event.username == "fb" and event.path.startswith("/beheer/")
    assert "rol: verteller → coordinator" in event.detail and "staff: nee → ja" in event.detail
    # a change that does not touch access (her name) is no access event
    admin_client.post(f"/beheer/accounts/user/{anna.pk}/change/",
                      _change_data(anna, first_name="Anna"))
    assert _events(anna, Action.CHANGE).count() == 1


def test_offboarding_a_coordinator_keeps_her_curation_and_is_logged(admin_client, make_user, client):
    """A coordinator leaves. Switching "actief" off is the way that keeps her curation history
    (who named and validated which theme, the four eyes' proof); it was not in the audit log, so
    the log could not show since when she had no access."""
    leaver = make_user("coordinator", "marieke")
    theme = Theme.objects.create(key="t-1", label="wonen", name="Een dak boven je hoofd",
                                 validated_by=leaver, validated_at=timezone.now())
    CurationEvent.objects.create(theme=theme, user=leaver, action="validate")
    admin_client.post(f"/beheer/accounts/user/{leaver.pk}/change/", _change_data(leaver, is_active=False))
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert "actief: ja → nee" in _events(leaver, Action.CHANGE).get().detail
    theme.refresh_from_db()
    assert theme.validated_by == leaver
    assert CurationEvent.objects.filter(user=leaver).count() == 1
    assert not client.login(username="marieke", password=PASSWORD)


def test_a_password_set_by_the_administrator_is_logged_and_lifts_the_lockout(admin_client, make_user):
    """Someone locked out phones the administrator, who sets a new password in /beheer/: it was
    not in the audit log (her own change and an e-mailed reset are), and the lock stayed, so the
    new password did not work for another quarter of an hour."""
    anna = make_user("coordinator", "anna")
    AccessAttempt.objects.create(username="anna", ip_address="10.0.0.1", user_agent="x",
                                 failures_since_start=5, get_data="", post_data="",
                                 http_accept="", path_info="/account/inloggen/")
    response = admin_client.post(f"/beheer/accounts/user/{anna.pk}/password/", {
        "usable_password": "true", "password1": "Nieuw-en-lang-2026", "password2": "Nieuw-en-lang-2026"})
    assert response.status_code == 302
    event = _events(anna, Action.PASSWORD_CHANGED).get()
    assert event.username == "fb" and event.detail == "beheer"
    assert not AccessAttempt.objects.filter(username="anna").exists()


# --------------------------------------------------------------------------- a data-subject request


def test_the_administrator_can_hand_over_the_data_of_someone_who_cannot_log_in(admin_client, make_user):
    """Access (AVG art. 15) for an account holder was only "Download mijn gegevens" behind her
    own login. A coordinator who left (account switched off) and asks for her data could not be
    answered without a developer. The admin has the same download, one account at a time, logged
    with the administrator's name."""
    leaver = make_user("coordinator", "marieke")
    leaver.is_active = False
    leaver.save()
    other = make_user("onderzoeker", "olaf")
    changelist = reverse("admin:accounts_user_changelist")
    response = admin_client.post(changelist, {"action": "download_personal_data",
                                              "_selected_action": [leaver.pk]})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["gebruikersnaam"] == "marieke"
    event = _events(leaver, Action.DOWNLOAD).get()
    assert event.username == "fb" and "inzageverzoek" in event.detail
    # one person's data at a time: several at once would mix people in one file
    refused = admin_client.post(changelist, {"action": "download_personal_data",
                                             "_selected_action": [leaver.pk, other.pk]}, follow=True)
    assert "precies één" in refused.content.decode()
    assert not _events(other, Action.DOWNLOAD).exists()


def test_createsuperuser_makes_an_administrator(monkeypatch):
    """The first account of a new installation comes from `meervoud createsuperuser`; it got the
    model's default role, "Verteller / ervaringsdeskundige": the audit log then says a narrator
    exported and restored, and her menu is a narrator's."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Lang-en-geheim-42")
    call_command("createsuperuser", interactive=False, username="eerste", email="fb@example.org",
                 verbosity=0)
    assert User.objects.get(username="eerste").role == Role.ADMINISTRATOR
