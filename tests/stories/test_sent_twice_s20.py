"""Session 20: one story sent twice is stored once, however the two requests overlap.

The step-2 page carries a one-time token (SentForm, unique in the database): the same page sent
again stores no second story and no second pseudonym, and shows the personal link only while
the thanks page has not shown it. An import re-checks 'staat al in Meervoud' in the transaction
that writes, with the file's narrators locked. The review test (tests/core/
test_review_s20_concurrency.py) interleaves the requests in one connection; the tests at the
end let two real requests race, on PostgreSQL (SQLite takes its write lock when a transaction
starts, so there they take turns)."""

import threading
import uuid
from html import unescape
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.db import IntegrityError, connection, connections
from django.test import Client
from django.urls import reverse

from meervoud.stories import importer
from meervoud.stories import services as story_services
from meervoud.stories.models import Narrator, SentForm, Story
from tests.links import opens, shown_link
from tests.stories.test_import import ROW_A, ROW_B, csv_bytes
from tests.stories.test_intake_views import step1, step2

ALREADY_SENT = "Dit verhaal was al verstuurd"
ALREADY_STORED = "Dit verhaal van deze verteller staat al in Meervoud."


class _Inputs(HTMLParser):
    """The named <input> fields of the page's intake form, as the browser sends them."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == "intake"
        elif tag == "input" and self.inside and attrs.get("name"):
            if attrs.get("type") in {"checkbox", "radio", "submit"}:
                return
            self.fields[attrs["name"]] = unescape(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def _step2_page(client, municipality, domains) -> dict[str, str]:
    """What 'Versturen' on the step-2 page sends: its hidden fields, the reviewed text, consent."""
    data = step1(municipality, domains)
    page = client.post(reverse("stories:intake"), data)
    parser = _Inputs()
    parser.feed(page.content.decode())
    return {**parser.fields, **step2(data)}


@pytest.mark.django_db
def test_the_step2_page_carries_one_token_through_an_error_and_the_language_button(
        client, municipality, domains):
    posted = _step2_page(client, municipality, domains)
    token = posted["form_token"]
    assert uuid.UUID(token)
    no_consent = {name: value for name, value in posted.items() if name != "consent_analysis"}
    again = client.post(reverse("stories:intake"), no_consent)
    assert again.context["form"]["form_token"].value() == token  # the same page, with its error
    switched = client.post(reverse("stories:intake"), {**posted, "interface_language": "en"})
    assert switched.context["form"]["form_token"].value() == token
    assert Story.objects.count() == 0


@pytest.mark.django_db
def test_the_same_page_sent_again_after_the_thanks_page_does_not_show_the_link(
        client, municipality, domains):
    """The next person at a shared computer presses Back and 'Versturen' again (a new session
    here, so the token alone decides): nothing new is stored and the link is not shown."""
    posted = _step2_page(client, municipality, domains)
    client.post(reverse("stories:intake"), posted)
    thanks = client.get(reverse("stories:thanks"))
    link = shown_link(thanks)
    assert opens(link) == Narrator.objects.get()

    next_person = Client()
    response = next_person.post(reverse("stories:intake"), posted, follow=True)
    body = response.content.decode()
    assert ALREADY_SENT in body and link not in body
    assert Story.objects.count() == 1 and Narrator.objects.count() == 1
    assert next_person.get(reverse("stories:thanks")).status_code == 302  # nothing kept for later


@pytest.mark.django_db
def test_when_the_first_answer_never_arrived_the_second_shows_her_link(client, municipality, domains):
    """A double click: the browser drops the first answer and shows the second. Her link has not
    been shown yet, so the second answer is the thanks page of the one story stored."""
    posted = _step2_page(client, municipality, domains)
    Client().post(reverse("stories:intake"), posted)  # the first request: its answer is lost
    second = client.post(reverse("stories:intake"), posted, follow=True)
    link = shown_link(second)
    assert opens(link) == Narrator.objects.get()
    assert Story.objects.count() == 1
    assert SentForm.objects.get().link_shown
    third = Client().post(reverse("stories:intake"), posted, follow=True)  # shown once
    assert link not in third.content.decode()


@pytest.mark.django_db
def test_an_old_page_sent_again_does_not_bring_back_a_deleted_story(client, municipality, domains):
    posted = _step2_page(client, municipality, domains)
    client.post(reverse("stories:intake"), posted)
    client.get(reverse("stories:thanks"))
    story_services.delete_story(Story.objects.get(), via="link")
    response = Client().post(reverse("stories:intake"), posted, follow=True)
    assert ALREADY_SENT in response.content.decode()
    assert not Story.objects.exists()
    assert SentForm.objects.get().story is None  # the token stays spent


@pytest.mark.django_db
def test_a_damaged_token_is_no_error_she_must_fix(client, municipality, domains):
    posted = {**_step2_page(client, municipality, domains), "form_token": "kapot"}
    response = client.post(reverse("stories:intake"), posted)
    assert response.status_code == 302 and Story.objects.count() == 1
    assert not SentForm.objects.exists()


@pytest.mark.django_db
def test_an_import_writes_again_when_a_new_narrator_appeared_meanwhile():
    """PostgreSQL stops the second of two imports that make the same new narrator on the unique
    pseudonym; the import then writes again (and checks again) instead of a server error."""
    real = story_services.new_narrator
    calls = []

    def clashing_once(*args, **kwargs):
        if not calls:
            calls.append(True)
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(*args, **kwargs)

    with mock.patch.object(story_services, "new_narrator", clashing_once):
        report = importer.import_stories("verhalen.csv", csv_bytes(ROW_A, ROW_B))
    assert report.ok and report.imported == 2 and calls
    assert Story.objects.count() == 2 and Narrator.objects.count() == 2


@pytest.mark.django_db
def test_a_story_stored_after_the_check_is_refused_when_writing():
    """The check before writing saw nothing; by the time of writing the same story is there
    (another tab): the row error a later import would give, and nothing written."""
    first = importer.import_stories("verhalen.csv", csv_bytes(ROW_A))
    assert first.ok
    real = importer._refused_by_what_is_stored
    seen = []

    def blind_first(rows, source):
        seen.append(True)
        return [] if len(seen) == 1 else real(rows, source)

    with mock.patch.object(importer, "_refused_by_what_is_stored", blind_first):
        report = importer.import_stories("verhalen.csv", csv_bytes(ROW_B, ROW_A))
    assert not report.ok and report.imported == 0 and report.story_ids == []
    assert [(error.row, error.column, error.message) for error in report.errors] == [
        (2, "verhaal", ALREADY_STORED)]
    assert Story.objects.count() == 1  # ROW_B, valid on its own, is not written either


# ---------------------------------------------------------------------- real races (PostgreSQL)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two requests at once need two connections to a server; SQLite makes them take turns")


def _at_once(*actions):
    """Run the actions in threads, each with its own database connection; their results."""
    results: list = [None] * len(actions)
    errors: list = []

    def run(index, action):
        try:
            results[index] = action()
        except BaseException as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_double_click_racing_on_postgresql_stores_one_story(reference_data):
    from meervoud.places.selectors import find_municipality
    from meervoud.stories.models import LifeDomain

    municipality = find_municipality("Groningen")
    domains = list(LifeDomain.objects.filter(slug__in=["dak-thuisloosheid", "verslaving"]))
    browser = Client()
    posted = _step2_page(browser, municipality, domains)
    both_deidentified = threading.Barrier(2, timeout=30)
    deidentify = story_services.deidentify_draft
    in_view = threading.local()

    def slow(*args, **kwargs):
        result = deidentify(*args, **kwargs)
        if not getattr(in_view, "waited", False):  # the view's first pass, before it stores
            in_view.waited = True
            both_deidentified.wait()
        return result

    session = browser.cookies

    def click():
        request = Client()
        request.cookies = session  # the same browser
        return request.post(reverse("stories:intake"), posted)

    with mock.patch.object(story_services, "deidentify_draft", slow):
        answers = _at_once(click, click)
    assert Story.objects.count() == 1 and Narrator.objects.count() == 1
    assert [answer.status_code for answer in answers] == [302, 302]
    assert {answer["Location"] for answer in answers} == {reverse("stories:thanks")}


def _file_imported_twice_at_once(data: bytes):
    both_checked = threading.Barrier(2, timeout=30)
    check = importer.validate_rows

    def checked(*args, **kwargs):
        report = check(*args, **kwargs)
        both_checked.wait()
        return report

    with mock.patch.object(importer, "validate_rows", checked):
        return _at_once(lambda: importer.import_stories("verhalen.csv", data),
                        lambda: importer.import_stories("verhalen.csv", data))


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_same_file_racing_with_itself_on_postgresql_is_stored_once(reference_data):
    """New narrators: the second import waits on the first's new pseudonyms, then is refused."""
    reports = _file_imported_twice_at_once(csv_bytes(ROW_A, ROW_B))
    assert Story.objects.count() == 2 and Narrator.objects.count() == 2
    assert sorted(report.ok for report in reports) == [False, True]
    refused = next(report for report in reports if not report.ok)
    assert {error.message for error in refused.errors} == {ALREADY_STORED}


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_same_file_racing_for_known_narrators_on_postgresql_is_stored_once(reference_data):
    """Narrators imported before: the second import waits on the first's lock, then is refused."""
    earlier = ('N1,"Een ander verhaal van dezelfde verteller, over werk en een eigen inkomen.",'
               "Groningen,armoede-schulden,ja,,2022-05-01\n")
    assert importer.import_stories("eerder.csv", csv_bytes(earlier)).ok
    reports = _file_imported_twice_at_once(csv_bytes(ROW_A))
    assert Story.objects.count() == 2 and Narrator.objects.count() == 1
    assert sorted(report.ok for report in reports) == [False, True]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_files_for_one_new_narrator_racing_on_postgresql_are_both_stored(reference_data):
    """Different stories of one new narrator: the second import writes again after the clash on
    the pseudonym, and both stories are stored under one narrator."""
    other = ROW_B.replace("N2,", "N1,", 1)
    both_checked = threading.Barrier(2, timeout=30)
    check = importer.validate_rows

    def checked(*args, **kwargs):
        report = check(*args, **kwargs)
        both_checked.wait()
        return report

    with mock.patch.object(importer, "validate_rows", checked):
        reports = _at_once(lambda: importer.import_stories("a.csv", csv_bytes(ROW_A)),
                           lambda: importer.import_stories("b.csv", csv_bytes(other)))
    assert all(report.ok for report in reports), [report.errors for report in reports]
    assert Story.objects.count() == 2 and Narrator.objects.count() == 1
