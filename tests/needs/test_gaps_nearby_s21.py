"""The gap view reads the practice catalogue once per page and matches it per need in Python:
it must find exactly what ``published_practices`` finds for that place and life domain, leave
out what that selector withholds, and not ask again for every municipality."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meervoud.needs.models import InformationNeed
from meervoud.needs.selectors import area_gaps, need_gaps
from meervoud.places.selectors import find_municipality
from meervoud.practices.models import GoodPractice, PracticeStatus
from meervoud.practices.selectors import published_practices
from meervoud.stories.models import LifeDomain

pytestmark = pytest.mark.django_db

TOWNS = ["Groningen", "Westerkwartier", "Oldambt", "Assen", "Zwolle", "Emmen"]


def _need(town: str, domains: list[str]) -> InformationNeed:
    need = InformationNeed.objects.create(
        municipality=find_municipality(town), questions=f"Wat helpt in {town}?",
        formats=["rapport"], contact_name="X", contact_email="x@example.org")
    need.life_domains.set(LifeDomain.objects.filter(slug__in=domains))
    return need


@pytest.fixture
def catalogue(make_practice):
    GoodPractice.objects.all().delete()  # the seeded practices would blur the picture
    both = ["verslaving", "armoede-schulden"]
    make_practice("Zeven in de stad", municipalities=["Groningen"], domains=both)
    for title in ("Buurtkamer", "Inloop", "Herstelgroep", "Koffie-uur", "Maatjes", "Steunpunt"):
        # more than the five a need shows, to check which five
        make_practice(title, municipalities=["Groningen"], domains=["verslaving"])
    make_practice("Bij de buren", municipalities=["Westerkwartier"], domains=both)
    make_practice("Hele regio", regions=["Overig Groningen"], domains=["armoede-schulden"])
    make_practice("Oost", municipalities=["Oldambt"], domains=["verslaving"])
    make_practice("Heel het noorden", provinces=["Groningen", "Drenthe"], domains=both)
    make_practice("Zwolle", municipalities=["Zwolle"], domains=["verslaving"])
    make_practice("Landelijk", domains=both)  # national: never "nearby"
    make_practice("Nog niet", municipalities=["Groningen"], domains=both,
                  status=PracticeStatus.PROPOSED)


def _pks(practices) -> list[int]:
    return [practice.pk for practice in practices]


def test_each_need_gets_what_published_practices_finds_for_its_place(catalogue):
    for town in TOWNS:
        _need(town, ["verslaving", "armoede-schulden"])
    rows = need_gaps()
    assert len(rows) == len(TOWNS)
    for row in rows:
        for gap in row.domains:
            expected = published_practices(municipality=row.need.municipality,
                                           domain_slugs=[gap.slug])[:5]
            assert _pks(gap.practices) == _pks(expected), (row.need.municipality.name, gap.slug)
    groningen = next(r for r in rows if r.need.municipality.name == "Groningen")
    addiction = next(g for g in groningen.domains if g.slug == "verslaving")
    assert [p.title for p in addiction.practices] == [
        "Buurtkamer", "Herstelgroep", "Inloop", "Koffie-uur", "Maatjes"]


def test_each_region_gets_what_published_practices_finds_for_it(catalogue):
    for town in TOWNS:
        _need(town, ["verslaving", "armoede-schulden"])
    areas = area_gaps()
    assert areas
    for area in areas:
        town = find_municipality(area.municipalities[0])
        expected = published_practices(region=town.region, domain_slugs=[area.domain.slug])
        assert _pks(area.domain.practices) == _pks(expected), (area.region, area.domain.slug)


def test_a_withheld_practice_stays_out_of_the_gap_view(client, make_user, catalogue):
    from meervoud.publication.selectors import forget_cache

    withheld = GoodPractice.objects.get(title="Zeven in de stad")
    GoodPractice.objects.filter(pk=withheld.pk).update(
        summary="Marieke de Vries loopt mee. Bel haar op 06-12345678.")
    forget_cache()
    _need("Groningen", ["armoede-schulden"])
    (row,) = need_gaps()
    assert "Zeven in de stad" not in [p.title for p in row.domains[0].practices]
    assert all("Zeven in de stad" not in [p.title for p in area.domain.practices]
               for area in area_gaps())
    client.force_login(make_user("coordinator", "coord-kloof"))
    page = client.get(reverse("needs:gaps")).content.decode()
    assert "Zeven in de stad" not in page and "Heel het noorden" in page


def _practice_queries(captured) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if "practices_" in query["sql"]]


def test_more_municipalities_do_not_cost_more_practice_queries(catalogue):
    """The published themes are still looked up per municipality and life domain (the
    publication layer's own cache); the practices are read once."""
    _need("Groningen", ["verslaving"])
    with CaptureQueriesContext(connection) as one:
        need_gaps(), area_gaps()
    for town in TOWNS[1:]:
        _need(town, ["verslaving", "armoede-schulden"])
    with CaptureQueriesContext(connection) as many:
        need_gaps(), area_gaps()
    assert len(_practice_queries(many)) <= len(_practice_queries(one))
