"""Session 20: "sent again" means sent again by the same person, shortly after. A need with the
same words for the same municipality from someone else is her own need, never the other one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from meervoud.accounts.models import Organisation, OrganisationKind
from meervoud.api.tokens import issue_token
from meervoud.needs.models import InformationNeed
from meervoud.places.selectors import find_municipality

from .test_questionnaire import answers

pytestmark = pytest.mark.django_db

QUESTION = "Wat helpt inwoners met schulden om op tijd hulp te vragen?"


@pytest.fixture
def colleague(make_user):
    """A second policy officer of the municipality of Groningen."""
    user = make_user("beleid", "beleid-collega")
    user.organisation = Organisation.objects.create(
        name="Gemeente Groningen (collega)", kind=OrganisationKind.MUNICIPALITY,
        municipality=find_municipality("Groningen"))
    user.save()
    return user


def _api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user)[0]}")
    return client


def _body(**contact) -> dict:
    return {"gemeente": "Groningen", "vragen": QUESTION, "vormen": ["rapport"],
            "contactpersoon": {"naam": "Sanne Bakker", "email": "sanne@gemeente.example",
                               **contact}}


def test_two_colleagues_with_the_same_question_each_have_their_own_need(client, officer,
                                                                         colleague):
    client.force_login(officer)
    first = client.post(reverse("needs:ask"), answers())
    client.force_login(colleague)
    second = client.post(reverse("needs:ask"), answers(contact_name="B. Collega",
                                                       contact_email="b.collega@example.org"))
    assert InformationNeed.objects.count() == 2
    assert first["Location"] != second["Location"]
    page = client.get(second["Location"])
    assert page.status_code == 200 and "Uw vraag is ontvangen" in page.content.decode()
    assert InformationNeed.objects.filter(asked_by=colleague,
                                          contact_email="b.collega@example.org").exists()


def test_an_api_retry_by_the_same_person_is_the_need_already_there(make_user):
    coordinator = _api(make_user("coordinator"))
    first = coordinator.post("/api/v1/kennisbehoeften", _body(), format="json")
    again = coordinator.post("/api/v1/kennisbehoeften", _body(), format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and InformationNeed.objects.count() == 1


def test_the_same_question_long_after_is_a_new_need(client, officer):
    """Past the window of a double click or a retry it is asked again on purpose."""
    client.force_login(officer)
    client.post(reverse("needs:ask"), answers())
    InformationNeed.objects.update(created_at=timezone.now() - timedelta(days=2))
    client.post(reverse("needs:ask"), answers())
    assert InformationNeed.objects.count() == 2


def test_another_coordinator_gets_her_own_need_and_contact_person(make_user):
    _api(make_user("coordinator", "coordinator-een")).post(
        "/api/v1/kennisbehoeften", _body(), format="json")
    response = _api(make_user("coordinator", "coordinator-twee")).post(
        "/api/v1/kennisbehoeften", _body(naam="Piet Twee", email="piet@twee.example"),
        format="json")
    assert response.status_code == 201
    assert response.json()["contactpersoon"]["email"] == "piet@twee.example"
    assert "sanne@gemeente.example" not in response.content.decode()
