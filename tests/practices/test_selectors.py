"""published_practices: the municipality first, then its region, then its province."""

import pytest

from meervoud.practices.models import GoodPractice, PracticeStatus
from meervoud.practices.selectors import (
    IN_MUNICIPALITY, IN_PROVINCE, IN_REGION, practices_for_themes, published_practices,
)
from meervoud.places.selectors import find_municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(make_practice):
    GoodPractice.objects.all().delete()  # the seeded practices would blur the picture
    return {
        "town": make_practice("In de stad", municipalities=["Groningen"], domains=["verslaving"]),
        "neighbour": make_practice("Bij de buren", municipalities=["Westerkwartier"]),
        "region": make_practice("Hele regio", regions=["Overig Groningen"]),
        "east": make_practice("Oost-Groningen", municipalities=["Oldambt"],
                              domains=["verslaving"]),
        "north": make_practice("Heel het noorden", provinces=["Groningen", "Drenthe"]),
        "elsewhere": make_practice("Zwolle", municipalities=["Zwolle"]),
        "national": make_practice("Landelijk"),
        "proposed": make_practice("Nog niet gepubliceerd", municipalities=["Groningen"],
                                  status=PracticeStatus.PROPOSED),
        "rejected": make_practice("Afgewezen", municipalities=["Groningen"],
                                  status=PracticeStatus.REJECTED),
    }


def test_municipality_then_region_then_province(spread):
    found = list(published_practices(municipality=find_municipality("Groningen")))
    assert [(p.title, p.proximity) for p in found] == [
        ("In de stad", IN_MUNICIPALITY),
        ("Bij de buren", IN_REGION), ("Hele regio", IN_REGION),
        ("Heel het noorden", IN_PROVINCE), ("Oost-Groningen", IN_PROVINCE),
    ]


def test_region_and_province_by_name(spread):
    region = [p.title for p in published_practices(region="Oost-Groningen")]
    assert region == ["Oost-Groningen", "Bij de buren", "Heel het noorden", "Hele regio",
                      "In de stad"]
    drenthe = [p.title for p in published_practices(province="Drenthe")]
    assert drenthe == ["Heel het noorden"]


def test_the_finest_place_wins_and_domains_filter(spread):
    found = published_practices(municipality="Groningen", province="Overijssel",
                                domain_slugs=["verslaving"])
    assert [p.title for p in found] == ["In de stad", "Oost-Groningen"]


def test_no_place_gives_every_published_practice(spread):
    titles = {p.title for p in published_practices()}
    assert titles == {"In de stad", "Bij de buren", "Hele regio", "Oost-Groningen",
                      "Heel het noorden", "Zwolle", "Landelijk"}


def test_practices_for_themes_by_pk_or_key(spread, make_practice, publish):
    theme = publish.backed("schulden", 1)
    other = publish.backed("wonen", 1)
    spread["town"].themes.add(theme)
    spread["zwolle"] = spread["elsewhere"]
    spread["elsewhere"].themes.add(theme, other)
    spread["proposed"].themes.add(theme)
    assert [p.title for p in practices_for_themes([theme.pk])] == ["In de stad", "Zwolle"]
    assert [p.title for p in practices_for_themes(["wonen"])] == ["Zwolle"]
    assert not practices_for_themes([])
