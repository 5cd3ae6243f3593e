"""Session 25: a curator corrects what the analysis guessed a statement is (helped, hindered,
a need, other) on the theme page; the counts follow, the history says so, a colleague's
correction meanwhile is not overwritten, and the next analysis keeps it."""

import html
import re

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.knowledge import curation, services
from meervoud.knowledge.models import AnalysisRun, CurationEvent, Statement, Theme

pytestmark = pytest.mark.django_db

WAIT = "De wachttijd van een jaar maakte alles erger voor mij en mijn kinderen."


def _text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def anna(make_user):
    return make_user(Role.NARRATOR, "ed-anna")


def _correct(client, theme_key, statement, kind, was=None):
    return client.post(reverse("knowledge:theme", args=[theme_key]), {
        "form": "kinds", f"kind-{statement.key}": kind, f"kind_was-{statement.key}": was or statement.kind})


def test_the_page_offers_every_kind_with_the_current_one_chosen(client, publish, anna):
    statement = publish.statement("t", "v-1", kind=Statement.Kind.HELPED, text=WAIT)
    client.force_login(anna)
    page = client.get(reverse("knowledge:theme", args=["t"])).content.decode()
    select = re.search(rf'<select name="kind-{statement.key}"[^>]*form="kinds-form"[^>]*>(.*?)</select>',
                       page, flags=re.S)
    assert select, "no choice of kind for the statement"
    assert re.findall(r'value="(\w+)"', select.group(1)) == ["helped", "hindered", "need", "other"]
    assert re.search(r'<option value="helped" selected>', select.group(1))
    assert 'id="kinds-form"' in page and 'form="kinds-form"' in page  # the button belongs to it


def test_a_correction_is_stored_counted_again_and_in_the_history(client, publish, anna):
    statement = publish.statement("t", "v-1", kind=Statement.Kind.HELPED, text=WAIT)
    publish.statement("t", "v-2", kind=Statement.Kind.HELPED)
    services.refresh_evidence([statement.theme_id])
    assert Theme.objects.get(key="t").evidence["kinds_narrators"].get("helped") == 2, "precondition"
    client.force_login(anna)

    response = _correct(client, "t", statement, Statement.Kind.HINDERED)

    assert response.status_code == 302 and response["Location"].endswith("#uitspraken")
    statement.refresh_from_db()
    assert statement.kind == Statement.Kind.HINDERED
    counts = Theme.objects.get(key="t").evidence["kinds_narrators"]
    assert counts.get("helped") == 1 and counts.get("hindered") == 1
    page = _text(client.get(reverse("knowledge:theme", args=["t"])))
    assert "De soort van 1 uitspraak is veranderd." in page
    assert "Soort van uitspraken veranderd (1): Hielp → Zat in de weg" in page
    event = CurationEvent.objects.get(action="kind")
    assert event.user == anna and event.detail["kinds"] == {statement.key: ["helped", "hindered"]}


def test_a_colleagues_correction_meanwhile_is_not_overwritten(client, publish, anna, make_user):
    statement = publish.statement("t", "v-1", kind=Statement.Kind.HELPED, text=WAIT)
    bert = make_user(Role.NARRATOR, "ed-bert")
    curation.set_kinds(statement.theme, {statement.key: ("helped", "need")}, user=bert)
    client.force_login(anna)

    response = _correct(client, "t", statement, Statement.Kind.HINDERED, was="helped")  # her page was older

    statement.refresh_from_db()
    assert statement.kind == Statement.Kind.NEED
    assert "iemand anders heeft de soort intussen veranderd" in _text(client.get(response["Location"]))


def test_only_what_she_changed_is_stored(publish, anna):
    statement = publish.statement("t", "v-1", kind=Statement.Kind.HELPED)
    other = publish.statement("t", "v-2", kind=Statement.Kind.NEED)
    saved = curation.set_kinds(statement.theme, {statement.key: ("helped", "helped"),
                                                 other.key: ("need", "nonsense")}, user=anna)
    assert saved == curation.KindsSaved()
    assert not CurationEvent.objects.filter(action="kind").exists()


def test_a_statement_of_another_theme_is_not_changed_through_this_page(publish, anna):
    statement = publish.statement("t", "v-1", kind=Statement.Kind.HELPED)
    other = publish.theme("u")
    saved = curation.set_kinds(other, {statement.key: ("helped", "hindered")}, user=anna)
    statement.refresh_from_db()
    assert statement.kind == Statement.Kind.HELPED and saved.stale == 1


def test_the_same_sentence_elsewhere_gets_the_same_kind(publish, anna):
    """The analysis keeps one kind per sentence (``known_kinds`` by content hash): two copies
    that differ would let the next run give hers either one."""
    mine = publish.statement("t", "v-1", kind=Statement.Kind.HELPED, text=WAIT)
    elsewhere = publish.statement("u", "v-2", kind=Statement.Kind.HELPED, text=WAIT)
    assert mine.content_hash == elsewhere.content_hash, "precondition"

    curation.set_kinds(mine.theme, {mine.key: ("helped", "hindered")}, user=anna)

    elsewhere.refresh_from_db()
    assert elsewhere.kind == Statement.Kind.HINDERED
    assert Theme.objects.get(key="u").evidence["kinds_narrators"].get("hindered") == 1
    assert set(CurationEvent.objects.filter(action="kind").values_list("theme__key", flat=True)) == {"t", "u"}
    assert services._Stored().known_kinds()[mine.content_hash] == "hindered"


def test_a_researcher_reads_the_kind_and_cannot_change_it(client, publish, make_user):
    statement = publish.statement("t", "v-1", kind=Statement.Kind.HELPED)
    client.force_login(make_user(Role.RESEARCHER))
    assert 'name="kind-' not in client.get(reverse("knowledge:theme", args=["t"])).content.decode()
    assert _correct(client, "t", statement, Statement.Kind.HINDERED).status_code == 403
    statement.refresh_from_db()
    assert statement.kind == Statement.Kind.HELPED


def test_moving_statements_is_not_disturbed_by_the_kind_choices(client, publish, anna):
    statement = publish.statement("t", "v-1", kind=Statement.Kind.HELPED)
    target = publish.theme("u")
    client.force_login(anna)
    client.post(reverse("knowledge:theme", args=["t"]), {
        "form": "statements", "action": "move", "statements": [statement.key], "target": target.pk,
        f"kind-{statement.key}": "hindered", f"kind_was-{statement.key}": "helped"})
    statement.refresh_from_db()
    assert statement.theme == target and statement.kind == Statement.Kind.HELPED


def test_the_next_analysis_keeps_the_corrected_kind(client, tfidf, demo_subset, anna):
    demo_subset(15)
    services.run_analysis(AnalysisRun.objects.create())
    statement = Statement.objects.exclude(theme=None).order_by("pk").first()
    corrected = Statement.Kind.NEED if statement.kind != Statement.Kind.NEED else Statement.Kind.HINDERED
    client.force_login(anna)
    theme = statement.subtheme or statement.theme
    _correct(client, theme.key, statement, corrected)
    assert Statement.objects.get(pk=statement.pk).kind == corrected, "precondition"

    services.run_analysis(AnalysisRun.objects.create())

    assert Statement.objects.get(key=statement.key).kind == corrected
