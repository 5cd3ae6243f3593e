"""Session 19: page titles that say what is on the page and tell pages apart (WCAG 2.4.2)."""

import re

import pytest
from django.urls import reverse

from meervoud.needs.models import InformationNeed
from tests.needs.test_questionnaire import answers

pytestmark = pytest.mark.django_db


def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_the_home_page_is_not_named_after_the_site_twice(client):
    assert _title(client.get(reverse("core:home"))) == "Startpagina · Meervoud"


def test_each_knowledge_question_has_its_own_title(client, officer):
    client.force_login(officer)
    for question in ("Wat helpt inwoners met schulden om op tijd hulp te vragen?",
                     "Wat hebben jongeren uit de jeugdhulp nodig om zelfstandig te wonen?"):
        client.post(reverse("needs:ask"), answers(questions=question))
    titles = [_title(client.get(reverse("needs:detail", args=[need.pk])))
              for need in InformationNeed.objects.order_by("pk")]
    assert titles[0] != titles[1]
    assert titles[0].startswith("Kennisvraag van Groningen: Wat helpt inwoners met schulden")
