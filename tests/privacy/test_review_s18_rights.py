"""Privacy review, session 18: the rights of the people whose data Meervoud holds (AVG art.
15-21), walked as the privacy officer (functionaris gegevensbescherming) handles them.

The data subjects: a narrator with a personal link, a narrator with an account, a narrator whose
stories came in by file import or the API (no link: they phone the organisation), a peer expert
in the pool, and a policy officer or researcher with an account. For each: can the privacy
officer (a coordinator or administrator, accounts/permissions.py) find that person's data,
answer the request and prove it was done, and is nothing identifying left once a person is
erased or a retention period has passed?

Each test describes one problem, who it hurts, and asserts what SHOULD happen; each failed on
the code as it was reviewed. Most serious first. Where a capability is missing entirely the
test is written against a new, clearly named interface (said so in its docstring). Not repeated
here: what tests/privacy, tests/stories, tests/audit and tests/accounts already check (deletion
and withdrawal by link, by a coordinator and in the admin; the erasure ledger and restores;
the original text's expiry; reading a story in the admin being logged).
"""

import json
from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from meervoud.audit.models import AuditEvent
from meervoud.stories import services
from meervoud.stories.models import Purpose, Story
from tests.links import personal_link

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-1"


def _privacy_officer(django_user_model, username: str = "privacy"):
    """An administrator who handles data-subject requests in /beheer/ (the Django admin)."""
    return django_user_model.objects.create_superuser(username, password=PASSWORD, role="beheerder")


def _new_url(name: str, *args) -> str:
    """A URL this review asks for; it fails the test plainly while the capability is missing."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        pytest.fail(f"missing capability: there is no URL named {name!r} yet")


def _admin_story_form(story: Story, **changes) -> dict:
    """What the admin's change form for a story posts, with ``changes`` typed in."""
    data = {
        "title": story.title, "text": story.text, "helped": story.helped,
        "hindered": story.hindered, "municipality": story.municipality_id,
        "life_domains": [domain.pk for domain in story.life_domains.all()], "level": story.level,
        "recovery_phase": story.recovery_phase, "language": story.language,
        "told_on": story.told_on.isoformat(), "helped_own_strength": "", "helped_peers": "",
        "helped_professionals": "", "sense_of_control": "", "doing_now": "",
    }
    data.update(changes)
    return data


# A detail that points to one person without being a name: the de-identifier rightly leaves it,
# and only the narrator can say it must go.
REVEALING = "de enige verloskundige van ons dorp"
REVEALING_STORY = (f"Mijn dochter, {REVEALING}, bracht me elke dag eten toen ik niet meer uit "
                   "bed kwam na de scheiding.")


# --------------------------------------------------------------------------- finding the person


def test_a_narrator_sent_in_through_the_api_cannot_be_found_by_the_organisations_reference(
        client, make_user):
    """A care organisation's registration system sends a client's story to /api/v1/verhalen
    with its own reference for the client ("client-4711"). Meervoud stores only a keyed digest of
    it, scoped per sending organisation (stories/pseudonyms.py `api_pseudonym`). The client has
    no personal link; to see, take back or delete her story she phones the organisation, and the
    coordinator there types "client-4711" into /verhalen/?verteller=… as docs/security.md tells
    her to. The search only tries the pseudonym itself and the FILE import's digest
    (`import_pseudonym`, StoryListView), never the API's, so nothing is found: the narrator's
    request for access, withdrawal or erasure cannot be carried out. Hurts every narrator whose
    story came in through the API. SHOULD: a coordinator of the sending organisation finds the
    story by the reference the organisation knows (the API digest in her organisation's scope)."""
    from meervoud.accounts.models import Organisation, OrganisationKind
    from meervoud.api.tokens import issue_token

    home = Organisation.objects.create(name="Herstelhuis Groningen (test)",
                                       kind=OrganisationKind.SELF_HELP)
    system = make_user("coordinator", "koppeling-herstelhuis")
    coordinator = make_user("coordinator", "coordinator-herstelhuis")
    for user in (system, coordinator):
        user.organisation = home
        user.save()
    key, _token = issue_token(system)
    sent = client.post("/api/v1/verhalen", data=json.dumps({
        "verteller": "client-4711", "gemeente": "Groningen", "levensdomeinen": ["armoede-schulden"],
        "verhaal": "Ik wachtte maanden op schuldhulp en niemand van de gemeente belde mij terug.",
        "toestemmingAnalyse": True}), content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}")
    assert sent.status_code == 201, sent.content
    story = Story.objects.get(pk=sent.json()["id"])

    client.force_login(coordinator)
    page = client.get(reverse("stories:list"), {"verteller": "client-4711"}).content.decode()
    assert reverse("stories:detail", args=[story.pk]) in page, \
        "the coordinator of the sending organisation cannot find the narrator's story by her reference"


