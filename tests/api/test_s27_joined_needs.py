"""Session 27: questions from several municipalities answered together, and how long each
waits, are on the website; the API said neither."""

import pytest

from meervoud.needs import services
from meervoud.needs.models import InformationNeed

pytestmark = pytest.mark.django_db


def test_a_joined_question_names_the_other_municipality_and_the_days_it_waits(api, world, users):
    groningen = InformationNeed.objects.get(pk=world["need"])
    zwolle = InformationNeed.objects.get(pk=world["other_need"])
    services.join_need(groningen, into=zwolle, user=users["coordinator"])
    body = api("beleid").get(f"/api/v1/kennisbehoeften/{groningen.pk}").json()
    assert body["samenBeantwoordMet"] == {"gemeente": "Zwolle"}
    assert body["wachtDagen"] == 0
    listed = api("coordinator").get("/api/v1/kennisbehoeften", {"pageSize": 100}).json()
    by_id = {item["id"]: item for item in listed["resultaten"]}
    assert by_id[zwolle.pk]["samenBeantwoordMet"] is None
    assert by_id[groningen.pk]["samenBeantwoordMet"] == {"gemeente": "Zwolle"}
    assert "Wat helpt" not in str(by_id[groningen.pk]["samenBeantwoordMet"])
