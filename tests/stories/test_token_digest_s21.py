"""Session 21: the database keeps only a SHA-256 digest of a narrator's personal link. The key
itself is made when a page shows it once (the thanks page, her new link, the coordinator's new
link) and is kept nowhere: not in the narrator's row, not in a session (sessions are rows too)."""

import json
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.urls import reverse

from meervoud.stories import services
from meervoud.stories.models import Narrator, Story, link_digest, new_token
from tests.links import opens, personal_link, shown_link, shown_links
from tests.stories.test_intake_views import STORY, step1, step2

pytestmark = pytest.mark.django_db

INTAKE = "stories:intake"
THANKS = "stories:thanks"


def _held(token: str) -> list[str]:
    """Where the database holds this key: any text column of any table, and every session's
    data (read as stored, and decoded: a session may be stored compressed)."""
    found = []
    for model in apps.get_models():
        names = [field.attname for field in model._meta.concrete_fields
                 if isinstance(field, (models.CharField, models.TextField, models.JSONField))]
        if not names:
            continue
        for row in model._base_manager.values_list(*names):
            if any(token in str(value) for value in row):
                found.append(model._meta.label)
    for session in Session.objects.all():
        if token in session.session_data or token in json.dumps(session.get_decoded()):
            found.append("session")
    return found


def _tell(client, municipality, domains, text=STORY):
    return client.post(reverse(INTAKE), step2(step1(municipality, domains, text=text), reviewed_text=text))


def _signed(page) -> str:
    return re.search(r'name="link" value="([^"]+)"', page.content.decode()).group(1)


# --------------------------------------------------------------------------- nothing kept


def test_after_an_intake_the_database_holds_no_key_of_her_link(client, municipality, domains):
    sent = _tell(client, municipality, domains)
    assert sent.status_code == 302
    assert Narrator.objects.get().token_digest is None  # no link before a page shows it
    thanks = client.get(sent["Location"])
    token = shown_link(thanks)
    narrator = Narrator.objects.get()
    assert narrator.token_digest == link_digest(token)
    assert _held(token) == []
    # the language button brings the same link back once, and leaves nothing behind either
    english = client.post(reverse(THANKS), {"link": _signed(thanks), "interface_language": "en"}, follow=True)
    assert shown_link(english) == token
    assert _held(token) == []


def test_a_new_link_she_makes_is_kept_nowhere_once_shown(client, publish):
    story = publish.statement("wachtlijsten", "V-81001").story
    client.post(reverse("stories:my_story", args=[personal_link(story.narrator)]), {"action": "new_link"})
    token = shown_link(client.get(reverse("stories:new_link")))
    assert opens(token) == story.narrator
    assert _held(token) == []


def test_a_link_a_coordinator_makes_is_kept_nowhere_once_shown(client, make_user, publish):
    story = publish.statement("wachtlijsten", "V-81002").story
    client.force_login(make_user("coordinator", "coordinator-s21"))
    detail = reverse("stories:detail", args=[story.pk])
    client.post(detail, {"what": "new_link", "asked": "on"})
    token = shown_link(client.get(detail))
    assert opens(token) == story.narrator
    assert _held(token) == []


def test_the_coordinators_new_link_leaves_the_session_at_the_next_story_page(client, make_user, publish):
    """Not kept until she happens to open that story again: the redirect leads to it at once."""
    story = publish.statement("wachtlijsten", "V-81003").story
    other = publish.statement("wachtlijsten", "V-81004").story
    client.force_login(make_user("coordinator", "coordinator-s21b"))
    client.post(reverse("stories:detail", args=[story.pk]), {"what": "new_link", "asked": "on"})
    assert not shown_links(client.get(reverse("stories:detail", args=[other.pk])))
    assert not shown_links(client.get(reverse("stories:detail", args=[story.pk])))
    assert not [s for s in Session.objects.all() if "narrator_new_link" in s.get_decoded()]


# --------------------------------------------------------------------------- links that open nothing


def test_a_wrong_key_opens_nothing(client, publish):
    story = publish.statement("wachtlijsten", "V-81005").story
    token = personal_link(story.narrator)
    digest = Narrator.objects.get(pk=story.narrator.pk).token_digest
    for wrong in (new_token(), token[:-1], token.upper(), digest):  # the digest itself is no key
        assert client.get(reverse("stories:my_story", args=[wrong])).status_code == 404
        assert client.get(reverse("stories:my_data", args=[wrong])).status_code == 404
    assert client.get(reverse("stories:my_story", args=[token])).status_code == 200


def test_a_narrator_without_a_link_is_opened_by_no_key(client):
    """A narrator who came in without the thanks page (an import, the API, a page never shown)."""
    narrator = services.new_narrator()
    assert narrator.token_digest is None
    for key in ("None", "null", "%20"):
        assert client.get(f"/mijn-verhaal/{key}/").status_code == 404
    assert opens("") is None and opens(None) is None


def test_renewing_stops_the_old_link(client, publish):
    story = publish.statement("wachtlijsten", "V-81006").story
    old = personal_link(story.narrator)
    new = services.issue_personal_link(story.narrator)
    assert new != old
    assert client.get(reverse("stories:my_story", args=[old])).status_code == 404
    assert client.get(reverse("stories:my_data", args=[old])).status_code == 404
    assert client.get(reverse("stories:my_story", args=[new])).status_code == 200


