"""Practices, needs, experts and assignments: the website's rules, through the API."""

import pytest

from meervoud.needs.models import InformationNeed
from meervoud.pool.models import Assignment, Proposal
from meervoud.practices.models import GoodPractice, PracticeStatus
from tests.api import bodies

pytestmark = pytest.mark.django_db


def test_a_proposed_practice_waits_for_a_coordinator(api, users):
    response = api("beleid").post("/api/v1/goede-praktijken", bodies.practice(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "voorgesteld" and body["gemeenten"] == ["Groningen"]
    assert response["Location"].endswith(f"/api/v1/goede-praktijken/{body['slug']}")
    practice = GoodPractice.objects.get(slug=body["slug"])
    assert practice.proposed_by == users["beleid"] and practice.status == PracticeStatus.PROPOSED
    listed = api("anonymous").get("/api/v1/goede-praktijken", {"pageSize": 100}).json()
    assert body["slug"] not in [p["slug"] for p in listed["resultaten"]]
    assert api("anonymous").get(f"/api/v1/goede-praktijken/{body['slug']}").status_code == 404
    assert api("beleid").get(f"/api/v1/goede-praktijken/{body['slug']}").status_code == 200


def test_practice_form_rules_apply(api):
    response = api("verteller").post("/api/v1/goede-praktijken", {
        "titel": "Kort", "samenvatting": "s", "levensdomeinen": ["bestaat-niet"]}, format="json")
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"titel", "levensdomeinen", "body"}  # body: no place chosen


def test_practice_filters(api, db):
    body = api("anonymous").get("/api/v1/goede-praktijken", {"provincie": "Atlantis"})
    assert body.status_code == 400
    groningen = api("anonymous").get("/api/v1/goede-praktijken",
                                     {"provincie": "Groningen", "pageSize": 100}).json()
    assert groningen["aantal"] >= 1
    assert all(p["status"] == "gepubliceerd" for p in groningen["resultaten"])


def test_an_officer_asks_for_their_own_municipality(api, users):
    response = api("beleid").post("/api/v1/kennisbehoeften",
                                  {**bodies.need(), "gemeente": "Zwolle"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["gemeente"] == "Groningen"
    need = InformationNeed.objects.get(pk=response.json()["id"])
    assert need.asked_by == users["beleid"] and need.municipality.name == "Groningen"


def test_contact_details_only_on_a_single_need(api, world):
    listed = api("onderzoeker").get("/api/v1/kennisbehoeften").json()
    assert listed["aantal"] == 2 and "fatima" not in str(listed).lower()
    single = api("onderzoeker").get(f"/api/v1/kennisbehoeften/{world['need']}").json()
    assert single["contactpersoon"]["email"] == "fatima@gemeente.example"
    own = api("beleid").get("/api/v1/kennisbehoeften").json()
    assert [n["id"] for n in own["resultaten"]] == [world["need"]]


def test_experts_for_coordinators_with_their_domains(api, world):
    body = api("coordinator").get("/api/v1/ervaringsdeskundigen").json()
    assert [(e["naam"], e["levensdomeinen"]) for e in body["resultaten"]] == [("Kees", ["verslaving"])]
    assert api("coordinator").get("/api/v1/ervaringsdeskundigen", {"domein": "x"}).status_code == 400


def test_an_assignment_needs_a_team_of_two(api):
    response = api("beleid").post("/api/v1/opdrachten", {**bodies.assignment(), "teamgrootte": 1},
                                  format="json")
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["teamgrootte"]
    wrong_dates = {**bodies.assignment(), "einddatum": "2029-01-01"}
    response = api("beleid").post("/api/v1/opdrachten", wrong_dates, format="json")
    assert [p["name"] for p in response.json()["invalidParams"]] == ["einddatum"]
    assert not Assignment.objects.exists()


def test_posting_an_assignment_defaults_to_the_own_organisation(api, users):
    body = {k: v for k, v in bodies.assignment().items() if k != "opdrachtgever"}
    response = api("beleid").post("/api/v1/opdrachten", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["opdrachtgever"] == "Gemeente Groningen (test)"
    assignment = Assignment.objects.get(pk=response.json()["id"])
    assert assignment.posted_by == users["beleid"] and assignment.status == "open"
    assert api("beleid").get(response["Location"]).status_code == 200
    # A coordinator without an organisation has to say for whom.
    response = api("coordinator").post("/api/v1/opdrachten", body, format="json")
    assert [p["name"] for p in response.json()["invalidParams"]] == ["opdrachtgever"]


def test_the_team_explanation_follows_the_experts_choice(api, world):
    assignment = Assignment.objects.get(pk=world["assignment"])
    proposal = Proposal.objects.create(assignment=assignment, expert_id=world["expert"],
                                       status=Proposal.Status.SENT, explanation="Ervaring met verslaving")
    # Kees keeps his experience to coordinators: the asker does not see him before his yes
    assert api("beleid").get(f"/api/v1/opdrachten/{assignment.pk}").json()["team"] == []
    proposal.status = Proposal.Status.ACCEPTED
    proposal.save()
    officer = api("beleid").get(f"/api/v1/opdrachten/{assignment.pk}").json()
    assert officer["team"] == [{"naam": "Kees", "status": "accepted", "toelichting": None}]
    coordinator = api("coordinator").get(f"/api/v1/opdrachten/{assignment.pk}").json()
    assert coordinator["team"][0]["toelichting"] == "Ervaring met verslaving"
    # The expert now sees the assignment they were sent, with their own explanation.
    expert = api("verteller").get(f"/api/v1/opdrachten/{assignment.pk}")
    assert expert.status_code == 200 and expert.json()["team"][0]["toelichting"]
    assert [a["id"] for a in api("verteller").get("/api/v1/opdrachten").json()["resultaten"]] == \
        [assignment.pk]
