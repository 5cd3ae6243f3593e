"""A story's date says when it was told; a date in the future (a typo such as 2062 for 2026)
would put the story outside every 'first and last date' a theme reports, so it is refused with
a reason, on the form and in an import."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meervoud.stories.importer import import_stories
from meervoud.stories.models import Story
from tests.stories.test_import import HEADER, csv_bytes
from tests.stories.test_intake_views import step1


@pytest.mark.django_db
def test_the_form_refuses_a_date_in_the_future_and_keeps_the_story(client, municipality, domains):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(reverse("stories:intake"), step1(municipality, domains, told_on=tomorrow.isoformat()))
    page = response.content.decode()
    assert "De datum ligt in de toekomst" in page
    assert "Iemand die het zelf had meegemaakt." in page  # what was typed is still there
    assert "Bekijk je verhaal" not in page


@pytest.mark.django_db
def test_the_form_takes_today(client, municipality, domains):
    today = timezone.localdate().isoformat()
    response = client.post(reverse("stories:intake"), step1(municipality, domains, told_on=today))
    assert "Bekijk je verhaal" in response.content.decode()


@pytest.mark.django_db
def test_an_import_row_dated_in_the_future_imports_nothing():
    row_ok = 'N1,"Ik had schulden en schaamde me, tot een maatje met me meeging.",Groningen,armoede-schulden,ja,,2024-05-01\n'
    row_future = 'N2,"Na de opname kreeg ik eindelijk een eigen kamer.",Groningen,armoede-schulden,ja,,2062-05-01\n'
    report = import_stories("verhalen.csv", csv_bytes(row_ok, row_future, header=HEADER))
    assert not report.ok and Story.objects.count() == 0
    (error,) = report.errors
    assert error.column == "datum" and "2062-05-01" in error.message and "toekomst" in error.message
