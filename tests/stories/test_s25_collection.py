"""Session 25, the collection side: a story written down for someone else, another story told
from her own page, what her page and download say became of her story, and a coordinator's
correction of a story that came in without step 2."""

import json
import re

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.audit.models import AuditEvent
from meervoud.knowledge.models import Statement, Theme
from meervoud.publication.disclosure import k_threshold
from meervoud.stories import services
from meervoud.stories.importer import import_records
from meervoud.stories.models import VIA_NAMES, ConsentEvent, Narrator, Purpose, Story
from tests.links import opens, personal_link, shown_link
from tests.stories.test_intake_views import STORY, step1, step2

pytestmark = pytest.mark.django_db

INTAKE = "stories:intake"
BOX = 'name="for_someone_else"'


def _sent(client, municipality, domains, url=None, **extra):
    return client.post(url or reverse(INTAKE), step2(step1(municipality, domains, **extra)))


# ----------------------------------------------------------------- written down for someone else


def test_only_a_peer_expert_with_her_own_account_is_asked_whose_story_it_is(client, make_user):
    assert BOX not in client.get(reverse(INTAKE)).content.decode()  # without an account: always new
    client.force_login(make_user(Role.COORDINATOR))
    assert BOX not in client.get(reverse(INTAKE)).content.decode()  # always for someone else
    client.force_login(make_user(Role.NARRATOR, "ans"))
    page = client.get(reverse(INTAKE)).content.decode()
    assert re.search(r'<input type="checkbox" name="for_someone_else"[^>]*>', page)
    assert "Ik schrijf dit verhaal op voor iemand anders" in page
    assert not re.search(r'<input type="checkbox" name="for_someone_else"[^>]*checked', page)


def test_a_story_written_down_for_someone_else_is_hers_with_her_own_link(client, municipality, domains,
                                                                        make_user):
    ans = make_user(Role.NARRATOR, "ans")
    client.force_login(ans)
    review = client.post(reverse(INTAKE), step1(municipality, domains, for_someone_else="on"))
    assert "Je schrijft dit verhaal op voor iemand anders" in review.content.decode()
    response = _sent(client, municipality, domains, for_someone_else="on")
    story = Story.objects.get()
    assert story.narrator.user is None
    assert set(ConsentEvent.objects.values_list("via", flat=True)) == {"peer_expert"}
    thanks = client.get(response["Location"])
    assert opens(shown_link(thanks)) == story.narrator  # the narrator's own link, to hand over
    assert "Geef ze aan de verteller" in thanks.content.decode()
    mine = client.get(reverse("stories:mine")).content.decode()
    assert "drie maanden in mijn auto" not in mine  # not on her own page
    assert not Narrator.objects.filter(user=ans).exists()


def test_a_peer_expert_s_own_story_stays_under_her_own_pseudonym(client, municipality, domains, make_user):
    ans = make_user(Role.NARRATOR, "ans")
    client.force_login(ans)
    _sent(client, municipality, domains)
    story = Story.objects.get()
    assert story.narrator.user == ans
    assert set(ConsentEvent.objects.values_list("via", flat=True)) == {"form"}


def test_the_box_from_someone_without_an_account_changes_nothing(client, municipality, domains):
    _sent(client, municipality, domains, for_someone_else="on")
    assert set(ConsentEvent.objects.values_list("via", flat=True)) == {"form"}


def test_stories_written_down_for_others_count_against_the_hour(client, municipality, domains, make_user,
                                                               settings):
    """Each one is a new pseudonym, as on the public form: the limit holds for them too."""
    settings.MEERVOUD_INTAKE_PER_HOUR = 1
    client.force_login(make_user(Role.NARRATOR, "ans"))
    assert _sent(client, municipality, domains, for_someone_else="on").status_code == 302
    again = client.post(reverse(INTAKE), step2(step1(municipality, domains, for_someone_else="on",
                                                     text=STORY + " Nu gaat het beter."),
                                               reviewed_text="Een ander verhaal, van iemand anders, over "
                                                             "wachten op een huis."))
    assert again.status_code == 429
    assert Story.objects.count() == 1


