"""Session 20 (attacker review), the stories app: a new personal link when someone else found
hers, answers of step 2 with a limit, a limit per address on the public intake, a step-2 page
that can be sent for a day only, and a size limit on the story import. The review tests are in
tests/security/test_review_s20_attacker.py; these check the words and the edges."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meervoud.audit.models import AuditEvent
from meervoud.stories import forms as story_forms
from meervoud.stories import importer
from meervoud.stories.models import INTAKE_PAGE_MAX_AGE, IntakeSender, Narrator, SentForm, Story
from tests.links import opens, personal_link
from tests.stories.test_intake_views import STORY, step1, step2

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/mijn-verhaal/([A-Za-z0-9_-]{20,})/")


def _tell(client, municipality, domains, text=STORY, **extra):
    data = step1(municipality, domains, text=text)
    return client.post(reverse("stories:intake"),
                       step2(data, reviewed_text=text.replace("Petra", "[PERSOON-1]"), **extra))


def _links(response) -> set[str]:
    return set(LINK.findall(response.content.decode()))


# --------------------------------------------------------------------------- a new personal link


def test_her_page_says_when_to_make_a_new_link(client, publish):
    story = publish.statement("wachtlijsten", "V-80001").story
    page = client.get(reverse("stories:my_story", args=[personal_link(story.narrator)])).content.decode()
    assert "Kent iemand anders je link?" in page
    assert 'name="action" value="new_link"' in page


def test_the_new_link_is_shown_once_and_the_audit_log_keeps_neither_link(client, publish):
    story = publish.statement("wachtlijsten", "V-80002").story
    old = personal_link(story.narrator)
    response = client.post(reverse("stories:my_story", args=[old]), {"action": "new_link"})
    # at an address without the link: no new key in the browser's history unless she opens it
    assert response.status_code == 302 and response.url == reverse("stories:new_link")
    shown = client.get(response.url)
    (new,) = _links(shown)
    assert opens(new) == story.narrator and new != old
    assert "no-store" in shown["Cache-Control"]
    assert "Je oude link werkt niet meer" in shown.content.decode()
    assert "V-80002" in shown.content.decode()  # her code, the way back in without the link
    # shown once: Back or a reload shows nothing
    assert client.get(reverse("stories:new_link")).status_code == 302
    event = AuditEvent.objects.get(action="change", object_type="stories.narrator")
    logged = " ".join([event.path, event.detail, event.object_id])
    assert old not in logged and new not in logged
    assert "nieuwe persoonlijke link" in event.detail


def test_the_new_link_comes_along_when_she_switches_language(client, publish):
    story = publish.statement("wachtlijsten", "V-80003").story
    client.post(reverse("stories:my_story", args=[personal_link(story.narrator)]), {"action": "new_link"})
    page = client.get(reverse("stories:new_link")).content.decode()
    signed = re.search(r'name="link" value="([^"]+)"', page).group(1)
    switched = client.post(reverse("stories:new_link"), {"link": signed, "interface_language": "en"},
                           follow=True)
    (shown,) = _links(switched)
    assert opens(shown) == story.narrator


def test_a_narrator_with_an_account_makes_a_new_link_on_her_own_page(client, make_user, publish):
    user = make_user("verteller", "verteller-s20")
    story = publish.statement("wachtlijsten", "V-80004").story
    Narrator.objects.filter(pk=story.narrator.pk).update(user=user)
    old = personal_link(story.narrator)
    client.force_login(user)
    assert "Met die link kom je ook zonder inloggen" in client.get(reverse("stories:mine")).content.decode()
    shown = client.post(reverse("stories:mine"), {"action": "new_link"}, follow=True)
    (new,) = _links(shown)
    assert opens(new) == story.narrator and new != old
    assert reverse("stories:mine") in shown.content.decode()  # her way back
    assert client.get(reverse("stories:my_story", args=[old])).status_code == 404


def test_a_coordinator_makes_a_new_link_for_the_narrator_and_sees_it_once(client, make_user, publish):
    story = publish.statement("wachtlijsten", "V-80005").story
    old = personal_link(story.narrator)
    client.force_login(make_user("coordinator", "coordinator-s20-link"))
    detail = reverse("stories:detail", args=[story.pk])
    assert 'value="new_link"' in client.get(detail).content.decode()
    # not without her asking for it
    client.post(detail, {"what": "new_link"})
    assert opens(old) == story.narrator
    response = client.post(detail, {"what": "new_link", "asked": "on"})
    assert response.status_code == 302 and response.url == detail
    shown = client.get(detail)
    (new,) = _links(shown)
    assert new != old and opens(new) == story.narrator
    assert new in shown.content.decode() and "no-store" in shown["Cache-Control"]
    assert "Geef deze link alleen aan de verteller zelf" in shown.content.decode()
    assert new not in client.get(detail).content.decode()  # once
    assert Client().get(reverse("stories:my_story", args=[old])).status_code == 404
    assert Client().get(reverse("stories:my_story", args=[new])).status_code == 200
    event = AuditEvent.objects.get(action="change", object_type="stories.narrator")
    assert event.username == "coordinator-s20-link" and "namens verteller" in event.detail
    assert old not in event.detail + event.path and new not in event.detail + event.path


# --------------------------------------------------------------------------- step 2's answers


def test_a_too_long_answer_in_step_2_gets_plain_words_and_stays_as_typed(client, municipality, domains):
    long_answer = "Niemand belde terug. " * 400  # 8,399 characters without the last space
    response = _tell(client, municipality, domains, reviewed_helped=long_answer)
    assert response.status_code == 200 and not Story.objects.exists()
    body = response.content.decode()
    assert "Dit antwoord is te lang: het mag hoogstens 8000 tekens hebben (nu 8399)." in body
    assert long_answer.strip() in body  # what she typed is still in the box


def test_an_answer_of_8000_characters_is_stored(client, municipality, domains):
    answer = "x" * 7999 + "."
    _tell(client, municipality, domains, reviewed_hindered=answer)
    assert Story.objects.get().hindered == answer


# --------------------------------------------------------------------------- stories per address


@pytest.fixture
def two_an_hour(settings):
    settings.MEERVOUD_INTAKE_PER_HOUR = 2


def _from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def test_the_story_over_the_limit_is_not_stored_and_she_is_told_what_to_do(
        two_an_hour, municipality, domains):
    for number in range(2):
        assert _tell(_from("198.51.100.7"), municipality, domains,
                     text=f"{STORY} Verhaal {number}.").status_code == 302
    text = f"{STORY} Het derde verhaal."
    response = _tell(_from("198.51.100.7"), municipality, domains, text=text)
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    body = response.content.decode()
    assert "Probeer het over een uur nog een keer" in body and "coördinator" in body
    assert "Het derde verhaal." in body  # what she typed is still on the page
    assert Story.objects.count() == Narrator.objects.count() == 2
    # other places are not affected
    assert _tell(_from("198.51.100.8"), municipality, domains, text=text).status_code == 302


def test_the_page_refused_for_the_limit_can_be_sent_again_after_the_hour(
        two_an_hour, client, municipality, domains):
    for number in range(2):
        _tell(_from("198.51.100.9"), municipality, domains, text=f"{STORY} Verhaal {number}.")
    visitor = _from("198.51.100.9")
    page = visitor.post(reverse("stories:intake"), step1(municipality, domains))
    token = page.context["form"].initial["form_token"]
    posted = step2(step1(municipality, domains), form_token=str(token))
    assert visitor.post(reverse("stories:intake"), posted).status_code == 429
    assert not SentForm.objects.filter(token=token).exists()  # not spent: nothing was stored
    IntakeSender.objects.update(sent_at=timezone.now() - timedelta(minutes=61))
    assert visitor.post(reverse("stories:intake"), posted).status_code == 302
    assert SentForm.objects.get(token=token).story is not None
    assert IntakeSender.objects.count() == 1  # the hour that passed is forgotten


def test_an_ipv6_connection_counts_as_one_address(two_an_hour, municipality, domains):
    for number, address in enumerate(["2001:db8:1:2::a", "2001:db8:1:2::b"]):
        _tell(_from(address), municipality, domains, text=f"{STORY} Verhaal {number}.")
    response = _tell(_from("2001:db8:1:2:ffff::1"), municipality, domains, text=f"{STORY} Drie.")
    assert response.status_code == 429


def test_accounts_that_enter_stories_are_not_limited(two_an_hour, make_user, municipality, domains):
    coordinator = _from("198.51.100.10")
    coordinator.force_login(make_user("coordinator", "coordinator-s20-invoer"))
    narrator = _from("198.51.100.10")
    narrator.force_login(make_user("verteller", "verteller-s20-invoer"))
    for number in range(3):
        assert _tell(coordinator, municipality, domains, text=f"{STORY} Namens {number}.").status_code == 302
        assert _tell(narrator, municipality, domains, text=f"{STORY} Eigen {number}.").status_code == 302
    assert Story.objects.count() == 6 and not IntakeSender.objects.exists()


def test_where_a_story_came_from_is_kept_only_as_a_keyed_hash(municipality, domains):
    _tell(_from("198.51.100.11"), municipality, domains)
    sender = IntakeSender.objects.get()
    assert "198.51.100" not in sender.address and len(sender.address) == 32


# --------------------------------------------------------------------------- a page of yesterday


def test_a_step_2_page_older_than_a_day_comes_back_as_typed_with_a_new_token(
        client, municipality, domains, monkeypatch):
    page = client.post(reverse("stories:intake"), step1(municipality, domains))
    old = page.context["form"].initial["form_token"]
    later = timezone.now() + INTAKE_PAGE_MAX_AGE + timedelta(minutes=1)
    monkeypatch.setattr(story_forms.timezone, "now", lambda: later)
    text = STORY.replace("Petra", "[PERSOON-1]") + " Later aangevuld."
    response = client.post(reverse("stories:intake"),
                           step2(step1(municipality, domains), form_token=str(old), reviewed_text=text))
    assert response.status_code == 200 and not Story.objects.exists() and not SentForm.objects.exists()
    body = response.content.decode()
    assert "de pagina stond langer dan een dag open" in body and "Later aangevuld." in body
    fresh = response.context["form"].initial["form_token"]
    assert uuid.UUID(str(fresh)) != old and not response.context["form"].is_bound


def test_a_token_holds_the_time_it_was_made():
    token = story_forms.new_form_token()
    assert token.version == 7
    assert story_forms._young_token(str(token)) == token
    assert story_forms._young_token(str(uuid.uuid4())) is None  # no time in it


# --------------------------------------------------------------------------- the import's size


def test_an_import_over_the_limit_is_refused_with_the_limit_in_mb(client, make_user):
    client.force_login(make_user("coordinator", "coordinator-s20-import"))
    page = client.get(reverse("stories:import")).content.decode()
    assert "hooguit 5 MB" in page
    data = b"verteller;verhaal\n" + b"x" * importer.MAX_FILE_BYTES
    response = client.post(reverse("stories:import"),
                           {"file": SimpleUploadedFile("verhalen.csv", data, "text/csv")})
    assert response.context["form"].errors["file"] == [
        "Het bestand is groter dan 5 MB. Verdeel de verhalen over een paar kleinere bestanden en "
        "importeer die na elkaar."]
    assert not Story.objects.exists()


def test_the_intake_limit_counts_a_connection_not_a_single_ipv6_address():
    """One connection has a whole IPv6 /64; an IPv4 address is one connection. Whatever is no
    address (a misconfigured proxy) counts as one unknown sender, never as no sender at all."""
    from meervoud.audit.services import hash_ip
    from meervoud.stories.services import _sender

    assert _sender("2001:db8:1:2::5") == _sender("2001:db8:1:2:ffff::1")
    assert _sender("2001:db8:1:2::5") != _sender("2001:db8:1:3::5")
    assert _sender("192.0.2.17") != _sender("192.0.2.18")
    assert _sender("geen adres") == _sender("") and len(_sender("192.0.2.17")) == 32
    assert _sender("192.0.2.17")[:16] != hash_ip("192.0.2.17")  # kept apart from the audit log's