# --------------------------------------------------------------------------- retention


def test_a_story_whose_every_consent_was_withdrawn_is_kept_for_ever(publish):
    """A narrator takes back every consent on her personal page (analysis, quoting, sharing,
    research), without pressing "Verwijder dit verhaal helemaal". Meervoud rightly stops using
    the story anywhere, but keeps the whole story (and, with MEERVOUD_KEEP_ORIGINAL_DAYS, its
    original until then) in the database for ever: no retention rule (audit/retention.py) looks
    at stories without any consent, only at narrators without stories. Data about her health and
    life is held without any purpose or legal ground left (AVG art. 5(1)(e), 17(1)(b)), and
    appears in every backup. SHOULD: a story without any active consent is deleted (through
    `delete_story`, on record) after a documented grace period; a year on it is gone."""
    from meervoud.audit.retention import apply_retention

    story = publish.statement("wachten", "V-alles-terug", "Groningen").story
    for purpose in list(story.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True)):
        services.withdraw_consent(story, purpose, via="link")
    assert not story.consents.filter(withdrawn_at__isnull=True).exists()

    apply_retention(dry_run=False, now=timezone.now() + timedelta(days=366))
    assert not Story.objects.filter(pk=story.pk).exists(), \
        "a year after the last consent was withdrawn the story is still stored"


def test_every_login_stores_the_full_ip_address_and_browser_for_ever(client, make_user):
    """docs/security.md promises that the audit log keeps only a keyed hash of the client's
    network "without storing where someone was". But django-axes, installed for login
    throttling, also writes its own access log (`axes.AccessLog`; AXES_DISABLE_ACCESS_LOG is not
    set) on every successful login: username, the full IP address and the browser's user agent.
    Nothing ever deletes those rows (`meervoud retention` does not know them), they are in every
    backup, they stay after the account is erased, and no access request would mention them.
    Hurts every account holder: coordinators, policy officers, researchers, peer experts.
    SHOULD: no raw address or user agent is kept beyond what the lockout needs (switch the
    access log off, and let retention remove expired failed attempts)."""
    from axes.models import AccessLog

    make_user("beleid", "els.jansen")
    response = client.post(reverse("accounts:login"), {"username": "els.jansen", "password": PASSWORD},
                           REMOTE_ADDR="203.0.113.57",
                           HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0; rv:128.0) Firefox/128.0")
    assert response.status_code == 302, "precondition: she logged in"
    assert AuditEvent.objects.filter(action="login", username="els.jansen").exists()

    kept = list(AccessLog.objects.filter(ip_address="203.0.113.57").values_list(
        "username", "ip_address", "user_agent"))
    assert kept == [], f"django-axes keeps the raw address and browser of the login: {kept}"


# --------------------------------------------------------------------------- rectification


def test_a_correction_in_the_admin_leaves_the_old_words_in_the_analysis(client, publish, django_user_model):
    """A narrator phones: "my story still says my daughter is the only midwife in our village,
    everyone will know who I am". The only place anyone can correct a story is the Django admin,
    so the privacy officer edits the text there. The story changes, but its statements (the
    sentences cut from it, shown with the narrator's pseudonym to every peer expert and
    researcher on the curation and coding pages, and what codings and theme labels rest on) keep
    the old words: saving a story only recounts its themes (`knowledge.services.story_changed`), it
    neither re-cuts the statements nor queues a re-analysis. The detail stays in use until someone
    happens to run an analysis. SHOULD: a corrected text takes the old statements out at once
    (as a withdrawal does) and queues a re-analysis; no statement holds the removed words."""
    from meervoud.knowledge.models import Statement

    story = publish.statement("steun", "V-verloskundige", "Groningen", text=REVEALING_STORY).story
    assert REVEALING in story.text, "precondition: the de-identifier left the detail in"
    client.force_login(_privacy_officer(django_user_model))
    corrected = story.text.replace(f", {REVEALING},", "")
    response = client.post(reverse("admin:stories_story_change", args=[story.pk]),
                           _admin_story_form(story, text=corrected))
    assert response.status_code == 302, "precondition: the admin saved the correction"
    story.refresh_from_db()
    assert REVEALING not in story.text

    still = list(Statement.objects.filter(story_id=story.pk, text__contains=REVEALING)
                 .values_list("text", flat=True))
    assert still == [], f"the corrected detail is still in the analysis: {still}"
    curation_page = client.get(reverse("knowledge:theme", args=["steun"])).content.decode()
    assert REVEALING not in curation_page


