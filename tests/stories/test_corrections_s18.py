"""Session 18: a narrator corrects her own story (AVG art. 16), the privacy officer corrects one in
the admin, and a narrator downloads what is held about her (art. 15 and 20). What the review
tests in tests/privacy/test_review_s18_rights.py do not cover: the Dutch errors, the numbering
of new names, what stays in the analysis, the audit log, the ledger of erasures and a restore."""

import json

import pytest
from django.urls import reverse

from meervoud.audit.models import AuditEvent
from meervoud.knowledge import curation
from meervoud.knowledge.models import AnalysisRun, Statement, Theme
from meervoud.stories import erasures, services
from meervoud.stories.models import Purpose, Story
from tests.links import personal_link

pytestmark = pytest.mark.django_db

KEPT = "Mijn buurvrouw bracht elke dag soep toen ik niet meer uit bed kwam."
REVEALING = "Ik was de enige verloskundige van ons dorp en iedereen kende mij."
STORY = f"{KEPT} {REVEALING}"


def _page(token) -> str:
    return reverse("stories:my_story", args=[token])


def _correct(client, story, text):
    return client.post(_page(personal_link(story.narrator)), {"story": story.pk, "action": "correct", "text": text},
                       follow=True)


def _analysed(publish, text=STORY, **kwargs) -> tuple[Story, Statement, Statement]:
    """A story cut into two statements, in one theme, as an analysis would store them."""
    first = publish.statement("steun", "V-correctie", "Groningen", text=text, **kwargs)
    story = first.story
    first.text, first.end = KEPT, len(KEPT)
    first.content_hash = "a" * 64
    first.save()
    start = story.text.index(REVEALING)
    second = Statement.objects.create(key=f"s{story.pk}b", story=story, text=REVEALING, start=start,
                                      end=start + len(REVEALING), content_hash="b" * 64, theme=first.theme)
    return story, first, second


# --------------------------------------------------------------------------- the narrator's page


@pytest.mark.parametrize("typed, error", [
    ("", "Je verhaal is leeg."),
    ("Te kort verhaal.", "Je verhaal is te kort: schrijf minstens 40 tekens (nu 16)."),
    ("a" * 40001, "Je verhaal is te lang: het mag hoogstens 40000 tekens hebben (nu 40001)."),
])
def test_a_correction_that_cannot_be_stored_says_why_keeps_what_she_typed_and_changes_nothing(
        client, publish, typed, error):
    story, *_ = _analysed(publish)
    response = _correct(client, story, typed)
    page = response.content.decode()
    assert response.status_code == 200 and error in page
    assert f">\n{typed}</textarea>" in page  # what she typed, to try again
    assert "<details open>" in page  # the form is open where the error is
    story.refresh_from_db()
    assert story.text == STORY
    assert Statement.objects.filter(story=story).count() == 2
    assert not AuditEvent.objects.filter(action="change").exists()


def test_her_page_offers_the_correction_with_her_current_text(client, publish):
    story, *_ = _analysed(publish)
    page = client.get(_page(personal_link(story.narrator))).content.decode()
    assert "Klopt er iets niet in je verhaal? Pas het aan" in page
    assert f'id="id_text_{story.pk}"' in page and STORY in page
    assert 'name="action" value="correct"' in page


def test_a_correction_takes_the_removed_sentence_out_at_once_and_keeps_the_rest(client, publish, make_user):
    publish.theme("steun", validated=False)  # what she writes is the text itself, not a draft
    story, kept, removed = _analysed(publish)
    theme = kept.theme
    curation.write_insight(theme, f'Een verteller: "{REVEALING}" En: "{KEPT}"', user=make_user("verteller", "ed"))
    corrected = f"Toen ik ziek was: {KEPT}"

    response = _correct(client, story, corrected)

    assert "Je verhaal is aangepast." in response.content.decode()
    story.refresh_from_db()
    assert story.text == corrected
    assert not Statement.objects.filter(pk=removed.pk).exists()
    kept.refresh_from_db()  # still there (its pins and codings with it), where it stands now
    assert (kept.start, kept.end) == (corrected.index(KEPT), len(corrected))
    insight = Theme.objects.get(pk=theme.pk).insight
    assert "verloskundige" not in insight and "soep" in insight  # only the removed words go
    assert AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED).exists()


