"""Session 18 (plans): opening the page of a programme or dagdeel that was deleted (a bookmark,
a colleague was quicker) says so on the plan, instead of a bare "page not found"."""

import pytest
from django.urls import reverse

from meervoud.plans import services
from meervoud.plans.models import ProgrammeKind

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def training(plan, plan_user):
    return services.create_programme(plan, kind=ProgrammeKind.TRAINING, user=plan_user)


@pytest.mark.parametrize("name", ["plans:programme", "plans:programme_print"])
def test_opening_a_deleted_programme_says_it_was_deleted(client, plan, plan_user, training, name):
    client.force_login(plan_user)
    url = reverse(name, args=[plan.pk, training.pk])
    assert client.get(url).status_code == 200
    services.delete_programme(training)
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("plans:detail", args=[plan.pk])
    assert "Het programma is al verwijderd." in _messages(response)


def test_opening_a_deleted_dagdeel_lands_on_its_programme(client, plan, plan_user, training):
    client.force_login(plan_user)
    session = training.sessions.first()
    url = reverse("plans:session", args=[plan.pk, training.pk, session.pk])
    assert client.get(url).status_code == 200
    services.delete_session(session)
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("plans:programme", args=[plan.pk, training.pk])
    assert "Het dagdeel is al verwijderd." in _messages(response)


def test_a_programme_of_another_plan_stays_out_of_sight(client, plan, plan_user, make_user,
                                                        municipality):
    """Outsiders still get a 404 before anything about the programme is looked at."""
    other = services.create_plan(user=make_user("beleid", "beleid2"), data={
        "title": "Ander plan", "municipality": municipality})
    programme = services.create_programme(other, kind=ProgrammeKind.TRAINING, user=other.created_by)
    client.force_login(plan_user)
    assert client.get(reverse("plans:programme", args=[other.pk, programme.pk])).status_code == 404
