import pytest
from django.urls import reverse

from meervoud.stories.models import ConsentEvent, Purpose, Story
from tests.links import opens, personal_link, shown_link

STORY = ("Na mijn scheiding sliep ik drie maanden in mijn auto. Mijn vriendin Petra liet me "
         "douchen. Pas toen een ervaringsdeskundige meeging naar het loket kreeg ik een postadres.")


def step1(municipality, domains, **extra):
    data = {
        "step": "story", "text": STORY, "helped": "Iemand die het zelf had meegemaakt.",
        "hindered": "Zonder adres geen uitkering.", "known_names": "Petra",
        "municipality": municipality.pk, "life_domains": [d.pk for d in domains],
        "level": "micro", "recovery_phase": "leven-met", "language": "nl",
    }
    data.update(extra)
    return data


def step2(data, **extra):
    review = {**data, "step": "review", "action": "submit",
              "reviewed_text": STORY.replace("Petra", "[PERSOON-1]"),
              "reviewed_helped": data["helped"], "reviewed_hindered": data["hindered"],
              "consent_analysis": "on"}
    review.update(extra)
    return review


@pytest.mark.django_db
def test_preview_shows_deidentified_text_and_stores_nothing(client, municipality, domains):
    response = client.post(reverse("stories:intake"), step1(municipality, domains))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bekijk je verhaal" in body
    preview = response.context["form"].initial["reviewed_text"]
    assert "Petra" not in preview
    assert "[PERSOON-1]" in preview
    assert Story.objects.count() == 0


