"""Review of the collection side, session 25: telling or entering a story, the consent the
narrator controls, the de-identification before anything is analysed, and her rights to see,
download and remove what is kept.

Read as a narrator (lived experience of poverty, homelessness, addiction or violence) who tells
her story, often with a peer expert who writes it down with her, and as that peer expert or the
coordinator who collects stories. Each test here failed on the code as it was reviewed: its
docstring says what a person met and what should happen instead.

Checked and found sound (no test here; the session tests in tests/stories and tests/privacy cover
them): a long story (up to step 1's limit) with names in it can be sent; line breaks, é/ë/ï and
curly quotes arrive as typed; an error in step 1 or step 2 (no consent, quote without analysis,
an expired page, the hourly limit) loses nothing she typed and stores nothing; no consent box is
ticked beforehand; every consent text is shown next to its box and on her page, in English when
the page is English; withdrawing or deleting on her page, her account or by a coordinator is on
record and reaches analysis, quotes, the Kennisbank, reports and exports at once (the cache stamp
moves with every consent event that is not an intake); full names, first names after kinship
words, streets with or without number, postcodes, most villages of Groningen, Friesland and
Drenthe, numeric ages and dates, phone numbers written in four ways, BSN, IBAN, e-mail and the
listed care providers are replaced; step 2 shows what was replaced and lets her edit the text;
the download holds her stories, consents, their history and the themes they are used in.
"""

import html
import json
import re

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.deidentify import deidentify
from meervoud.knowledge.models import Theme
from meervoud.publication.disclosure import k_threshold
from meervoud.publication.selectors import published_themes
from meervoud.stories.importer import import_records
from meervoud.stories.models import ConsentEvent, Narrator, Story
from tests.links import personal_link, shown_link
from tests.stories.test_intake_views import STORY, step1, step2

pytestmark = pytest.mark.django_db

INTAKE = "stories:intake"


