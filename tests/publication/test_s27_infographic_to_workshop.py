"""The infographic's link to the workshop kit keeps the life domain she chose, as its links to
the report do (the kit can be filtered by life domain since session 27)."""

import pytest
from django.urls import reverse

from tests.publication import test_workshop as kit_tests

knowledge = kit_tests.knowledge

pytestmark = pytest.mark.django_db


def test_the_workshop_link_keeps_the_life_domain(client, knowledge):
    page = client.get(reverse("publication:infographic"), {"gemeente": "Groningen",
                                                          "domein": "verslaving"})
    html = page.content.decode()
    assert f'href="{reverse("publication:workshop")}?gemeente=Groningen&amp;domein=verslaving"' in html
    without = client.get(reverse("publication:infographic"), {"gemeente": "Groningen"})
    assert f'href="{reverse("publication:workshop")}?gemeente=Groningen"' in without.content.decode()


@pytest.mark.parametrize("name, kwargs, query", [
    ("publication:infographic_pdf", {}, {"gemeente": "Groningen"}),
    ("publication:report_pdf", {"municipality": "Groningen"}, {}),
    ("publication:workshop_pdf", {}, {"gemeente": "Groningen"}),
])
def test_the_pdfs_are_made_without_css_warnings(client, knowledge, caplog, name, kwargs, query):
    """`meervoud infographic -o x.pdf` printed two WeasyPrint warnings about a media query
    before "Infographic geschreven": a newcomer reads that as an error."""
    with caplog.at_level("WARNING", logger="weasyprint"):
        response = client.get(reverse(name, kwargs=kwargs), query)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
