"""The practices in the API list and in both exports ask which of their themes are published
once for the whole list, not per practice and theme: four times the practices cost (about) the
same number of queries. The themes shown stay the published ones only."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from meervoud.knowledge.models import Theme
from meervoud.practices.models import GoodPractice

from tests.performance.builders import Region

pytestmark = pytest.mark.django_db

SMALL, BIG = 3, 12


def _count(api: APIClient, url: str):
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
    assert response.status_code == 200
    return response, len(captured)


@pytest.mark.parametrize("url", [
    "/api/v1/goede-praktijken",
    "/api/v1/goede-praktijken?gemeente=Groningen",
    "/api/v1/export/goede-praktijken.csv",
    "/api/v1/export/goede-praktijken.xlsx",
])
def test_more_practices_do_not_cost_more_queries(url):
    region = Region().grow(SMALL, "themes", "practices")
    api = APIClient()
    _count(api, url)  # the first reader fills the publication layer's caches
    _response, small = _count(api, url)
    region.grow(BIG - SMALL, "themes", "practices")
    _count(api, url)
    _response, big = _count(api, url)
    assert big <= small + 2, f"{small} queries for {SMALL} practices, {big} for {BIG}"


def _api_themes() -> dict[str, list[str]]:
    listed = APIClient().get("/api/v1/goede-praktijken?pageSize=100").json()["resultaten"]
    return {practice["slug"]: practice["themas"] for practice in listed}


def test_only_published_themes_are_named(settings):
    region = Region().grow(2, "themes", "practices")
    first, second = region.themes
    practice = GoodPractice.objects.get(slug="praktijk-gepubliceerd-2")
    practice.themes.set([first, second])
    assert _api_themes()["praktijk-gepubliceerd-2"] == ["thema-1", "thema-2"]
    Theme.objects.filter(pk=second.pk).update(validated_at=None)  # no longer published
    assert _api_themes()["praktijk-gepubliceerd-2"] == ["thema-1"]
    detail = APIClient().get(reverse("api:practice", args=["praktijk-gepubliceerd-2"])).json()
    assert detail["themas"] == ["thema-1"]

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(
        APIClient().get("/api/v1/export/goede-praktijken.xlsx").content), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    column = rows[0].index("themas")
    row = next(r for r in rows if r[0] == "praktijk-gepubliceerd-2")
    assert row[column] == "Thema 1"
    csv = APIClient().get("/api/v1/export/goede-praktijken.csv").content.decode("utf-8-sig")
    line = next(line for line in csv.splitlines() if line.startswith("praktijk-gepubliceerd-2;"))
    assert "Thema 1" in line and "Thema 2" not in line
