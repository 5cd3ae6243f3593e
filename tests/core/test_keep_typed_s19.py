"""Session 19: one way for a form page to come back with what was typed, without being
processed (meervoud/core/typed.py): the language buttons in the header, and a form whose
security token expired (core/errors.csrf_failure). Applied to the intake, the knowledge
question and proposing or editing a good practice."""

import re

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from meervoud.needs.models import InformationNeed
from meervoud.practices.models import GoodPractice
from meervoud.stories.models import Story
from tests.needs.test_questionnaire import answers
from tests.practices.test_views import proposal_data
from tests.stories.test_intake_views import STORY, step1, step2

pytestmark = pytest.mark.django_db

TYPED = "Wat helpt jongeren die uit de jeugdhulp komen om een eigen woning te vinden?"
EXPIRED = "Het formulier is nog niet verstuurd"


def _expired_client(user=None, **headers) -> Client:
    """A browser whose form token is no longer valid: the token in the page is from before.
    Its form posts say they come from this site (Origin), as browsers do."""
    client = Client(enforce_csrf_checks=True, **({"HTTP_ORIGIN": "http://testserver"} | headers))
    if user is not None:
        client.force_login(user)
    client.get(reverse("core:home"))  # a token cookie of its own
    return client


def _stale(data: dict) -> dict:
    return {**data, "csrfmiddlewaretoken": "x" * 64}


def _fresh_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


# -- the language buttons ----------------------------------------------------------------


def test_switching_before_sending_keeps_the_text_without_judging_it(client, officer):
    client.force_login(officer)
    switched = client.post(reverse("needs:ask"), {"questions": TYPED, "interface_language": "en"})
    html = switched.content.decode()
    assert switched.status_code == 200 and '<html lang="en">' in html
    assert TYPED in html
    assert 'class="errorlist' not in html, "she has not sent it yet: no errors"
    assert InformationNeed.objects.count() == 0
    assert switched.cookies["django_language"].value == "en"


def test_switching_after_errors_shows_them_again_in_the_other_language(client, officer):
    client.force_login(officer)
    refused = client.post(reverse("needs:ask"), answers(questions=TYPED, contact_email="geen-adres"))
    page = refused.content.decode()
    assert 'name="interface_language_checked"' in page and 'form="need-form"' in page
    switched = client.post(reverse("needs:ask"), answers(
        questions=TYPED, contact_email="geen-adres", interface_language="en", interface_language_checked="1"))
    html = switched.content.decode()
    assert '<html lang="en">' in html and TYPED in html
    assert 'id="id_contact_email_error"' in html
    assert InformationNeed.objects.count() == 0


def test_a_good_practice_keeps_what_was_typed_when_proposing_and_editing(client, make_user, make_practice):
    user = make_user("verteller")
    client.force_login(user)
    switched = client.post(reverse("practices:propose"), {"title": "Maatjes bij de voedselbank",
                                                           "summary": TYPED, "interface_language": "en"})
    assert TYPED in switched.content.decode() and GoodPractice.objects.filter(title__startswith="Maatjes bij").count() == 0
    practice = make_practice("Een eigen voorstel", municipalities=["Groningen"], status="voorgesteld",
                             proposed_by=user)
    switched = client.post(reverse("practices:edit", args=[practice.slug]),
                           proposal_data(summary=TYPED, interface_language="en"))
    assert '<html lang="en">' in switched.content.decode() and TYPED in switched.content.decode()
    practice.refresh_from_db()
    assert practice.summary == "Over Een eigen voorstel.", "switching language saved nothing"


def test_enter_in_the_form_does_not_press_the_language_button(client, officer):
    """The language buttons come first in the page and belong to the form: its own button must
    be the first of the form's buttons (the one Enter presses)."""
    client.force_login(officer)
    doc = lxml.html.fromstring(client.get(reverse("needs:ask")).content.decode())
    form = doc.get_element_by_id("need-form")
    buttons = [b for b in doc.iter("button") if b.get("form") == "need-form" or form in b.iterancestors()]
    assert buttons[0].get("name") != "interface_language"
    assert any(b.get("name") == "interface_language" for b in buttons)


def test_an_unknown_language_changes_nothing_but_still_stores_nothing(client, officer):
    client.force_login(officer)
    response = client.post(reverse("needs:ask"), answers(interface_language="xx"))
    assert '<html lang="nl">' in response.content.decode()
    assert InformationNeed.objects.count() == 0


# -- an expired form --------------------------------------------------------------------


def test_an_expired_question_comes_back_as_typed_with_a_fresh_token(officer):
    client = _expired_client(officer)
    response = client.post(reverse("needs:ask"), _stale(answers(questions=TYPED)))
    html = response.content.decode()
    assert response.status_code == 403, "the post itself is still refused"
    assert TYPED in html and EXPIRED in html
    assert "Kijk het na en druk nog een keer op de knop." in html
    assert 'class="errorlist' not in html
    assert InformationNeed.objects.count() == 0
    # pressing the button again works
    again = client.post(reverse("needs:ask"), {**answers(questions=TYPED), "csrfmiddlewaretoken": _fresh_token(html)})
    assert again.status_code == 302 and InformationNeed.objects.count() == 1


def test_an_expired_intake_step_1_comes_back_and_stores_nothing(municipality, domains):
    client = _expired_client()
    response = client.post(reverse("stories:intake"), _stale(step1(municipality, domains)))
    html = response.content.decode()
    assert response.status_code == 403 and EXPIRED in html
    assert "drie maanden in mijn auto" in html and "Vertel je verhaal" in html
    again = client.post(reverse("stories:intake"), {**step1(municipality, domains),
                                                    "csrfmiddlewaretoken": _fresh_token(html)})
    assert again.status_code == 200 and "Bekijk je verhaal" in again.content.decode()


def test_an_expired_intake_step_2_keeps_her_choices_and_stores_no_story(municipality, domains):
    client = _expired_client()
    response = client.post(reverse("stories:intake"), _stale(step2(step1(municipality, domains))))
    html = response.content.decode()
    assert response.status_code == 403 and EXPIRED in html
    assert Story.objects.count() == 0, "an expired form is never processed"
    doc = lxml.html.fromstring(html)
    assert doc.xpath("//input[@name='consent_analysis']")[0].get("checked") is not None
    assert "[PERSOON-1]" in html and STORY.split(".")[0] in html


def test_an_expired_form_of_someone_logged_out_meanwhile_goes_to_the_login(officer):
    client = _expired_client()  # not logged in (any more)
    response = client.post(reverse("needs:ask"), _stale(answers(questions=TYPED)))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert InformationNeed.objects.count() == 0


@pytest.mark.parametrize("origin", ["https://elders.example", None])
def test_a_form_posted_from_another_site_is_not_shown_ready_to_send(officer, origin):
    client = _expired_client(officer)
    headers = {"HTTP_ORIGIN": origin} if origin else {"HTTP_ORIGIN": ""}
    response = client.post(reverse("needs:ask"), _stale(answers(questions=TYPED)), **headers)
    html = response.content.decode()
    assert response.status_code == 403 and TYPED not in html and "Het formulier was verlopen" in html


def test_other_pages_get_the_plain_page_without_advice_that_empties_the_form(make_user):
    client = _expired_client(make_user("coordinator"))
    response = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": "x" * 64})
    html = response.content.decode()
    assert response.status_code == 403 and "Het formulier was verlopen" in html
    assert "Ga terug, laad de pagina opnieuw" not in html
    assert "kopieer je tekst eerst" in html
