"""Session 20 review: an attacker against the web application.

Someone who wants what is not theirs: an anonymous visitor of the public intake, someone who
found a narrator's personal link, a peer expert or a policy officer with an ordinary account who
looks past their own objects, and the browser of a shared computer after a coordinator left.
Not repeated here: the URL-by-role matrix (tests/permissions), headers and CSP, login lock-out
and 2FA (tests/security/test_accounts.py), fuzzed imports, formula injection in the exports and
escaping in the documents (checked and found safe in this review).

Each test names one problem, says what happens now, what SHOULD happen and why it matters, and
fails on the code as reviewed for exactly that reason. Most serious first.
"""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from meervoud.accounts.models import Organisation, OrganisationKind, Role
from meervoud.places.selectors import find_municipality
from meervoud.stories.models import Narrator, Purpose, Story
from tests.links import opens, personal_link
from tests.stories.test_intake_views import STORY, step1, step2

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- helpers


def _text(response) -> str:
    """What a person reads on the page, as plain text."""
    body = response.content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def _organisation(name: str, place: str, kind=OrganisationKind.MUNICIPALITY) -> Organisation:
    return Organisation.objects.create(name=name, kind=kind, municipality=find_municipality(place))


def _person(make_user, role, username, *, organisation=None, first="", last="", email=""):
    user = make_user(role, username)
    user.organisation, user.first_name, user.last_name = organisation, first, last
    user.email = email
    user.save()
    return user


def _tell(client, municipality, domains, text=STORY, **extra):
    """An anonymous visitor sends a whole story (step 1 and step 2 in one go, as a script does)."""
    data = step1(municipality, domains, text=text)
    return client.post(reverse("stories:intake"),
                       step2(data, reviewed_text=text.replace("Petra", "[PERSOON-1]"), **extra))


# --------------------------------------------------------------------------- the personal link


def test_a_narrator_cannot_replace_a_personal_link_that_someone_else_found(client, publish):
    """The personal link is the only key to a narrator's story: whoever has it reads the whole
    story, gives consent for quoting and research in her name, or deletes it. It never expires
    and cannot be changed: a narrator whose ex-partner found the link in her browser history or
    in a note (domestic violence is one of the life domains) has no way to lock him out; a
    coordinator cannot do it for her either.

    Now: her page has no way to get a new link; the old one keeps working for ever.
    SHOULD: a button on her own page (proposal: POST ``action=new_link`` to the page) gives her a
    new link, shown once, and the old one stops working at once (404), as a forgotten-password
    link stops after use."""
    story = publish.statement("wachtlijsten", "V-70001").story
    old = reverse("stories:my_story", args=[personal_link(story.narrator)])
    assert client.get(old).status_code == 200
    page = client.post(old, {"action": "new_link"}, follow=True)
    assert client.get(old).status_code == 404, "the link someone else found still opens her story"
    links = set(re.findall(r"/mijn-verhaal/([A-Za-z0-9_-]{20,})/", page.content.decode()))
    assert links, "she is not shown her new link"
    new = links.pop()
    assert opens(new) == Narrator.objects.get(pk=story.narrator.pk)
    assert client.get(reverse("stories:my_story", args=[new])).status_code == 200


# --------------------------------------------------------------------------- information needs


