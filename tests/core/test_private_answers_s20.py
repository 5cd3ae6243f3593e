"""Session 20: answers with someone's data stay out of the browser's cache on a shared computer
(core.middleware.PrivateAnswersMiddleware); public pages for anonymous visitors stay cacheable."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from meervoud.accounts.models import Role
from meervoud.api.tokens import issue_token
from tests.stories.test_intake_views import step1
from tests.links import personal_link

pytestmark = pytest.mark.django_db


def _private(response) -> bool:
    value = response.get("Cache-Control", "")
    return "no-store" in value and "private" in value


def test_public_pages_for_anonymous_visitors_stay_cacheable(client, publish):
    publish.backed("wachtlijsten", 5)
    for url in (reverse("publication:themes"), reverse("publication:theme", args=["wachtlijsten"]),
                "/api/v1/themas"):
        response = client.get(url)
        assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", ""), url


def test_every_page_for_someone_logged_in_is_private(client, make_user):
    client.force_login(make_user(Role.COORDINATOR, "coordinator-cache"))
    for url in (reverse("publication:themes"), reverse("needs:list"), reverse("stories:list")):
        assert _private(client.get(url)), url


def test_an_answer_to_a_form_is_private_also_for_an_anonymous_visitor(client, municipality,
                                                                      domains):
    """The intake's step 2 shows her whole story; the visitor has no account."""
    response = client.post(reverse("stories:intake"), step1(municipality, domains))
    assert response.status_code == 200 and _private(response)


def test_the_api_with_a_key_is_private(make_user):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(make_user(Role.COORDINATOR))[0]}")
    assert _private(api.get("/api/v1/kennisbehoeften"))


def test_a_view_that_decides_for_itself_is_left_alone(client, publish):
    """The narrator's page by personal link is anonymous and personal: it marks itself."""
    story = publish.statement("wachtlijsten", "V-80001").story
    response = client.get(reverse("stories:my_story", args=[personal_link(story.narrator)]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
