"""/verhalen: intake through the importer, de-identified, with a pseudonymised narrator."""

import pytest

from meervoud.stories.models import Narrator, Source, Story
from tests.api import bodies

pytestmark = pytest.mark.django_db


def test_a_story_is_deidentified_and_the_reference_pseudonymised(api):
    body = {**bodies.story("BSN-CLIENT-998877"),
            "verhaal": "Mijn naam is Johan Visser en mijn nummer is 06-12345678. Ik zat lang "
                       "op de wachtlijst bij de verslavingszorg.",
            "namen": ["Johan Visser"], "toestemmingCiteren": True}
    response = api("coordinator").post("/api/v1/verhalen", body, format="json")
    assert response.status_code == 201, response.content
    answer = response.json()
    assert set(answer) == {"id", "verwijderdeGegevens", "perSoort"}
    assert answer["verwijderdeGegevens"] >= 2
    assert "Johan" not in response.content.decode()  # never the text back
    story = Story.objects.get(pk=answer["id"])
    assert story.source == Source.API
    stored = " ".join([story.text, story.title, story.helped, story.hindered, story.original_text])
    for identifier in ("Johan", "Visser", "06-12345678", "12345678"):
        assert identifier not in stored
    assert "BSN-CLIENT-998877" not in story.narrator.code
    assert not Narrator.objects.filter(code__icontains="998877").exists()
    assert {c.purpose for c in story.consents.all()} == {"analysis", "quote"}


def test_the_same_reference_is_the_same_narrator_per_organisation(api, users, officer_org):
    coordinator = api("coordinator")
    first = coordinator.post("/api/v1/verhalen", bodies.story("p-1"), format="json").json()
    again = {**bodies.story("p-1"), "verhaal": bodies.story()["verhaal"] + " Later werd het beter."}
    second = coordinator.post("/api/v1/verhalen", again, format="json").json()
    assert Story.objects.get(pk=first["id"]).narrator == Story.objects.get(pk=second["id"]).narrator
    # The same reference from another sender (another account without organisation) is another person.
    third = api("beheerder").post("/api/v1/verhalen", bodies.story("p-1"), format="json").json()
    assert Story.objects.get(pk=third["id"]).narrator != Story.objects.get(pk=first["id"]).narrator


def test_the_importers_rules_apply(api):
    response = api("coordinator").post("/api/v1/verhalen", {
        **bodies.story(), "gemeente": "Atlantis", "levensdomeinen": ["onbekend"],
        "eigenKracht": 50}, format="json")
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"gemeente", "levensdomeinen", "eigenKracht"}
    assert not Story.objects.exists()


def test_a_duplicate_story_is_refused(api):
    client = api("coordinator")
    assert client.post("/api/v1/verhalen", bodies.story(), format="json").status_code == 201
    again = client.post("/api/v1/verhalen", bodies.story(), format="json")
    assert again.status_code == 400
    assert again.json()["invalidParams"][0]["name"] == "verhaal"
    assert Story.objects.count() == 1


def test_without_consent_nothing_is_stored(api):
    response = api("coordinator").post("/api/v1/verhalen", {**bodies.story(),
                                                            "toestemmingAnalyse": False},
                                       format="json")
    assert response.status_code == 400
    assert not Story.objects.exists()