# --------------------------------------------------------------------------- access: recipients


def test_a_research_export_does_not_record_which_stories_left_the_system(client, publish, make_user):
    """A narrator who consented to research asks (AVG art. 15(1)(c)): "to whom was my story
    given?". A researcher downloaded the REFI-QDA project (/uitwisseling/export/), which holds
    her whole story, to analyse it in ATLAS.ti or MAXQDA on their own computer. The audit log
    has one line "export exchange.qdpx REFI-QDA", with no story in it (exchange/views.py
    ExportView; the `export_qdpx` command the same), so the privacy officer cannot tell her
    whether, when and by whom her story was exported, and after she withdraws cannot tell which
    researchers hold a copy that must be deleted. SHOULD: the log says which stories an export
    held, so that searching /logboek/ for her story (type stories.story, its id) shows the
    export, with who did it."""
    import io
    import zipfile

    from meervoud.audit.selectors import audit_events

    words = "Bij de voedselbank schaamde ik me eerst, maar de vrijwilligers waren heel lief voor mij."
    story = publish.statement("voedsel", "V-onderzoek", "Groningen", text=words,
                              purposes=(Purpose.ANALYSIS, Purpose.RESEARCH)).story
    client.force_login(make_user("onderzoeker", "onderzoeker-hanze"))
    response = client.get(reverse("exchange:export"))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        exported = "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    assert "voedselbank" in exported, "precondition: her story is in the export"

    about_her = audit_events(object_type="stories.story", object_id=str(story.pk))
    assert about_her.filter(action="export", username="onderzoeker-hanze").exists(), (
        "the audit log cannot show that her story was exported: "
        f"{list(audit_events().values_list('action', 'object_type', 'object_id', 'detail'))}")


# --------------------------------------------------------------------------- erasure of a person


def test_erasing_a_narrators_account_leaves_her_stories_in_use(client, django_user_model, make_user,
                                                               municipality, domains):
    """A peer expert told her story while logged in (a narrator with an account) and asks to be
    erased: "haal alles van mij weg". The privacy officer deletes her account in /beheer/. The
    account goes, but `Narrator.user` is SET_NULL: her stories stay, analysed and quotable, now
    under a narrator without an account. The retention rule "vertellers" only removes narrators
    without stories, she can no longer reach them through "Mijn verhalen", and the admin said
    nothing about them. SHOULD: erasing an account either deletes the person's stories (through
    `delete_story`, on record) or is refused until the privacy officer has dealt with them; never
    an erased person whose stories are still used."""
    person = make_user("verteller", "sanne.v")
    narrator = services.new_narrator(user=person)
    story = services.create_story(
        narrator=narrator, purposes={Purpose.ANALYSIS, Purpose.QUOTE},
        draft=services.StoryDraft(text="Na de opname in de kliniek woonde ik een jaar bij mijn moeder.",
                                  municipality=municipality, life_domains=domains))
    client.force_login(_privacy_officer(django_user_model))
    client.post(reverse("admin:accounts_user_delete", args=[person.pk]), {"post": "yes"})

    erased = not django_user_model.objects.filter(pk=person.pk).exists()
    assert not (erased and Story.objects.filter(pk=story.pk).exists()), \
        "the account is erased but her story is still stored and used"


def test_the_admins_own_history_keeps_an_erased_experts_name_for_ever(client, django_user_model,
                                                                       make_user, municipality):
    """A peer expert leaves the pool and asks to be forgotten; the privacy officer deletes her
    profile in /beheer/. The profile goes, but Django's admin history (`django_admin_log`,
    `LogEntry.object_repr` = str(profile) = her display name "Jan de Vries") records "deleted
    Jan de Vries". That table is not the audit log: `meervoud retention` never prunes it (the
    audit log's 730 days do not apply), it is in every backup, and the same happens for every
    account (its username) or profile an administrator deletes or edits. SHOULD: two
    years on (the audit log's retention), no trace of her name is left in the admin's history
    (pruned by retention, or never written with the name)."""
    from django.contrib.admin.models import LogEntry

    from meervoud.audit.retention import apply_retention
    from meervoud.pool.models import ExpertProfile

    expert = make_user("verteller", "jdevries")
    profile = ExpertProfile.objects.create(user=expert, display_name="Jan de Vries", home=municipality)
    client.force_login(_privacy_officer(django_user_model))
    response = client.post(reverse("admin:pool_expertprofile_delete", args=[profile.pk]), {"post": "yes"})
    assert response.status_code == 302 and not ExpertProfile.objects.exists(), "precondition: erased"

    apply_retention(dry_run=False, now=timezone.now() + timedelta(days=731))
    left = list(LogEntry.objects.filter(object_repr__icontains="Jan de Vries").values_list(
        "action_time", "object_repr"))
    assert left == [], f"the erased expert's name is still in the admin's history: {left}"


