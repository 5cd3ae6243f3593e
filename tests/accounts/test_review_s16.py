"""Session-16 review of logging in, two-step verification, language and menus, as users meet them.

Each test tells one user's story and asserts what that user should get; each fails on the
code as it was reviewed.
"""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from meervoud.audit.models import Action, AuditEvent
from tests.security.test_accounts import PASSWORD, enrol, login, unthrottle

pytestmark = pytest.mark.django_db


def test_a_wrong_code_when_switching_off_two_factor_is_logged(client, make_user):
    """Someone at a coordinator's unlocked computer tries to switch two-step verification off and
    guesses codes on /account/tweestapsverificatie/. Each wrong code is refused, but nothing reaches
    the audit log, while the same wrong code on the login's verification page is logged as
    'otp-failed'. An administrator reading the log should see these attempts too."""
    make_user("coordinator")
    login(client, "coordinator")
    device = enrol(client)
    unthrottle(device)
    before = AuditEvent.objects.filter(action=Action.OTP_FAILED).count()
    response = client.post(reverse("accounts:otp_setup"), {"token": "000000", "action": "disable"})
    assert "klopt niet" in response.content.decode()
    assert TOTPDevice.objects.filter(confirmed=True).exists()
    assert AuditEvent.objects.filter(action=Action.OTP_FAILED).count() == before + 1


def test_an_overlong_username_gets_the_normal_login_error(client, make_user):
    """Someone pastes a whole text (or a scanner sends 5,000 characters) into the username box.
    The login form does not check the length, so django-axes stores the 5,000-character name in
    its failure table, whose column holds 255: on PostgreSQL the login page answers with a 500
    error. The visitor should get the usual "Gebruikersnaam of wachtwoord klopt niet." and
    nothing longer than its column should be written."""
    make_user("coordinator")
    client.raise_request_exception = False
    response = login(client, "u" * 5000, "fout")
    assert response.status_code == 200, f"HTTP {response.status_code} instead of the login form"
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.content.decode()
    limit = AccessAttempt._meta.get_field("username").max_length
    assert all(len(name or "") <= limit
               for name in AccessAttempt.objects.values_list("username", flat=True)), (
        "a username longer than the database column was stored (PostgreSQL: DataError, 500)")


def test_a_stale_login_form_gives_a_plain_dutch_page_with_a_way_back(make_user):
    """A coordinator on a shared computer logs out, presses Back and logs in again with the login
    form from before (or logs in from a second tab). The form's security token is no longer valid
    and she gets Django's bare page "Verboden (403) CSRF-verificatie mislukt. Aanvraag afgebroken.
    Meer informatie is beschikbaar met DEBUG=True.", marked as English, outside the site's layout
    and without a link. She should get a plain-language page in the site's layout that tells her
    to try again, with a link to the login page."""
    make_user("coordinator")
    browser = Client(enforce_csrf_checks=True)
    old_token = str(browser.get(reverse("accounts:login")).context["csrf_token"])
    assert login(browser, "coordinator").status_code == 403  # no token at all: refused
    form = {"username": "coordinator", "password": PASSWORD, "csrfmiddlewaretoken": old_token}
    logged_in = browser.post(reverse("accounts:login"), form, REMOTE_ADDR="192.0.2.10")
    assert logged_in.status_code == 302
    browser.post(reverse("accounts:logout"),
                 {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value})
    stale = browser.post(reverse("accounts:login"), form, REMOTE_ADDR="192.0.2.10")
    html = stale.content.decode()
    assert stale.status_code == 403
    assert '<html lang="nl">' in html, "the page is marked as English and is not the site's layout"
    assert "DEBUG" not in html
    assert f'href="{reverse("accounts:login")}' in html, "no way back to the login page"


def test_the_policy_officers_menu_is_english_after_switching(client, officer):
    """A policy officer who reads English switches the site to English. Every menu item is in
    English except "Mijn opdrachten" (her assignments to the pool), which has no English
    translation. The whole menu should be in the chosen language."""
    client.force_login(officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("practices:catalogue")).content.decode()
    assert '<html lang="en">' in html
    assert reverse("pool:assignments") in html
    assert "Mijn opdrachten" not in html


def test_a_logged_in_user_can_change_their_own_password(client, make_user):
    """A coordinator received her first password from the administrator and wants a password
    only she knows. Meervoud has no page for that: /account/ offers log in, log out and two-step
    verification, and /beheer/ is closed to her. Any logged-in user should be able to change
    their own password (old password, new password twice) and then log in with the new one."""
    user = make_user("coordinator")
    client.force_login(user)
    try:
        url = reverse("accounts:password_change")
    except NoReverseMatch:
        pytest.fail("there is no page where a user changes their own password")
    new = "een-nieuw-lang-wachtwoord-42"
    response = client.post(url, {"old_password": PASSWORD, "new_password1": new,
                                 "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
