"""Session 24: who hears when a team changes after it stood (the deploy review's findings), and
what the coordinator's desk shows. Nobody is deployed alone, so the people who count on a team
hear when it shrinks."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.pool import services
from meervoud.pool.models import Proposal
from tests.conftest import run_background_tasks
from tests.pool.builders import assignment, complete, expert, org, profile_post, with_address

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(make_user, settings):
    settings.MEERVOUD_SITE_URL = "https://meervoud.example.nl"
    coordinator = with_address(make_user(Role.COORDINATOR, "coordinator"), "coordinator@example.org")
    anna, bert = expert(make_user, "Anna"), expert(make_user, "Bert")
    with_address(anna.user, "anna@example.org")
    work = assignment(org(), "Training wijkteam")
    complete(work, anna, bert)
    mail.outbox.clear()
    return {"work": work, "anna": anna, "bert": bert, "coordinator": coordinator}


def _mailed(address: str) -> list:
    run_background_tasks()
    return [m for m in mail.outbox if address in m.to]


def test_the_expert_who_goes_on_hears_that_her_team_shrank(team, django_capture_on_commit_callbacks):
    services.start(team["work"])
    bert_yes = team["work"].proposals.get(expert=team["bert"])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expert_stops(bert_yes, "Belde: ziek") == 1
    (message,) = _mailed("anna@example.org")
    assert "kleiner" in message.subject and "ziek" not in message.body and "Bert" not in message.body


def test_her_own_not_available_period_over_a_yes_reaches_the_coordinators_and_the_desk(
        team, client, django_capture_on_commit_callbacks):
    work, bert = team["work"], team["bert"]
    client.force_login(bert.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pool:profile"), profile_post(
            bert, blocked_from=str(work.start), blocked_to=str(work.start)))
    (message,) = _mailed("coordinator@example.org")
    assert "Bert" not in message.body  # who and why are on the page, for those who may read it
    desk = Client()
    desk.force_login(team["coordinator"])
    overview = desk.get(reverse("pool:overview")).content.decode()
    assert "Bert (test) is niet beschikbaar in een deel van de periode" in overview


def test_a_period_the_coordinator_enters_for_her_mails_nobody(team, client, django_capture_on_commit_callbacks):
    """The coordinator entered it herself (the expert phoned): the page warned her already."""
    work, bert = team["work"], team["bert"]
    client.force_login(team["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pool:expert_edit", args=[bert.pk]), profile_post(
            bert, blocked_from=str(work.start), blocked_to=str(work.end)))
    assert response.status_code == 302
    assert _mailed("coordinator@example.org") == []


def test_a_period_outside_her_work_is_no_news(team, client, django_capture_on_commit_callbacks):
    work, bert = team["work"], team["bert"]
    client.force_login(bert.user)
    after = work.end.replace(year=work.end.year + 1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pool:profile"), profile_post(bert, blocked_from=str(after),
                                                          blocked_to=str(after)))
    assert _mailed("coordinator@example.org") == []
    assert not Proposal.objects.filter(status=Proposal.Status.WITHDRAWN).exists()


def test_she_hears_when_a_coordinator_changes_her_profile(team, client, django_capture_on_commit_callbacks):
    """Her profile holds her lived experience (special-category data): a change by someone else
    is news for her, without the values in the mail. Saving it unchanged is not."""
    anna = team["anna"]
    client.force_login(team["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pool:expert_edit", args=[anna.pk]), profile_post(anna))
    assert _mailed("anna@example.org") == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pool:expert_edit", args=[anna.pk]),
                               profile_post(anna, hours_per_week="4"))
    assert response.status_code == 302
    (message,) = _mailed("anna@example.org")
    assert "aangepast" in message.subject and "4" not in message.body


def test_her_profile_shows_the_hours_she_promised_next_to_those_she_offers(team, client, make_user):
    """Two yeses that overlap ask 8 + 4 hours a week of someone who offers 8: she reads it on her
    own page (the deploy review's side note), before the busiest week comes."""
    anna = team["anna"]
    other = assignment(org("Gemeente Haren (review)"), "Gesprekken wijkteam", hours=4,
                       start=team["work"].start)
    complete(other, anna, expert(make_user, "Cas"))
    client.force_login(anna.user)
    page = client.get(reverse("pool:profile")).content.decode()
    assert "vraagt op het drukste moment 12 uur per week van je" in page
    assert "Je gaf op dat je 8 uur per week kunt" in page