# ----------------------------------------------------------------- another story from her page


def test_another_story_from_her_page_is_on_the_same_page_and_sent_twice_is_one(client, municipality, domains):
    token = shown_link(client.get(_sent(client, municipality, domains)["Location"]))
    first = Story.objects.get()
    page = client.get(reverse("stories:my_story", args=[token])).content.decode()
    url = reverse("stories:tell_another", args=[token])
    assert f'href="{url}"' in page
    form = client.get(url).content.decode()
    assert f'action="{url}"' in form and BOX.replace('name=', 'type="checkbox" name=') not in form
    data = step2(step1(municipality, domains, text="Sinds vorige maand heb ik een eigen kamer en een "
                                                   "budgetcoach die meedenkt."),
                 reviewed_text="Sinds vorige maand heb ik een eigen kamer en een budgetcoach die meedenkt.")
    data.pop("form_token", None)
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("stories:my_story", args=[token])
    second = Story.objects.exclude(pk=first.pk).get()
    assert second.narrator_id == first.narrator_id
    assert set(ConsentEvent.objects.filter(story_id_ref=second.pk).values_list("via", flat=True)) == {"link"}
    assert "budgetcoach" in client.get(response["Location"]).content.decode()
    client.post(url, data)  # Back and send again
    assert Story.objects.count() == 2


def test_a_link_that_opens_nothing_tells_no_story(client, municipality, domains):
    url = reverse("stories:tell_another", args=["x" * 32])
    assert client.get(url).status_code == 404
    assert client.post(url, step2(step1(municipality, domains))).status_code == 404
    assert not Story.objects.exists()


def test_another_story_does_not_take_a_story_someone_else_sent_from_this_computer(client, municipality,
                                                                                 domains):
    """The session remembers the last story sent from this browser: someone else's, on a shared
    computer. Her page's intake stores hers, under her pseudonym."""
    mine = shown_link(client.get(_sent(client, municipality, domains)["Location"]))
    own = Story.objects.get()
    client.post(reverse(INTAKE), step2(step1(municipality, domains),
                                       reviewed_text=STORY.replace("Petra", "[PERSOON-1]") + " Anders."))
    other = Story.objects.exclude(pk=own.pk).get()
    client.post(reverse("stories:tell_another", args=[mine]),
                step2(step1(municipality, domains),
                      reviewed_text=STORY.replace("Petra", "[PERSOON-1]") + " Anders."))
    assert Story.objects.filter(narrator=own.narrator).count() == 2
    assert other.narrator_id != own.narrator_id


# ----------------------------------------------------------------- what became of her story


def test_her_page_names_no_theme_nobody_checked_and_says_when_there_is_none(client, publish):
    theme = publish.backed("wachten", 5, validated=False, label="", name="Wachten op Fatima")
    story = theme.statements.first().story
    page = client.get(reverse("stories:my_story", args=[personal_link(story.narrator)])).content.decode()
    assert "Wachten op Fatima" not in page and f"Thema zonder naam (nr. {theme.pk})" in page
    Statement.objects.filter(story=story).delete()
    page = client.get(reverse("stories:my_story", args=[personal_link(story.narrator)])).content.decode()
    assert "in geen enkel thema gebruikt" in page


def _quoted(client, narrator) -> list[dict]:
    data = client.get(reverse("stories:my_data", args=[personal_link(narrator)])).json()
    return [quote for story in data["verhalen"] for quote in story["geciteerd"]]


def test_her_quoted_sentence_is_named_with_its_theme_until_she_withdraws_quoting(client, publish):
    sentence = "Ik wachtte negen maanden op een gesprek en niemand van het wijkteam belde terug."
    publish.theme("wachten", name="Lang wachten op de eerste hulp")
    publish.many("wachten", k_threshold() - 1)
    quoted = publish.statement("wachten", "V-marleen", text=sentence)
    narrator = quoted.story.narrator
    assert _quoted(client, narrator) == [{"zin": sentence, "thema": "Lang wachten op de eerste hulp"}]
    page = client.get(reverse("stories:my_story", args=[personal_link(narrator)])).content.decode()
    assert sentence in page.split('class="quoted"')[1]
    services.withdraw_consent(quoted.story, Purpose.QUOTE, via="link")
    assert _quoted(client, narrator) == []