def test_the_same_question_for_the_same_municipality_hands_out_another_organisations_contact(
        make_user):
    """A policy officer of a care provider (not the municipality itself) sees only the needs she
    asked herself: contact names, e-mail addresses and phone numbers of the municipality's own
    needs are not hers to read (tests/permissions/test_review_access.py). But a question is
    "the same need" when its text and municipality match, whoever asked it, and the API answers
    a repeated need with that need in full.

    Now: she sends the municipality's question word for word through the API and gets back the
    municipality's contact person (name, e-mail, phone); her own question and contact details are
    not stored at all, so nobody ever answers her (the web form sends her to a 404 page).
    SHOULD: "sent again" means sent again by the same person (as for practices and
    assignments, core.resend.earlier_post): she gets her own new need (201) with her own contact
    person, and never someone else's."""
    from rest_framework.test import APIClient

    from meervoud.api.tokens import issue_token
    from meervoud.needs.models import InformationNeed

    municipality = _person(make_user, Role.POLICY_OFFICER, "beleid-groningen",
                           organisation=_organisation("Gemeente Groningen (s20)", "Groningen"))
    question = "Wat helpt inwoners met schulden om op tijd hulp te vragen?"
    InformationNeed.objects.create(
        municipality=find_municipality("Groningen"), questions=question, formats=["rapport"],
        contact_name="Jan Ambtenaar", contact_email="jan.ambtenaar@groningen.example",
        contact_phone="050-1234567", asked_by=municipality)
    provider = _person(make_user, Role.POLICY_OFFICER, "beleid-aanbieder",
                       organisation=_organisation("Zorgaanbieder Noord (s20)", "Groningen",
                                                  OrganisationKind.CARE_PROVIDER))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(provider)[0]}")
    response = api.post("/api/v1/kennisbehoeften", {
        "gemeente": "Groningen", "vragen": question, "vormen": ["advies"],
        "contactpersoon": {"naam": "Fatima Aanbieder", "email": "fatima@aanbieder.example"}},
        format="json")
    body = response.content.decode()
    assert "jan.ambtenaar@groningen.example" not in body and "050-1234567" not in body, (
        "another organisation's contact person is handed out")
    assert response.status_code == 201
    assert InformationNeed.objects.filter(contact_email="fatima@aanbieder.example").exists()


# --------------------------------------------------------------------------- the public intake


def test_step_2_of_the_intake_stores_answers_of_any_length(client, municipality, domains):
    """Step 1 limits 'Wat hielp jou?' and 'Wat zat je in de weg?' to 4,000 characters, but step
    2 (the reviewed copy that is actually stored) has no limit on them: an anonymous visitor
    posts step 2 directly. The whole text is de-identified (seconds of CPU per 100,000
    characters, up to the 10 MB a request may hold), stored, analysed and shown to curators.

    Now: a 'what hindered' of 100,000 characters is accepted and stored as it came.
    SHOULD: step 2 refuses what step 1 would refuse (room for the placeholders, like the
    text's 40,000 and the correction form's 8,000), with the plain Dutch 'te lang' message."""
    big = "Het loket was dicht en niemand belde terug over mijn aanvraag. " * 1600  # ~100,000
    response = _tell(client, municipality, domains, reviewed_hindered=big)
    stored = Story.objects.first()
    assert stored is None or len(stored.hindered) <= 8000, (
        f"an answer of {len(stored.hindered)} characters was stored")
    assert response.status_code == 200 and re.search(r"te lang|hoogstens|hooguit", _text(response))


def test_one_address_sends_any_number_of_stories_each_counted_as_a_new_narrator(
        municipality, domains):
    """Every story sent without an account gets a new pseudonym, so it counts as one more
    independent narrator: the very number (n, and the k = 5 of disclosure control) that makes a
    theme 'collective' and decides what is published about a small place. Nothing limits how
    many stories one visitor sends: a script can make a theme look carried by many people, or
    add four invented narrators next to one real one in a small municipality so that her cell
    is shown.

    Now: 40 stories from one address in a row, each from a fresh browser, are all stored as 40
    narrators.
    SHOULD: like the password-reset page (three links per hour) the intake limits how many
    stories one address sends in a short time (a shelter's shared computer still gets room
    for a group), and then says so in plain Dutch (HTTP 429)."""
    answers = []
    for number in range(40):
        visitor = Client(REMOTE_ADDR="203.0.113.9")
        text = f"{STORY} Dit is verhaal nummer {number} van dezelfde afzender."
        answers.append(_tell(visitor, municipality, domains, text=text).status_code)
    assert 429 in answers, f"all {len(answers)} stories were accepted from one address"
    assert Narrator.objects.count() < 40


# --------------------------------------------------------------------------- shared computers


