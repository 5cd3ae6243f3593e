"""Edge cases found in a review of the API's write paths and keys, accounts / two-factor
login, and the audit log, retention and backup. Each test states the documented behaviour."""

import json
import os
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api import bodies

pytestmark = pytest.mark.django_db


def post_json_text(client, path: str, text: str):
    """POST a JSON document exactly as written (escapes such as \\ud800 included)."""
    return client.generic("POST", path, text.encode("utf-8"), content_type="application/json")


def no_raise(client):
    """Let a server error come back as a 500 answer instead of an exception in the test."""
    client.raise_request_exception = False
    return client


# ---------------------------------------------------------------- permissions


def test_head_request_is_checked_like_get(api, world):
    """HEAD runs the GET handler, so it needs the same capability: a researcher (no
    ``pool.manage``) and an anonymous caller get 403/401, not a 200 with the profile's size."""
    path = f"/api/v1/ervaringsdeskundigen/{world['expert']}"
    assert api("onderzoeker").get(path).status_code == 403
    assert api("onderzoeker").head(path).status_code == 403
    assert api("anonymous").head(path).status_code == 401


# ---------------------------------------------------------------- odd input


def test_lone_surrogate_in_a_choice_field_is_a_400_not_a_500(api):
    """A JSON string with an unpaired surrogate (\\ud800) in a choice field is invalid input:
    the API answers 400 problem+json, it does not crash while echoing the value back."""
    text = json.dumps({**bodies.need(), "vormen": ["XX"]}).replace('"XX"', '"\\ud800"')
    response = post_json_text(no_raise(api("coordinator")), "/api/v1/kennisbehoeften", text)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_deeply_nested_json_is_a_400_not_a_500(api):
    """A body nested deeper than the JSON parser can follow is a malformed request: 400
    problem+json, not a server error."""
    text = "[" * 100_000 + "]" * 100_000
    response = post_json_text(no_raise(api("coordinator")), "/api/v1/kennisbehoeften", text)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_story_intake_accepts_any_client_reference(api, users):
    """``verteller`` is the sending system's own reference and Meervoud only stores its HMAC;
    a valid story must be accepted whatever that reference is, also when its hash happens to
    look like a phone number, BSN or place to the de-identifier."""
    from meervoud import deidentify as deid
    from meervoud.api.stories import pseudonym

    coordinator = users["coordinator"]
    reference = next(ref for ref in (f"client-{n}" for n in range(5000))
                     if set(deid.deidentify(pseudonym(ref, coordinator)).counts) - {"id_number"})
    response = api("coordinator").post("/api/v1/verhalen", bodies.story(reference), format="json")
    assert response.status_code == 201, response.json().get("invalidParams")


def test_empty_gemeente_means_online_as_the_schema_says(api, world):
    """The schema documents ``gemeente`` of an assignment as "Leeg of null: online", so an
    empty string posts an online assignment (201) just like null does."""
    response = api("coordinator").post("/api/v1/opdrachten", {**bodies.assignment(), "gemeente": ""},
                                       format="json")
    assert response.status_code == 201, response.json().get("invalidParams")
    assert response.json()["gemeente"] is None


def test_validation_messages_are_dutch(api):
    """Errors are problem details with Dutch texts (docs/api.md): a wrong boolean for a consent
    is explained in Dutch, not with DRF's untranslated English "Must be a valid boolean."."""
    response = api("coordinator").post(
        "/api/v1/verhalen", {**bodies.story(), "toestemmingAnalyse": "misschien"}, format="json")
    assert response.status_code == 400
    reasons = [p["reason"] for p in response.json()["invalidParams"]
               if p["name"] == "toestemmingAnalyse"]
    assert reasons and not any("Must be a valid boolean" in reason for reason in reasons), reasons


def test_a_system_can_send_a_new_story_after_the_narrator_deleted_the_old_one(api):
    """When a narrator took their only story back, the same system sends a new, different
    story for the same person (same ``verteller``): it is accepted (201), not refused as a
    "pseudonym of another channel" that the system cannot change."""
    from meervoud.stories.models import Story
    from meervoud.stories.services import delete_story

    client = api("coordinator")
    first = client.post("/api/v1/verhalen", bodies.story("client-77"), format="json")
    assert first.status_code == 201
    delete_story(Story.objects.get(pk=first.json()["id"]), via="link")
    again = {**bodies.story("client-77"), "verhaal": "Een heel ander verhaal: de schuldhulp "
             "kwam op gang toen de buurtcoach met me meeging naar het loket."}
    response = client.post("/api/v1/verhalen", again, format="json")
    assert response.status_code == 201, response.json().get("invalidParams")