@pytest.mark.django_db
def test_invalid_story_step_keeps_what_was_typed(client, municipality, domains):
    data = {**step1(municipality, domains), "municipality": "", "text": "Te kort"}
    response = client.post(reverse("stories:intake"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Te kort" in body
    assert "Iemand die het zelf had meegemaakt." in body
    assert response.context["form"].errors.keys() >= {"text", "municipality"}


@pytest.mark.django_db
def test_triad_must_add_up_to_100(client, municipality, domains):
    data = step1(municipality, domains, helped_own_strength=50, helped_peers=30,
                 helped_professionals=10)
    response = client.post(reverse("stories:intake"), data)
    assert "Verdeel 100 punten" in response.content.decode()


@pytest.mark.django_db
def test_submit_stores_story_with_consent_and_gives_personal_link(client, municipality, domains):
    data = step1(municipality, domains)
    response = client.post(reverse("stories:intake"), step2(data, consent_quote="on"))
    assert response.status_code == 302
    story = Story.objects.get()
    assert "Petra" not in story.text
    assert {c.purpose for c in story.consents.all()} == {Purpose.ANALYSIS, Purpose.QUOTE}
    thanks = client.get(response["Location"])
    assert opens(shown_link(thanks)) == story.narrator
    assert ConsentEvent.objects.filter(story_id_ref=story.pk, action="given").count() == 2


@pytest.mark.django_db
def test_submit_without_any_consent_is_refused_and_keeps_text(client, municipality, domains):
    data = step2(step1(municipality, domains), consent_analysis="")
    data.pop("consent_analysis")
    response = client.post(reverse("stories:intake"), data)
    assert response.status_code == 200
    assert Story.objects.count() == 0
    assert "Kies minstens één doel" in response.content.decode()
    assert response.context["form"]["reviewed_text"].value().startswith("Na mijn scheiding")


@pytest.mark.django_db
def test_back_button_returns_to_story_with_values(client, municipality, domains):
    data = step2(step1(municipality, domains), action="back")
    response = client.post(reverse("stories:intake"), data)
    assert "Stap 1 van 2" in response.content.decode()
    assert response.context["form"]["text"].value() == STORY


@pytest.mark.django_db
def test_personal_link_withdraws_and_deletes(client, municipality, domains):
    client.post(reverse("stories:intake"), step2(step1(municipality, domains)))
    story = Story.objects.get()
    url = reverse("stories:my_story", args=[personal_link(story.narrator)])
    page = client.get(url)
    assert page.status_code == 200 and "Intrekken" in page.content.decode()
    client.post(url, {"story": story.pk, "action": "withdraw", "purpose": "analysis"})
    assert not story.consents.filter(withdrawn_at__isnull=True).exists()
    # deleting cannot be undone: without the tick that says so, nothing is deleted
    page = client.post(url, {"story": story.pk, "action": "delete"}, follow=True).content.decode()
    assert Story.objects.count() == 1
    assert "Vink eerst aan" in page and story.text in page
    client.post(url, {"story": story.pk, "action": "delete", "confirm": "on"})
    assert Story.objects.count() == 0


@pytest.mark.django_db
def test_personal_link_cannot_touch_someone_elses_story(client, municipality, domains):
    client.post(reverse("stories:intake"), step2(step1(municipality, domains)))
    other = STORY + " Dit is een ander verhaal."
    client.post(reverse("stories:intake"), step2(step1(municipality, domains, text=other), reviewed_text=other))
    mine, theirs = Story.objects.order_by("pk")
    url = reverse("stories:my_story", args=[personal_link(mine.narrator)])
    response = client.post(url, {"story": theirs.pk, "action": "delete", "confirm": "on"}, follow=True)
    assert "Dit verhaal is er niet meer" in response.content.decode()
    assert Story.objects.filter(pk=theirs.pk).exists()
    assert client.get(reverse("stories:my_story", args=["niet-bestaand"])).status_code == 404


@pytest.mark.django_db
def test_logged_in_narrator_keeps_one_narrator_for_several_stories(client, municipality, domains, make_user):
    client.force_login(make_user("verteller"))
    client.post(reverse("stories:intake"), step2(step1(municipality, domains)))
    client.post(reverse("stories:intake"), step2(step1(municipality, domains)))
    assert Story.objects.values("narrator").distinct().count() == 1


@pytest.mark.django_db
def test_english_interface(client):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("stories:intake"))
    body = response.content.decode()
    assert "Tell your story" in body
    assert 'lang="en"' in body


@pytest.mark.django_db
def test_dutch_is_the_default_whatever_the_browser_asks(client):
    response = client.get(reverse("stories:intake"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Vertel je verhaal" in response.content.decode()
    assert response["Content-Language"] == "nl"


@pytest.mark.django_db
def test_narrator_with_account_reaches_consent_page_without_the_link(client, municipality, domains, make_user):
    user = make_user("verteller")
    client.force_login(user)
    client.post(reverse("stories:intake"), step2(step1(municipality, domains)))
    story = Story.objects.get()
    # her page itself, behind her login: not a redirect to the personal link (journey review s18)
    response = client.get(reverse("stories:mine"))
    assert response.status_code == 200 and story.text in response.content.decode()
    assert personal_link(story.narrator) not in response.content.decode()
    client.force_login(make_user("coordinator"))
    assert client.get(reverse("stories:mine")).status_code == 403


@pytest.mark.django_db
def test_a_name_from_the_story_typed_again_while_reviewing_is_removed(client, municipality, domains):
    """"Mijn buurvrouw Dewayna" gave her away in the story (not a name given at intake); when the
    narrator adds "Dewayna belde nog" to the reviewed text, she is still taken out, with her number."""
    story = STORY + " Mijn buurvrouw Dewayna kookte soms."
    data = step1(municipality, domains, text=story)
    preview = client.post(reverse("stories:intake"), data).context["form"].initial["reviewed_text"]
    assert "Dewayna" not in preview and "[PERSOON-2]" in preview
    client.post(reverse("stories:intake"), step2(data, reviewed_text=preview + " Dewayna belde nog."))
    text = Story.objects.get().text
    assert "Dewayna" not in text and text.endswith("[PERSOON-2] belde nog.")
