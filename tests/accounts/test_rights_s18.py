"""The rights of account holders (session 18): erasing an account with everything that is only
that person's, downloading what is held about oneself, and the retention rules behind them.
The review's own tests are in tests/privacy/test_review_s18_rights.py; these cover the rest."""

import json
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from meervoud.accounts import services as accounts
from meervoud.accounts.models import User
from meervoud.audit.models import Action, AuditEvent
from meervoud.audit.retention import apply_retention
from meervoud.audit.services import record
from meervoud.needs.models import InformationNeed
from meervoud.pool.models import Evaluation, ExpertProfile, Proposal
from meervoud.stories import erasures, services
from meervoud.stories.models import Narrator, Purpose, Story

from tests.core.test_review_setup import load_settings
from tests.pool.builders import assignment as _assignment
from tests.pool.builders import expert as _expert
from tests.pool.builders import org as _org

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-1"


def _admin(django_user_model):
    return django_user_model.objects.create_superuser("privacy", password=PASSWORD, role="beheerder")


def _story(user, municipality, domains, text="Na de opname woonde ik een jaar bij mijn moeder."):
    narrator = Narrator.objects.filter(user=user).first() or services.new_narrator(user=user)
    return services.create_story(narrator=narrator, purposes={Purpose.ANALYSIS},
                                 draft=services.StoryDraft(text=text, municipality=municipality,
                                                           life_domains=domains))


def _need(officer, name="Els Jansen", email="els.jansen@groningen.example"):
    return InformationNeed.objects.create(
        municipality=officer.organisation.municipality, asked_by=officer, formats=["rapport"],
        questions="Wat helpt inwoners met schulden?", contact_name=name, contact_email=email,
        contact_phone="050-1234567")


# --------------------------------------------------------------------------- erasing an account


def test_erasing_an_account_deletes_her_stories_on_record_and_her_pseudonym(
        make_user, municipality, domains, django_user_model):
    person = make_user("verteller", "sanne.v")
    first, second = _story(person, municipality, domains), _story(person, municipality, domains,
                                                                 "Een buddy ging mee naar de bank.")
    privacy, person_id = _admin(django_user_model), person.pk

    erased = accounts.erase_account(person, by=privacy)

    assert erased.stories == 2
    assert not Story.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert not Narrator.objects.filter(code=first.narrator.code).exists()
    assert {entry.story for entry in erasures.read_ledger().entries
            if entry.action == erasures.DELETE} == {first.pk, second.pk}
    event = AuditEvent.objects.get(action=Action.DELETE, object_type="accounts.user",
                                   object_id=str(person_id))
    assert event.username == "privacy" and "verhalen=2" in event.detail
    assert "sanne" not in event.detail


def test_the_admin_says_which_stories_go_with_an_account_before_it_is_erased(
        client, make_user, municipality, domains, django_user_model):
    person = make_user("verteller", "sanne.v")
    story = _story(person, municipality, domains)
    client.force_login(_admin(django_user_model))
    page = client.get(reverse("admin:accounts_user_delete", args=[person.pk])).content.decode()
    assert f"Verhaal: {story}" in page