def test_erasing_a_policy_officer_leaves_her_name_and_email_on_her_needs(client, django_user_model, officer):
    """A policy officer of Groningen filed an information need; the form filled in her own name
    and e-mail as the contact (needs/views.py). She leaves the municipality and asks to be
    erased; the privacy officer deletes her account in /beheer/. `asked_by` becomes empty, but
    `contact_name` and `contact_email` were copied onto the need: her name and address stay on
    it for ever, shown to the learning network and her former colleagues (and in the API's
    `contactpersoon`). SHOULD: erasing an account also clears the contact details it left on
    needs (or hands them to the organisation); no need holds her name or address afterwards."""
    from django.db.models import Q

    from meervoud.needs.models import InformationNeed

    officer.first_name, officer.last_name, officer.email = "Els", "Jansen", "els.jansen@groningen.example"
    officer.save()
    InformationNeed.objects.create(
        municipality=officer.organisation.municipality, asked_by=officer,
        questions="Wat helpt inwoners met schulden om eerder hulp te vragen?", formats=["rapport"],
        contact_name="Els Jansen", contact_email="els.jansen@groningen.example")
    client.force_login(_privacy_officer(django_user_model))
    client.post(reverse("admin:accounts_user_delete", args=[officer.pk]), {"post": "yes"})
    assert not django_user_model.objects.filter(pk=officer.pk).exists(), "precondition: erased"

    left = list(InformationNeed.objects.filter(
        Q(contact_email__iexact="els.jansen@groningen.example") | Q(contact_name__icontains="Jansen"))
        .values_list("contact_name", "contact_email"))
    assert left == [], f"the erased officer's contact details are still on her need: {left}"


# --------------------------------------------------------------------------- proof


def test_what_the_privacy_officer_does_to_a_story_in_the_admin_is_not_in_the_audit_log(
        client, publish, django_user_model):
    """The privacy officer handles requests in /beheer/: she corrects a story's text (art. 16)
    and deletes another (art. 17). Opening the story there is logged ("view", detail "beheer"),
    but the correction and the deletion are not: `StoryAdmin` records neither a "change" nor a
    "story-deleted" event, where the coordinator's "Namens de verteller" does (stories/views.py).
    The deletion's consent records say only `via=admin`, not who. Asked later to prove that the
    request was carried out, and by whom, the log has nothing. SHOULD: a correction is logged as
    "change" (the fields' names, never their content) and a deletion as "story-deleted", each
    with the administrator's name and the story's id."""
    corrected = publish.statement("steun", "V-correctie", "Groningen", text=REVEALING_STORY).story
    deleted = publish.statement("steun", "V-verwijderd", "Groningen").story
    client.force_login(_privacy_officer(django_user_model))
    saved = client.post(reverse("admin:stories_story_change", args=[corrected.pk]),
                        _admin_story_form(corrected, text=corrected.text.replace(f", {REVEALING},", "")))
    gone = client.post(reverse("admin:stories_story_delete", args=[deleted.pk]), {"post": "yes"})
    assert saved.status_code == gone.status_code == 302, "precondition: both were done"
    assert not Story.objects.filter(pk=deleted.pk).exists()

    logged = set(AuditEvent.objects.filter(username="privacy", object_type="stories.story")
                 .values_list("action", "object_id"))
    assert ("change", str(corrected.pk)) in logged, f"the correction is not logged: {logged}"
    assert ("story-deleted", str(deleted.pk)) in logged, f"the deletion is not logged: {logged}"


# --------------------------------------------------------------------------- missing capabilities


