"""Review of the municipality's side of "what we still need to know": the questionnaire as a
policy officer fills it in, the overview and the gap view. Each test is one bug a user hits."""

import re

import pytest
from django.urls import reverse

from meervoud.needs.models import InformationNeed, NeedStatus
from meervoud.places.models import Province, Region
from meervoud.places.selectors import find_municipality
from meervoud.stories.models import LifeDomain

from .test_questionnaire import answers

pytestmark = pytest.mark.django_db


def stored_need(town: str, domains: list[str], status=NeedStatus.OPEN) -> InformationNeed:
    need = InformationNeed.objects.create(
        municipality=find_municipality(town), questions=f"Wat weten we over {domains}?",
        formats=["rapport"], contact_name="X", contact_email="x@example.org", status=status,
        answer_note="Het rapport van maart." if status == NeedStatus.ANSWERED else "")
    need.life_domains.set(LifeDomain.objects.filter(slug__in=domains))
    return need


def table(html: str, table_id: str) -> str:
    return html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]


# ---------------------------------------------------------------- the questionnaire


def test_sending_the_same_question_twice_stores_it_once(client, officer):
    """An officer who double-clicks "Vraag versturen" (or goes back and sends again) gets two
    identical open needs: the learning network handles the question twice and the overview
    reads "1 gemeente stelde samen 2 vragen"."""
    client.force_login(officer)
    first = client.post(reverse("needs:ask"), answers())
    second = client.post(reverse("needs:ask"), answers())
    assert first.status_code == 302 and second.status_code in (200, 302)
    assert InformationNeed.objects.count() == 1


def test_a_question_the_text_box_accepts_is_not_refused_as_too_long(client, officer):
    """The help text asks for one question per line. The browser's maxlength counts a line break
    as one character, but the form posts it as CR LF and the server counts two, so a text the box
    accepted (3999 characters) is refused with "het zijn er nu 4098"."""
    client.force_login(officer)
    typed = "\n".join(["x" * 39] * 100)  # what the officer sees and the browser counts
    assert len(typed) <= 4000
    response = client.post(reverse("needs:ask"), answers(questions=typed.replace("\n", "\r\n")))
    assert response.status_code == 302, re.findall(r'<ul class="errorlist".*?</ul>',
                                                   response.content.decode())
    assert InformationNeed.objects.count() == 1


def test_the_needs_api_finds_a_municipality_as_people_write_it(make_user):
    """A coordinator's system posts a need for "groningen" or "GM0014" (the stories API accepts
    both, "Naam of CBS-code") and gets 400 "Selecteer een geldige keuze": the needs API only
    knows the exact CBS spelling of the name."""
    from rest_framework.test import APIClient

    from meervoud.api.tokens import issue_token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(make_user('coordinator'))[0]}")
    body = {"vragen": "Wat helpt jongeren met schulden?", "vormen": ["rapport"],
            "contactpersoon": {"naam": "Sanne Bakker", "email": "sanne@gemeente.example"}}
    for written, official in [("groningen", "Groningen"), ("GM0014", "Groningen"),
                              ("Den Haag", "'s-Gravenhage"), ("Sudwest-Fryslan", "Súdwest-Fryslân")]:
        response = client.post("/api/v1/kennisbehoeften", {
            **body, "gemeente": written, "vragen": f"{body['vragen']} ({written})"}, format="json")
        assert response.status_code == 201, (written, response.json().get("invalidParams"))
        assert response.json()["gemeente"] == official


# ---------------------------------------------------------------- the overview


def test_the_overview_sentence_is_correct_dutch_for_one_question(client, officer):
    """With one question from one municipality (the usual start) the overview says
    "1 gemeente stelde samen 1 vragen." (and in English "asked 1 questions"): the number of
    questions is never made singular."""
    stored_need("Groningen", ["verslaving"])
    client.force_login(officer)
    html = client.get(reverse("needs:overview")).content.decode()
    assert "1 gemeente stelde" in html  # the sentence is there
    assert "1 vragen" not in html
    client.cookies["django_language"] = "en"
    english = client.get(reverse("needs:overview")).content.decode()
    assert "1 municipality" in english
    assert "1 questions" not in english


def test_a_region_outside_the_chosen_province_is_not_shown_as_that_province(client, officer):
    """An officer picks province Groningen while the region list still says Twente (from an
    earlier look): the page silently shows Twente's municipalities, with no word that the two
    choices do not fit together."""
    stored_need("Enschede", ["verslaving"])
    client.force_login(officer)
    html = client.get(reverse("needs:overview"), {
        "provincie": Province.objects.get(name="Groningen").pk,
        "regio": Region.objects.get(name="Twente").pk}).content.decode()
    assert "Enschede" not in html or 'class="errorlist"' in html


# ---------------------------------------------------------------- the learning network's side


def test_the_status_filter_on_the_gap_page_also_filters_the_regions_table(client, make_user):
    """A coordinator filters the gap page on "Open" questions: the per-question table obeys, but
    the "Per regio en levensdomein" table above it still lists a municipality whose only
    question was answered long ago, as an open research question."""
    stored_need("Assen", ["nieuwkomers"])
    stored_need("Oldambt", ["wachtlijsten"], status=NeedStatus.ANSWERED)
    client.force_login(make_user("coordinator"))
    html = client.get(reverse("needs:gaps"), {"status": NeedStatus.OPEN}).content.decode()
    assert "Oldambt" not in table(html, "needs")  # the per-question table filters
    assert "Assen" in table(html, "areas")
    assert "Oldambt" not in table(html, "areas")


def test_a_too_long_answer_note_does_not_also_say_the_note_is_missing(client, officer, make_user):
    """A coordinator marks a need answered with a note just over 3000 characters and is told
    both that the note is too long and "Schrijf op wat de vraag heeft beantwoord." - as if
    nothing was written."""
    need = stored_need("Groningen", ["verslaving"])
    client.force_login(make_user("coordinator"))
    html = client.post(reverse("needs:detail", args=[need.pk]),
                       {"status": NeedStatus.ANSWERED, "answer_note": "x" * 3001}).content.decode()
    assert "nu 3001" in html  # the real problem is reported
    assert "Schrijf op wat de vraag heeft beantwoord." not in html


def test_a_reopened_need_does_not_show_the_old_answer_as_its_answer(client, officer, make_user):
    """A coordinator reopens an answered need (the status form is prefilled with the old note and
    sent as is); the officer now reads "Open: De infographic over schulden." on the need, as if
    the open question had been answered by it."""
    need = stored_need("Groningen", ["armoede-schulden"])
    url = reverse("needs:detail", args=[need.pk])
    client.force_login(make_user("coordinator"))
    client.post(url, {"status": NeedStatus.ANSWERED, "answer_note": "De infographic over schulden."})
    form = client.get(url).context["form"]
    client.post(url, {"status": NeedStatus.OPEN, "answer_note": form.initial["answer_note"]})
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN

    client.force_login(officer)
    html = client.get(url).content.decode()
    status_line = re.search(r"<dt>Status</dt><dd>(.*?)</dd>", html, re.S).group(1)
    assert "De infographic over schulden." not in status_line