def test_pages_with_whole_stories_may_be_kept_in_the_browsers_cache(client, make_user, publish):
    """A narrator's own pages and the download of one's data say ``Cache-Control: no-store``
    ("personal data: not in any cache, shared or not"). The pages where a coordinator reads
    other people's whole stories (health, addiction, violence), the statements of a theme, and
    the REFI-QDA export of every research-consented story do not: on the shared computer of a
    shelter or a district team, the browser keeps them on disk and shows them again with Back
    after she logged out.

    Now: no Cache-Control at all on these answers.
    SHOULD: every answer that carries stories or statements says ``no-store`` (and
    ``private``), as the narrator's own pages already do."""
    statement = publish.statement("wachtlijsten", "V-70002",
                                  purposes=(Purpose.ANALYSIS, Purpose.RESEARCH))
    client.force_login(make_user(Role.COORDINATOR, "coordinator-s20"))
    pages = {
        "a whole story": reverse("stories:detail", args=[statement.story.pk]),
        "the list of stories": reverse("stories:list"),
        "a theme with its statements": reverse("knowledge:theme", args=["wachtlijsten"]),
        "the REFI-QDA export": reverse("exchange:export"),
    }
    cached = {name: client.get(url).get("Cache-Control") for name, url in pages.items()}
    assert all(cached[name] and "no-store" in cached[name] for name in pages), cached


# --------------------------------------------------------------------------- published words


def test_one_peer_expert_renames_a_published_theme_without_anyone_validating_it(
        client, make_user, publish):
    """What the Kennisbank, the infographic and the municipal reports say is what peer experts
    validated. A new collective statement on a validated theme therefore waits as a draft until
    it is validated. The theme's name is published the same way, but a rename goes public at
    once: one peer expert's account (or someone who took it over) puts any words it likes in
    front of every municipality, also a name, an insult or a story's identifying detail.

    Now: a peer expert renames a validated theme; the public knowledge base shows the new name
    straight away, nobody validated it.
    SHOULD: a new name of a validated theme waits for validation like a new collective
    statement (the public pages keep the validated name until then)."""
    publish.backed("wachtlijsten", 5, label="Lange wachtlijsten")
    public = client.get(reverse("publication:theme", args=["wachtlijsten"]))
    assert "Lange wachtlijsten" in _text(public)
    curator = Client()
    curator.force_login(make_user(Role.NARRATOR, "ed-kwaadwillend"))
    curator.post(reverse("knowledge:theme", args=["wachtlijsten"]),
                 {"form": "rename", "name": "Jan de Vries van het wijkteam is een leugenaar"})
    shown = _text(client.get(reverse("publication:theme", args=["wachtlijsten"])))
    assert "leugenaar" not in shown, "an unvalidated name is published"
    assert "Lange wachtlijsten" in shown


# ---------------------------------------------------------------------- other people's accounts


def test_any_peer_expert_can_read_the_name_and_organisation_behind_any_account(
        client, make_user):
    """Any peer expert may start a plan and is then its project lead, who adds team members by
    username. Adding needs nobody's agreement, and the team page then shows the added person's
    full name and organisation; an unknown username gets a different answer ("Er is geen
    actieve gebruiker met deze naam"). So anyone with an account can test which usernames exist
    and read the real name and employer behind each (a peer expert known in the pool by a
    pseudonym, a policy officer of another municipality), and puts them in a plan they never
    chose.

    Now: she adds a policy officer of Zwolle she has nothing to do with; the team page names
    her and her municipality.
    SHOULD: adding someone is an invitation the other person accepts (proposal); until then the
    page shows only what the lead typed, and a known and an unknown username get the same
    answer."""
    from meervoud.plans import services as plans

    _person(make_user, Role.POLICY_OFFICER, "bbakker", first="Bea", last="Bakker",
            organisation=_organisation("Gemeente Zwolle (s20)", "Zwolle"))
    lead = make_user(Role.NARRATOR, "ed-nieuwsgierig")
    plan = plans.create_plan(user=lead, data={"municipality": find_municipality("Groningen"),
                                              "location": "Oost"})
    client.force_login(lead)
    url = reverse("plans:members", args=[plan.pk])

    def add(username: str) -> str:
        return _text(client.post(url, {"action": "add", "username": username,
                                       "role": "beleidsmedewerker"}, follow=True))

    unknown, known = add("bestaat-niet"), add("bbakker")
    assert "Bea Bakker" not in known and "Gemeente Zwolle" not in known, (
        "the team page names the person behind the username")
    assert ("Er is geen actieve gebruiker" in unknown) == ("Er is geen actieve gebruiker" in known)


# ------------------------------------------------------------------- published words, four eyes


