"""Changing and cancelling an assignment through the API, with the rules of the website: the
organisation that asked (or a coordinator) may; changing only until the team is asked,
cancelling only until the work starts; a retry after a lost answer is harmless."""

import pytest

from meervoud.accounts.models import Organisation, OrganisationKind
from meervoud.pool.models import Assignment, Proposal
from tests.api import bodies

pytestmark = pytest.mark.django_db


def _url(pk: int, tail: str = "") -> str:
    return f"/api/v1/opdrachten/{pk}{tail}"


def test_the_asker_changes_an_assignment_and_a_proposed_team_is_withdrawn(api, world):
    assignment = Assignment.objects.get(pk=world["assignment"])
    proposed = Proposal.objects.create(assignment=assignment, expert_id=world["expert"])
    body = {**bodies.assignment(), "titel": "Training wijkteam, nu in het voorjaar", "talen": ["tr"]}

    response = api("beleid").put(_url(assignment.pk), body, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["titel"] == "Training wijkteam, nu in het voorjaar"
    assert response.json()["talen"] == ["tr"]
    assignment.refresh_from_db()
    assert assignment.title == "Training wijkteam, nu in het voorjaar"
    assert assignment.languages == ["tr"]
    proposed.refresh_from_db()
    assert proposed.status == Proposal.Status.WITHDRAWN


def test_a_change_after_the_team_was_asked_is_refused_with_why_and_nothing_changes(api, world):
    assignment = Assignment.objects.get(pk=world["assignment"])
    Proposal.objects.create(assignment=assignment, expert_id=world["expert"],
                            status=Proposal.Status.SENT)

    response = api("beleid").put(_url(assignment.pk), {**bodies.assignment(), "titel": "Anders"},
                                 format="json")

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert "al gevraagd" in response.json()["detail"]
    assignment.refresh_from_db()
    assert assignment.title == "Training wijkteam"


def test_a_wrong_change_names_the_field_and_stores_nothing(api, world):
    body = {**bodies.assignment(), "begindatum": "2030-07-01", "einddatum": "2030-06-01"}
    response = api("beleid").put(_url(world["assignment"]), body, format="json")
    assert response.status_code == 400
    assert Assignment.objects.get(pk=world["assignment"]).start.year == 2027


def test_another_organisation_cannot_change_or_cancel_and_cannot_tell_it_exists(api, world):
    other = world["other_assignment"]
    assert api("beleid").put(_url(other), bodies.assignment(), format="json").status_code == 404
    assert api("beleid").post(_url(other, "/annuleren"), {}, format="json").status_code == 404
    assert Assignment.objects.get(pk=other).status == Assignment.Status.OPEN


def test_an_expert_of_the_team_sees_the_assignment_but_may_not_change_or_cancel_it(api, world):
    assignment = Assignment.objects.get(pk=world["assignment"])
    Proposal.objects.create(assignment=assignment, expert_id=world["expert"],
                            status=Proposal.Status.SENT)
    assert api("verteller").get(_url(assignment.pk)).status_code == 200
    assert api("verteller").put(_url(assignment.pk), bodies.assignment(),
                                format="json").status_code == 403
    assert api("verteller").post(_url(assignment.pk, "/annuleren"), {},
                                 format="json").status_code == 403
    assert Assignment.objects.get(pk=assignment.pk).status == Assignment.Status.OPEN


def test_cancel_frees_the_team_keeps_the_reason_and_a_retry_gets_the_same_answer(api, world):
    assignment = Assignment.objects.get(pk=world["assignment"])
    asked = Proposal.objects.create(assignment=assignment, expert_id=world["expert"],
                                    status=Proposal.Status.ACCEPTED)

    first = api("beleid").post(_url(assignment.pk, "/annuleren"),
                               {"reden": "Het budget is geschrapt."}, format="json")
    again = api("beleid").post(_url(assignment.pk, "/annuleren"), {}, format="json")

    assert first.status_code == 200, first.content
    assert first.json()["status"] == "cancelled"
    assert first.json()["redenAnnulering"] == "Het budget is geschrapt."
    asked.refresh_from_db()
    assert asked.status == Proposal.Status.WITHDRAWN
    # the retry neither fails nor overwrites the reason
    assert again.status_code == 200 and again.json()["redenAnnulering"] == "Het budget is geschrapt."


def test_the_asker_hears_when_a_coordinator_cancels_through_the_api(
        api, world, users, django_capture_on_commit_callbacks):
    """As on the website (pool.notifications.cancelled): the organisation that asked is told
    when someone else cancelled its assignment, also through the API."""
    from django.core import mail

    from tests.conftest import run_background_tasks

    users["beleid"].email = "sanne@wijkteam.example"
    users["beleid"].save()
    with django_capture_on_commit_callbacks(execute=True):
        response = api("coordinator").post(_url(world["assignment"], "/annuleren"),
                                           {"reden": "Geen trainers meer"}, format="json")
    assert response.status_code == 200, response.content
    run_background_tasks()
    (message,) = [m for m in mail.outbox if "sanne@wijkteam.example" in m.to]
    assert "gaat niet door" in message.body and "trainers" not in message.body


def test_running_work_cannot_be_cancelled(api, world):
    assignment = Assignment.objects.get(pk=world["assignment"])
    assignment.status = Assignment.Status.RUNNING
    assignment.save()
    response = api("coordinator").post(_url(assignment.pk, "/annuleren"), {"reden": "x"}, format="json")
    assert response.status_code == 409
    assert "loopt al" in response.json()["detail"]
    assert Assignment.objects.get(pk=assignment.pk).status == Assignment.Status.RUNNING


def test_a_cancelled_assignment_cannot_be_changed(api, world):
    api("beleid").post(_url(world["assignment"], "/annuleren"), {}, format="json")
    response = api("beleid").put(_url(world["assignment"]), bodies.assignment(), format="json")
    assert response.status_code == 409
    assert "Geannuleerd" in response.json()["detail"]


def test_a_too_long_reason_is_refused_not_cut(api, world):
    response = api("beleid").post(_url(world["assignment"], "/annuleren"), {"reden": "x" * 501},
                                  format="json")
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["reden"]
    assert Assignment.objects.get(pk=world["assignment"]).status == Assignment.Status.OPEN


def test_a_coordinators_put_without_opdrachtgever_takes_the_assignment_from_the_municipality(
        api, world, users):
    """A coordinator (of a self-help organisation) corrects the hours of the municipality's
    assignment with PUT and, as the schema allows, leaves `opdrachtgever` out. `assignment_form`
    (api/pool.py) then fills in the caller's own organisation, as for a POST: the assignment now
    belongs to the coordinator's organisation, and the municipality that asked no longer sees it
    (404 on its own assignment). The website's edit form keeps the organisation; docs/api.md says
    the two follow the same rules.
    SHOULD: a PUT without `opdrachtgever` keeps the organisation that asked (or is refused)."""
    coordinator = users["coordinator"]
    coordinator.organisation = Organisation.objects.create(
        name="Herstelacademie (test)", kind=OrganisationKind.SELF_HELP)
    coordinator.save()
    pk = world["assignment"]
    body = {key: value for key, value in bodies.assignment().items() if key != "opdrachtgever"}

    response = api("coordinator").put(f"/api/v1/opdrachten/{pk}", {**body, "urenPerWeek": "3.0"},
                                      format="json")

    assert response.status_code in (200, 400), response.content
    assert Assignment.objects.get(pk=pk).organisation.name == "Gemeente Groningen (test)"
    assert api("beleid").get(f"/api/v1/opdrachten/{pk}").status_code == 200
