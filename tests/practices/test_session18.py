"""Session 18: the review queue marks a proposal that was judged before."""

import pytest
from django.urls import reverse

from meervoud.practices.models import PracticeStatus
from tests.practices.test_session17 import twice_rejected  # noqa: F401  (fixture)
from tests.conftest import run_background_tasks

pytestmark = pytest.mark.django_db


def _row(html: str, title: str) -> str:
    start = html.index(title)
    return html[start:html.index("</tr>", start)]


def test_the_review_queue_marks_a_proposal_sent_in_again(client, make_user, make_practice,
                                                         twice_rejected):  # noqa: F811
    practice, _, coordinator = twice_rejected
    make_practice("Inloop voor mantelzorgers", municipalities=["Groningen"],
                  status=PracticeStatus.PROPOSED, proposed_by=make_user("beleid", "nieuw-piet"))
    client.force_login(coordinator)
    html = client.get(reverse("practices:review")).content.decode()
    assert "opnieuw ingediend" in _row(html, practice.title)
    assert "opnieuw ingediend" not in _row(html, "Inloop voor mantelzorgers")


def test_the_proposer_hears_of_the_decision_but_not_the_reason(make_user, make_practice, settings,
                                                               django_capture_on_commit_callbacks):
    from django.core import mail

    settings.MEERVOUD_SITE_URL = "https://meervoud.example.nl"
    from meervoud.practices import services

    proposer = make_user("beleid", "indiener-mail")
    proposer.email = "indiener@gemeente.example"
    proposer.save()
    coordinator = make_user("coordinator", "coord-mail")
    practice = make_practice("Buddy bij de schuldhulp", municipalities=["Groningen"],
                             status=PracticeStatus.PROPOSED, proposed_by=proposer)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_practice(practice, user=coordinator, reason="Er staat een naam van een bewoner in.")
    run_background_tasks()
    (message,) = mail.outbox
    assert message.to == ["indiener@gemeente.example"]
    assert message.subject == "Meervoud: Je praktijk staat niet in de catalogus"
    assert "bewoner" not in message.body
    assert "https://meervoud.example.nl" + practice.get_absolute_url() in message.body

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_practice(practice, user=coordinator)
    run_background_tasks()
    assert mail.outbox[-1].subject == "Meervoud: Je praktijk staat in de catalogus"


def test_a_coordinator_deciding_on_her_own_proposal_gets_no_mail(make_user, make_practice,
                                                                 django_capture_on_commit_callbacks):
    from django.core import mail

    from meervoud.practices import services

    coordinator = make_user("coordinator", "coord-eigen")
    coordinator.email = "coord@example.org"
    coordinator.save()
    practice = make_practice("Inloop", municipalities=["Groningen"],
                             status=PracticeStatus.PROPOSED, proposed_by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_practice(practice, user=coordinator)
    run_background_tasks()
    assert mail.outbox == []
