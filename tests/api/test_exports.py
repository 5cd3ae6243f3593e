"""Bulk exports: read the files back; no number below k, nothing unpublished, no contacts,
no formula."""

import csv
import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from meervoud.api.exports import COUNT_COLUMNS
from meervoud.core import spreadsheets
from meervoud.core.spreadsheets import Table

pytestmark = pytest.mark.django_db


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(data: bytes) -> dict[str, list[dict]]:
    workbook = load_workbook(io.BytesIO(data))
    sheets = {}
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        sheets[sheet.title] = [dict(zip(rows[0], row)) for row in rows[1:]]
    return sheets


def assert_no_count_below_k(rows: list[dict], k: int = 5) -> int:
    checked = 0
    for row in rows:
        for column in COUNT_COLUMNS & set(row):
            value = row[column]
            if value in ("", None):
                continue
            if isinstance(value, str) and not value.isdigit():
                assert value == f"minder dan {k}"
                continue
            assert int(value) >= k, (column, row)
            checked += 1
    return checked


@pytest.fixture
def knowledge(publish):
    publish.theme("wachtlijsten", name="=HYPERLINK(\"http://kwaad\")")
    publish.many("wachtlijsten", 6, "Groningen", kind="hindered")
    publish.many("wachtlijsten", 2, "Het Hogeland", kind="helped")
    publish.many("wachtlijsten", 1, "Zwolle", domains=("armoede-schulden",))
    publish.many("schulden", 4)


def test_themes_csv(knowledge):
    response = APIClient().get("/api/v1/export/themas.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response.content)
    assert {row["thema_sleutel"] for row in rows} == {"wachtlijsten"}  # "schulden" is under k
    assert assert_no_count_below_k(rows) >= 3
    theme = next(row for row in rows if row["rij"] == "thema")
    assert theme["thema"].startswith("'=")  # a formula is defused
    assert theme["noemen_wat_hielp"] == "minder dan 5" and theme["vertellers"] == "9"
    assert "," in theme["aandeel_procent"]  # decimal comma for Dutch Excel
    places = [row["naam"] for row in rows if row["rij"] == "plaats"]
    assert places == ["overige plaatsen"]  # Groningen's 6 of 9 would give away the other 3
    assert not any("Hogeland" in p or "Zwolle" in p for p in places)
    assert "Armoede" not in response.content.decode("utf-8-sig")


def test_themes_xlsx(knowledge):
    response = APIClient().get("/api/v1/export/themas.xlsx", {"gemeente": "Het Hogeland"})
    assert response.status_code == 200
    sheets = read_xlsx(response.content)
    assert set(sheets) == {"Thema's", "Plaatsen", "Levensdomeinen", "Onderwerpen",
                           "Verantwoording"}
    assert [row["thema_sleutel"] for row in sheets["Thema's"]] == ["wachtlijsten"]
    assert sheets["Thema's"][0]["thema"].startswith("'=")
    for name in ("Thema's", "Plaatsen", "Levensdomeinen", "Onderwerpen"):
        assert_no_count_below_k(sheets[name])
    about = {row["onderdeel"]: row["waarde"] for row in sheets["Verantwoording"]}
    assert about["gevraagd"] == "gemeente Het Hogeland"
    assert about["cijfers over"].startswith("regio") and about["verbreed"] is True


def test_practices_only_published(db):
    from meervoud.practices.models import GoodPractice

    GoodPractice.objects.create(slug="geheim-voorstel", title="Geheim voorstel", summary="s")
    rows = read_csv(APIClient().get("/api/v1/export/goede-praktijken.csv").content)
    assert rows and "geheim-voorstel" not in {row["slug"] for row in rows}
    sheets = read_xlsx(APIClient().get("/api/v1/export/goede-praktijken.xlsx").content)
    assert len(sheets["Goede praktijken"]) == len(rows)


def test_needs_without_contact_details(api, world):
    for kind in ("csv", "xlsx"):
        response = api("beleid").get(f"/api/v1/export/kennisbehoeften.{kind}")
        assert response.status_code == 200
        rows = read_csv(response.content) if kind == "csv" else \
            read_xlsx(response.content)["Kennisbehoeften"]
        assert [int(row["id"]) for row in rows] == [world["need"]]  # own municipality only
        text = str(rows)
        assert "Fatima" not in text and "fatima@" not in text and "050-1234567" not in text
        assert not any("contact" in column for column in rows[0])


def test_guard_defuses_every_formula_start():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert spreadsheets.guard(start + "1+1").startswith("'")
    assert spreadsheets.guard("gewoon") == "gewoon" and spreadsheets.guard(-3) == -3
    data = spreadsheets.to_xlsx([Table("t", ["a"], [["=1+1"], ["bel\x01"]])])
    assert [row["a"] for row in read_xlsx(data)["t"]] == ["'=1+1", "bel"]


def test_an_english_export_names_a_municipality_as_english_does(publish):
    """A breakdown row reads "municipality of Groningen" in English, as the pages say, not the
    word-for-word "municipality Groningen"."""
    from django.conf import settings

    publish.theme("wachtlijsten")
    publish.many("wachtlijsten", 6, "Groningen")
    publish.many("wachtlijsten", 6, "Zwolle")
    client = APIClient()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/api/v1/export/themas.csv")
    places = sorted(row["naam"] for row in read_csv(response.content) if row["rij"] == "plaats")
    assert places == ["municipality of Groningen", "municipality of Zwolle"]
