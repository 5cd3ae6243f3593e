"""Journey review, session 18: a narrator tells her story for the first time and comes back weeks
later, as a real person would: on a phone, in Dutch or English, without an account or with one,
in a hurry or in a crisis; she loses her link, corrects her story, downloads it, takes back a
consent, deletes it.

Each test names one problem, who it hurts and what SHOULD happen, and failed on the code as it
was reviewed for the reason it states. Most serious first. Not repeated here: what
tests/stories, tests/privacy, tests/browser, tests/core/test_review_forms.py and the other
journey files already check (double submission, the link shown once, the back button after the
thanks page, consent words shown, B1 jargon on pages without errors, ...).

Its two browser tests (Debian's chromium through Playwright) are in
tests/browser/test_journey_narrator_s18.py, next to the browser fixtures.
"""

import html
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.stories.models import Story
from tests.stories.test_intake_views import STORY, step1, step2
from tests.links import opens, personal_link, shown_link

INTAKE = "stories:intake"


# --------------------------------------------------------------------------- helpers


def _main(response) -> str:
    """What she reads in the page's own content (inside <main>), as plain text."""
    body = response.content.decode()
    body = body.split('<main id="main"', 1)[-1].split(">", 1)[-1].split("<footer", 1)[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))).strip()


def _attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\b{name}="([^"]*)"', tag)
    return html.unescape(found.group(1)) if found else None


def _hidden_fields(form: str) -> dict[str, str]:
    """The hidden inputs of one form, whatever the order of their attributes."""
    return {_attribute(tag, "name"): _attribute(tag, "value") or ""
            for tag in re.findall(r"<input\b[^>]*>", form)
            if _attribute(tag, "type") == "hidden" and _attribute(tag, "name")}


def _hidden(response) -> dict[str, str]:
    """The hidden fields her browser sends back with the intake form of a page."""
    page = response.content.decode()
    form = next(f for f in re.findall(r"(?s)<form\b.*?</form>", page) if 'name="step"' in f)
    fields = _hidden_fields(form)
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def _press(client, response, button_text: str):
    """Press a button (or follow a link) with this text on a page, as a browser without
    JavaScript does: the button's own form, its hidden fields and the button's name and value."""
    page = response.content.decode()
    for form in re.findall(r"(?s)<form\b.*?</form>", page):
        for button in re.findall(r"(?s)<button\b[^>]*>.*?</button>", form):
            if html.unescape(re.sub(r"<[^>]+>", "", button)).strip() != button_text:
                continue
            opening = re.match(r"<form\b[^>]*>", form).group(0)
            button_tag = re.match(r"<button\b[^>]*>", button).group(0)
            data = _hidden_fields(form)
            if _attribute(button_tag, "name"):
                data[_attribute(button_tag, "name")] = _attribute(button_tag, "value") or ""
            url = _attribute(opening, "action") or response.request["PATH_INFO"]
            if (_attribute(opening, "method") or "get").lower() == "post":
                return client.post(url, data, follow=True)
            return client.get(url, data, follow=True)
    for href, text in re.findall(r'(?s)<a\b[^>]*href="([^"]+)"[^>]*>(.*?)</a>', page):
        if html.unescape(re.sub(r"<[^>]+>", "", text)).strip() == button_text:
            return client.get(html.unescape(href), follow=True)
    raise AssertionError(f"no button or link {button_text!r} on the page")


def _tell(client, municipality, domains, **extra):
    """Her two steps through the form: tell, check, consent to analysis, send."""
    data = step1(municipality, domains, **extra)
    sent = client.post(reverse(INTAKE), step2(data))
    assert sent.status_code == 302, "precondition: the story was sent"
    return sent


# --------------------------------------------------------------------------- her link


@pytest.mark.django_db
def test_switching_to_english_on_the_thanks_page_keeps_her_personal_link(client, municipality, domains):
    """She sends her story and lands on 'Bedankt voor je verhaal'. Dutch is not her first
    language, so before copying the link she presses 'English' in the header to read what the
    page says about it. The page comes back in English, but as an empty 'Tell your story' form:
    the link was 'shown once' and the language button counted as leaving the page. The link is
    the only way to ever withdraw consent, correct or delete the story, and nobody can make it
    again. Hurts every narrator who switches language (newcomers, refugees) or reloads the page.
    SHOULD: the thanks page in the other language still shows the same personal link (switching
    language is not 'leaving' the page; the link may still be dropped once she goes elsewhere)."""
    thanks = client.get(_tell(client, municipality, domains)["Location"])
    token = shown_link(thanks)
    assert opens(token) == Story.objects.get().narrator, "precondition: the link is shown in Dutch"

    english = _press(client, thanks, "English")
    assert '<html lang="en">' in english.content.decode(), "precondition: the page is now English"
    assert token in english.content.decode(), (
        "after pressing 'English' the personal link is gone for good; she lands on: " + _main(english)[:200])


