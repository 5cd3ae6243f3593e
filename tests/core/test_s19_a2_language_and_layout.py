"""Session 19 (implementer A2): English dates, document and content languages, counts, the
log's roles, place wording and the analysis page without self-reload. The review tests in
tests/core/test_review_s19_english.py and tests/browser/test_review_s19_accessibility.py
check the symptoms; these check the behaviour behind them, also where the review does not."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, get_format

pytestmark = pytest.mark.django_db


# -- English formats ------------------------------------------------------------------------

def test_english_dates_put_the_day_first_and_dutch_ones_are_unchanged():
    day = datetime.date(2025, 3, 14)
    with translation.override("en"):
        assert date_format(day) == "14 March 2025"
        assert date_format(day, "SHORT_DATE_FORMAT") == "14 Mar 2025"
        assert date_format(datetime.datetime(2025, 3, 14, 15, 30), "DATETIME_FORMAT") == "14 March 2025, 15:30"
    with translation.override("nl"):
        assert date_format(day) == "14 maart 2025"
        assert date_format(day, "SHORT_DATE_FORMAT") == "14-3-2025"


def test_an_english_date_field_gets_its_value_as_iso_and_reads_day_first():
    """A browser's date field takes only YYYY-MM-DD: the first input format writes the value."""
    from django import forms

    class Form(forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    with translation.override("en"):
        assert get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"
        assert 'value="2025-03-14"' in str(Form(initial={"day": datetime.date(2025, 3, 14)})["day"])
        typed = Form({"day": "03/04/2025"})
        assert typed.is_valid() and typed.cleaned_data["day"] == datetime.date(2025, 4, 3)


# -- The log names roles ---------------------------------------------------------------------

def test_the_log_shows_the_role_by_its_name_and_keeps_an_unknown_code(client, make_user):
    from meervoud.accounts.models import Role
    from meervoud.audit.models import AuditEvent

    AuditEvent.objects.create(username="c", role="coordinator", action="view")
    AuditEvent.objects.create(username="old", role="stagiair", action="view")  # no role any more
    AuditEvent.objects.create(username="", role="", action="login-failed")
    client.force_login(make_user(Role.ADMINISTRATOR))
    page = client.get(reverse("audit:log")).content.decode()
    rows = re.findall(r"<tr>\s*<td>[^<]*</td><td>([^<]*)</td>\s*<td>([^<]*)</td>", page)
    assert ("c", "Coördinator") in rows
    assert ("old", "stagiair") in rows
    assert ("–", "–") in rows
    assert 'role="region"' in page and 'aria-labelledby="log-caption"' in page


# -- One point ------------------------------------------------------------------------------

def test_a_coding_proposal_with_one_point_says_punt(client, make_user, publish):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meervoud.accounts.models import Role
    from meervoud.exchange import services as exchange
    from meervoud.stories.models import Purpose
    from tests.exchange.conftest import Qdpx

    publish.theme("werk", label="werk")
    publish.statement("werk", "N-1", purposes=(Purpose.ANALYSIS, Purpose.RESEARCH))
    qdpx = Qdpx(exchange.export_qdpx())
    qdpx.code("werk").set("name", "Werk en inkomen")
    client.force_login(make_user(Role.COORDINATOR))
    sent = client.post(reverse("exchange:import"),
                       {"file": SimpleUploadedFile("project.qdpx", qdpx.data())}, follow=True)
    messages = [str(m) for m in sent.context["messages"]]
    assert any("(1 punt)." in m for m in messages), messages
    proposal = sent.context["proposal"]
    rejected = client.post(reverse("exchange:proposal", args=[proposal.pk]),
                           {"action": "reject_open"}, follow=True)
    assert "1 punt afgewezen." in [str(m) for m in rejected.context["messages"]]


# -- Documents and places -------------------------------------------------------------------

def _svg(language: str) -> str:
    client = Client()
    if language != "nl":
        client.post(reverse("set_language"), {"language": language, "next": "/"})
    return client.get(reverse("publication:infographic_svg")).content.decode()


def test_the_svg_says_its_language_and_marks_dutch_content_in_english(publish):
    publish.backed("wachtlijsten", 5, insight="Wachten maakt alles zwaarder voor mensen die hulp vragen.")
    english, dutch = _svg("en"), _svg("nl")
    assert re.search(r'<svg[^>]* lang="en" xml:lang="en"', english)
    assert re.search(r'<svg[^>]* lang="nl" xml:lang="nl"', dutch)
    assert re.search(r'<text [^>]*lang="nl"[^>]*>Wachten maakt', english)
    assert not re.search(r'<text [^>]*lang=', dutch)  # in Dutch the drawing's own language


def test_the_dutch_place_wording_is_unchanged():
    from meervoud.publication.disclosure import Scope
    from meervoud.publication.selectors import place_label, scope_label

    with translation.override("nl"):
        assert place_label(Scope("municipality", "Groningen")) == "gemeente Groningen"
        assert place_label(Scope("region", "Twente")) == "regio Twente"
        assert place_label(Scope("province", "Drenthe")) == "provincie Drenthe"
        assert scope_label(Scope("all", "")) == "heel Nederland"


def test_quotes_carry_the_language_of_their_story(publish, client):
    from meervoud.stories.models import Story

    statements = publish.many("wachtlijsten", 5)
    Story.objects.filter(pk=statements[0].story_id).update(language="en")
    page = client.get(reverse("publication:theme", args=["wachtlijsten"])).content.decode()
    assert page.count('<blockquote lang="nl">') == 4 and page.count('<blockquote lang="en">') == 1
    assert '<h1 lang="nl">wachtlijsten</h1>' in page


# -- The coordinators' theme page -----------------------------------------------------------

def test_the_curation_page_has_its_own_title_and_names_each_statement(client, make_user, publish):
    from meervoud.accounts.models import Role

    publish.many("wachtlijsten", 5)
    public = client.get(reverse("publication:theme", args=["wachtlijsten"])).content.decode()
    client.force_login(make_user(Role.COORDINATOR))
    curation = client.get(reverse("knowledge:theme", args=["wachtlijsten"])).content.decode()
    title = lambda html: re.search(r"<title>([^<]*)</title>", html).group(1)  # noqa: E731
    assert title(public) == "wachtlijsten · Kennisbank · Meervoud"
    assert title(curation) == "Thema beoordelen: wachtlijsten · Meervoud"
    labels = re.findall(r'<label for="st-(\d+)">Verhaal nummer \d+', curation)
    assert labels == ["1", "2", "3", "4", "5"]
    assert "Kies deze uitspraak" not in curation
    assert '<td lang="nl"><label for="st-1">' in curation


def test_a_reader_who_cannot_curate_gets_a_title_that_fits(client, make_user, publish):
    from meervoud.accounts.models import Role

    publish.many("wachtlijsten", 5)
    client.force_login(make_user(Role.RESEARCHER))
    page = client.get(reverse("knowledge:theme", args=["wachtlijsten"])).content.decode()
    assert "<title>Uitspraken bij thema wachtlijsten · Meervoud</title>" in page
    assert 'type="checkbox" name="statements"' not in page


# -- The analysis page ----------------------------------------------------------------------

def test_the_analysis_page_never_reloads_itself(client, make_user):
    from meervoud.accounts.models import Role
    from meervoud.knowledge.models import AnalysisRun

    client.force_login(make_user(Role.COORDINATOR))
    queued = AnalysisRun.objects.create(status=AnalysisRun.Status.QUEUED)
    page = client.get(reverse("knowledge:run", args=[queued.pk])).content.decode()
    assert "http-equiv" not in page and "<script>" not in page
    assert re.search(r'<script src="/static/meervoud/run-progress\.js" defer></script>', page)
    assert '<p id="run-status" role="status">' in page
    assert "Deze pagina ververst niet vanzelf." in page and ">Ververs</button>" in page
    assert "<title>Analyse %s · Meervoud</title>" % queued.pk in page

    done = AnalysisRun.objects.create(status=AnalysisRun.Status.DONE)
    page = client.get(reverse("knowledge:run", args=[done.pk])).content.decode()
    assert "run-progress.js" not in page and "Ververs" not in page and "data-running" not in page
