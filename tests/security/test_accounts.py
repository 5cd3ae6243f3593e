import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from meervoud.audit.models import Action, AuditEvent
from meervoud.stories.models import Purpose
from meervoud.stories.services import give_consent

PASSWORD = "geheim-wachtwoord-1"
LOGIN = "/account/inloggen/"


def login(client, username, password=PASSWORD, address="192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_five_failures_lock_that_username_from_that_address_with_a_dutch_message(client, make_user):
    make_user("coordinator")
    for _attempt in range(4):
        response = login(client, "coordinator", "fout")
        assert response.status_code == 200
        assert "Gebruikersnaam of wachtwoord klopt niet" in response.content.decode()
    locked = login(client, "coordinator", "fout")
    assert locked.status_code == 429
    assert "Te veel mislukte pogingen" in locked.content.decode()
    assert "15 minuten" in locked.content.decode()
    # Even the right password is refused now, from this address …
    assert login(client, "coordinator").status_code == 429
    assert "_auth_user_id" not in client.session
    # … but the same person elsewhere, and other people here, can still log in.
    assert login(client, "coordinator", address="198.51.100.3").status_code == 302
    make_user("onderzoeker")
    assert login(client.__class__(), "onderzoeker").status_code == 302
    assert AuditEvent.objects.filter(action=Action.LOCKED_OUT).exists()
    assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED).count() >= 4


@pytest.mark.django_db
def test_a_successful_login_resets_the_count(client, make_user):
    make_user("coordinator")
    for _attempt in range(4):
        login(client, "coordinator", "fout")
    assert login(client, "coordinator").status_code == 302
    client.logout()
    for _attempt in range(4):
        assert login(client, "coordinator", "fout").status_code == 200


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def unthrottle(device: TOTPDevice) -> None:
    """django-otp makes each wrong code double the wait before the next try; tests skip the wait."""
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()


def enrol(client) -> TOTPDevice:
    page = client.get(reverse("accounts:otp_setup"))
    body = page.content.decode()
    assert "<svg" in body and "http" not in body.split("<svg", 1)[1].split("</svg>")[0].replace(
        "http://www.w3.org", "")  # an inline QR code, not an image from elsewhere
    device = TOTPDevice.objects.get(confirmed=False)
    assert client.post(reverse("accounts:otp_setup"), {"token": "000000"}).status_code == 200
    device.refresh_from_db()
    assert not device.confirmed
    unthrottle(device)
    response = client.post(reverse("accounts:otp_setup"), {"token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


@pytest.mark.django_db
def test_two_factor_setup_then_login_needs_the_code(client, make_user, publish):
    story = publish.statement("t", "V-2fa").story
    make_user("coordinator")
    assert login(client, "coordinator").status_code == 302
    device = enrol(client)
    assert AuditEvent.objects.filter(action=Action.OTP_ENABLED).exists()
    client.post(reverse("accounts:logout"))

    assert login(client, "coordinator").status_code == 302
    detail = reverse("stories:detail", args=[story.pk])
    blocked = client.get(detail)
    assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("accounts:otp_verify"))
    # With only the password, no second authenticator can be enrolled.
    assert client.get(reverse("accounts:otp_setup")).status_code == 302
    assert client.post(reverse("accounts:otp_setup"), {"token": "123456"}).status_code == 302
    assert TOTPDevice.objects.count() == 1

    wrong = client.post(reverse("accounts:otp_verify"), {"token": "000000", "next": detail})
    assert wrong.status_code == 200 and "klopt niet" in wrong.content.decode()
    assert AuditEvent.objects.filter(action=Action.OTP_FAILED).exists()
    unthrottle(device)
    right = client.post(reverse("accounts:otp_verify"), {"token": code(device, 1), "next": detail})
    assert right.status_code == 302 and right["Location"] == detail
    assert client.get(detail).status_code == 200


@pytest.mark.django_db
def test_verification_refuses_redirects_to_other_sites(client, make_user):
    make_user("coordinator")
    login(client, "coordinator")
    device = enrol(client)
    client.post(reverse("accounts:logout"))
    login(client, "coordinator")
    response = client.post(reverse("accounts:otp_verify"),
                           {"token": code(device, 1), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_required_two_factor_blocks_story_roles_until_set_up(client, make_user, settings, publish):
    settings.MEERVOUD_REQUIRE_2FA = True
    story = publish.statement("t", "V-2fa-req").story
    give_consent(story, Purpose.RESEARCH, via="link")
    make_user("onderzoeker")
    login(client, "onderzoeker")
    response = client.get(reverse("stories:detail", args=[story.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_setup"))
    assert "verplicht" in client.get(reverse("accounts:otp_setup")).content.decode()
    enrol(client)
    assert client.get(reverse("stories:detail", args=[story.pk])).status_code == 200
    # Switching it off is refused while it is required.
    client.post(reverse("accounts:otp_setup"), {"token": "123456", "action": "disable"})
    assert TOTPDevice.objects.filter(confirmed=True).count() == 1


@pytest.mark.django_db
def test_required_two_factor_covers_peer_experts_who_curate_other_peoples_statements(
        client, make_user, settings):
    """Curating peer experts (role verteller) read statements from other people's stories on
    the curation pages, so a deployment that requires 2FA for story readers requires it of them."""
    settings.MEERVOUD_REQUIRE_2FA = True
    make_user("verteller")
    login(client, "verteller")
    response = client.get(reverse("knowledge:themes"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_setup"))
    enrol(client)
    assert client.get(reverse("knowledge:themes")).status_code == 200


@pytest.mark.django_db
def test_roles_without_stories_are_not_forced(client, make_user, settings):
    settings.MEERVOUD_REQUIRE_2FA = True
    make_user("beleid")
    login(client, "beleid")
    assert client.get(reverse("needs:list")).status_code == 200


@pytest.mark.django_db
def test_two_factor_can_be_switched_off_with_a_code_when_optional(client, make_user):
    make_user("coordinator")
    login(client, "coordinator")
    device = enrol(client)
    client.post(reverse("accounts:otp_setup"), {"token": "000000", "action": "disable"})
    assert TOTPDevice.objects.filter(confirmed=True).exists()
    unthrottle(device)
    client.post(reverse("accounts:otp_setup"), {"token": code(device, 1), "action": "disable"})
    assert not TOTPDevice.objects.exists()
    assert AuditEvent.objects.filter(action=Action.OTP_DISABLED).exists()
