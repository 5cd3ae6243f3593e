"""/themas: the same disclosure control as the knowledge base pages."""

import pytest
from rest_framework.test import APIClient

from meervoud.stories.models import Purpose

pytestmark = pytest.mark.django_db


def get(path, **params):
    response = APIClient().get("/api/v1" + path, params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def all_counts(theme: dict) -> list[int | None]:
    counts = [theme["vertellers"], theme["verhalen"], *theme["noemen"].values()]
    counts += [cell["vertellers"] for cell in theme["plaatsen"]]
    counts += [cell["vertellers"] for cell in theme["levensdomeinen"] + theme["onderwerpen"]]
    return counts


def test_a_theme_under_k_or_unvalidated_is_absent(publish):
    publish.theme("wachtlijsten", name="Wachtlijsten")
    publish.many("wachtlijsten", 5)
    publish.many("schulden", 4)
    publish.many("ongezien", 8)
    publish.theme("ongezien", validated=False)
    body = get("/themas")
    assert [t["sleutel"] for t in body["resultaten"]] == ["wachtlijsten"]
    assert body["aantal"] == 1 and body["k"] == 5
    assert APIClient().get("/api/v1/themas/schulden").status_code == 404
    assert APIClient().get("/api/v1/themas/ongezien").status_code == 404


def test_no_number_below_k(publish):
    publish.many("wachtlijsten", 6, "Groningen", kind="hindered")
    publish.many("wachtlijsten", 2, "Het Hogeland", kind="helped")
    publish.many("wachtlijsten", 1, "Zwolle", domains=("armoede-schulden",))
    theme = get("/themas/wachtlijsten")
    assert theme["vertellers"] == 9
    assert theme["noemen"] == {"hielp": None, "zatInDeWeg": 6, "behoefte": None}
    assert all(n is None or n >= 5 for n in all_counts(theme))
    # Groningen's 6 next to the total 9 would give away the other 3: only the pooled rest is shown
    assert [(c["naam"], c["vertellers"]) for c in theme["plaatsen"]] == [("", 9)]
    assert "Zwolle" not in str(theme) and "Het Hogeland" not in str(theme)
    assert [d["slug"] for d in theme["levensdomeinen"]] == ["verslaving"]


def test_a_small_municipality_is_widened_and_the_answer_says_so(publish):
    publish.many("wachtlijsten", 3, "Het Hogeland")
    publish.many("wachtlijsten", 4, "Groningen")
    body = get("/themas", gemeente="Het Hogeland")
    assert body["gevraagd"]["soort"] == "gemeente" and body["gevraagd"]["naam"] == "Het Hogeland"
    assert body["gebruikt"]["soort"] == "regio" and body["gebruikt"]["naam"] == "Overig Groningen"
    assert body["verbreed"] is True and body["vertellersInScope"] == 7
    assert body["resultaten"][0]["vertellers"] == 7
    not_widened = get("/themas")
    assert not_widened["verbreed"] is False and not_widened["gebruikt"]["soort"] == "nederland"


def test_nothing_when_even_the_country_has_too_few(publish):
    publish.many("wachtlijsten", 3)
    body = get("/themas")
    assert body["resultaten"] == [] and body["gebruikt"] is None and body["vertellersInScope"] is None


def test_quotes_only_with_quote_consent_and_coarse_attribution(publish):
    publish.many("wachtlijsten", 5, "Groningen", purposes=(Purpose.ANALYSIS,))
    quiet = get("/themas/wachtlijsten")
    assert quiet["citaten"] == []
    publish.statement("wachtlijsten", "wel-citeren", "Groningen",
                      text="Het wachten op hulp duurde zo lang dat ik bijna opgaf, maar toen kwam er iemand.")
    theme = get("/themas/wachtlijsten")
    assert [q["tekst"] for q in theme["citaten"]] == [
        "Het wachten op hulp duurde zo lang dat ik bijna opgaf, maar toen kwam er iemand."]
    assert theme["citaten"][0]["herkomst"] == {"niveau": "gemeente", "plaats": "Groningen",
                                              "levensdomeinen": ["verslaving"]}
    assert "wel-citeren" not in str(theme)  # never the narrator's pseudonym


def test_filters_domain_level_and_search(publish):
    publish.theme("wachtlijsten", name="Wachtlijsten in de zorg")
    publish.many("wachtlijsten", 5, domains=("armoede-schulden",), level="meso")
    publish.many("verslaving-hulp", 5, domains=("verslaving",))
    assert [t["sleutel"] for t in get("/themas", domein="verslaving")["resultaten"]] == ["verslaving-hulp"]
    assert [t["sleutel"] for t in get("/themas", niveau="meso")["resultaten"]] == ["wachtlijsten"]
    assert [t["sleutel"] for t in get("/themas", zoek="zorg")["resultaten"]] == ["wachtlijsten"]


@pytest.mark.parametrize("params,name", [({"gemeente": "Atlantis"}, "gemeente"),
                                         ({"domein": "bestaat-niet"}, "domein"),
                                         ({"niveau": "mega"}, "niveau")])
def test_unknown_filters_are_a_400_not_ignored(db, params, name):
    response = APIClient().get("/api/v1/themas", params)
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == [name]