def visible(body: str) -> str:
    """What a person reads on a page (no markup, no lists of municipalities)."""
    body = re.sub(r"(?s)<(select|script|style|head)\b.*?</\1>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def forms_of(body: str) -> list[str]:
    return re.findall(r"(?s)<form\b.*?</form>", body)


def fields_of(form: str) -> dict:
    """The values a browser sends for a form as it stands: hidden inputs, text inputs, ticked
    boxes, textareas and the selected options."""
    data: dict = {}
    for tag in re.findall(r"<input\b[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = (re.search(r'type="([^"]+)"', tag) or [None, "text"])[1]
        value = html.unescape((re.search(r'value="([^"]*)"', tag) or [None, ""])[1])
        if kind in ("checkbox", "radio") and "checked" not in tag:
            continue
        if kind in ("submit", "button"):
            continue
        data.setdefault(name[1], []).append(value)
    for name, value in re.findall(r'(?s)<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form):
        data[name] = [html.unescape(value).lstrip("\n")]
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


def action_of(form: str, page: str) -> str:
    action = re.search(r'<form\b[^>]*action="([^"]*)"', form)
    return html.unescape(action[1]) if action and action[1] else page


def control_labelled(body: str, words: tuple[str, ...]) -> tuple[str, str] | None:
    """(name, value) of the box or choice whose label says one of ``words``."""
    for target, label in re.findall(r'(?s)<label\b[^>]*for="([^"]+)"[^>]*>(.*?)</label>', body):
        if any(word in visible(label).casefold() for word in words):
            tag = re.search(rf'<input\b[^>]*id="{re.escape(target)}"[^>]*>', body)
            if tag:
                return (re.search(r'name="([^"]+)"', tag[0])[1],
                        html.unescape((re.search(r'value="([^"]*)"', tag[0]) or [None, "on"])[1]))
    for label in re.findall(r"(?s)<label\b[^>]*>(.*?)</label>", body):
        if any(word in visible(label).casefold() for word in words):
            tag = re.search(r"<input\b[^>]*>", label)
            if tag:
                return (re.search(r'name="([^"]+)"', tag[0])[1],
                        html.unescape((re.search(r'value="([^"]*)"', tag[0]) or [None, "on"])[1]))
    return None


def tell(client, municipality, domains, text: str, names: str = "", extra: dict | None = None,
         intake: str | None = None):
    """The two steps of the intake as a browser sends them (from ``intake``, the page the
    story is told on): step 1 with the story, step 2 with the text as shown and analysis."""
    intake = intake or reverse(INTAKE)
    page = client.get(intake).content.decode()
    form = next(f for f in forms_of(page) if 'name="text"' in f)
    data = {**fields_of(form), **step1(municipality, domains, text=text, known_names=names), **(extra or {})}
    review = client.post(action_of(form, intake), data)
    assert review.status_code == 200, "precondition: step 1 is accepted"
    body = review.content.decode()
    form = next(f for f in forms_of(body) if 'name="reviewed_text"' in f)
    sent = {**fields_of(form), "action": "submit", "consent_analysis": "on"}
    return client.post(action_of(form, intake), sent)


# ======================================================================= entering for her (High)


def test_a_peer_expert_logged_in_files_the_story_she_writes_down_for_someone_else_as_her_own(
        client, municipality, domains, make_user):
    """Ans is a peer expert (role 'Verteller / ervaringsdeskundige': the same role curates themes
    and keeps a pool profile). At the shelter she writes down the stories of Fatima and Kees with
    them, in Meervoud, still logged in with her own account. Nothing on the intake asks whose
    story it is: ``StoryIntakeView._narrator`` puts every story sent from a narrator's account
    under that account's own pseudonym. So:
    - Fatima's and Kees's stories become Ans's stories: one pseudonym, so the analysis counts one
      narrator where there are two (the "n is not 1" the whole product is about is undercounted,
      and a theme can be carried by one person's 'voice');
    - the consent on record is Ans's, not theirs; Fatima and Kees get no personal link (the thanks
      page gives Ans hers, or sends her to her own 'Mijn verhalen'), so they cannot see, withdraw
      or delete what they told; Ans reads and downloads their stories as hers.
    SHOULD: the intake lets a logged-in peer expert say the story is someone else's (e.g. a box
    'Ik vul dit verhaal in voor iemand anders'); such a story gets its own new pseudonym and its
    own personal link for the narrator, and the consent record says it was entered on her behalf
    (not 'form' or 'account' as if the narrator typed it herself)."""
    ans = make_user(Role.NARRATOR, "ans")
    client.force_login(ans)
    page = client.get(reverse(INTAKE)).content.decode()
    choice = control_labelled(page, ("iemand anders", "namens", "voor een ander", "andere verteller"))
    assert choice is not None, (
        "the intake has no way for a logged-in peer expert to say the story is someone else's: "
        "it is filed under her own pseudonym")
    for text in (STORY, "Ik woonde twee jaar op straat voordat iemand van het wijkteam me zag staan."):
        response = tell(client, municipality, domains, text, extra={choice[0]: choice[1]})
        assert response.status_code == 302
    own = Narrator.objects.filter(user=ans).first()
    stories = list(Story.objects.select_related("narrator"))
    assert len(stories) == 2
    assert not any(story.narrator == own for story in stories), "her own pseudonym holds their stories"
    assert len({story.narrator_id for story in stories}) == 2, "two people count as one narrator"
    assert not ConsentEvent.objects.filter(via__in=("form", "account", "link")).exists(), \
        "the record says the narrator gave consent herself"


# ======================================================================= entering for her (Medium)


def test_consent_a_coordinator_enters_for_a_narrator_is_recorded_as_her_own(
        client, municipality, domains, make_user):
    """A coordinator (``stories.enter_for_narrator``) types in the story a narrator told her on
    the phone, and ticks the purposes the narrator named. The consent record (ConsentEvent, the
    proof kept for years) says ``via = "form"``: exactly what it says when the narrator typed and
    ticked it herself. Later nobody can tell whose hand gave the consent, and the model's own help
    text names a code for it ("coordinator (namens de verteller)").
    SHOULD: consent given in a story entered by someone with ``stories.enter_for_narrator`` is
    recorded with via "coordinator" (on her behalf), as a withdrawal on her behalf already is."""
    client.force_login(make_user(Role.COORDINATOR))
    response = client.post(reverse(INTAKE), step2(step1(municipality, domains), consent_quote="on"))
    assert response.status_code == 302, "precondition: the story was stored"
    vias = set(ConsentEvent.objects.values_list("via", flat=True))
    assert vias == {"coordinator"}, f"consent entered on her behalf is on record as via {vias}"


def test_a_narrator_who_tells_a_second_story_from_her_own_page_counts_as_a_second_narrator(
        client, municipality, domains):
    """Marleen told her story without an account and kept her personal link. A month later she
    opens her page ('Mijn verhaal en mijn toestemming') to tell what happened since. Her page has
    no way to add a story; she takes 'Vertel je verhaal' in the menu, and the new story gets a
    new pseudonym (``_narrator``: a new one for everyone without a narrator's account). She now
    counts as two independent narrators behind a theme, her second story is not on her page, and
    she needs two links to withdraw or delete.
    SHOULD: from her page (behind the personal link) she can tell another story that is stored
    under the same pseudonym and appears on the same page."""
    response = client.post(reverse(INTAKE), step2(step1(municipality, domains)))
    token = shown_link(client.get(response["Location"]))
    first = Story.objects.get()
    mine = reverse("stories:my_story", args=[token])
    page = client.get(mine).content.decode()

    def tells(url: str) -> bool:
        answer = client.get(url)
        return answer.status_code == 200 and 'name="text"' in answer.content.decode() \
            and 'name="reviewed_text"' not in answer.content.decode()

    links = [html.unescape(href) for href in re.findall(r'<a\b[^>]*href="([^"#]+)"', page)]
    intakes = [href for href in links if href.startswith("/") and tells(href)]
    assert intakes, "precondition: some link on her page leads to telling a story"
    own = [href for href in intakes if href != reverse(INTAKE)]
    response = tell(client, municipality, domains,
                    "Sinds vorige maand heb ik een kamer en een budgetcoach die met me meedenkt.",
                    intake=(own or intakes)[0])
    assert response.status_code == 302
    second = Story.objects.exclude(pk=first.pk).get()
    assert second.narrator_id == first.narrator_id, \
        "her second story has another pseudonym: one person counts as two narrators"


# ======================================================================= what happened with it


def test_her_page_does_not_say_in_which_themes_her_story_is_used(client, publish):
    """The thanks page promises: "Hiermee kun je later zien waarvoor je verhaal gebruikt wordt".
    Her page shows her text and which purposes she consents to, but not what became of it: the
    themes her sentences are counted in are only inside a JSON file ('gebruiktInThemas' in the
    download), which a narrator on a phone at a shelter will not open or read.
    SHOULD: her page names, per story, the themes it is used in (as the download does, with the
    same care for names not yet checked or withheld: ``held_about``'s ``named``)."""
    publish.theme("wachten", name="Lang wachten op de eerste hulp")
    statements = publish.many("wachten", k_threshold())
    title = Theme.objects.get(key="wachten").title
    narrator = statements[0].story.narrator
    data = client.get(reverse("stories:my_data", args=[personal_link(narrator)])).json()
    assert title in data["verhalen"][0]["gebruiktInThemas"], "precondition: the download names it"
    page = visible(client.get(reverse("stories:my_story", args=[personal_link(narrator)])).content.decode())
    assert title in page, "her page does not say in which theme her story is used"


def test_she_cannot_find_out_which_of_her_sentences_are_quoted_in_public(client, publish):
    """Marleen allowed 'Anoniem citeren'. A peer expert approved one of her sentences and it is
    quoted on the Kennisbank page of a theme (and so in the reports and the API). Neither her page
    nor her download (AVG art. 15: what is done with her data, and who receives it) says that any
    sentence of hers is published, which one, or under which theme: she cannot check whether the
    quote could give her away, which is the reason to withdraw 'citeren'.
    SHOULD: her download (and preferably her page) lists the sentences of her story that are
    published as quotes, with the theme they are quoted under."""
    sentence = "Ik wachtte negen maanden op een gesprek en niemand van het wijkteam belde terug."
    publish.theme("wachten", name="Lang wachten op de eerste hulp")
    others = publish.many("wachten", k_threshold() - 1)
    quoted = publish.statement("wachten", "V-marleen", text=sentence)
    assert len({s.story.narrator_id for s in others + [quoted]}) == k_threshold()
    themes = published_themes(with_quotes=True).themes
    assert any(sentence in q.text for t in themes for q in t.quotes), \
        "precondition: her sentence is quoted in the Kennisbank"
    data = client.get(reverse("stories:my_data", args=[personal_link(quoted.story.narrator)])).json()
    for story in data["verhalen"]:  # her own text is in the file anyway: look past it
        for own in ("verhaal", "eigenTekst", "titel", "watHielp", "watHinderde"):
            story.pop(own, None)
    assert sentence in json.dumps(data, ensure_ascii=False), \
        "the download does not say which sentence of hers is published as a quote"


# ======================================================================= de-identification


@pytest.mark.parametrize("text, place", [
    ("Na de scheiding woonde ik twee jaar in Haren, in een kamer boven een garage.", "Haren"),
    ("Ik kreeg een flatje in Leek, ver van iedereen die ik kende.", "Leek"),
])
def test_a_village_whose_name_is_also_a_dutch_word_stays_in_the_story(text, place):
    """Haren (some 19,000 people, south of Groningen city) and Leek (the main village of
    Westerkwartier) are left out of the place lists because 'haren' (hair) and 'leek' (seemed)
    are Dutch words. Written with a capital after 'in' they are never those words, yet they pass
    the de-identifier and step 2 says "Weggehaald: ..." without them. In a network of Noord-
    Nederland these are exactly the places narrators live in, and a village plus a story of
    divorce or eviction points to one person.
    SHOULD: the village is replaced by [LOCATIE-n] where it is written with its capital (the
    place list's '=' entries, which only count when capitalised and not at a sentence start,
    exist for this)."""
    assert place not in deidentify(text).text


@pytest.mark.parametrize("text, age", [
    ("Toen ik zestien was, zette mijn stiefvader me op straat.", "zestien"),
    ("Op mijn achttiende moest ik weg uit de jeugdzorg, zonder huis.", "achttiende"),
    ("Ik ben vierendertig jaar en heb nu voor het eerst een eigen huurcontract.", "vierendertig"),
])
def test_an_age_written_in_words_stays_in_the_story(text, age):
    """"Toen ik 16 was" becomes "Toen ik [LEEFTIJD] was": an age is treated as something that
    leads to a person. Most narrators (and peer experts writing down what they hear) write ages
    in words, as B1 Dutch does: "toen ik zestien was", "op mijn achttiende", "ik ben
    vierendertig". Those pass the de-identifier unchanged, so the same fact is removed or kept
    depending on how it was typed.
    SHOULD: an age written in words, in the same places a number is taken to be an age, is
    replaced by [LEEFTIJD] as the number is."""
    assert age not in deidentify(text).text


@pytest.mark.parametrize("text, name", [
    ("Na de opvang werd ik begeleid door Stichting Sterk Huis, twee keer per week.", "Sterk Huis"),
    ("Ik woonde een jaar in Zorgcentrum De Wijde Wereld, op een kamer met een ander.", "Wijde Wereld"),
])
def test_a_small_care_provider_named_as_a_foundation_stays_in_the_story(text, name):
    """The de-identifier replaces the care providers on its list (Lentis, Tactus, Leger des
    Heils, Stichting De Hoop...), but not one it does not know, even where the story itself says
    it is an organisation: "Stichting Sterk Huis", "Zorgcentrum De Wijde Wereld" pass unchanged.
    A small local provider, a shelter or a care home, with a place and a year, is how people in a
    village recognise who is speaking; the intake's own help text names 'hulpverleners' as what must
    go.
    SHOULD: a capitalised name after "Stichting", "Zorgcentrum", "Zorggroep", "Woonzorgcentrum"
    and the like is replaced by [INSTELLING-n] (with the word itself, or after it)."""
    assert name not in deidentify(text).text


def test_a_coordinator_cannot_correct_a_name_the_import_missed(client, make_user):
    """A coordinator imports the stories a self-help group collected on paper (there is no step 2
    for an import: the rows are de-identified and stored, and go into the next analysis). On
    /verhalen/<id>/ she reads "Ik woonde in Haren bij Stichting Sterk Huis", which the
    de-identifier missed. The page lets her withdraw consent or delete the whole story on the
    narrator's behalf, but not take the two names out: correcting is only on the narrator's own
    page (an imported narrator has no link) or in the Django admin, which a coordinator cannot
    open. Her choice is to leave the names in the analysis or throw the story away.
    SHOULD: the coordinator can correct the text of a story she may read in full (as the
    narrator and the admin can, through ``services.correct_story``, so it is de-identified again
    and the old sentences leave the analysis)."""
    report = import_records([{
        "__row__": 1, "verteller": "groep-1", "gemeente": "Groningen", "levensdomeinen": "dak-thuisloosheid",
        "toestemming_analyse": "ja",
        "verhaal": "Ik woonde in Haren bij Stichting Sterk Huis. Daar hielp niemand me met mijn schulden.",
    }])
    assert report.ok
    story = Story.objects.get()
    # as the import stored it when the de-identifier did not know these names yet (made so here:
    # whatever it knows today, some name will always be new to it)
    Story.objects.filter(pk=story.pk).update(
        text="Ik woonde in Haren bij Stichting Sterk Huis. Daar hielp niemand me met mijn schulden.")
    story.refresh_from_db()
    assert "Haren" in story.text, "precondition: the import missed the village"
    client.force_login(make_user(Role.COORDINATOR))
    url = reverse("stories:detail", args=[story.pk])
    page = client.get(url).content.decode()
    editable = [f for f in forms_of(page)
                if re.search(r'(?s)<textarea\b[^>]*>\s*' + re.escape(html.escape(story.text, quote=False)), f)
                or re.search(r'(?s)<textarea\b[^>]*>\s*' + re.escape(story.text), f)]
    assert editable, "the coordinator's page of the story has no way to correct its text"
    form = editable[0]
    data = fields_of(form)
    box = next(name for name, value in data.items() if value == story.text)
    data[box] = story.text.replace("in Haren ", "")
    client.post(action_of(form, url), data)
    assert "Haren" not in Story.objects.get(pk=story.pk).text


# ======================================================================= what she is told (Low)


def test_the_thanks_page_says_a_lost_link_cannot_be_replaced(client, municipality, domains):
    """The thanks page says: "Wij kunnen deze link niet opnieuw voor je maken." and, under it,
    that with her code the organisation can withdraw her consent or delete her story. But a
    coordinator can make her a new personal link ('Een nieuwe persoonlijke link maken' on the
    story's page, found by her code). A narrator who loses the note with her link reads that her
    story is out of her reach for good, and asks to delete it when she only wanted to look.
    SHOULD: the thanks page (link_code.html) tells her that with her code she can also get a new
    link, and does not say the link can never be made again."""
    response = client.post(reverse(INTAKE), step2(step1(municipality, domains)))
    page = visible(client.get(response["Location"]).content.decode())
    assert "niet opnieuw voor je maken" not in page and "nieuwe link" in page, page
