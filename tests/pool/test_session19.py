"""Session 19 in the pool: work that began by its start date, who hears when a team falls apart,
reminders, and what the coordinator's pages show. The journey test
(tests/core/test_journey_coordinator_s19.py) tells the stories; these pin the edges and the
Dutch texts."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone

from meervoud.accounts.models import Role
from meervoud.pool import services
from meervoud.pool.models import Assignment, Evaluation, Proposal

from tests.pool.builders import (
    TODAY, assignment, complete, expert, officer_of, org, profile_post, sent, with_address,
)
from tests.conftest import run_background_tasks

pytestmark = pytest.mark.django_db

SITE = "https://meervoud.example.nl"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.MEERVOUD_SITE_URL = SITE


def _said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _to(address):
    return [m for m in mail.outbox if address in m.to]


@pytest.fixture
def coordinator(make_user):
    return with_address(make_user(Role.COORDINATOR, "coordinator"), "coordinator@example.org")


@pytest.fixture
def team(make_user):
    municipality = org()
    asker = with_address(officer_of(make_user, municipality), "beleid@example.org")
    work = assignment(municipality, "Herstel na verslaving: training")
    work.posted_by = asker
    work.save()
    anna, bert = expert(make_user, "Anna"), expert(make_user, "Bert")
    with_address(anna.user, "anna@example.org")
    with_address(bert.user, "bert@example.org")
    return work, anna, bert


def _begun_a_week_ago(work):
    Assignment.objects.filter(pk=work.pk).update(start=TODAY - timedelta(days=7))
    work.refresh_from_db()


# -- work whose start date came counts as started ---------------------------------------------


def test_a_no_after_the_start_date_is_refused_with_a_clear_message(client, team):
    work, anna, bert = team
    _begun_a_week_ago(work)
    complete(work, anna, bert)
    client.force_login(bert.user)
    response = client.post(reverse("pool:respond", args=[work.proposals.get(expert=bert).pk]),
                           {"action": "decline", "reason": "Ziek"})
    assert "Deze opdracht loopt al. Wil je stoppen? Bespreek het met de coördinator." in _said(response)
    assert work.proposals.filter(status=Proposal.Status.ACCEPTED).count() == 2


def test_pages_show_work_whose_start_date_came_as_running(client, team, coordinator):
    work, anna, bert = team
    _begun_a_week_ago(work)
    complete(work, anna, bert)
    assert work.status == Assignment.Status.FILLED
    client.force_login(coordinator)
    page = client.get(reverse("pool:assignment", args=[work.pk])).content.decode()
    assert "Loopt" in page
    # a page only reads: the worker records it (pool.tasks), an action on it does too
    assert Assignment.objects.get(pk=work.pk).status == Assignment.Status.FILLED
    assert "Evaluatie opslaan en afronden" in page  # she can close it now
    assert 'value="start"' not in page


def test_a_complete_team_before_its_start_date_is_not_started(client, team, coordinator):
    work, anna, bert = team
    complete(work, anna, bert)
    client.force_login(coordinator)
    client.get(reverse("pool:overview"))
    assert Assignment.objects.get(pk=work.pk).status == Assignment.Status.FILLED


def test_cancelling_work_that_began_is_refused_in_dutch(client, team, coordinator):
    work, anna, bert = team
    complete(work, anna, bert)
    Assignment.objects.filter(pk=work.pk).update(start=TODAY)  # began while the page was open
    client.force_login(work.posted_by)
    response = client.post(reverse("pool:assignment", args=[work.pk]), {"action": "cancel"})
    assert "Deze opdracht loopt al, dus annuleren kan niet meer." in _said(response)
    assert Assignment.objects.get(pk=work.pk).status == Assignment.Status.RUNNING
    with pytest.raises(services.WorkStarted):
        services.cancel(Assignment.objects.get(pk=work.pk))


def test_a_stop_she_records_after_the_start_date_keeps_the_others(client, team, coordinator):
    work, anna, bert = team
    _begun_a_week_ago(work)
    first, second = complete(work, anna, bert)
    left = services.expert_stops(second, "Ziek")
    first.refresh_from_db()
    assert left == 1 and first.status == Proposal.Status.ACCEPTED
    assert Assignment.objects.get(pk=work.pk).status == Assignment.Status.RUNNING


def test_an_expert_cannot_leave_the_pool_during_work_that_began_by_date(team):
    work, anna, bert = team
    _begun_a_week_ago(work)
    complete(work, anna, bert)
    with pytest.raises(services.ProfileInUse):
        services.delete_profile(bert)


# -- who hears when a team falls apart ----------------------------------------------------------


def test_a_plain_no_tells_the_coordinator_but_not_the_asker(
        team, coordinator, django_capture_on_commit_callbacks):
    work, anna, bert = team
    first, second = sent(work, anna, bert)
    with django_capture_on_commit_callbacks(execute=True):
        services.decline(second, "Ik ben ziek.")
    run_background_tasks()
    (message,) = _to("coordinator@example.org")
    assert message.subject == "Meervoud: Een team is niet meer compleet"
    assert SITE + reverse("pool:assignment", args=[work.pk]) in message.body
    assert not any(secret in message.body.lower() for secret in ("bert", "ziek", "verslaving"))
    assert _to("beleid@example.org") == []  # the team never stood for her


def test_the_asker_mail_says_no_names_and_no_subject(
        client, team, django_capture_on_commit_callbacks):
    work, anna, bert = team
    _first, second = complete(work, anna, bert)
    with django_capture_on_commit_callbacks(execute=True):
        services.decline(second, "Ik ben ziek.")
    run_background_tasks()
    (message,) = _to("beleid@example.org")
    assert message.subject == "Meervoud: Het team voor je opdracht is niet meer compleet"
    assert "De coördinator zoekt een nieuw team." in message.body
    assert not any(word in message.body.lower() for word in ("bert", "ziek", "verslaving"))


def test_a_stop_she_records_herself_mails_the_asker_but_not_the_coordinators(
        team, coordinator, django_capture_on_commit_callbacks):
    work, anna, bert = team
    _first, second = complete(work, anna, bert)
    with django_capture_on_commit_callbacks(execute=True):
        services.expert_stops(second, "Belde: ziek")
    run_background_tasks()
    assert _to("coordinator@example.org") == []
    assert _to("beleid@example.org")


def test_a_team_never_asked_falls_apart_without_mail(team, coordinator,
                                                     django_capture_on_commit_callbacks):
    work, anna, bert = team
    for profile in (anna, bert):
        Proposal.objects.create(assignment=work, expert=profile, status=Proposal.Status.PROPOSED)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_profile(bert)
    run_background_tasks()
    assert mail.outbox == []


def test_an_erasure_in_running_work_tells_the_coordinators(
        team, coordinator, django_capture_on_commit_callbacks):
    work, anna, bert = team
    complete(work, anna, bert)
    services.start(Assignment.objects.get(pk=work.pk))
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_profile(bert, during_running_work=True)
    run_background_tasks()
    (message,) = _to("coordinator@example.org")
    assert "Bert" not in message.body and "Zet niemand alleen in" in message.body
    # she goes on working, and hears, as after a stop the coordinator records (session 24),
    # that she should not go on alone; not who left or why
    (told,) = _to("anna@example.org")
    assert "Ga niet alleen verder" in told.body and "Bert" not in told.body


def test_a_coordinator_who_switched_messages_off_gets_none(
        team, coordinator, django_capture_on_commit_callbacks):
    coordinator.email_notifications = False
    coordinator.save()
    work, anna, bert = team
    _first, second = sent(work, anna, bert)
    with django_capture_on_commit_callbacks(execute=True):
        services.decline(second, "Nee")
    run_background_tasks()
    assert _to("coordinator@example.org") == []


# -- whom the mail does not reach ---------------------------------------------------------------


def _send_by_page(client, work, coordinator, capture):
    client.force_login(coordinator)
    with capture(execute=True):
        response = client.post(reverse("pool:assignment", args=[work.pk]), {
            "action": "send", "team": list(work.proposals.values_list("pk", flat=True))})
    run_background_tasks()
    return response


def _proposed(work, *profiles):
    for profile in profiles:
        Proposal.objects.create(assignment=work, expert=profile, status=Proposal.Status.PROPOSED)


def test_someone_who_switched_messages_off_is_named_in_dutch(
        client, team, coordinator, django_capture_on_commit_callbacks):
    work, anna, bert = team
    bert.user.email_notifications = False
    bert.user.save()
    _proposed(work, anna, bert)
    response = _send_by_page(client, work, coordinator, django_capture_on_commit_callbacks)
    assert ("Bert (test) krijgt geen e-mail. Laat het op een andere manier weten, bijvoorbeeld "
            "door te bellen.") in _said(response)


def test_two_without_mail_are_named_together(
        client, team, coordinator, django_capture_on_commit_callbacks):
    work, anna, bert = team
    for profile in (anna, bert):
        with_address(profile.user, "")
    _proposed(work, anna, bert)
    response = _send_by_page(client, work, coordinator, django_capture_on_commit_callbacks)
    assert "Anna (test), Bert (test) krijgen geen e-mail." in _said(response)


def test_everyone_reached_means_no_warning(client, team, coordinator,
                                           django_capture_on_commit_callbacks):
    work, anna, bert = team
    _proposed(work, anna, bert)
    response = _send_by_page(client, work, coordinator, django_capture_on_commit_callbacks)
    assert _said(response) == "Het voorstel is naar de ervaringsdeskundigen gestuurd."


def test_without_a_mail_server_she_is_told_to_tell_the_team_herself(
        client, team, coordinator, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    work, anna, bert = team
    _proposed(work, anna, bert)
    response = _send_by_page(client, work, coordinator, django_capture_on_commit_callbacks)
    assert "Meervoud verstuurt geen e-mail." in _said(response)


# -- reminders ----------------------------------------------------------------------------------


def _remind(client, work, capture):
    with capture(execute=True):
        response = client.post(reverse("pool:assignment", args=[work.pk]), {"action": "remind"})
    run_background_tasks()
    return response


def test_a_reminder_says_how_many_and_goes_once_a_day(
        client, team, coordinator, django_capture_on_commit_callbacks):
    work, anna, bert = team
    sent(work, anna, bert)
    client.force_login(coordinator)
    response = _remind(client, work, django_capture_on_commit_callbacks)
    assert "2 ervaringsdeskundigen krijgen een herinnering per e-mail." in _said(response)
    assert {m.subject for m in mail.outbox} == {"Meervoud: Herinnering: er wacht een vraag op je"}
    assert "verslaving" not in mail.outbox[0].body.lower()
    mail.outbox.clear()

    again = _remind(client, work, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert "2 ervaringsdeskundigen kregen vandaag al een herinnering. Morgen kan het weer." in _said(again)

    work.proposals.update(reminded_at=timezone.now() - timedelta(days=1))
    tomorrow = _remind(client, work, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2 and "herinnering per e-mail" in _said(tomorrow)


def test_a_reminder_names_whom_it_cannot_reach(client, team, coordinator,
                                               django_capture_on_commit_callbacks):
    work, anna, bert = team
    with_address(bert.user, "")
    sent(work, anna, bert)
    client.force_login(coordinator)
    said = _said(_remind(client, work, django_capture_on_commit_callbacks))
    assert "1 ervaringsdeskundige krijgt een herinnering per e-mail." in said
    assert "Bert (test) krijgt geen e-mail." in said
    assert work.proposals.get(expert=bert).reminded_at is None  # not reminded: no mail went


def test_nothing_to_remind_when_everyone_answered(client, team, coordinator,
                                                  django_capture_on_commit_callbacks):
    work, anna, bert = team
    complete(work, anna, bert)
    client.force_login(coordinator)
    response = _remind(client, work, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert _said(response)  # something is said either way, never a silent click


def test_only_a_coordinator_can_remind(client, team):
    work, anna, bert = team
    sent(work, anna, bert)
    client.force_login(work.posted_by)
    assert client.post(reverse("pool:assignment", args=[work.pk]),
                       {"action": "remind"}).status_code == 403


def test_the_page_offers_the_reminder_and_shows_when_it_went(client, team, coordinator,
                                                             django_capture_on_commit_callbacks):
    work, anna, bert = team
    sent(work, anna, bert)
    client.force_login(coordinator)
    page = client.get(reverse("pool:assignment", args=[work.pk])).content.decode()
    assert "Herinner wie nog niet antwoordde" in page and "Gevraagd op" in page
    _remind(client, work, django_capture_on_commit_callbacks)
    page = client.get(reverse("pool:assignment", args=[work.pk])).content.decode()
    assert "herinnerd op" in page


# -- what her pages show ------------------------------------------------------------------------


def test_the_overview_says_since_when_a_question_waits(client, team, coordinator):
    work, anna, bert = team
    sent(work, anna, bert)
    asked = timezone.now() - timedelta(days=9)
    work.proposals.update(sent_at=asked)
    client.force_login(coordinator)
    page = client.get(reverse("pool:overview")).content.decode()
    assert "sinds " + formats.date_format(timezone.localtime(asked), "j F") in page


def test_the_overview_flags_a_running_team_after_she_records_a_stop(client, team, coordinator):
    work, anna, bert = team
    _first, second = complete(work, anna, bert)
    services.start(Assignment.objects.get(pk=work.pk))
    services.expert_stops(second, "Verhuisd")
    client.force_login(coordinator)
    page = client.get(reverse("pool:overview")).content.decode()
    assert "Team niet meer compleet: nog 1 van 2 ervaringsdeskundigen." in page


def test_a_later_team_that_fell_apart_is_not_shown_as_the_old_no(client, team, coordinator,
                                                                 make_user):
    work, anna, bert = team
    _first, second = sent(work, anna, bert)
    services.decline(second, "Geen tijd")
    carla, dirk = expert(make_user, "Carla"), expert(make_user, "Dirk")
    later = sent(work, carla, dirk)
    Proposal.objects.filter(pk__in=[p.pk for p in later]).update(
        sent_at=timezone.now() + timedelta(minutes=1))
    services.delete_profile(dirk)
    client.force_login(coordinator)
    page = client.get(reverse("pool:overview")).content.decode()
    assert "zei nee" not in page and "Geen tijd" not in page
    assert "Het team dat gevraagd was, is niet meer compleet" in page


def test_work_over_without_a_team_leaves_the_overview_for_all_assignments(client, coordinator):
    over = assignment(org(), "Voorlichting in de bibliotheek", start=TODAY - timedelta(days=30),
                      days=10)
    client.force_login(coordinator)
    assert over.title not in client.get(reverse("pool:overview")).content.decode()
    listed = client.get(reverse("pool:assignments")).content.decode()
    assert over.title in listed and "Voorbij zonder team" in listed


def test_a_poor_rating_asks_the_coordinator_for_a_conversation_only(client, team, coordinator):
    work, anna, bert = team
    complete(work, anna, bert)
    services.start(Assignment.objects.get(pk=work.pk))
    services.close(Assignment.objects.get(pk=work.pk), author=work.posted_by, rating=2, text="")
    assert Evaluation.objects.filter(assignment=work).exists()
    client.force_login(coordinator)
    page = client.get(reverse("pool:assignments")).content.decode()
    assert "Opdrachtgever: 2 van 5" in page and "bespreek dit met het team" in page
    client.force_login(work.posted_by)
    page = client.get(reverse("pool:assignments")).content.decode()
    assert "Opdrachtgever: 2 van 5" in page and "bespreek dit met het team" not in page


def test_marking_unavailable_outside_the_work_gives_no_warning(client, team, coordinator):
    work, anna, bert = team
    complete(work, anna, bert)
    client.force_login(coordinator)
    far = work.end + timedelta(days=30)
    response = client.post(reverse("pool:expert_edit", args=[bert.pk]), profile_post(
        bert, blocked_from=str(far), blocked_to=str(far + timedelta(days=7))))
    assert _said(response) == "Het profiel is opgeslagen."


def test_the_coordinators_warning_names_the_expert_and_the_work(client, team, coordinator):
    work, anna, bert = team
    complete(work, anna, bert)
    client.force_login(coordinator)
    response = client.post(reverse("pool:expert_edit", args=[bert.pk]), profile_post(
        bert, blocked_from=str(work.start), blocked_to=str(work.start + timedelta(days=7))))
    assert (f"Let op: Bert (test) zei ja tegen ‘{work.title}’, en dat werk loopt in de periode "
            "dat Bert (test) niet beschikbaar is.") in _said(response)
