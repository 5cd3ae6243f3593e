"""The summary above a form with mistakes said 'kijk bij de rode meldingen hieronder': useless to
someone who does not see colour, or who uses a screen reader. It now names each question with
its problem, linked to the field."""

import pytest
from django.urls import reverse

from tests.needs.test_questionnaire import answers
from tests.stories.test_intake_views import step1


@pytest.mark.django_db
def test_the_intake_summary_names_and_links_each_problem(client, municipality, domains):
    page = client.post(reverse("stories:intake"), step1(municipality, domains, text="", life_domains=[])).content.decode()
    summary = page.split('class="message error"', 1)[1].split("</div>", 1)[0]
    assert "rode" not in page
    assert 'href="#id_text"' in summary and "Jouw verhaal" in summary
    assert 'href="#id_life_domains"' in summary and 'id="id_life_domains"' in page


@pytest.mark.django_db
def test_the_questionnaire_summary_names_and_links_each_problem(client, officer):
    client.force_login(officer)
    page = client.post(reverse("needs:ask"), answers(questions="", contact_email="geen-adres")).content.decode()
    summary = page.split('class="message error"', 1)[1].split("</div>", 1)[0]
    assert "rode" not in page
    assert 'href="#id_questions"' in summary and 'href="#id_contact_email"' in summary
