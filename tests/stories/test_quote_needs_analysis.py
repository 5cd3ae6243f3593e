"""Quotes are chosen from the themes of the analysis, so 'Anoniem citeren' without 'Analyse'
can never take effect. A narrator who ticked only that believed their words might be quoted;
the form accepted it silently. Now the form and the import say so and store nothing."""

import pytest
from django.urls import reverse

from meervoud.stories.importer import import_stories
from meervoud.stories.models import Story
from tests.stories.test_import import csv_bytes
from tests.stories.test_intake_views import step1, step2
from tests.links import personal_link

HEADER = "verteller,verhaal,gemeente,levensdomeinen,toestemming_analyse,toestemming_citeren\n"


@pytest.mark.django_db
def test_quoting_without_analysis_is_explained_and_nothing_is_stored(client, municipality, domains):
    data = step2(step1(municipality, domains), consent_analysis="", consent_quote="on")
    response = client.post(reverse("stories:intake"), data)
    page = response.content.decode()
    assert Story.objects.count() == 0
    assert "Anoniem citeren kan alleen als je verhaal ook voor analyse" in page
    assert "[PERSOON-1]" in page  # the reviewed text is still there


@pytest.mark.django_db
def test_quoting_with_analysis_is_stored(client, municipality, domains):
    client.post(reverse("stories:intake"), step2(step1(municipality, domains), consent_quote="on"))
    assert {c.purpose for c in Story.objects.get().consents.all()} == {"analysis", "quote"}


@pytest.mark.django_db
def test_an_import_row_with_quote_but_not_analysis_imports_nothing():
    row = 'N1,"Ik had schulden en schaamde me, tot een maatje met me meeging.",Groningen,armoede-schulden,nee,ja\n'
    report = import_stories("verhalen.csv", csv_bytes(row, header=HEADER))
    assert not report.ok and Story.objects.count() == 0
    (error,) = report.errors
    assert error.column == "toestemming_citeren" and "toestemming_analyse" in error.message


@pytest.mark.django_db
def test_the_personal_page_says_what_quote_consent_needs(client, municipality, domains):
    client.post(reverse("stories:intake"), step2(step1(municipality, domains), consent_quote="on"))
    story = Story.objects.get()
    url = reverse("stories:my_story", args=[personal_link(story.narrator)])
    page = client.post(url, {"story": story.pk, "action": "withdraw", "purpose": "analysis"},
                       follow=True).content.decode()
    assert "Zonder analyse worden er ook geen zinnen uit je verhaal geciteerd" in page
    client.post(url, {"story": story.pk, "action": "withdraw", "purpose": "quote"})
    page = client.post(url, {"story": story.pk, "action": "give", "purpose": "quote"},
                       follow=True).content.decode()
    assert "Citeren gebeurt pas als je ook toestemming geeft voor analyse" in page
