"""The officer who asked the learning network a question (kennisvraag) hears by e-mail when
someone else answers it or changes its status, as a proposer of a good practice hears of the
decision. Before, ``set_status`` sent nothing: she only learned of the answer if she opened
Kennisvragen again, perhaps after her deadline."""

import pytest
from django.core import mail
from django.urls import reverse

from meervoud.needs import services
from meervoud.needs.models import InformationNeed, NeedStatus
from meervoud.places.selectors import find_municipality
from tests.conftest import run_background_tasks

pytestmark = pytest.mark.django_db

SITE = "https://meervoud.example.nl"
QUESTION = "Wat helpt inwoners met schulden om op tijd hulp te vragen?"
ANSWER = "De infographic over schulden bij jonge moeders in Vinkhuizen staat klaar."


@pytest.fixture
def need(officer, settings) -> InformationNeed:
    settings.MEERVOUD_SITE_URL = SITE
    officer.email = "beleid@gemeente-groningen.example"
    officer.save()
    return InformationNeed.objects.create(
        municipality=find_municipality("Groningen"), asked_by=officer, questions=QUESTION,
        formats=["infographic"], contact_name="Collega Contact",
        contact_email="collega@gemeente-groningen.example")


def change(client, user, need, status, note="", capture=None):
    client.force_login(user)
    with capture(execute=True):
        client.post(reverse("needs:detail", args=[need.pk]), {"status": status, "answer_note": note})
    run_background_tasks()
    need.refresh_from_db()


def test_she_hears_that_her_question_is_answered_without_its_text(
        client, need, officer, make_user, django_capture_on_commit_callbacks):
    coordinator = make_user("coordinator")
    coordinator.first_name, coordinator.email = "Coby", "coby@lerendnetwerk.example"
    coordinator.save()
    change(client, coordinator, need, NeedStatus.ANSWERED, ANSWER,
           django_capture_on_commit_callbacks)
    assert need.status == NeedStatus.ANSWERED
    (message,) = mail.outbox
    assert message.to == [officer.email]
    assert message.subject == "Meervoud: Uw vraag is beantwoord"
    assert f"{SITE}{reverse('needs:detail', args=[need.pk])}" in message.body
    # neither the answer, the question, the contact person nor who answered it
    for private in ("Vinkhuizen", "schulden", "Collega", "collega@", "Coby", "coby@"):
        assert private not in message.body and private not in message.subject, private


def test_each_change_of_status_is_told_and_says_what_changed(
        client, need, make_user, django_capture_on_commit_callbacks):
    coordinator = make_user("coordinator")
    capture = django_capture_on_commit_callbacks
    change(client, coordinator, need, NeedStatus.IN_PROGRESS, capture=capture)
    change(client, coordinator, need, NeedStatus.ANSWERED, ANSWER, capture=capture)
    change(client, coordinator, need, NeedStatus.ANSWERED, ANSWER + " En een workshop.",
           capture=capture)
    change(client, coordinator, need, NeedStatus.OPEN, capture=capture)
    change(client, coordinator, need, NeedStatus.OPEN, capture=capture)  # nothing changed
    assert [message.subject for message in mail.outbox] == [
        "Meervoud: Het lerend netwerk werkt aan uw vraag",
        "Meervoud: Uw vraag is beantwoord",
        "Meervoud: Het antwoord op uw vraag is veranderd",
        "Meervoud: Uw vraag staat weer open"]


def test_a_colleague_withdrawing_it_tells_her_but_her_own_withdrawal_does_not(
        client, need, officer, make_user, django_capture_on_commit_callbacks):
    colleague = make_user("beleid", "collega")
    colleague.organisation = officer.organisation
    colleague.save()
    client.force_login(colleague)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("needs:detail", args=[need.pk]), {"action": "withdraw"})
    run_background_tasks()
    need.refresh_from_db()
    assert need.status == NeedStatus.WITHDRAWN
    assert [message.subject for message in mail.outbox] == ["Meervoud: Uw vraag is ingetrokken"]

    mail.outbox.clear()
    second = InformationNeed.objects.create(
        municipality=need.municipality, asked_by=officer, questions="Nog een vraag",
        formats=["rapport"], contact_name="A", contact_email=officer.email)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("needs:detail", args=[second.pk]), {"action": "withdraw"})
    run_background_tasks()
    second.refresh_from_db()
    assert second.status == NeedStatus.WITHDRAWN and mail.outbox == []


def test_a_coordinator_changing_her_own_question_gets_no_mail(
        make_user, django_capture_on_commit_callbacks):
    coordinator = make_user("coordinator")
    coordinator.email = "coord@example.org"
    coordinator.save()
    own = InformationNeed.objects.create(
        municipality=find_municipality("Zwolle"), asked_by=coordinator, questions="Eigen vraag",
        formats=["rapport"], contact_name="C", contact_email=coordinator.email)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_status(own, status=NeedStatus.IN_PROGRESS, note="", user=coordinator)
    run_background_tasks()
    assert mail.outbox == []


@pytest.mark.parametrize("gone", ["no address", "account deleted", "account closed",
                                  "messages off"])
def test_nobody_is_mailed_when_no_message_reaches_her(
        gone, need, officer, make_user, django_capture_on_commit_callbacks):
    if gone == "no address":
        officer.email = ""
        officer.save()
    elif gone == "account deleted":
        officer.delete()
    elif gone == "account closed":
        officer.is_active = False
        officer.save()
    else:
        officer.email_notifications = False
        officer.save()
    need.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.set_status(need, status=NeedStatus.ANSWERED, note=ANSWER,
                                   user=make_user("coordinator"))
    run_background_tasks()
    need.refresh_from_db()
    assert need.status == NeedStatus.ANSWERED
    # not to the contact person on the form either: she may be someone else
    assert mail.outbox == []


def test_a_status_change_rolled_back_sends_nothing(
        need, make_user, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.set_status(need, status=NeedStatus.ANSWERED, note=ANSWER,
                                user=make_user("coordinator"))
            raise RuntimeError("the request failed after the change")
    run_background_tasks()
    assert mail.outbox == []