def test_a_peer_expert_validates_her_own_new_collective_statement_and_it_is_published(
        client, make_user, publish):
    """A new collective statement on a validated theme waits as a draft "until someone
    validates the new one", so that words nobody checked are not published as what peer experts
    say. The someone may be the writer herself: two clicks of one account publish any text to
    the Kennisbank, the infographic and the municipal reports. The teaching module already
    works with four eyes ("Je eigen bijdrage beoordeelt iemand anders").

    Now: she saves a new text and presses "Valideer de nieuwe tekst"; the public page shows it.
    SHOULD: the writer of a new text cannot validate it herself; the page says another peer
    expert does that, and the Kennisbank keeps the validated text until then."""
    publish.backed("wachtlijsten", 5, insight="Wachten maakt alles zwaarder.")
    writer = Client()
    writer.force_login(make_user(Role.NARRATOR, "ed-schrijver"))
    url = reverse("knowledge:theme", args=["wachtlijsten"])

    def version(page) -> str:
        return re.search(r'name="insight_was" value="([^"]*)"', page.content.decode()).group(1)

    writer.post(url, {"form": "insight", "insight": "Alleen ik weet wat hier echt speelt.",
                      "insight_was": version(writer.get(url))})
    writer.post(url, {"form": "validate", "insight_was": version(writer.get(url))})
    shown = _text(client.get(reverse("publication:theme", args=["wachtlijsten"])))
    assert "Alleen ik weet" not in shown, "a text only its writer checked is published"
    assert "Wachten maakt alles zwaarder." in shown


# --------------------------------------------------------------------------- accounts and imports


def test_the_forgotten_password_page_waits_for_the_mail_server_only_for_known_addresses(
        client, make_user, settings):
    """The page says the same whether an address has an account or not, so that nobody can find
    out who uses Meervoud (docs/security.md). But for a known address the link is sent inside
    the request: the answer waits for the mail server (a TLS handshake, up to EMAIL_TIMEOUT = 10
    seconds), for an unknown one it comes at once. Timing the answer tells which addresses have
    an account: a municipality's officers, a shelter's peer experts.

    Now: the message is sent before the page answers (it is in the outbox as soon as the POST
    returns), only for the known address.
    SHOULD: the answer does the same work for both; the link goes out afterwards, for example
    from the background worker that already runs analyses (``meervoud db_worker``)."""
    from django.core import mail

    from tests.conftest import run_background_tasks

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEERVOUD_SITE_URL = "https://meervoud.example.nl"
    _person(make_user, Role.POLICY_OFFICER, "beleid-reset", email="sanne@gemeente.example")
    url = reverse("accounts:password_reset")
    unknown = client.post(url, {"email": "niemand@gemeente.example"})
    sent_for_unknown = len(mail.outbox)
    known = client.post(url, {"email": "sanne@gemeente.example"})
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert len(mail.outbox) == sent_for_unknown == 0, (
        "the link to the known address was sent while the visitor waited for the page")
    run_background_tasks()
    assert [message.to for message in mail.outbox] == [["sanne@gemeente.example"]]


def test_a_story_import_of_any_size_is_read_whole(client, make_user):
    """Sharing teaching material stops at 10 MB and a REFI-QDA project at 50 MB, before anything
    is read. The story import has no limit: the whole upload is read into memory, decoded and
    parsed, and every row of it de-identified inside one request and one transaction (hundreds
    of thousands of rows in a file of tens of MB), which ties up the server for everyone; a
    coordinator's account someone took over, or a wrong export, is enough.

    Now: a 60 MB file is read and parsed; the answer is about a cell it could not read.
    SHOULD: a file over the import's limit is refused at once with a Dutch message that names
    the limit in MB, as the other uploads do."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_user(Role.COORDINATOR, "coordinator-import"))
    header = "verteller;verhaal;gemeente;levensdomeinen;toestemming_analyse\n"
    data = (header + "x" * (60 * 2**20)).encode()
    response = client.post(reverse("stories:import"),
                           {"file": SimpleUploadedFile("verhalen.csv", data, "text/csv")})
    errors = " ".join(response.context["form"].errors.get("file", [])) if response.context else ""
    assert "MB" in errors, f"not refused for its size: {errors!r}"
    assert not Story.objects.exists()
