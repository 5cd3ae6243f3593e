"""A practice's address (slug) follows its title while the practice is not in the catalogue, so
that a name a coordinator removed from the title is not published in the address afterwards."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.text import slugify
from rest_framework.test import APIClient

from meervoud.accounts.models import Role
from meervoud.practices.models import GoodPractice, PracticeStatus
from meervoud.publication.selectors import forget_cache
from tests.practices.test_views import proposal_data

pytestmark = pytest.mark.django_db

NAMED = "Marieke de Vries loopt mee naar de schuldhulp"


@pytest.fixture
def coordinator(make_user):
    browser = Client()
    browser.force_login(make_user(Role.COORDINATOR, "coordinator-adres"))
    return browser


def _withheld(make_practice) -> GoodPractice:
    practice = make_practice("Meelopen", municipalities=["Groningen"], domains=["armoede-schulden"])
    GoodPractice.objects.filter(pk=practice.pk).update(title=NAMED, slug=slugify(NAMED))
    forget_cache()
    return GoodPractice.objects.get(pk=practice.pk)


def test_a_fixed_withheld_practice_gets_an_address_from_its_new_title(coordinator, make_practice):
    practice = _withheld(make_practice)
    old = practice.slug
    response = coordinator.post(reverse("practices:edit", args=[old]),
                                proposal_data(title="Meelopen naar de schuldhulp"))
    practice.refresh_from_db()
    assert practice.slug == "meelopen-naar-de-schuldhulp"
    assert response["Location"] == reverse("practices:detail", args=[practice.slug])
    assert practice.is_published
    # the old address names her: it opens nothing, for nobody, and no format gives it
    assert coordinator.get(reverse("practices:detail", args=[old])).status_code == 404
    assert coordinator.get(reverse("practices:edit", args=[old])).status_code == 404
    assert APIClient().get(reverse("api:practice", args=[old])).status_code == 404
    api = APIClient().get(reverse("api:practice", args=[practice.slug]))
    assert api.status_code == 200 and api.json()["slug"] == practice.slug
    csv = APIClient().get("/api/v1/export/goede-praktijken.csv").content.decode("utf-8-sig")
    assert practice.slug in csv and old not in csv


def test_a_practice_in_the_catalogue_keeps_its_address_when_its_title_changes(coordinator,
                                                                             make_practice):
    practice = make_practice("Meelopen", municipalities=["Groningen"])
    coordinator.post(reverse("practices:edit", args=[practice.slug]),
                     proposal_data(title="Meelopen naar de schuldhulp"))
    practice.refresh_from_db()
    assert practice.title == "Meelopen naar de schuldhulp" and practice.slug == "meelopen"


def test_a_proposal_follows_its_title_and_keeps_its_address_without_one(make_practice, make_user):
    proposer = make_user(Role.POLICY_OFFICER, "indiener-adres")
    practice = make_practice("Eerste titel", municipalities=["Groningen"],
                             status=PracticeStatus.PROPOSED, proposed_by=proposer)
    browser = Client()
    browser.force_login(proposer)
    browser.post(reverse("practices:edit", args=[practice.slug]),
                 proposal_data(title="Eerste titel", summary="Een andere beschrijving."))
    practice.refresh_from_db()
    assert practice.slug == "eerste-titel"
    browser.post(reverse("practices:edit", args=[practice.slug]), proposal_data(title="Tweede titel"))
    practice.refresh_from_db()
    assert practice.slug == "tweede-titel" and practice.status == PracticeStatus.PROPOSED


def test_a_new_address_never_takes_another_practices_or_a_reserved_one(coordinator, make_practice):
    make_practice("Meelopen naar de schuldhulp", municipalities=["Groningen"])
    practice = _withheld(make_practice)
    coordinator.post(reverse("practices:edit", args=[practice.slug]),
                     proposal_data(title="Meelopen naar de schuldhulp"))
    practice.refresh_from_db()
    assert practice.slug == "meelopen-naar-de-schuldhulp-2"
    other = make_practice("Nog een", municipalities=["Groningen"], status=PracticeStatus.PROPOSED)
    coordinator.post(reverse("practices:edit", args=[other.slug]), proposal_data(title="Voorstellen"))
    other.refresh_from_db()
    assert other.slug == "voorstellen-2"


def test_a_refused_edit_keeps_the_address(coordinator, make_practice):
    practice = _withheld(make_practice)
    response = coordinator.post(reverse("practices:edit", args=[practice.slug]),
                                proposal_data(title="Jan Jansen loopt mee"))
    assert response.status_code == 200
    practice.refresh_from_db()
    assert practice.title == NAMED and practice.slug == slugify(NAMED)
