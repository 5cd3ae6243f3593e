"""Session 18, the intake and thanks pages: the language switch that keeps what she typed, the
link and code on the thanks page, step 1's errors in plain Dutch, names listed as she says them.
(The review tests are in tests/core/test_journey_narrator_s18.py; these cover the edges; the
browser check is in tests/browser/test_intake_language.py.)"""

import re

import pytest
from django.conf import settings
from django.core import signing
from django.urls import reverse

from meervoud.stories.forms import StoryForm
from meervoud.stories.models import Story
from tests.links import shown_link
from tests.stories.test_intake_views import STORY, step1, step2

INTAKE = "stories:intake"


def _errors(response) -> str:
    return " ".join(str(e) for errors in response.context["form"].errors.values() for e in errors)


# --------------------------------------------------------------------------- words


@pytest.mark.django_db
@pytest.mark.parametrize("wrong, said", [
    ({"text": ""}, "Je hebt je verhaal nog niet geschreven"),
    ({"text": "Te kort."}, "Je verhaal is te kort: schrijf minstens 40 tekens (nu 8)"),
    ({"text": "x" * 20001}, "Je verhaal is te lang"),
    ({"municipality": ""}, "Kies de gemeente waar je verhaal zich afspeelde"),
    ({"life_domains": []}, "Kies minstens één onderwerp"),
    ({"level": ""}, "Dit moet je nog invullen"),
    ({"title": "t" * 201}, "Dit is te lang: hoogstens 200 tekens (nu 201)"),
    ({"told_on": "gisteren"}, "Dit is geen datum"),
    ({"helped_own_strength": "veel", "helped_peers": "50", "helped_professionals": "50"},
     "Vul een getal in, zonder letters"),
    ({"helped_own_strength": "150", "helped_peers": "0", "helped_professionals": "0"},
     "het grootste getal is 100"),
    ({"recovery_phase": "onzin"}, "Kies een van de mogelijkheden"),
])
def test_step_1_errors_are_in_her_words(client, municipality, domains, wrong, said):
    response = client.post(reverse(INTAKE), {**step1(municipality, domains), **wrong})
    errors = _errors(response)
    assert said in errors
    assert not re.search(r"deze waarde|vereist|geldig", errors), errors


def test_the_plain_words_leave_other_forms_alone():
    from django import forms

    assert forms.CharField().error_messages["required"] != StoryForm.base_fields["level"].error_messages["required"]


# --------------------------------------------------------------------------- names


@pytest.mark.django_db
@pytest.mark.parametrize("listed", ["Roos / Storm", "Roos & Storm", "Roos and Storm", "Roos\nStorm",
                                    "Roos, en Storm", "roos EN storm"])
def test_names_listed_in_other_ways_are_each_taken_out(client, municipality, domains, listed):
    told = "Mijn dochter roos belde elke dag. Mijn zoon storm wilde me niet zien. Het wijkteam kwam laat."
    review = client.post(reverse(INTAKE), step1(municipality, domains, text=told, known_names=listed))
    preview = review.context["form"].initial["reviewed_text"]
    assert not re.search(r"\b(roos|storm)\b", preview, re.I), preview


def test_a_name_with_en_inside_a_word_stays_one_name():
    form = StoryForm()
    form.cleaned_data = {"known_names": "Hendrik, Ben, Jenny van den Berg"}
    assert form.clean_known_names() == ["Hendrik", "Ben", "Jenny van den Berg"]


# --------------------------------------------------------------------------- the story's language


@pytest.mark.django_db
def test_the_story_language_starts_on_the_interface_language(client):
    dutch = client.get(reverse(INTAKE))
    assert dutch.context["form"]["language"].value() == "nl"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(reverse(INTAKE)).context["form"]["language"].value() == "en"


# --------------------------------------------------------------------------- the language switch


@pytest.mark.django_db
def test_switching_language_on_an_empty_step_1_shows_no_errors_and_stores_nothing(client):
    response = client.post(reverse(INTAKE), {"step": "story", "interface_language": "en"})
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in body
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert not response.context["form"].is_bound
    assert 'role="alert"' not in body
    assert Story.objects.count() == 0


@pytest.mark.django_db
def test_switching_language_in_step_1_keeps_what_she_typed(client, municipality, domains):
    data = step1(municipality, domains, title="Mijn jaar", helped_own_strength="60",
                 helped_peers="40", helped_professionals="0")
    response = client.post(reverse(INTAKE), {**data, "interface_language": "en"})
    form = response.context["form"]
    assert form["text"].value() == STORY
    assert form["title"].value() == "Mijn jaar"
    assert [str(pk) for pk in form["life_domains"].value()] == [str(d.pk) for d in domains]
    assert form["helped_own_strength"].value() == "60"
    assert form["municipality"].value() == str(municipality.pk)


