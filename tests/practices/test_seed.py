"""The practices seeded from the source documents."""

import json

import pytest

from meervoud.practices.models import GoodPractice, PracticeStatus
from meervoud.practices.services import SEED_FILE, seed_practices

pytestmark = pytest.mark.django_db

PILOTS = ["Zutphen", "Arnhem", "Gouda", "Amsterdam", "Utrecht", "Enschede"]
NORTH = ["Armoede", "Buddyprojecten", "Dak- en thuisloosheid", "Herstelacademie",
         "Licht verstandelijke beperking", "Nieuwkomers", "Seksueel misbruik",
         "Wachtlijstproblematiek"]


def test_the_migration_publishes_every_seeded_practice():
    items = json.loads(SEED_FILE.read_text(encoding="utf-8"))["practices"]
    seeded = GoodPractice.objects.filter(slug__in=[item["slug"] for item in items])
    assert seeded.count() == len(items) == 18
    assert set(seeded.values_list("status", flat=True)) == {PracticeStatus.PUBLISHED}
    assert all(practice.source for practice in seeded)


def test_the_eight_northern_themes_cover_the_three_northern_provinces():
    north = GoodPractice.objects.filter(slug__startswith="noord-nederland-")
    assert sorted(p.title.split(" (")[0] for p in north) == sorted(NORTH)
    for practice in north:
        assert sorted(practice.provinces.values_list("name", flat=True)) == [
            "Drenthe", "Fryslân", "Groningen"]


def test_every_pilot_location_has_a_practice_and_no_person_is_named_as_contact():
    towns = set(GoodPractice.objects.values_list("municipalities__name", flat=True))
    assert set(PILOTS) <= towns
    assert not GoodPractice.objects.filter(contact__contains="@").exists()
    het = GoodPractice.objects.get(slug="twente-netwerk-het")
    assert list(het.regions.values_list("name", flat=True)) == ["Twente"]
    assert "Ixta Noa" in het.organisation_list


def test_seeding_again_adds_nothing_and_keeps_a_coordinators_edit():
    practice = GoodPractice.objects.get(slug="arnhem-vitale-verbindingen")
    practice.title = "Vitale Verbindingen (bijgewerkt)"
    practice.save()
    assert seed_practices() == 0
    practice.refresh_from_db()
    assert practice.title == "Vitale Verbindingen (bijgewerkt)"


def test_an_unknown_place_in_the_seed_file_stops_the_whole_seed(tmp_path):
    path = tmp_path / "seed.json"
    path.write_text(json.dumps({"practices": [
        {"slug": "nieuw-a", "title": "Nieuw A", "summary": "a", "municipalities": ["Groningen"]},
        {"slug": "nieuw-b", "title": "Nieuw B", "summary": "b", "municipalities": ["Atlantis"]},
    ]}), encoding="utf-8")
    with pytest.raises(ValueError, match="Atlantis"):
        seed_practices(path)
    assert not GoodPractice.objects.filter(slug__in=["nieuw-a", "nieuw-b"]).exists()


def test_demo_proposals_are_idempotent_and_wait_for_review():
    from meervoud.practices.demo import create_demo_practices

    assert create_demo_practices() == 2
    assert create_demo_practices() == 0
    demo = GoodPractice.objects.filter(slug__startswith="demo-")
    assert demo.count() == 2
    assert set(demo.values_list("status", flat=True)) == {PracticeStatus.PROPOSED}
    assert all("fictief" in p.title for p in demo)