def test_her_first_link_is_made_once(publish):
    narrator = publish.statement("wachtlijsten", "V-81007").story.narrator
    first = services.first_personal_link(narrator)
    assert first and opens(first) == narrator
    assert services.first_personal_link(narrator) is None  # shown once: not made again
    assert opens(first) == narrator  # and the first still works


# --------------------------------------------------------------------------- old links


def test_links_given_before_the_digest_keep_working_after_the_migration(client, publish):
    """Migration stories 0009: a key stored as it was given becomes its digest, so the link
    she saved still opens her page; the key is gone from the database; running it twice changes
    nothing."""
    migration = import_module("meervoud.stories.migrations.0009_personal_link_digests")
    story = publish.statement("wachtlijsten", "V-81008").story
    untouched = publish.statement("wachtlijsten", "V-81009").story.narrator  # never given a link
    old = new_token()
    Narrator.objects.filter(pk=story.narrator.pk).update(token_digest=old)  # as before session 21

    migration.digest_links(apps, None)

    assert Narrator.objects.get(pk=story.narrator.pk).token_digest == link_digest(old)
    assert Narrator.objects.get(pk=untouched.pk).token_digest is None
    assert _held(old) == []
    assert client.get(reverse("stories:my_story", args=[old])).status_code == 200
    migration.digest_links(apps, None)  # twice: nothing changes
    assert client.get(reverse("stories:my_story", args=[old])).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_a_key_into_its_digest_in_the_database():
    """The same through the migration executor, as `meervoud migrate` runs it: from the table
    with the key to the table with the digest. (Self-contained: a transactional test may run
    after others emptied the database.)"""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("stories", "0008_intake_senders")], [("stories", "0009_personal_link_digests")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = new_token()
    try:
        narrators = executor.loader.project_state(before).apps.get_model("stories", "Narrator")
        narrator = narrators.objects.create(code="V-81011", token=old)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert Narrator.objects.get(pk=narrator.pk).token_digest == link_digest(old)
    assert opens(old).pk == narrator.pk
    assert _held(old) == []


# --------------------------------------------------------------------------- the thanks page


def test_the_thanks_page_shows_the_link_once_and_the_session_forgets_it(client, municipality, domains):
    sent = _tell(client, municipality, domains)
    thanks = client.get(sent["Location"])
    token = shown_link(thanks)
    assert "no-store" in thanks["Cache-Control"]
    again = client.get(reverse(THANKS))
    assert again.status_code == 302 and token not in again.content.decode()
    session = Session.objects.get().get_decoded()
    assert "last_story_id" not in session and "thanks_link" not in session
    assert _held(token) == []


def test_the_same_page_sent_again_later_makes_no_second_link(client, municipality, domains):
    """Back and 'Versturen' again after the thanks page: no new link is made for her story (it
    would stop the one she saved) and none is shown."""
    data = step2(step1(municipality, domains))
    client.post(reverse(INTAKE), data)
    token = shown_link(client.get(reverse(THANKS)))
    page = client.post(reverse(INTAKE), data, follow=True)
    assert not shown_links(page)
    assert "Dit verhaal was al verstuurd" in page.content.decode()
    assert opens(token) == Narrator.objects.get()


def test_a_narrator_with_an_account_keeps_her_link_when_she_tells_another_story(
        client, make_user, municipality, domains):
    """Her first story shows her link once. A second story does not make a new one (her saved
    link would stop without her knowing): she is taken to Mijn verhalen, where the story is."""
    client.force_login(make_user("verteller", "verteller-s21"))
    client.post(reverse(INTAKE), step2(step1(municipality, domains)))
    token = shown_link(client.get(reverse(THANKS)))
    other = STORY + " Later ging het beter, met hulp van mijn buurvrouw."
    sent = _tell(client, municipality, domains, text=other)
    page = client.get(sent["Location"], follow=True)
    assert page.redirect_chain[-1][0] == reverse("stories:mine")
    body = page.content.decode()
    assert "Bedankt voor je verhaal. Je vindt het hieronder, bij Mijn verhalen." in body
    assert "Je persoonlijke link van eerder blijft werken." in body
    assert not shown_links(page)
    assert Story.objects.count() == 2 and Narrator.objects.count() == 1
    assert opens(token) == Narrator.objects.get()
    assert _held(token) == []


def test_the_account_message_in_english(client, make_user, municipality, domains):
    """Waits on the English translation (tr_tokens.json) being compiled."""
    client.force_login(make_user("verteller", "verteller-s21-en"))
    client.post(reverse(INTAKE), step2(step1(municipality, domains)))
    client.get(reverse(THANKS))
    other = STORY + " Later ging het beter, met hulp van mijn buurvrouw."
    sent = _tell(client, municipality, domains, text=other)
    client.cookies["django_language"] = "en"
    body = client.get(sent["Location"], follow=True).content.decode()
    assert "Thank you for your story. You will find it below, under My stories." in body


def test_the_admin_shows_no_digest_as_if_it_were_a_link(admin_client, publish):
    story = publish.statement("wachtlijsten", "V-81010").story
    personal_link(story.narrator)
    digest = Narrator.objects.get(pk=story.narrator.pk).token_digest
    page = admin_client.get(reverse("admin:stories_narrator_change", args=[story.narrator.pk]))
    assert page.status_code == 200 and digest not in page.content.decode()
    listing = admin_client.get(reverse("admin:stories_narrator_changelist"))
    assert digest not in listing.content.decode()
