"""The fields under a theme's statements say for which action they are needed. Before, "Thema"
and "Naam van het nieuwe thema" said "(niet verplicht)", though moving and merging need a theme
and splitting off needs a name: a curator who believed the label got an error."""

import re

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role

pytestmark = pytest.mark.django_db


def label(page: str, field: str) -> str:
    found = re.search(rf'<label for="id_{field}">(.*?)</label>', page, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_the_labels_say_when_a_field_is_needed(client, publish, make_user):
    publish.theme("wachten", name="Lang wachten")
    publish.many("wachten", 3)
    client.force_login(make_user(Role.NARRATOR, "ed-anna"))
    page = client.get(reverse("knowledge:theme", args=["wachten"])).content.decode()
    assert label(page, "target") == "Thema (nodig bij verplaatsen en samenvoegen)"
    assert label(page, "new_name") == "Naam van het nieuwe thema (nodig bij een nieuw thema)"
    # a field that is simply optional still says so
    assert "(niet verplicht)" in label(page, "name")
