"""The list of information needs comes a page at a time, newest first, with the filter kept."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from meervoud.needs.models import InformationNeed, NeedStatus
from meervoud.needs.views import NEEDS_PER_PAGE
from meervoud.places.selectors import find_municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_needs(db):
    InformationNeed.objects.all().delete()
    start = timezone.now() - timedelta(days=400)
    town = find_municipality("Groningen")
    return [InformationNeed.objects.create(
        municipality=town, questions=f"Vraag nummer {n}?", formats=["rapport"],
        status=NeedStatus.ANSWERED if n % 3 == 0 else NeedStatus.OPEN,
        created_at=start + timedelta(days=n), contact_name="X", contact_email="x@example.org")
        for n in range(2 * NEEDS_PER_PAGE - 10)]


@pytest.fixture
def coordinator(client, make_user):
    client.force_login(make_user("coordinator", "coord-lijst"))
    return client


def _linked(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/behoeften/(\d+)/"', page)]


def _text(page: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_the_first_page_shows_the_newest_needs_and_links_to_the_next(coordinator, many_needs):
    page = coordinator.get(reverse("needs:list")).content.decode()
    newest_first = [need.pk for need in reversed(many_needs)]
    assert _linked(page) == newest_first[:NEEDS_PER_PAGE]
    text = _text(page)
    assert f"{len(many_needs)} vragen" in text and "Pagina 1 van 2" in text
    assert "Volgende" in text and "Vorige" not in text
    assert 'href="?pagina=2"' in page

    second = coordinator.get(reverse("needs:list"), {"pagina": 2}).content.decode()
    assert _linked(second) == newest_first[NEEDS_PER_PAGE:]
    assert "Pagina 2 van 2" in _text(second) and 'href="?pagina=1"' in second


def test_the_status_filter_stays_in_the_page_links(coordinator, many_needs):
    open_ = [need.pk for need in reversed(many_needs) if need.status == NeedStatus.OPEN]
    assert len(open_) > NEEDS_PER_PAGE
    page = coordinator.get(reverse("needs:list"), {"status": NeedStatus.OPEN}).content.decode()
    assert _linked(page) == open_[:NEEDS_PER_PAGE]
    assert f'href="?status={NeedStatus.OPEN}&amp;pagina=2"' in page
    second = coordinator.get(reverse("needs:list"), {"status": NeedStatus.OPEN, "pagina": 2})
    assert _linked(second.content.decode()) == open_[NEEDS_PER_PAGE:]
    assert f'href="?status={NeedStatus.OPEN}&amp;pagina=1"' in second.content.decode()


@pytest.mark.parametrize("number", ["abc", "0", "-1", "999"])
def test_a_page_number_that_does_not_exist_shows_a_page_anyway(coordinator, many_needs, number):
    response = coordinator.get(reverse("needs:list"), {"pagina": number})
    assert response.status_code == 200
    assert _linked(response.content.decode())


def test_one_page_needs_no_page_links(coordinator, many_needs):
    InformationNeed.objects.filter(pk__in=[n.pk for n in many_needs[:-3]]).delete()
    page = coordinator.get(reverse("needs:list")).content.decode()
    assert len(_linked(page)) == 3 and "Paginering" not in page and "3 vragen" in _text(page)


def test_no_needs_shows_no_count(coordinator, many_needs):
    InformationNeed.objects.all().delete()
    text = _text(coordinator.get(reverse("needs:list")).content.decode())
    assert "Nog geen vragen." in text and "0 vragen" not in text