@pytest.mark.django_db
def test_switching_language_in_step_2_keeps_her_edits_and_choices(client, municipality, domains):
    data = step1(municipality, domains)
    review = step2(data, reviewed_text="Mijn eigen versie van het verhaal, met minder details erin.",
                   consent_quote="on", action="")
    review.pop("action")
    response = client.post(reverse(INTAKE), {**review, "interface_language": "en"})
    body = response.content.decode()
    assert '<html lang="en">' in body
    form = response.context["form"]
    assert form["reviewed_text"].value() == "Mijn eigen versie van het verhaal, met minder details erin."
    assert re.search(r'<input[^>]*name="consent_analysis"[^>]*checked', body)
    assert re.search(r'<input[^>]*name="consent_quote"[^>]*checked', body)
    assert not re.search(r'<input[^>]*name="consent_share"[^>]*checked', body)
    assert 'role="alert"' not in body
    assert Story.objects.count() == 0


@pytest.mark.django_db
def test_switching_language_after_back_keeps_her_step_2_edits(client, municipality, domains):
    data = step1(municipality, domains)
    edited = "Mijn eigen versie van het verhaal, met minder details erin."
    back = client.post(reverse(INTAKE), step2(data, reviewed_text=edited, action="back"))
    reviewed_for = back.context["reviewed_for"]
    switched = client.post(reverse(INTAKE), {**data, "reviewed_text": edited, "reviewed_for": reviewed_for,
                                             "interface_language": "en"})
    forward = client.post(reverse(INTAKE), {**data, "reviewed_text": edited,
                                            "reviewed_for": switched.context["reviewed_for"]})
    assert forward.context["form"]["reviewed_text"].value() == edited


@pytest.mark.django_db
def test_an_unknown_language_changes_nothing(client, municipality, domains):
    response = client.post(reverse(INTAKE), {**step1(municipality, domains), "interface_language": "xx"})
    assert '<html lang="nl">' in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_enter_does_not_press_the_language_button(client, municipality, domains):
    """The language buttons sit in the header but belong to the intake form; the first button
    of the form (what Enter presses) must be the step's own."""
    for page in (client.get(reverse(INTAKE)), client.post(reverse(INTAKE), step1(municipality, domains))):
        body = page.content.decode()
        start, end = body.index('<form id="intake"'), body.index("</form>", body.index('<form id="intake"'))
        buttons = [m for m in re.finditer(r"<button\b[^>]*>", body)
                   if 'form="intake"' in m.group(0) or start < m.start() < end]
        assert "interface_language" not in buttons[0].group(0)
        assert any("interface_language" in b.group(0) for b in buttons)


# --------------------------------------------------------------------------- the thanks page


def _thanks(client, municipality, domains):
    sent = client.post(reverse(INTAKE), step2(step1(municipality, domains)))
    return client.get(sent["Location"])


@pytest.mark.django_db
def test_after_switching_language_the_link_is_still_shown_once(client, municipality, domains):
    thanks = _thanks(client, municipality, domains)
    token = shown_link(thanks)
    signed = re.search(r'name="link" value="([^"]+)"', thanks.content.decode()).group(1)
    english = client.post(reverse("stories:thanks"), {"link": signed, "interface_language": "en"})
    assert english.status_code == 302, "redirected: reloading it does not post again"
    assert token in client.get(english["Location"]).content.decode()
    again = client.get(reverse("stories:thanks"))
    assert again.status_code == 302 and token not in again.content.decode()


@pytest.mark.django_db
def test_a_forged_or_old_link_on_the_thanks_page_shows_nothing(client, municipality, domains, monkeypatch):
    token = shown_link(_thanks(client, municipality, domains))
    for link in (token, signing.dumps(token, salt="other"), "rubbish"):
        response = client.post(reverse("stories:thanks"), {"link": link, "interface_language": "en"}, follow=True)
        assert token not in response.content.decode()
    from meervoud.stories import views

    signed = signing.dumps(token, salt=views.THANKS_SALT)
    monkeypatch.setattr(views, "THANKS_SWITCH_SECONDS", -1)
    response = client.post(reverse("stories:thanks"), {"link": signed, "interface_language": "en"}, follow=True)
    assert token not in response.content.decode()


@pytest.mark.django_db
def test_without_a_contact_address_the_thanks_page_still_says_what_to_do(client, municipality, domains,
                                                                         settings):
    settings.MEERVOUD_CONTACT_EMAIL = ""
    body = _thanks(client, municipality, domains).content.decode()
    assert Story.objects.get().narrator.code in body
    assert "Ben je de link kwijt? Vraag dan de organisatie" in body
    assert "mailto:" not in body


@pytest.mark.django_db
def test_the_help_lines_are_right(client, municipality, domains):
    for body in (client.get(reverse(INTAKE)).content.decode(),
                 _thanks(client, municipality, domains).content.decode()):
        assert 'href="tel:08000113">0800-0113' in body
        assert 'href="tel:08002000">0800-2000' in body
        assert 'href="tel:112">112' in body
        assert "113.nl" in body