@pytest.mark.django_db
def test_logging_out_leaves_no_working_link_to_her_stories_in_the_browser(client, make_user, municipality,
                                                                       domains):
    """A peer expert with an account tells her story at the computer of the shelter, opens 'Mijn
    verhalen' and downloads her data, then logs out, trusting that this protects her. But 'Mijn
    verhalen' redirects to /mijn-verhaal/<token>/, the personal link that works without any login,
    and the download is under it too: both stay in the browser's history, so the next person at that
    computer opens her story about her addiction (and can delete it or change her consents) with
    one click in the history. SHOULD: a narrator with an account reaches her page and her download
    behind her login (for example under /mijn-verhalen/); no address she visits there opens her
    stories once she has logged out."""
    user = make_user(Role.NARRATOR, "sanne")
    client.force_login(user)
    _tell(client, municipality, domains)
    story = Story.objects.get(narrator__user=user)

    mine = client.get(reverse("stories:mine"), follow=True)
    assert story.text[:30] in _main(mine), "precondition: 'Mijn verhalen' shows her story"
    visited = [reverse("stories:mine"), *(url for url, _status in mine.redirect_chain)]
    downloads = [html.unescape(href) for href, text in
                 re.findall(r'(?s)<a\b[^>]*href="([^"]+)"[^>]*>(.*?)</a>', mine.content.decode())
                 if "Download" in text]
    assert downloads, "precondition: her page offers the download"
    visited += downloads  # she pressed it

    client.logout()
    opened = [urlsplit(url).path for url in visited
              if "drie maanden in mijn auto" in client.get(url, follow=True).content.decode()]
    assert opened == [], f"after logging out these addresses in her history still open her story: {opened}"


@pytest.mark.django_db
def test_a_narrator_who_loses_her_link_is_told_how_to_still_reach_her_story(client, municipality, domains,
                                                                           settings):
    """The thanks page says 'Wij kunnen deze link niet opnieuw voor je maken', and nothing more.
    A narrator who loses the link (a lost phone, a cleared browser, a note that went through the
    wash) cannot withdraw her consent or delete her story any more: the only other way in is a
    coordinator's search by pseudonym, but she is never told her pseudonym, nor whom to ask. AVG
    art. 7.3 wants withdrawing to be as easy as giving. SHOULD: the thanks page gives her a code
    to quote (her pseudonym, which /verhalen/ searches) and says whom to contact if the link is
    lost (MEERVOUD_CONTACT_EMAIL, already used on the infographic)."""
    settings.MEERVOUD_CONTACT_EMAIL = "privacy@meervoud.example"
    thanks = _main(client.get(_tell(client, municipality, domains)["Location"]))
    code = Story.objects.get().narrator.code
    missing = [what for what, text in (("her pseudonym", code), ("whom to contact", "privacy@meervoud.example"))
               if text not in thanks]
    assert not missing, f"the thanks page does not give {missing}: {thanks}"


# --------------------------------------------------------------------------- what she typed


@pytest.mark.django_db
def test_what_she_took_out_in_step_2_stays_out_after_an_error_in_step_1(client, municipality, domains):
    """In step 2 she deletes a sentence the machine left in ('bij de Jumbo op de hoek': her
    colleagues would know her), goes 'Terug naar mijn verhaal' to fill in 'Wat hielp het meest?',
    and her points do not add up to 100. Step 1 shows the error and drops what she changed in step
    2; she fixes the points and presses 'Volgende': step 2 shows the machine's text again, the
    sentence back in, and if she does not read all of it again 'Versturen' stores it. (Going back
    and forward without an error keeps her edits: tests/stories/test_review_narrator.py.)
    SHOULD: her step-2 edits travel along through an error in step 1, as they do without one."""
    sentence = " Ik werkte toen bij de Jumbo op de hoek."
    data = step1(municipality, domains, text=STORY + sentence)
    preview = client.post(reverse(INTAKE), data).context["form"].initial["reviewed_text"]
    assert preview.endswith(sentence), "precondition: the machine left the sentence in"
    back = client.post(reverse(INTAKE), step2(data, reviewed_text=preview[:-len(sentence)], action="back"))

    wrong = {"helped_own_strength": "50", "helped_peers": "30", "helped_professionals": "10"}
    error = client.post(reverse(INTAKE), {**_hidden(back), **data, **wrong})
    assert "Verdeel 100 punten" in _main(error), "precondition: step 1 shows the error"
    fixed = {"helped_own_strength": "50", "helped_peers": "30", "helped_professionals": "20"}
    forward = client.post(reverse(INTAKE), {**_hidden(error), **data, **fixed})
    assert "Bekijk je verhaal" in _main(forward), "precondition: step 2 again"
    assert "Jumbo" not in forward.context["form"]["reviewed_text"].value(), (
        "the sentence she took out in step 2 is back after an error in step 1")


