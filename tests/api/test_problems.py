"""Errors as problem+json, the version header, pagination links."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert {"type", "title", "status", "instance"} <= set(body)
    assert body["status"] == status and body["title"]
    return body


def test_400_lists_invalid_params(api):
    response = api("coordinator").post("/api/v1/kennisbehoeften", {"vragen": "x"}, format="json")
    body = assert_problem(response, 400)
    names = {p["name"] for p in body["invalidParams"]}
    assert {"vormen", "contactpersoon"} <= names
    assert all(p["reason"] for p in body["invalidParams"])


def test_400_from_the_websites_form_rules(api):
    response = api("coordinator").post("/api/v1/kennisbehoeften", {
        "gemeente": "Groningen", "vragen": "kort", "vormen": ["rapport"],
        "contactpersoon": {"naam": "A", "email": "a@example.org"}}, format="json")
    body = assert_problem(response, 400)
    assert [p["name"] for p in body["invalidParams"]] == ["vragen"]
    assert "10 tekens" in body["invalidParams"][0]["reason"]


def test_401_without_or_with_a_wrong_token(db):
    assert_problem(APIClient().get("/api/v1/kennisbehoeften"), 401)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token niet-geldig")
    body = assert_problem(client.get("/api/v1/themas"), 401)
    assert body["detail"]
    assert client.get("/api/v1/themas")["WWW-Authenticate"] == "Token"


def test_403_404_405(api, world):
    assert_problem(api("onderzoeker").get("/api/v1/ervaringsdeskundigen"), 403)
    assert_problem(api("anonymous").get("/api/v1/themas/schulden"), 404)
    assert_problem(api("anonymous").get("/api/v1/nergens"), 404)
    assert_problem(api("anonymous").get("/api/v1/themas/"), 404)  # no trailing slash
    assert_problem(api("anonymous").delete("/api/v1/themas"), 405)


def test_415_for_a_body_that_is_not_json(api):
    response = api("coordinator").post("/api/v1/kennisbehoeften", "vragen=x",
                                       content_type="application/x-www-form-urlencoded")
    assert_problem(response, 415)


def test_pagination_links(api, db, make_user):
    from meervoud.practices.models import GoodPractice, PracticeStatus

    GoodPractice.objects.all().delete()  # the catalogue's seed
    for n in range(5):
        GoodPractice.objects.create(slug=f"p{n}", title=f"Praktijk {n}", summary="s",
                                    status=PracticeStatus.PUBLISHED)
    first = api("anonymous").get("/api/v1/goede-praktijken", {"pageSize": 2}).json()
    assert first["aantal"] == 5 and len(first["resultaten"]) == 2
    assert set(first["_links"]) == {"self", "next", "last"}
    assert "page=3" in first["_links"]["last"]["href"]
    second = api("anonymous").get(first["_links"]["next"]["href"]).json()
    assert set(second["_links"]) == {"self", "first", "prev", "next", "last"}
    assert [p["slug"] for p in second["resultaten"]] == ["p2", "p3"]
    assert_problem(api("anonymous").get("/api/v1/goede-praktijken", {"page": 9}), 404)


def test_version_header_on_the_schema_too(db):
    response = APIClient().get("/api/v1/openapi.json")
    assert response.status_code == 200 and response["API-Version"] == "1.0.0"
    assert APIClient().get("/api/v1/docs").status_code == 200
