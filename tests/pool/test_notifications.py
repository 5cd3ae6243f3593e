"""E-mail in the pool: who hears what, and what a message never says."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from meervoud.pool import services
from meervoud.pool.models import Assignment, Proposal
from tests.pool.builders import assignment, expert, officer_of, org
from tests.conftest import run_background_tasks

pytestmark = pytest.mark.django_db

SITE = "https://meervoud.example.nl"
SECRET_TITLE = "Herstel na verslaving: training wijkteam Oost"


@pytest.fixture(autouse=True)
def site(settings):
    settings.MEERVOUD_SITE_URL = SITE


def _with_address(profile, address):
    profile.user.email = address
    profile.user.save()
    return profile


@pytest.fixture
def team(make_user):
    organisation = org()
    asker = officer_of(make_user, organisation)
    asker.email = "beleid@groningen.example"
    asker.save()
    work = assignment(organisation, SECRET_TITLE)
    work.posted_by = asker
    work.save()
    anna = _with_address(expert(make_user, "Anna"), "anna@example.org")
    bram = _with_address(expert(make_user, "Bram"), "bram@example.org")
    for profile in (anna, bram):
        Proposal.objects.create(assignment=work, expert=profile, status=Proposal.Status.PROPOSED)
    return work, anna, bram


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_each_expert_hears_once_that_a_question_waits(team, django_capture_on_commit_callbacks):
    work, anna, bram = team
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_team(work)
    run_background_tasks()
    assert len(mail.outbox) == 2
    for address in ("anna@example.org", "bram@example.org"):
        (message,) = _to(address)
        assert message.subject == "Meervoud: Er is een vraag voor je"
        dutch, english = message.body.split(" English\n")
        assert "zeg ja of nee" in dutch and "say yes or no" in english
        assert SITE + reverse("pool:profile") in dutch
        # what the work is about can tell which experience someone has: only behind the login
        assert "verslaving" not in message.body.lower() and "Training" not in message.body


def test_nothing_is_sent_when_the_transaction_rolls_back(team, django_capture_on_commit_callbacks):
    work, anna, _ = team
    anna.available = False
    anna.save()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(services.TeamNotAvailable):
            services.ask_team(work)
    run_background_tasks()
    assert mail.outbox == []


def test_the_asker_hears_when_the_team_is_complete(team, django_capture_on_commit_callbacks):
    work, anna, bram = team
    services.ask_team(work)
    first, second = work.proposals.order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(first)
    run_background_tasks()
    assert _to("beleid@groningen.example") == []
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(second)
    run_background_tasks()
    (message,) = _to("beleid@groningen.example")
    assert message.subject == "Meervoud: Het team voor je opdracht staat"
    assert SITE + reverse("pool:assignment", args=[work.pk]) in message.body


def test_a_no_tells_the_others_their_yes_no_longer_counts(team, django_capture_on_commit_callbacks):
    work, anna, bram = team
    services.ask_team(work)
    yes, no = work.proposals.get(expert=anna), work.proposals.get(expert=bram)
    services.accept(yes)
    with django_capture_on_commit_callbacks(execute=True):
        services.decline(no, "Ziek")
    run_background_tasks()
    assert _to("bram@example.org") == []  # he knows: he said no
    (message,) = _to("anna@example.org")
    assert message.subject == "Meervoud: Een vraag geldt niet meer"
    assert "Ziek" not in message.body


def test_cancelling_tells_everyone_who_was_asked(team, django_capture_on_commit_callbacks):
    work, anna, bram = team
    services.ask_team(work)
    services.accept(work.proposals.get(expert=anna))
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(work, reason="Budget van de wijk is op")
    run_background_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "bram@example.org"]
    assert all(m.subject == "Meervoud: Een opdracht gaat niet door" for m in mail.outbox)
    assert not any("Budget" in m.body for m in mail.outbox)


def test_a_proposal_not_yet_sent_is_withdrawn_without_mail(team, django_capture_on_commit_callbacks):
    work, *_ = team
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(work)
    run_background_tasks()
    assert mail.outbox == []


def test_an_expert_who_leaves_the_pool_is_not_told_about_her_own_leaving(
        team, django_capture_on_commit_callbacks):
    work, anna, bram = team
    services.ask_team(work)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_profile(anna)
    run_background_tasks()
    assert [m.to for m in mail.outbox] == [["bram@example.org"]]


def test_no_address_no_mail_and_a_failing_server_keeps_the_answer(
        team, django_capture_on_commit_callbacks, settings, caplog):
    work, anna, bram = team
    bram.user.email = ""
    bram.user.save()
    settings.EMAIL_BACKEND = "tests.pool.test_notifications.BrokenBackend"
    services.ask_team(work)
    with caplog.at_level(logging.WARNING, logger="meervoud.core.mail"), \
            django_capture_on_commit_callbacks(execute=True):
        services.accept(work.proposals.get(expert=anna))
        services.cancel(work)
    run_background_tasks()
    assert Assignment.objects.get(pk=work.pk).status == Assignment.Status.CANCELLED
    assert [r.getMessage() for r in caplog.records] == [
        "e-mail not sent: Meervoud: Een opdracht gaat niet door"]


def test_without_a_site_address_the_message_says_to_log_in(team, settings,
                                                          django_capture_on_commit_callbacks):
    settings.MEERVOUD_SITE_URL = ""
    work, *_ = team
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_team(work)
    run_background_tasks()
    assert "Log in op Meervoud om het te lezen." in mail.outbox[0].body
    assert "Log in to Meervoud to read it." in mail.outbox[0].body


class BrokenBackend:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")
