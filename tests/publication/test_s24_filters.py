"""Session 24: a wrong value in one of the Kennisbank's filters (an old or mistyped link) drops
only that filter; the others still apply, and the page says what was wrong."""

import pytest
from django.urls import reverse

from tests.publication import document_data as data
from tests.publication.test_review_s24_officer import section, text_of

pytestmark = pytest.mark.django_db


def test_a_mistyped_municipality_keeps_the_life_domain(client, publish):
    data.build(publish)
    url = reverse("publication:themes")
    domain_only = client.get(url, {"domein": "armoede-schulden"}).content.decode()
    mistyped = client.get(url, {"gemeente": "Groningn", "domein": "armoede-schulden"}).content.decode()
    assert section(mistyped, "results-heading") == section(domain_only, "results-heading")
    assert section(domain_only, "results-heading") != section(client.get(url).content.decode(),
                                                              "results-heading")
    assert "Groningn" in text_of(mistyped) or "geldige keuze" in text_of(mistyped)


def test_a_mistyped_life_domain_keeps_the_search_words(client, publish):
    data.build(publish)
    url = reverse("publication:themes")
    page = client.get(url, {"q": "contactpersoon", "domein": "bestaat-niet"}).content.decode()
    assert "Thema's over “contactpersoon”" in text_of(page)


def test_the_kennisbank_takes_a_municipality_as_the_report_does(client, publish):
    """One look-up of a place name for the Kennisbank, the report, the API and the catalogue: a
    link with "groningen" or the CBS code filters on Groningen."""
    data.build(publish)
    url = reverse("publication:themes")
    exact = section(client.get(url, {"gemeente": "Groningen"}).content.decode(), "results-heading")
    for typed in ("groningen", "GM0014"):
        assert section(client.get(url, {"gemeente": typed}).content.decode(), "results-heading") == exact