@pytest.mark.django_db
def test_an_english_story_in_the_english_interface_is_deidentified_as_english(client, municipality, domains):
    """A newcomer switches to English and writes her story in English. 'Language of your story'
    is a select that starts on 'Dutch' whatever the interface language, so her browser sends
    'nl' unless she notices and changes it, and the Dutch de-identifier keeps her date of birth
    ('12 March 1985') and her age ('34 years old') in the text that is stored, analysed and can be
    quoted (with 'en' both are taken out). SHOULD: in the English interface the story's language
    starts on English (or is recognised from the text), so an English story is de-identified as
    English unless she says otherwise."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"  # as the 'English' button leaves it
    form = client.get(reverse(INTAKE)).content.decode()
    select = re.search(r'(?s)<select name="language".*?</select>', form).group(0)
    options = re.findall(r'<option value="([^"]*)"([^>]*)>', select)
    sent = next((value for value, rest in options if "selected" in rest), options[0][0])  # what the browser sends

    told = ("After the fire I slept in my car for three months. I was born on 12 March 1985 and I am "
            "34 years old now. The district team only helped me when a peer expert came along.")
    review = client.post(reverse(INTAKE), step1(municipality, domains, text=told, known_names="", language=sent))
    preview = review.context["form"].initial["reviewed_text"]
    kept = [detail for detail in ("12 March 1985", "34 years old") if detail in preview]
    assert not kept, f"language sent: {sent!r}; still in the text she is asked to send: {kept}"


@pytest.mark.django_db
def test_names_listed_with_en_are_each_taken_out(client, municipality, domains):
    """'Namen in je verhaal' asks for names 'gescheiden door komma's'. In a hurry, or not used to
    forms, she writes them as she would say them: 'Roos en Storm', her children. That is read as
    one name, 'Roos en Storm', which is not in her story, so her son's name 'storm' (lower case,
    also an ordinary word the machine does not see as a name) stays in the text. SHOULD: a list
    written with 'en' (and '/', '&', or new lines) is read as separate names, and each is taken
    out of her story."""
    told = ("Mijn dochter roos belde me elke dag. Mijn zoon storm wilde me niet meer zien. "
            "Het wijkteam kwam pas na een half jaar.")
    review = client.post(reverse(INTAKE), step1(municipality, domains, text=told, known_names="Roos en Storm"))
    preview = review.context["form"].initial["reviewed_text"]
    left = [name for name in ("roos", "storm") if re.search(rf"\b{name}\b", preview, re.I)]
    assert not left, f"names she listed are still in her story: {left} in {preview!r}"


# --------------------------------------------------------------------------- weeks later


@pytest.mark.django_db
def test_she_can_correct_her_answer_to_what_got_in_her_way(client, municipality, domains):
    """Weeks later she reads her page: under 'Wat zat je in de weg?' she wrote that she was 'de
    enige dierenarts in het dorp', which anyone there would recognise. That answer is stored,
    analysed and can be quoted like the story itself, but 'Klopt er iets niet in je verhaal? Pas
    het aan' only has a box for the story: the answers to 'Wat hielp jou?' and 'Wat zat je in de
    weg?' (and the title) can only go by deleting the whole story. SHOULD: the correction on her
    page covers every text kept of her story that she can read there (correct_story already
    takes title, helped and hindered)."""
    revealing = "Ik was de enige dierenarts in het dorp en niemand mocht het weten."
    client.post(reverse(INTAKE), step2(step1(municipality, domains, hindered=revealing),
                                       reviewed_hindered=revealing))
    story = Story.objects.get()
    assert story.hindered == revealing, "precondition: kept with her story"
    url = reverse("stories:my_story", args=[personal_link(story.narrator)])
    page = client.get(url).content.decode()
    assert revealing in html.unescape(page), "precondition: she reads it on her page"

    form = next((f for f in re.findall(r"(?s)<form\b.*?</form>", page) if 'value="correct"' in f), "")
    fields = _hidden_fields(form)
    boxes = {html.unescape(n): html.unescape(v).lstrip("\n") for n, v in
             re.findall(r'(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form)}
    box = next((name for name, value in boxes.items() if value == revealing), None)
    assert box is not None, f"the correction offers no box for 'Wat zat je in de weg?', only {sorted(boxes)}"
    client.post(url, {**fields, **boxes, box: "Lang wachten op een uitkering.", "action": "correct"})
    story.refresh_from_db()
    assert story.hindered == "Lang wachten op een uitkering."


@pytest.mark.django_db
def test_a_correction_that_could_not_be_saved_is_announced_at_the_top(client, municipality, domains):
    """On her phone she shortens her story too much in 'Pas het aan' and presses 'Aanpassing
    opslaan'. The page reloads at the top, looking as before: the reason ('Je verhaal is te
    kort') is only inside the correction box, below her whole story and the consent table, with
    no message at the top and nothing a screen reader announces. She thinks it was saved and
    leaves. The intake has an error summary (includes/error_summary.html) for this. SHOULD: a
    correction that was not saved is announced above her story (role="alert"), with a link to
    the box."""
    _tell(client, municipality, domains)
    story = Story.objects.get()
    response = client.post(reverse("stories:my_story", args=[personal_link(story.narrator)]),
                           {"story": story.pk, "action": "correct", "text": "Te kort."})
    page = html.unescape(response.content.decode().split('<main id="main"', 1)[1])
    assert "Je verhaal is te kort" in page, "precondition: the error is on the page"
    alert = re.search(r'role="alert"', page)
    assert alert and alert.start() < page.index(story.text[:30]), (
        "no announcement above her story that the correction was not saved")
    assert f'href="#id_text_{story.pk}"' in page[alert.start():page.index(story.text[:30])]


# --------------------------------------------------------------------------- words and care


@pytest.mark.django_db
def test_step_1_errors_speak_to_the_narrator_in_plain_dutch(client, municipality, domains):
    """She presses 'Volgende' with two lines and no topic ticked. The summary says 'Jouw verhaal:
    Zorg dat deze waarde ten minste 40 tekens bevat (het zijn er nu 8)' and 'Waar gaat je verhaal
    over?: Dit veld is vereist.': Django's stock wording, her story called 'deze waarde', 'vereist'
    not B1. The correction box on her personal page already says it in her words ('Je verhaal is
    te kort: schrijf minstens 40 tekens'). SHOULD: the intake's errors are B1 and about her story
    ('Je verhaal is te kort', 'Kies minstens één onderwerp')."""
    response = client.post(reverse(INTAKE), step1(municipality, domains, text="Te kort.", life_domains=[]))
    summary = re.search(r'(?s)<div class="message error" role="alert">.*?</div>', response.content.decode())
    assert summary, "precondition: the error summary is shown"
    said = html.unescape(re.sub(r"<[^>]+>", " ", summary.group(0)))
    stock = [words for words in ("deze waarde", "vereist", "tekens bevat") if words in said]
    assert not stock, f"stock form wording in the errors she reads: {stock}: {' '.join(said.split())}"


@pytest.mark.django_db
def test_the_intake_says_where_to_get_help_now(client, municipality, domains):
    """Meervoud asks people to write about violence at home, addiction, homelessness and mental
    illness. Someone may start writing in the middle of a crisis, or be back in it by writing.
    Neither step 1 nor the thanks page says that nobody reads the story soon or answers it, nor
    where to get help now (113 Zelfmoordpreventie, Veilig Thuis 0800-2000, 112). SHOULD: the
    intake says, in a line, that Meervoud does not give help and where to turn now."""
    start = _main(client.get(reverse(INTAKE)))
    thanks = _main(client.get(_tell(client, municipality, domains)["Location"]))
    helplines = re.compile(r"\b(113|0800[- ]?0113|0800[- ]?2000|112)\b")
    assert helplines.search(start) or helplines.search(thanks), (
        "no word on where to get help now on the intake or the thanks page")