# ---------------------------------------------------------------- audit log


def test_story_intake_through_the_api_is_audited_as_an_import(api, users):
    """Every import becomes an audit event (docs/security.md); a story sent in through
    POST /verhalen is an import by the calling account and must be logged too."""
    from meervoud.audit.models import Action, AuditEvent

    response = api("coordinator").post("/api/v1/verhalen", bodies.story(), format="json")
    assert response.status_code == 201
    assert AuditEvent.objects.filter(action=Action.IMPORT, user_id=users["coordinator"].pk).exists()


def test_revoking_a_key_in_the_admin_is_audited(users, client):
    """Administrators revoke a key by deleting it under API-sleutels in /beheer/; "making and
    revoking keys is written to the audit log" (docs/api.md), so that deletion is logged."""
    from meervoud.accounts.models import User
    from meervoud.api.models import ApiToken
    from meervoud.api.tokens import issue_token
    from meervoud.audit.models import Action, AuditEvent

    admin = User.objects.create_superuser("root", password="geheim-wachtwoord-1", role="beheerder")
    _key, token = issue_token(users["coordinator"])
    client.force_login(admin)
    client.post(f"/beheer/api/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert AuditEvent.objects.filter(action=Action.TOKEN_REVOKED).exists()


def test_removing_a_users_authenticator_in_the_admin_is_audited(users, client):
    """A lost phone is handled by deleting the user's TOTP device in /beheer/; every change to
    two-factor authentication is an audit event, so this switch-off is logged as otp-disabled."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from meervoud.accounts.models import User
    from meervoud.audit.models import Action, AuditEvent

    admin = User.objects.create_superuser("root", password="geheim-wachtwoord-1", role="beheerder")
    device = TOTPDevice.objects.create(user=users["coordinator"], name="Meervoud", confirmed=True)
    client.force_login(admin)
    client.post(f"/beheer/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEvent.objects.filter(action=Action.OTP_DISABLED).exists()


# ---------------------------------------------------------------- retention and backup


def test_retention_follows_a_lowered_keep_original_days(settings, publish):
    """Rule "originelen" blanks original texts whose MEERVOUD_KEEP_ORIGINAL_DAYS have passed:
    after lowering the setting to 3 days, a 5-day-old original is blanked."""
    from meervoud.audit.retention import apply_retention
    from meervoud.stories.models import Story

    settings.MEERVOUD_KEEP_ORIGINAL_DAYS = 30
    story = publish.statement("t", "V-keep-1").story
    Story.objects.filter(pk=story.pk).update(created_at=timezone.now() - timedelta(days=5))
    assert Story.objects.get(pk=story.pk).original_text
    settings.MEERVOUD_KEEP_ORIGINAL_DAYS = 3
    apply_retention(dry_run=False)
    assert Story.objects.get(pk=story.pk).original_text == ""


def test_backup_file_is_readable_by_its_owner_only(tmp_path, make_user):
    """The backup holds password hashes, two-factor secrets and stories; the file it writes is
    not readable by other users of the machine (mode 0600), whatever the umask."""
    from meervoud.audit.backup import create_backup

    make_user("coordinator")
    old = os.umask(0o022)
    try:
        create_backup(tmp_path / "meervoud.backup.gz")
    finally:
        os.umask(old)
    mode = os.stat(tmp_path / "meervoud.backup.gz").st_mode & 0o777
    assert mode & 0o077 == 0, oct(mode)


@pytest.mark.parametrize("days", ["3000000", "731", "0"])
def test_api_token_refuses_a_lifetime_out_of_range_in_dutch(make_user, days):
    """A key must run out: `api_token --days` outside 1..730 is a CommandError in Dutch, never a
    traceback (a huge number used to overflow the date) and never a key."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from meervoud.api.models import ApiToken

    make_user("coordinator")
    with pytest.raises(CommandError, match="--days moet tussen 1 en 730 liggen"):
        call_command("api_token", "coordinator", "--days", days)
    assert not ApiToken.objects.exists()
