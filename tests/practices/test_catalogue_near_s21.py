"""``Catalogue.near`` (the practice catalogue read once, matched in Python) and
``published_practices`` (the same rule in SQL) give the same practices in the same order for
every place and life domain: the rule of nearness exists in two forms, never in two versions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meervoud.places.models import Province, Region
from meervoud.places.selectors import find_municipality
from meervoud.practices.models import GoodPractice, PracticeStatus
from meervoud.practices.selectors import Catalogue, published_practices

pytestmark = pytest.mark.django_db

# Groningen and Westerkwartier share a region, Oldambt is in another region of the province,
# Assen and Emmen are in Drenthe, Zwolle in Overijssel, Maastricht far from everything here.
TOWNS = ["Groningen", "Westerkwartier", "Oldambt", "Assen", "Emmen", "Zwolle", "Maastricht"]
DOMAINS = ["", "verslaving", "armoede-schulden", "jeugdhulp"]


@pytest.fixture
def catalogue(make_practice):
    GoodPractice.objects.all().delete()  # the seeded practices would blur the picture
    both = ["verslaving", "armoede-schulden"]
    make_practice("Zeven in de stad", municipalities=["Groningen"], domains=both)
    make_practice("Buurtkamer", municipalities=["Groningen"], domains=["verslaving"])
    make_practice("Bij de buren", municipalities=["Westerkwartier"], domains=both)
    make_practice("Twee provincies", municipalities=["Westerkwartier", "Zwolle"],
                  domains=["armoede-schulden"])
    make_practice("Hele regio", regions=["Overig Groningen"], domains=["armoede-schulden"])
    make_practice("Oost", municipalities=["Oldambt"], domains=["verslaving"])
    make_practice("Heel het noorden", provinces=["Groningen", "Drenthe"], domains=both)
    make_practice("Stad en provincie", municipalities=["Assen"], provinces=["Groningen"],
                  domains=["verslaving"])
    make_practice("Zonder levensdomein", municipalities=["Emmen"])
    make_practice("Landelijk", domains=both)  # national: never near
    make_practice("Nog niet", municipalities=["Groningen"], domains=both,
                  status=PracticeStatus.PROPOSED)
    make_practice("Afgewezen", municipalities=["Groningen"], domains=both,
                  status=PracticeStatus.REJECTED)
    withheld = make_practice("Met een naam", municipalities=["Groningen"], domains=both)
    GoodPractice.objects.filter(pk=withheld.pk).update(
        summary="Marieke de Vries loopt mee. Bel haar op 06-12345678.")


def _pks(practices) -> list[int]:
    return [practice.pk for practice in practices]


def _sql(domain: str, **place) -> list[int]:
    return _pks(published_practices(**place, domain_slugs=[domain] if domain else None))


def _places():
    towns = [find_municipality(town) for town in TOWNS]
    regions = {town.region_id: town.region for town in towns}
    provinces = {region.province_id: region.province for region in regions.values()}
    return ([{"municipality": town} for town in towns]
            + [{"region": region} for region in regions.values()]
            + [{"province": province} for province in provinces.values()])


def test_near_finds_what_published_practices_finds_for_every_place_and_domain(catalogue):
    shared = Catalogue()
    for place in _places():
        for domain in DOMAINS:
            expected = _sql(domain, **place)
            assert _pks(shared.near(domain, **place)) == expected, (place, domain)
            assert _pks(Catalogue().near(domain, **place)) == expected, (place, domain)


def test_near_orders_nearest_first_then_by_title(catalogue):
    titles = [p.title for p in Catalogue().near("verslaving",
                                                 municipality=find_municipality("Groningen"))]
    assert titles == ["Buurtkamer", "Zeven in de stad",  # in the municipality
                      "Bij de buren",  # elsewhere in its region
                      "Heel het noorden", "Oost", "Stad en provincie"]  # in its province


def test_a_national_practice_and_what_is_not_in_the_catalogue_are_never_near(catalogue):
    shown = {p.title for place in _places() for p in Catalogue().near(**place)}
    assert "Twee provincies" in shown and "Zonder levensdomein" in shown
    assert not shown & {"Landelijk", "Nog niet", "Afgewezen", "Met een naam"}


def test_a_municipality_decides_over_a_region_or_province_asked_with_it(catalogue):
    groningen = find_municipality("Groningen")
    drenthe = Province.objects.get(name="Drenthe")
    assert _pks(Catalogue().near(municipality=groningen, province=drenthe)) == _sql(
        "", municipality=groningen, province=drenthe)
    twente = Region.objects.filter(province__name="Overijssel").first()
    assert _pks(Catalogue().near(municipality=groningen, region=twente)) == _sql(
        "", municipality=groningen, region=twente)


def test_near_needs_a_place(catalogue):
    with pytest.raises(ValueError):
        Catalogue().near("verslaving")


def test_more_places_do_not_cost_more_queries(catalogue):
    places = _places()
    with CaptureQueriesContext(connection) as one:
        Catalogue().near("verslaving", **places[0])
    with CaptureQueriesContext(connection) as many:
        shared = Catalogue()
        for place in places:
            for domain in DOMAINS:
                shared.near(domain, **place)
    # the first reader also checked the practices' texts (publication.withheld caches that)
    assert len(many) <= len(one)


def test_a_catalogue_reads_nothing_until_asked(catalogue):
    with CaptureQueriesContext(connection) as captured:
        Catalogue()
    assert len(captured) == 0


def test_with_domain_finds_what_published_practices_finds(make_practice):
    """The gap view asks every life domain for the whole country from one read of the catalogue
    (session 27); it must give the same practices, in the same order, as the queryset."""
    from meervoud.practices.selectors import Catalogue, published_practices

    make_practice("Zonder plaats", domains=["verslaving"])
    make_practice("Aa in Groningen", municipalities=["Groningen"], domains=["verslaving"])
    make_practice("Ander domein", municipalities=["Groningen"], domains=["armoede-schulden"])
    catalogue = Catalogue()
    for domain in ("verslaving", "armoede-schulden", "wonen"):
        assert catalogue.with_domain(domain) == list(published_practices(domain_slugs=[domain]))