def test_a_sentence_of_a_theme_that_is_not_published_is_not_called_quoted(client, publish):
    publish.theme("klein", name="Te weinig vertellers")
    quoted = publish.statement("klein", "V-alleen")  # one narrator: not published
    assert _quoted(client, quoted.story.narrator) == []
    Theme.objects.filter(key="klein").update(validated_at=None)
    assert _quoted(client, quoted.story.narrator) == []


def test_her_download_says_in_words_what_each_via_code_means(client, municipality, domains):
    _sent(client, municipality, domains)
    story = Story.objects.get()
    data = client.get(reverse("stories:my_data", args=[personal_link(story.narrator)])).json()
    event = data["verhalen"][0]["toestemmingsgeschiedenis"][0]
    assert event["via"] == "form" and event["viaOmschrijving"] == str(VIA_NAMES["form"])
    assert json.dumps(data)  # every value can be written


# ----------------------------------------------------------------- a coordinator corrects


def _imported() -> Story:
    """An imported story with a name the de-identifier missed (written in here: whatever it
    knows today, some name is always new to it)."""
    assert import_records([{
        "__row__": 1, "verteller": "groep-1", "gemeente": "Groningen", "levensdomeinen": "dak-thuisloosheid",
        "toestemming_analyse": "ja", "toestemming_onderzoek": "ja",
        "verhaal": "Ik woonde bij een stichting. Daar hielp niemand me met mijn schulden.",
    }]).ok
    Story.objects.update(text="Ik woonde in Haren bij een stichting. Daar hielp niemand me met mijn schulden.")
    return Story.objects.get()


def test_a_coordinator_s_correction_is_de_identified_and_on_record(client, make_user):
    story = _imported()
    client.force_login(make_user(Role.COORDINATOR))
    url = reverse("stories:detail", args=[story.pk])
    text = story.text.replace("in Haren", "bij mijn zus Anouk in de stad")
    response = client.post(url, {"action": "correct", "title": story.title, "text": text,
                                 "helped": "", "hindered": ""})
    assert response.status_code == 302
    story.refresh_from_db()
    assert "Haren" not in story.text and "Anouk" not in story.text  # the name typed in: out again
    event = AuditEvent.objects.get(action="change", object_type="stories.story")
    assert event.detail == "namens verteller: text" and event.username == "coordinator"
    assert "Anouk" not in event.detail


def test_a_coordinator_s_empty_correction_changes_nothing_and_says_why(client, make_user):
    story = _imported()
    client.force_login(make_user(Role.COORDINATOR))
    url = reverse("stories:detail", args=[story.pk])
    response = client.post(url, {"action": "correct", "title": "", "text": "", "helped": "", "hindered": ""})
    assert response.status_code == 200
    assert "Het verhaal is leeg" in response.content.decode()
    assert Story.objects.get(pk=story.pk).text == story.text


def test_a_researcher_reads_the_story_but_cannot_correct_it(client, make_user):
    story = _imported()
    client.force_login(make_user(Role.RESEARCHER))
    url = reverse("stories:detail", args=[story.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'value="correct"' not in page.content.decode()
    response = client.post(url, {"action": "correct", "text": "Iets heel anders dan er stond, lang genoeg."})
    assert response.status_code == 403
    assert Story.objects.get(pk=story.pk).text == story.text


# ----------------------------------------------------------------- the thanks page


def test_the_thanks_page_says_her_code_gets_her_a_new_link(client, municipality, domains, settings):
    settings.MEERVOUD_CONTACT_EMAIL = "privacy@meervoud.example"
    page = client.get(_sent(client, municipality, domains)["Location"]).content.decode()
    assert "Dan kunnen we je een nieuwe link geven" in page
    assert "niet opnieuw voor je maken" not in page
    assert 'id="hand-over"' not in page  # she typed it herself