def test_a_narrator_cannot_download_what_is_held_about_her(client, publish):
    """NEW capability. A narrator asks (art. 15 and 20): "what do you hold about me, and where was
    it used?". Her personal page shows the text, the answers and which consent is on, but not the
    municipality, life domains, level, date or recovery phase stored with it, not when she gave or
    took back which consent (ConsentEvent, the proof), not the themes her sentences are used in,
    and nothing can be downloaded. Narrators without a link cannot even see that page. SHOULD: a
    download on the personal page, new URL `stories:my_data` (args: the link's token), answering
    JSON as an attachment, never cached, with for each story everything stored with it, the
    consent history, and the titles of the themes it is used in."""
    statement = publish.statement("wachten", "V-inzage", "Groningen", text=(
        "Ik heb een jaar gewacht op schuldhulp en ondertussen kwamen de deurwaarders aan de deur."))
    theme = statement.theme
    theme.name = "Wachten op schuldhulp"
    theme.save()
    story = statement.story
    services.withdraw_consent(story, Purpose.QUOTE, via="link")

    response = client.get(_new_url("stories:my_data", personal_link(story.narrator)))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response.get("Content-Disposition", "")
    assert "no-store" in response.get("Cache-Control", "") or "no-cache" in response.get("Cache-Control", "")
    body = json.dumps(json.loads(response.content), ensure_ascii=False)
    for held in (story.text, "Groningen", "Wachten op schuldhulp", story.told_on.isoformat()):
        assert held in body, f"{held!r} is not in her download"
    for purpose in (Purpose.ANALYSIS, Purpose.QUOTE):
        assert purpose.value in body or str(purpose.label) in body, f"consent {purpose.value} is missing"
    assert body.count("withdrawn") + body.count("ingetrokken") >= 1, "the consent history is missing"


def test_a_narrator_cannot_correct_her_own_story(client, publish):
    """NEW capability. A narrator reads her story on her personal page and sees that it still
    says her daughter is "the only midwife in our village" (art. 16, rectification). The page
    offers withdrawing, giving and deleting, nothing else: to correct one detail she must delete
    the story (losing its place in every theme and the date she told it) and tell it again, or
    find someone with access to the Django admin. SHOULD: the personal page accepts a corrected
    text (new: POST action "correct" with the story and "text"), de-identifies it again as at
    intake, stores it, and takes the old sentences out of the analysis at once."""
    from meervoud.knowledge.models import Statement

    story = publish.statement("steun", "V-zelf", "Groningen", text=REVEALING_STORY).story
    corrected = "Mijn dochter bracht me elke dag eten toen ik niet meer uit bed kwam na de scheiding."
    client.post(reverse("stories:my_story", args=[personal_link(story.narrator)]),
                {"story": story.pk, "action": "correct", "text": corrected})
    story.refresh_from_db()
    assert REVEALING not in story.text, "the narrator could not correct her story"
    assert story.text == corrected
    assert not Statement.objects.filter(story_id=story.pk, text__contains=REVEALING).exists()


def test_an_account_holder_cannot_download_what_is_held_about_them(client, officer, make_practice):
    """NEW capability. A policy officer asks (art. 15 and 20) what Meervoud holds about her: her
    account, the plans she is a member of and in which role, the good practices she proposed,
    the information needs she filed, and what the audit log says she did. None of it can be
    shown to her or exported: the privacy officer would have to search /beheer/ model by model
    and /logboek/ by username, and then copy it out by hand (seeing far more than this one
    person's data while doing so). The same holds for researchers and peer experts (profile,
    availability, proposals, evaluations). SHOULD: a logged-in person downloads their own data,
    new URL `accounts:my_data`, JSON as an attachment, with their account details, plan
    memberships, practices proposed, needs filed, pool profile if any, and their audit events."""
    from meervoud.needs.models import InformationNeed
    from meervoud.plans import services as plans

    officer.first_name, officer.last_name, officer.email = "Els", "Jansen", "els.jansen@groningen.example"
    officer.save()
    plans.create_plan(user=officer, data={"municipality": officer.organisation.municipality,
                                          "title": "Ervaringsdeskundigen in Oosterpark",
                                          "location": "Oosterpark"})
    make_practice("Buddy bij de schuldhulp", proposed_by=officer)
    InformationNeed.objects.create(
        municipality=officer.organisation.municipality, asked_by=officer, formats=["rapport"],
        questions="Wat helpt inwoners met schulden om eerder hulp te vragen?",
        contact_name="Els Jansen", contact_email="els.jansen@groningen.example")
    client.force_login(officer)

    response = client.get(_new_url("accounts:my_data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response.get("Content-Disposition", "")
    body = json.dumps(json.loads(response.content), ensure_ascii=False)
    for held in ("els.jansen@groningen.example", "Gemeente Groningen (test)",
                 "Ervaringsdeskundigen in Oosterpark", "Buddy bij de schuldhulp",
                 "Wat helpt inwoners met schulden"):
        assert held in body, f"{held!r} is not in her download"
