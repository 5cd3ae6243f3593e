"""Session 19: a good practice's own words marked Dutch on English pages (WCAG 3.1.2), and the
proposal form's mistakes announced in one summary at the top (WCAG 3.3.1, 4.1.3)."""

import lxml.html
import pytest
from django.urls import reverse

from tests.practices.test_views import proposal_data

pytestmark = pytest.mark.django_db


def test_what_people_wrote_about_a_practice_is_marked_dutch_in_english(client, make_practice):
    practice = make_practice("Maatjes voor nieuwkomers", municipalities=["Groningen"])
    practice.what_works = "Iemand die de weg kent en meegaat naar het loket."
    practice.contact = "Herstelhuis Groningen, info@herstelhuis.nl"
    practice.save()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    doc = lxml.html.fromstring(client.get(practice.get_absolute_url()).content.decode())
    assert doc.get("lang") == "en"
    for text in (practice.title, practice.summary, practice.what_works, practice.contact):
        element = doc.xpath("//main//*[contains(text(), $t)]", t=text)[0]
        marked = next(e for e in element.iterancestors() if e.get("lang")) if not element.get("lang") else element
        assert marked.get("lang") == "nl", text
    label = doc.xpath("//main//p[@lang='nl']/span[@lang]")[0]
    assert label.get("lang") == "en", "the label in front of the contact is in the page's language"


def test_a_refused_proposal_is_summarised_at_the_top(client, make_user):
    client.force_login(make_user("verteller"))
    response = client.post(reverse("practices:propose"), proposal_data(title="", municipalities=[]))
    doc = lxml.html.fromstring(response.content.decode())
    summary = doc.xpath("//div[@role='alert']")[0]
    said = summary.text_content()
    assert "Titel" in said and "Kies minstens één gemeente, regio of provincie" in said
    assert "#id_title" in summary.xpath(".//a/@href")
    assert "#id_municipalities" in summary.xpath(".//a/@href"), "the place error leads to the places"
