"""Her own account: e-mail address, language, messages on or off, and a forgotten password
(session 19)."""

import re

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse

from meervoud.audit.models import Action, AuditEvent
from meervoud.core.mail import notify
from tests.conftest import run_background_tasks
from tests.security.test_accounts import PASSWORD, login

pytestmark = pytest.mark.django_db

SITE = "https://meervoud.example.nl"
NEW = "een-heel-nieuw-wachtwoord-77"


@pytest.fixture(autouse=True)
def site(settings):
    settings.MEERVOUD_SITE_URL = SITE


@pytest.fixture
def anna(make_user):
    user = make_user("verteller", "anna")
    user.email = "anna@example.org"
    user.save()
    return user


def _save(client, **values):
    data = {"email": "anna@example.org", "language": "", "email_notifications": "on", **values}
    return client.post(reverse("accounts:settings"), {k: v for k, v in data.items() if v is not None})


def test_she_chooses_a_language_and_switches_messages_off(client, anna):
    client.force_login(anna)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert "Mijn account" in page and reverse("accounts:password_change") in page
    response = _save(client, language="en", email_notifications=None)
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.language == "en" and anna.email_notifications is False
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"
    event = AuditEvent.objects.get(action=Action.CHANGE, object_type="accounts.user")
    assert event.detail == "accountinstellingen: language, email_notifications"


def test_a_new_address_needs_her_password_and_the_old_address_is_told(
        client, anna, django_capture_on_commit_callbacks):
    client.force_login(anna)
    refused = _save(client, email="iemand@anders.example", email_notifications=None)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Vul je huidige wachtwoord in om je e-mailadres te veranderen." in page
    assert 'value="iemand@anders.example"' in page  # what she typed stays
    wrong = _save(client, email="iemand@anders.example", current_password="fout")
    assert "Dit wachtwoord klopt niet." in wrong.content.decode()
    anna.refresh_from_db()
    assert anna.email == "anna@example.org"

    with django_capture_on_commit_callbacks(execute=True):
        # messages switched off: the warning about her own account still goes out
        _save(client, email="anna@nieuw.example", current_password=PASSWORD, email_notifications=None)
    run_background_tasks()
    anna.refresh_from_db()
    assert anna.email == "anna@nieuw.example"
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert message.subject == "Meervoud: Je e-mailadres is veranderd"
    assert "anna@nieuw.example" not in message.body  # the old mailbox need not learn the new one


def test_a_wrong_address_gets_a_dutch_error_and_nothing_changes(client, anna):
    client.force_login(anna)
    response = _save(client, email="geen-adres", current_password=PASSWORD)
    assert response.status_code == 200
    assert "Voer een geldig e-mailadres in" in response.content.decode()
    anna.refresh_from_db()
    assert anna.email == "anna@example.org"


