"""The narrator's own page behind her two doors (the personal link and her account), and the
correction of every text of her story kept there (session 18)."""

import json

import pytest
from django.urls import reverse

from meervoud.audit.models import AuditEvent
from meervoud.stories.models import ConsentEvent, Purpose, Story
from tests.stories.test_intake_views import step1, step2
from tests.links import personal_link

pytestmark = pytest.mark.django_db

MINE = "stories:mine"
DATA = "stories:my_data_signed_in"


@pytest.fixture
def sanne(client, make_user, municipality, domains):
    """A narrator with an account who told one story, logged in."""
    user = make_user("verteller", "sanne")
    client.force_login(user)
    client.post(reverse("stories:intake"), step2(step1(municipality, domains)))
    return Story.objects.get(narrator__user=user)


def _link(story) -> str:
    return reverse("stories:my_story", args=[personal_link(story.narrator)])


# --------------------------------------------------------------------------- her account door


def test_her_account_page_never_shows_or_leads_to_her_personal_link(client, sanne):
    page = client.get(reverse(MINE)).content.decode()
    assert sanne.text in page and personal_link(sanne.narrator) not in page
    assert f'href="{reverse(DATA)}"' in page


def test_the_buttons_on_her_account_page_stay_behind_her_login(client, sanne):
    response = client.post(reverse(MINE), {"story": sanne.pk, "purpose": Purpose.ANALYSIS, "action": "withdraw"})
    assert response.status_code == 302 and response["Location"] == reverse(MINE)
    event = ConsentEvent.objects.filter(story_id_ref=sanne.pk).latest("pk")
    assert (event.action, event.via) == (ConsentEvent.Action.WITHDRAWN, "account")

    response = client.post(reverse(MINE), {"story": sanne.pk, "action": "correct", "title": "",
                                           "text": sanne.text + " Nu gaat het beter.",
                                           "helped": sanne.helped, "hindered": sanne.hindered})
    assert response["Location"] == reverse(MINE)
    sanne.refresh_from_db()
    assert sanne.text.endswith("Nu gaat het beter.")


def test_her_account_page_does_not_touch_someone_elses_story(client, sanne, municipality):
    other = Story.objects.create(narrator=type(sanne.narrator).objects.create(code="V-ander"),
                                 text="Een ander verhaal over een ander leven in een andere stad.",
                                 municipality=municipality)
    response = client.post(reverse(MINE), {"story": other.pk, "action": "delete", "confirm": "on"}, follow=True)
    assert Story.objects.filter(pk=other.pk).exists()
    assert "Dit verhaal is er niet meer" in response.content.decode()


def test_her_download_behind_her_login(client, sanne):
    response = client.get(reverse(DATA))
    assert response.status_code == 200
    assert [s["id"] for s in json.loads(response.content)["verhalen"]] == [sanne.pk]
    assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
    assert personal_link(sanne.narrator) not in response.content.decode()
    assert AuditEvent.objects.filter(action="download", object_id=str(sanne.narrator.pk)).exists()


def test_after_logging_out_her_account_addresses_ask_for_a_login(client, sanne):
    client.logout()
    for name in (MINE, DATA):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.post(reverse(MINE), {"story": sanne.pk, "action": "delete", "confirm": "on"}).status_code == 302
    assert Story.objects.filter(pk=sanne.pk).exists()


def test_no_download_before_she_told_a_story(client, make_user):
    client.force_login(make_user("verteller", "nieuw"))
    assert client.get(reverse(DATA)).status_code == 404
    assert reverse(DATA) not in client.get(reverse(MINE)).content.decode()


def test_her_personal_link_still_works_for_whoever_has_it(client, sanne):
    client.logout()
    assert sanne.text in client.get(_link(sanne)).content.decode()


# --------------------------------------------------------------------------- correcting every text


def _correct(client, story, **words):
    data = {"story": story.pk, "action": "correct", "title": story.title, "text": story.text,
            "helped": story.helped, "hindered": story.hindered, **words}
    return client.post(_link(story), data)


def test_she_can_correct_her_title_and_what_helped(client, sanne):
    _correct(client, sanne, title="Drie maanden in de auto", helped="Een maatje dat het kende.")
    sanne.refresh_from_db()
    assert (sanne.title, sanne.helped) == ("Drie maanden in de auto", "Een maatje dat het kende.")
    event = AuditEvent.objects.filter(action="change").latest("pk")
    assert event.detail == "verteller: helped, title" and personal_link(sanne.narrator) not in event.path


def test_she_can_empty_what_got_in_her_way(client, sanne):
    _correct(client, sanne, hindered="")
    sanne.refresh_from_db()
    assert sanne.hindered == ""


def test_what_she_adds_to_an_answer_is_deidentified(client, sanne):
    _correct(client, sanne, hindered="Bel me op 06-12345678 als je meer wilt weten.")
    sanne.refresh_from_db()
    assert "12345678" not in sanne.hindered


def test_a_page_opened_before_the_answers_could_be_corrected_does_not_empty_them(client, sanne):
    """A tab left open from before sends only the story: the answers it did not show stay."""
    client.post(_link(sanne), {"story": sanne.pk, "action": "correct", "text": sanne.text + " Nog iets."})
    kept = Story.objects.get(pk=sanne.pk)
    assert kept.text.endswith("Nog iets.") and (kept.helped, kept.hindered) == (sanne.helped, sanne.hindered)


@pytest.mark.parametrize("field, value, says", [
    ("title", "x" * 201, "De titel is te lang: hij mag hoogstens 200 tekens hebben (nu 201)."),
    ("helped", "x" * 8001, "Dit antwoord is te lang: het mag hoogstens 8000 tekens hebben (nu 8001)."),
    ("hindered", "x" * 8001, "Dit antwoord is te lang: het mag hoogstens 8000 tekens hebben (nu 8001)."),
])
def test_a_text_too_long_is_said_in_plain_dutch_at_the_top_and_nothing_is_saved(client, sanne, field, value, says):
    response = _correct(client, sanne, **{field: value}, text=sanne.text + " Dit is nieuw.")
    page = response.content.decode().split('<main id="main"', 1)[1]
    assert response.status_code == 200 and says in page
    summary = page[page.index('role="alert"'):page.index(sanne.text[:30])]
    assert "Je aanpassing is niet opgeslagen" in summary and f'href="#id_{field}_{sanne.pk}"' in summary
    assert Story.objects.get(pk=sanne.pk).text == sanne.text  # nothing half written
