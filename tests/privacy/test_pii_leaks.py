"""No identifier that went in comes out: every published page, document, export and API
response is searched for every known identifier of the corpus (see conftest)."""

import re

import pytest
from django.urls import reverse

from tests.privacy.conftest import leaks, outputs, text_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_identifier_leaves_meervoud(client, exposed_corpus):
    checked, found = 0, {}
    for label, response in outputs(client, exposed_corpus):
        assert response.status_code == 200, (label, response.status_code)
        text = text_of(response)
        if "?q=" in label:  # the search box shows the reader's own words back; that is no leak
            text = text.replace(label.split("?q=")[1], "")
        hits = leaks(text)
        if hits:
            found[label] = hits
        checked += 1
    assert checked > 40
    assert found == {}


def test_a_rare_place_never_travels_with_a_quote(client, exposed_corpus):
    """The only narrator from Pekela (domestic violence) may be quoted, but never placed there."""
    from meervoud.publication.selectors import published_themes

    for theme in published_themes(with_quotes=True).themes:
        for quote in theme.quotes:
            assert quote.attribution.place != "Pekela"
        page = client.get(reverse("publication:theme", args=[theme.key])).content.decode()
        assert "Pekela" not in " ".join(re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S))


def test_a_csrf_token_is_not_taken_for_a_leak():
    """The check reads what a person reads: a random token that happens to spell a name in
    some case is no leak, the same name in the page's text is."""
    from django.http import HttpResponse

    page = ('<form><input type="hidden" name="csrfmiddlewaretoken" value="xYsMiTq1">'
            '<p>Een verhaal.</p></form>')
    assert leaks(text_of(HttpResponse(page))) == []
    assert leaks(text_of(HttpResponse(page.replace("Een verhaal", "Ingrid Smit")))) == [
        "Ingrid", "Smit"]