def test_mail_follows_her_choices(anna, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(anna, "Er is een vraag voor je", "Kijk in Meervoud.", "/pool/")
    run_background_tasks()
    assert " English\n" in mail.outbox[-1].body  # not chosen: Dutch, then English

    anna.language = "en"
    anna.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(anna, _lazy("Er is een vraag voor je"), _lazy("Een coördinator vraagt of je meedoet aan "
               "een opdracht. Lees wat de opdracht is en zeg ja of nee."), "/pool/")
    run_background_tasks()
    english = mail.outbox[-1]
    assert english.subject == "Meervoud: There is a question for you"
    assert "say yes or no" in english.body and "zeg ja of nee" not in english.body

    anna.email_notifications = False
    anna.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(anna, "Er is een vraag voor je", "Kijk in Meervoud.", "/pool/") is False
        assert notify(anna, "Over je account", "Kijk in Meervoud.", "/account/", essential=True) is True
    run_background_tasks()
    assert len(mail.outbox) == 3


def _lazy(text):
    from django.utils.translation import gettext_lazy

    return gettext_lazy(text)


def test_after_logging_in_the_site_speaks_her_language(client, anna):
    anna.language = "en"
    anna.save()
    response = login(client, "anna")
    assert response.status_code == 302
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "My account" in client.get(reverse("accounts:settings")).content.decode()


def test_her_choices_are_in_her_data_download(client, anna):
    anna.language = "en"
    anna.email_notifications = False
    anna.save()
    client.force_login(anna)
    data = client.get(reverse("accounts:my_data")).json()
    assert data["account"]["taal"] == "en" and data["account"]["email_berichten"] is False


# --------------------------------------------------------------------------- forgotten password


def _worker() -> None:
    """The link goes out from the background worker, not while the page answers."""
    from tests.conftest import run_background_tasks

    run_background_tasks()


def _ask_link(client, email: str):
    response = client.post(reverse("accounts:password_reset"), {"email": email})
    _worker()
    return response


def _reset_link(message) -> str:
    match = re.search(re.escape(SITE) + r"(/account/wachtwoord-vergeten/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_a_forgotten_password_is_reset_through_a_link_by_mail(client, anna):
    for _attempt in range(5):
        login(client, "anna", "fout")
    assert login(client, "anna").status_code == 429  # locked out: exactly who resets a password

    assert reverse("accounts:password_reset") in client.get(reverse("accounts:login")).content.decode()
    response = client.post(reverse("accounts:password_reset"), {"email": "anna@example.org"})
    assert response.status_code == 302
    assert not mail.outbox  # the page did not wait for the mail server
    _worker()
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"] and message.subject == "Meervoud: Een nieuw wachtwoord kiezen"
    assert "24 uur" in message.body and "24 hours" in message.body
    link = _reset_link(message)

    form = client.get(link, follow=True)
    assert "Nieuw wachtwoord kiezen" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:password_reset_complete")
    anna.refresh_from_db()
    assert anna.check_password(NEW)
    assert login(client, "anna", NEW).status_code == 302  # the lock is lifted
    assert AuditEvent.objects.filter(action=Action.PASSWORD_RESET_SENT, user_id=anna.pk).count() == 1
    assert AuditEvent.objects.filter(action=Action.PASSWORD_RESET, user_id=anna.pk).count() == 1

    used = client.__class__().get(link, follow=True).content.decode()
    assert "Deze link werkt niet meer" in used


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, anna):
    known = client.post(reverse("accounts:password_reset"), {"email": "anna@example.org"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "niemand@example.org"})
    _worker()
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]


def test_the_page_cannot_fill_her_mailbox(client, anna):
    for _attempt in range(6):
        client.post(reverse("accounts:password_reset"), {"email": "anna@example.org"})
    _worker()
    assert len(mail.outbox) == 3


def test_the_mail_is_in_her_language_only_once_chosen(client, anna):
    anna.language = "en"
    anna.save()
    _ask_link(client, "anna@example.org")
    (message,) = mail.outbox
    assert message.subject == "Meervoud: Choose a new password"
    assert "24 hours" in message.body and "24 uur" not in message.body


def test_a_second_factor_is_still_asked_after_a_reset(client, anna):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=anna, name="Meervoud", confirmed=True)
    _ask_link(client, "anna@example.org")
    form = client.get(_reset_link(mail.outbox[0]), follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert "_auth_user_id" not in client.session  # a reset does not log her in
    login(client, "anna", NEW)
    blocked = client.get(reverse("accounts:settings"))
    assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("accounts:otp_verify"))


def test_without_a_mail_server_the_page_says_who_can_help(client, anna, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    page = client.get(reverse("accounts:password_reset")).content.decode()
    assert "Deze Meervoud verstuurt geen e-mail" in page and 'name="email"' not in page
    _ask_link(client, "anna@example.org")
    assert not AuditEvent.objects.filter(action=Action.PASSWORD_RESET_SENT).exists()
