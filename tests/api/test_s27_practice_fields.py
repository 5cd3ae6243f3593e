"""Session 27: the catalogue asks what a practice costs and brings and says when it was last
updated, and finds practices by words. The API and the downloads say the same (they left out
what the web page showed)."""

import pytest
from rest_framework.test import APIClient

from meervoud.practices.models import GoodPractice
from tests.api import bodies
from tests.api.test_exports import read_csv

pytestmark = pytest.mark.django_db


def _buddy(make_practice):
    practice = make_practice("Maatjes in de wijk", municipalities=["Groningen"])
    GoodPractice.objects.filter(pk=practice.pk).update(
        costs="Een coördinator 16 uur per week.", results="Minder mensen alleen thuis.",
        organisations="Ixta Noa")
    return GoodPractice.objects.get(pk=practice.pk)


def test_the_api_gives_costs_results_and_last_update(make_practice):
    practice = _buddy(make_practice)
    body = APIClient().get(f"/api/v1/goede-praktijken/{practice.slug}").json()
    assert body["watKostHet"] == "Een coördinator 16 uur per week."
    assert body["watLevertHetOp"] == "Minder mensen alleen thuis."
    assert body["bijgewerktOp"].startswith(practice.updated_at.date().isoformat()[:4])


def test_the_api_searches_as_the_catalogue_does(make_practice):
    _buddy(make_practice)
    make_practice("Herstelacademie", municipalities=["Groningen"])
    client = APIClient()
    found = client.get("/api/v1/goede-praktijken", {"zoek": "ixta groningen"}).json()
    assert [item["slug"] for item in found["resultaten"]] == ["maatjes-in-de-wijk"]
    every = client.get("/api/v1/goede-praktijken", {"zoek": "groningen", "pageSize": 100}).json()
    assert {"maatjes-in-de-wijk", "herstelacademie"} <= {i["slug"] for i in every["resultaten"]}


def test_a_proposal_through_the_api_keeps_costs_and_results(api):
    body = bodies.practice() | {"watKostHet": "Niets extra.", "watLevertHetOp": "Rust."}
    response = api("beleid").post("/api/v1/goede-praktijken", body, format="json")
    assert response.status_code == 201, response.json()
    stored = GoodPractice.objects.get(slug=response.json()["slug"])
    assert (stored.costs, stored.results) == ("Niets extra.", "Rust.")


def test_the_download_has_costs_results_and_last_update(make_practice):
    practice = _buddy(make_practice)
    row = {r["slug"]: r for r in read_csv(
        APIClient().get("/api/v1/export/goede-praktijken.csv").content)}[practice.slug]
    assert row["wat_kost_het"] == "Een coördinator 16 uur per week."
    assert row["wat_levert_het_op"] == "Minder mensen alleen thuis."
    assert row["bijgewerkt_op"] == practice.updated_at.date().isoformat()