def test_a_name_in_the_correction_is_replaced_with_a_number_of_its_own_and_she_is_told(client, publish):
    story, *_ = _analysed(publish)
    Story.objects.filter(pk=story.pk).update(helped="Mijn coach [PERSOON-1] luisterde.")
    story.refresh_from_db()
    response = _correct(client, story, f"{KEPT} Mijn zus Dewayna Hoekstra kwam ook elke week langs.")
    story.refresh_from_db()
    assert "Dewayna" not in story.text and "Hoekstra" not in story.text
    assert "[PERSOON-2]" in story.text  # not the coach's number
    assert "We hebben weer gegevens weggehaald die naar jou kunnen leiden: 1× naam." in response.content.decode()


def test_a_story_without_any_consent_left_can_still_be_corrected(client, publish):
    story, *_ = _analysed(publish)
    for purpose in (Purpose.ANALYSIS, Purpose.QUOTE):
        services.withdraw_consent(story, purpose, via="link")
    _correct(client, story, KEPT + " Meer wil ik er niet over zeggen.")
    story.refresh_from_db()
    assert "verloskundige" not in story.text
    assert not AnalysisRun.objects.filter(reason__contains="corrected").exists()  # not analysed


def test_the_correction_is_on_record_without_her_words_or_her_link(client, publish):
    story, *_ = _analysed(publish)
    _correct(client, story, KEPT + " Meer wil ik er niet over zeggen.")
    event = AuditEvent.objects.get(action="change", object_type="stories.story", object_id=str(story.pk))
    assert personal_link(story.narrator) not in event.path
    assert "soep" not in event.detail and "zeggen" not in event.detail


def test_nothing_changed_is_said_and_not_recorded(client, publish):
    story, *_ = _analysed(publish)
    response = _correct(client, story, STORY)
    assert "Je hebt niets veranderd." in response.content.decode()
    assert not AuditEvent.objects.filter(action="change").exists()
    assert Statement.objects.filter(story=story).count() == 2


def test_the_original_text_goes_with_a_correction(settings, client, municipality, domains):
    settings.MEERVOUD_KEEP_ORIGINAL_DAYS = 30
    story = services.create_story(narrator=services.new_narrator(), purposes={Purpose.ANALYSIS},
                                  draft=services.StoryDraft(text=STORY, municipality=municipality,
                                                            life_domains=domains))
    assert story.original_text
    _correct(client, story, KEPT + " Meer wil ik er niet over zeggen.")
    story.refresh_from_db()
    assert story.original_text == "" and story.original_expires_at is None


def test_the_corrected_words_get_a_new_hash_and_the_ledger_knows_both(publish):
    story, *_ = _analysed(publish)
    before = story.content_hash
    services.correct_story(story, text=KEPT + " Meer wil ik er niet over zeggen.", via="link")
    (entry,) = erasures.read_ledger().entries
    assert (entry.action, entry.story, entry.hash, entry.new) == ("correct", story.pk, before, story.content_hash)


def test_a_deletion_after_a_correction_still_applies_to_a_backup_from_before_it(publish, tmp_path):
    from meervoud.audit.backup import create_backup, restore_backup

    story, *_ = _analysed(publish)
    pk = story.pk
    create_backup(tmp_path / "b.gz")
    services.correct_story(story, text=KEPT + " Meer wil ik er niet over zeggen.", via="link")
    services.delete_story(story, via="link")

    manifest = restore_backup(tmp_path / "b.gz", force=True)

    assert manifest["reapplied"]["stories"] == 1
    assert not Story.objects.filter(pk=pk).exists()


def test_a_restore_names_the_stories_that_came_back_with_their_old_words(publish, tmp_path):
    from meervoud.audit.backup import create_backup

    story, *_ = _analysed(publish)
    create_backup(tmp_path / "b.gz")
    old_hash = story.content_hash
    services.correct_story(story, text=KEPT + " Meer wil ik er niet over zeggen.", via="link")
    Story.objects.filter(pk=story.pk).update(content_hash=old_hash)  # as the backup holds it

    assert erasures.reapply(erasures.read_ledger()).uncorrected == [story.pk]


# --------------------------------------------------------------------------- the admin


def test_the_admin_cannot_add_a_story_without_intake(admin_client):
    assert admin_client.get(reverse("admin:stories_story_add")).status_code == 403


def test_a_title_changed_in_the_admin_is_logged_by_field_name_and_queues_nothing(admin_client, publish):
    story, *_ = _analysed(publish)
    page = admin_client.get(reverse("admin:stories_story_change", args=[story.pk]))
    data = {name: value for name, value in page.context["adminform"].form.initial.items() if value is not None}
    # the hidden initial a date with a default sends along, as the browser does
    data.update(title="Soep van de buurvrouw", told_on=story.told_on.isoformat(),
                **{"initial-told_on": story.told_on.isoformat()},
                life_domains=[domain.pk for domain in story.life_domains.all()])
    for name in ("helped_own_strength", "helped_peers", "helped_professionals", "sense_of_control", "doing_now"):
        data.setdefault(name, "")
    response = admin_client.post(reverse("admin:stories_story_change", args=[story.pk]), data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="change", object_id=str(story.pk))
    assert event.detail == "beheer: title"
    assert Statement.objects.filter(story=story).count() == 2
    assert not AnalysisRun.objects.filter(reason__contains="corrected").exists()


