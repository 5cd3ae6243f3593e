import pytest

from meervoud.places.models import Municipality, Province, Region
from meervoud.places.selectors import find_municipality
from meervoud.places.services import load_municipalities


@pytest.mark.django_db
def test_all_current_municipalities_are_shipped_with_region_and_province():
    assert Municipality.objects.filter(active=True).count() == 342
    assert Province.objects.count() == 12
    assert Region.objects.count() == 40
    groningen = find_municipality("GM0014")
    assert groningen.name == "Groningen"
    assert groningen.province.name == "Groningen"
    assert find_municipality("súdwest-fryslân").province.name == "Fryslân"
    assert find_municipality("80").name == "Leeuwarden"
    assert find_municipality("Atlantis") is None
    assert find_municipality("") is None


@pytest.mark.django_db
def test_reloading_keeps_ids_and_marks_vanished_municipalities_inactive(tmp_path):
    before = find_municipality("Zutphen").pk
    region = Region.objects.first()
    gone = Municipality.objects.create(cbs_code="GM9999", name="Opgeheven", region=region)
    load_municipalities()
    assert find_municipality("Zutphen").pk == before
    gone.refresh_from_db()
    assert gone.active is False
