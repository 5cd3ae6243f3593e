"""Session 18: the themes CSV says, on every row, what its numbers are about."""

import csv

import pytest
from rest_framework.test import APIClient

from meervoud.api.exports import ABOUT_HEADER

pytestmark = pytest.mark.django_db


def _rows(params=None):
    response = APIClient().get("/api/v1/export/themas.csv", params or {})
    assert response.status_code == 200
    return list(csv.DictReader(response.content.decode("utf-8-sig").splitlines(), delimiter=";"))


@pytest.fixture
def knowledge(publish):
    publish.theme("wachtlijsten")
    publish.many("wachtlijsten", 6, "Groningen", kind="hindered")
    publish.many("wachtlijsten", 2, "Het Hogeland", kind="helped")


def test_every_row_says_the_place_k_and_when(knowledge):
    rows = _rows({"gemeente": "Het Hogeland"})
    assert {row["rij"] for row in rows} >= {"thema", "plaats"}
    for row in rows:
        assert list(row)[-len(ABOUT_HEADER):] == ABOUT_HEADER
        assert row["gevraagd"] == "gemeente Het Hogeland"
        assert row["cijfers_over"].startswith("regio ") and row["verbreed"] == "ja"
        assert row["k"] == "5" and row["vertellers_in_cijfers_over"] == "8"
        assert len(row["gemaakt_op"]) == len("2026-03-03 14:00")


def test_a_place_that_was_not_widened_says_so(knowledge):
    (theme,) = [row for row in _rows() if row["rij"] == "thema"]
    assert (theme["gevraagd"], theme["cijfers_over"], theme["verbreed"]) == (
        "heel Nederland", "heel Nederland", "nee")