# --------------------------------------------------------------------------- her download


def test_her_download_holds_only_her_stories_and_no_keys(client, publish):
    story, *_ = _analysed(publish)
    other = publish.statement("steun", "V-iemand-anders", "Groningen",
                              text="Een heel ander verhaal over de schuldhulp in de stad.").story
    response = client.get(reverse("stories:my_data", args=[personal_link(story.narrator)]))
    body = response.content.decode()
    data = json.loads(body)
    assert [s["id"] for s in data["verhalen"]] == [story.pk]
    assert data["verteller"]["pseudoniem"] == "V-correctie"
    assert other.text not in body and "V-iemand-anders" not in body
    assert personal_link(story.narrator) not in body and story.content_hash not in body
    assert data["verhalen"][0]["eigenTekst"]["bewaard"] is False
    assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]


def test_her_download_holds_the_original_while_it_is_kept_and_the_history_of_a_deleted_story(
        settings, client, municipality, domains):
    settings.MEERVOUD_KEEP_ORIGINAL_DAYS = 30
    narrator = services.new_narrator()
    draft = services.StoryDraft(text="Ik ben Petra en ik woonde een jaar in de opvang aan de rand van de stad.",
                                municipality=municipality, life_domains=domains, known_names=["Petra"])
    kept = services.create_story(narrator=narrator, purposes={Purpose.ANALYSIS}, draft=draft)
    gone = services.create_story(narrator=narrator, purposes={Purpose.RESEARCH}, draft=draft)
    gone_pk = gone.pk
    services.delete_story(gone, via="link")

    data = json.loads(client.get(reverse("stories:my_data", args=[personal_link(narrator)])).content)

    (story,) = data["verhalen"]
    assert story["id"] == kept.pk and "Petra" not in story["verhaal"]
    assert story["eigenTekst"]["bewaard"] is True and "Petra" in story["eigenTekst"]["tekst"]
    (deleted,) = data["verwijderdeVerhalen"]
    assert deleted["id"] == gone_pk
    assert [(e["doel"], e["handeling"]) for e in deleted["toestemmingsgeschiedenis"]] == [
        ("research", "given"), ("research", "withdrawn")]


def test_her_download_is_on_record_without_her_link(client, publish):
    story, *_ = _analysed(publish)
    client.get(reverse("stories:my_data", args=[personal_link(story.narrator)]))
    event = AuditEvent.objects.get(action="download", object_type="stories.narrator")
    assert event.object_id == str(story.narrator.pk) and personal_link(story.narrator) not in event.path


def test_a_wrong_link_downloads_nothing(client, publish):
    _analysed(publish)
    assert client.get(reverse("stories:my_data", args=["niet-bestaand"])).status_code == 404
    assert not AuditEvent.objects.filter(action="download").exists()


def test_her_page_links_to_the_download(client, publish):
    story, *_ = _analysed(publish)
    page = client.get(_page(personal_link(story.narrator))).content.decode()
    assert reverse("stories:my_data", args=[personal_link(story.narrator)]) in page
    assert "Download alles wat we over jou bewaren" in page


# --------------------------------------------------------------------------- finding a narrator


def test_another_organisations_coordinator_does_not_find_her_by_the_same_reference(client, make_user, publish):
    from meervoud.accounts.models import Organisation, OrganisationKind
    from meervoud.stories.models import Narrator
    from meervoud.stories.pseudonyms import api_pseudonym

    home, elsewhere = (Organisation.objects.create(name=name, kind=OrganisationKind.SELF_HELP)
                       for name in ("Herstelhuis (test)", "Ander huis (test)"))
    sender, other = make_user("coordinator", "koppeling"), make_user("coordinator", "ander")
    sender.organisation, other.organisation = home, elsewhere
    sender.save()
    other.save()
    story = publish.statement("steun", "tijdelijk", "Groningen").story
    Narrator.objects.filter(pk=story.narrator_id).update(code=api_pseudonym("client-4711", sender))

    client.force_login(other)
    page = client.get(reverse("stories:list"), {"verteller": "client-4711"}).content.decode()
    assert reverse("stories:detail", args=[story.pk]) not in page
