"""A region or province in a link is read as the report and the API read it: in any case,
without accents. Before, the Kennisbank and the catalogue took only the exact name (or the
catalogue only a database number), so "?regio=noord-drenthe" that works for the report gave
Django's "Selecteer een geldige keuze" there, without a hint."""

import html

import pytest
from django.urls import reverse

from tests.practices.test_s24_municipality_filter import practices, selected, titles  # noqa: F401
from tests.publication import document_data as data
from tests.publication.test_review_s24_officer import section, text_of

pytestmark = pytest.mark.django_db


def test_the_kennisbank_reads_a_region_and_a_province_in_any_case(client, publish):
    data.build(publish)
    url = reverse("publication:themes")
    for field, exact, typed in (("regio", "Overig Groningen", "overig groningen"),
                                ("provincie", "Fryslân", "FRYSLAN")):
        wanted = client.get(url, {field: exact}).content.decode()
        got = client.get(url, {field: typed}).content.decode()
        assert section(got, "results-heading") == section(wanted, "results-heading")
        # the select shows the place it found, so the next search keeps it
        assert selected(got, field) == [exact]


def test_an_unknown_region_says_so_and_names_what_she_may_have_meant(client, publish):
    data.build(publish)
    url = reverse("publication:themes")
    page = client.get(url, {"regio": "Overig Groningn", "domein": "armoede-schulden"}).content.decode()
    said = html.unescape(text_of(page))
    assert "Regio 'Overig Groningn' bestaat niet. Bedoelt u: Overig Groningen" in said
    assert "De thema's hieronder zijn niet op regio gefilterd." in said
    # the life domain still applies
    domain_only = client.get(url, {"domein": "armoede-schulden"}).content.decode()
    assert section(page, "results-heading") == section(domain_only, "results-heading")


def test_the_catalogue_takes_places_by_name_too(client, practices):  # noqa: F811
    page = client.get(reverse("practices:catalogue"), {"regio": "overig groningen"}).content.decode()
    assert "Hele regio" in titles(page) and "Herstelcafe Maastricht" not in titles(page)
    assert selected(page, "regio") == ["Overig Groningen"]
    page = client.get(reverse("practices:catalogue"), {"provincie": "Limburgg"}).content.decode()
    said = html.unescape(page)
    assert "Provincie 'Limburgg' bestaat niet. Bedoelt u: Limburg?" in said
    assert "De praktijken hieronder zijn niet op provincie gefilterd." in said
