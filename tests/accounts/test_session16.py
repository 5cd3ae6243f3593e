"""Own password, and what the log keeps of it (session 16)."""

import pytest
from django.urls import reverse

from meervoud.audit.models import Action, AuditEvent
from tests.security.test_accounts import PASSWORD, login

pytestmark = pytest.mark.django_db


def test_the_menu_leads_to_the_password_page_and_the_change_is_logged(client, make_user):
    user = make_user("coordinator")
    client.force_login(user)
    assert reverse("accounts:settings") in client.get("/").content.decode()
    assert reverse("accounts:password_change") in client.get(reverse("accounts:settings")).content.decode()
    new = "een-nieuw-lang-wachtwoord-42"
    client.post(reverse("accounts:password_change"),
                {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    event = AuditEvent.objects.get(action=Action.PASSWORD_CHANGED)
    assert event.user_id == user.pk
    assert new not in event.detail


def test_a_wrong_old_password_changes_nothing_and_says_so_in_dutch(client, make_user):
    user = make_user("coordinator")
    client.force_login(user)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": "fout", "new_password1": "een-nieuw-lang-wachtwoord-42",
        "new_password2": "een-nieuw-lang-wachtwoord-42"})
    assert response.status_code == 200
    assert "oude wachtwoord" in response.content.decode().lower()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action=Action.PASSWORD_CHANGED).exists()


def test_an_overlong_username_is_a_logged_failed_login(client, make_user):
    make_user("coordinator")
    login(client, "u" * 5000, "fout")
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert event.username == "" and "u" * 200 not in event.detail


def test_staff_find_the_admin_in_the_menu_and_others_do_not(client, make_user):
    """docs/security.md sends an administrator to /beheer/ (a lost phone, a locked account)."""
    admin = make_user("beheerder")
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    assert 'href="/beheer/"' in client.get("/").content.decode()
    client.force_login(make_user("coordinator"))
    assert 'href="/beheer/"' not in client.get("/").content.decode()


def test_logging_out_says_so(client, make_user):
    client.force_login(make_user("coordinator"))
    response = client.post(reverse("accounts:logout"), follow=True)
    assert "Je bent uitgelogd." in response.content.decode()


def test_a_failed_login_tells_how_many_tries_there_are(client, make_user, settings):
    make_user("coordinator")
    html = login(client, "coordinator", "fout").content.decode()
    assert f"Na {settings.AXES_FAILURE_LIMIT} foute pogingen" in html