def test_the_bulk_delete_in_the_admin_erases_every_account_in_full(
        client, make_user, municipality, domains, django_user_model, officer):
    narrator = make_user("verteller", "sanne.v")
    story = _story(narrator, municipality, domains)
    officer.email = "els.jansen@groningen.example"
    officer.first_name, officer.last_name = "Els", "Jansen"
    officer.save()
    need = _need(officer)
    client.force_login(_admin(django_user_model))
    response = client.post(reverse("admin:accounts_user_changelist"), {
        "action": "delete_selected", "_selected_action": [narrator.pk, officer.pk], "post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[narrator.pk, officer.pk]).exists()
    assert not Story.objects.filter(pk=story.pk).exists()
    need.refresh_from_db()
    assert (need.contact_name, need.contact_email, need.contact_phone) == ("", "", "")
    assert AuditEvent.objects.filter(action=Action.DELETE, object_type="accounts.user").count() == 2


def test_a_colleague_named_as_contact_stays_on_the_need(officer, django_user_model):
    """Only her own details go: another person she named as the contact is not erased."""
    officer.email, officer.first_name, officer.last_name = "els@groningen.example", "Els", "Jansen"
    officer.save()
    colleague = _need(officer, name="Piet de Boer", email="team.schulden@groningen.example")
    hers = _need(officer)  # her name, another address: still her entry
    accounts.erase_account(officer, by=_admin(django_user_model))
    colleague.refresh_from_db()
    hers.refresh_from_db()
    assert (colleague.contact_name, colleague.contact_email) == ("Piet de Boer", "team.schulden@groningen.example")
    assert (hers.contact_name, hers.contact_email, hers.contact_phone) == ("", "", "")


def test_a_need_without_its_contact_says_so_in_dutch(client, officer, make_user, django_user_model):
    officer.email = "els.jansen@groningen.example"
    officer.save()
    need = _need(officer)
    accounts.erase_account(officer, by=_admin(django_user_model))
    client.force_login(make_user("coordinator"))
    page = client.get(reverse("needs:detail", args=[need.pk])).content.decode()
    assert "Niet meer bekend: het account van de contactpersoon is verwijderd." in page
    assert "mailto:\"" not in page


def test_erasing_an_expert_sends_her_teams_back_and_forgets_her_name_in_the_admin_history(
        client, make_user, django_user_model):
    profile = _expert(make_user, "Jan")
    team = _assignment(_org())
    Proposal.objects.create(assignment=team, expert=profile, status=Proposal.Status.SENT,
                            sent_at=timezone.now())
    privacy = _admin(django_user_model)
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.create(user=privacy, content_type=user_type, object_id=str(profile.user.pk),
                            object_repr="ed-jan", action_flag=ADDITION)
    client.force_login(privacy)
    client.post(reverse("admin:accounts_user_delete", args=[profile.user.pk]), {"post": "yes"})

    assert not ExpertProfile.objects.filter(pk=profile.pk).exists()
    assert not team.proposals.exists()
    reprs = list(LogEntry.objects.values_list("object_repr", flat=True))
    assert not any("ed-jan" in text or "Jan (test)" in text for text in reprs), reprs
    assert LogEntry.objects.filter(content_type=user_type, object_id=str(profile.user.pk)).count() == 2


# --------------------------------------------------------------------------- the download


def test_the_download_is_for_logged_in_people_only(client):
    response = client.get(reverse("accounts:my_data"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_peer_expert_downloads_her_profile_proposals_evaluations_and_her_stories(
        client, make_user, municipality, domains):
    profile = _expert(make_user, "Anna")
    _story(profile.user, municipality, domains)
    team = _assignment(_org(), title="Training voor het wijkteam Oost")
    Proposal.objects.create(assignment=team, expert=profile, status=Proposal.Status.ACCEPTED)
    Evaluation.objects.create(assignment=team, author=profile.user, side="expert", rating=4,
                              text="Goed samengewerkt met het wijkteam.")
    other = _expert(make_user, "Bert")
    record(profile.user, Action.VIEW, "knowledge.theme", 7)
    record(other.user, Action.VIEW, "knowledge.theme", 8, detail="Bert zocht iets")
    client.force_login(profile.user)

    response = client.get(reverse("accounts:my_data"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["pool"]["naam_in_de_pool"] == "Anna (test)"
    assert data["pool"]["voorstellen"][0]["opdracht"] == "Training voor het wijkteam Oost"
    assert data["evaluaties"][0]["toelichting"] == "Goed samengewerkt met het wijkteam."
    assert len(data["verhalen"]["verhalen"]) == 1
    assert [(event["soort"], event["id"]) for event in data["logboek"]] == [("knowledge.theme", "7")]
    body = response.content.decode()
    assert other.display_name not in body and other.user.username not in body
    assert "Bert zocht" not in body
    assert "path" not in body and "ip_hash" not in body


def test_the_download_is_on_record_and_linked_from_the_account_page(client, officer):
    client.force_login(officer)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert reverse("accounts:my_data") in page
    client.get(reverse("accounts:my_data"))
    assert AuditEvent.objects.filter(action=Action.DOWNLOAD, username=officer.username,
                                     object_type="accounts.user", object_id=str(officer.pk)).exists()


# --------------------------------------------------------------------------- retention


def _withdraw_all(story):
    for purpose in list(story.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True)):
        services.withdraw_consent(story, purpose, via="link")


def test_a_story_without_consent_is_kept_for_the_grace_period(publish, settings):
    settings.MEERVOUD_KEEP_WITHOUT_CONSENT_DAYS = 30
    story = publish.statement("wachten", "V-bedenktijd").story
    _withdraw_all(story)
    apply_retention(dry_run=False, now=timezone.now() + timedelta(days=29))
    assert Story.objects.filter(pk=story.pk).exists(), "she can still give consent again"
    apply_retention(dry_run=False, now=timezone.now() + timedelta(days=31))
    assert not Story.objects.filter(pk=story.pk).exists()


def test_a_story_with_one_consent_left_is_kept(publish):
    story = publish.statement("wachten", "V-deels").story
    services.withdraw_consent(story, Purpose.QUOTE, via="link")
    apply_retention(dry_run=False, now=timezone.now() + timedelta(days=3650))
    assert Story.objects.filter(pk=story.pk).exists()


def test_a_failed_login_keeps_address_and_browser_only_until_the_lockout_is_over(client, make_user,
                                                                                settings):
    make_user("beleid", "els.jansen")
    client.post(reverse("accounts:login"), {"username": "els.jansen", "password": "fout"},
                REMOTE_ADDR="203.0.113.57", HTTP_USER_AGENT="Firefox/128.0")
    assert AccessAttempt.objects.filter(ip_address="203.0.113.57").exists(), "the lockout counts it"
    apply_retention(dry_run=False, now=timezone.now() + settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
    assert AccessAttempt.objects.filter(ip_address="203.0.113.57").exists()
    apply_retention(dry_run=False, now=timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
    assert not AccessAttempt.objects.filter(ip_address="203.0.113.57").exists()


@pytest.mark.parametrize("value", ["0", "-3", "een jaar"])
def test_a_grace_period_that_is_not_a_whole_number_of_days_stops_start_up(monkeypatch, tmp_path, value):
    with pytest.raises(ImproperlyConfigured) as error:
        load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY="x" * 60,
                      MEERVOUD_KEEP_WITHOUT_CONSENT_DAYS=value)
    assert "MEERVOUD_KEEP_WITHOUT_CONSENT_DAYS" in str(error.value)


def test_the_grace_period_is_a_year_by_default(monkeypatch, tmp_path):
    loaded = load_settings(monkeypatch, tmp_path, MEERVOUD_SECRET_KEY="x" * 60)
    assert loaded["MEERVOUD_KEEP_WITHOUT_CONSENT_DAYS"] == 365
    assert loaded["AXES_DISABLE_ACCESS_LOG"] is True
