"""Session 25: merging, moving and splitting read the themes fresh and locked, so a colleague's
merge in between is refused with a clear message instead of leaving statements in a theme out
of use; a merge keeps its sub-themes' words in the history, and says beforehand what the target
loses; the whole history stays readable."""

import html
import re
import threading

import pytest
from django.db import connection
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.knowledge import curation, quote_review
from meervoud.knowledge.forms import StatementActionForm
from meervoud.knowledge.models import CurationEvent, Statement, Theme
from meervoud.publication.disclosure import k_threshold

pytestmark = pytest.mark.django_db

GONE = "bestaat niet meer als apart thema"


def _text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def two(make_user):
    return make_user(Role.NARRATOR, "ed-anna"), make_user(Role.NARRATOR, "ed-bert")


def _colleague_acts_after_the_check(monkeypatch, action):
    """The form finds every theme active; a colleague's merge commits right after that check."""
    check = StatementActionForm.clean

    def clean(self):
        cleaned = check(self)
        action()
        return cleaned

    monkeypatch.setattr(StatementActionForm, "clean", clean)


def _homes() -> set:
    return set(Statement.objects.values_list("theme__key", "theme__active"))


def test_a_merge_is_refused_when_the_target_was_merged_away_after_the_check(client, publish, two, monkeypatch):
    anna, bert = two
    publish.many("wachten", 2)
    publish.many("schulden", 2)
    wachten, schulden = Theme.objects.get(key="wachten"), Theme.objects.get(key="schulden")
    _colleague_acts_after_the_check(monkeypatch, lambda: curation.merge(
        Theme.objects.get(key="schulden"), Theme.objects.get(key="wachten"), user=bert))
    client.force_login(anna)

    response = client.post(reverse("knowledge:theme", args=["wachten"]), {
        "form": "statements", "action": "merge", "target": schulden.pk, "confirm": "1"})

    assert response.status_code == 409
    assert f"‘{schulden.title}’ {GONE}" in _text(response)
    assert all(active for _key, active in _homes())
    assert Theme.objects.get(pk=wachten.pk).active


def test_a_merge_of_a_theme_merged_away_meanwhile_is_refused(publish, two):
    anna, bert = two
    publish.many("a", 2)
    publish.many("b", 2)
    publish.many("c", 2)
    stale = Theme.objects.get(key="a")
    curation.merge(Theme.objects.get(key="a"), Theme.objects.get(key="b"), user=bert)
    with pytest.raises(curation.ThemeGone) as refused:
        curation.merge(stale, Theme.objects.get(key="c"), user=anna)
    assert refused.value.own and GONE in refused.value.message
    assert all(active for _key, active in _homes())


def test_statements_are_not_moved_into_a_theme_merged_away_meanwhile(client, publish, two, monkeypatch):
    anna, bert = two
    moved = publish.many("a", 2)
    publish.many("b", 2)
    publish.many("c", 2)
    target = Theme.objects.get(key="b")
    _colleague_acts_after_the_check(monkeypatch, lambda: curation.merge(
        Theme.objects.get(key="b"), Theme.objects.get(key="c"), user=bert))
    client.force_login(anna)

    response = client.post(reverse("knowledge:theme", args=["a"]), {
        "form": "statements", "action": "move", "statements": [moved[0].key], "target": target.pk})

    assert response.status_code == 409 and GONE in _text(response)
    assert Statement.objects.get(pk=moved[0].pk).theme.key == "a"
    assert f'value="{moved[0].key}" id="st-1" checked' in response.content.decode(), "her tick is kept"
    assert all(active for _key, active in _homes())


def test_statements_are_not_moved_into_a_sub_theme_whose_theme_was_merged_away(publish, two):
    anna, bert = two
    moved = publish.many("a", 1)
    parent = publish.backed("b", 2, validated=False)
    sub = publish.theme("b-sub", validated=False, parent=parent)
    publish.many("c", 2)
    curation.merge(Theme.objects.get(key="b"), Theme.objects.get(key="c"), user=bert)
    with pytest.raises(curation.ThemeGone):
        curation.move_statements(moved, sub, user=anna)
    assert Statement.objects.get(pk=moved[0].pk).theme.key == "a"


def test_nothing_is_split_off_a_theme_merged_away_meanwhile(publish, two):
    anna, bert = two
    publish.many("a", 2)
    publish.many("b", 2)
    stale = Theme.objects.get(key="a")
    chosen = list(Statement.objects.filter(theme=stale)[:1])
    curation.merge(Theme.objects.get(key="a"), Theme.objects.get(key="b"), user=bert)
    with pytest.raises(curation.ThemeGone):
        curation.split(stale, chosen, "Apart", user=anna)
    assert Theme.objects.filter(active=True).count() == 1


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two merges at once need two connections to a server; SQLite makes them take turns")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_merges_into_each_other_at_once_on_postgresql_leave_one_theme(reference_data, publish, two):
    anna, bert = two
    publish.many("wachten", 2)
    publish.many("schulden", 2)
    pages = [(Theme.objects.get(key="wachten"), Theme.objects.get(key="schulden"), anna),
             (Theme.objects.get(key="schulden"), Theme.objects.get(key="wachten"), bert)]
    both_loaded = threading.Barrier(2, timeout=30)
    outcome: list = []

    def merge(source, target, user):
        try:
            both_loaded.wait()
            curation.merge(source, target, user=user)
            outcome.append("merged")
        except curation.ThemeGone:
            outcome.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=merge, args=page) for page in pages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcome) == ["merged", "refused"]
    assert Theme.objects.filter(active=True).count() == 1
    assert all(active for _key, active in _homes())


def test_the_merge_question_says_nothing_of_validation_when_the_target_has_none(client, publish, two):
    anna, _bert = two
    publish.backed("bron", 2, validated=False, label="Bron")
    target = publish.backed("doel", 2, validated=False, label="Doel")
    client.force_login(anna)
    response = client.post(reverse("knowledge:theme", args=["bron"]), {
        "form": "statements", "action": "merge", "target": target.pk})
    assert "Ja, voeg samen" in _text(response) and 'id="target-loses-validation"' not in response.content.decode()


def test_the_merge_question_for_a_validated_target_outside_the_kennisbank(client, publish, two):
    """Validated, but on fewer than k narrators: it loses its validation, and there is no
    Kennisbank page for it to leave."""
    anna, _bert = two
    publish.backed("bron", 1, validated=False, label="Bron")
    target = publish.backed("doel", k_threshold() - 1, label="Doel")
    client.force_login(anna)
    text = _text(client.post(reverse("knowledge:theme", args=["bron"]), {
        "form": "statements", "action": "merge", "target": target.pk}))
    assert "Na het samenvoegen is het dat niet meer" in text
    assert "gaat dan uit de Kennisbank" not in text


def test_the_merge_question_says_the_sub_themes_words_stay_in_the_history(client, publish, two):
    anna, _bert = two
    source = publish.backed("bron", 2, validated=False, label="Bron")
    publish.theme("bron-sub", validated=False, label="Sub", parent=source)
    target = publish.backed("doel", 2, validated=False, label="Doel")
    client.force_login(anna)
    text = _text(client.post(reverse("knowledge:theme", args=["bron"]), {
        "form": "statements", "action": "merge", "target": target.pk}))
    assert "De subthema's van ‘Bron’ verdwijnen ook." in text


def test_a_withdrawal_cuts_her_words_from_a_merged_sub_themes_history(publish, two):
    anna, bert = two
    told = "Ik wachtte elf maanden op een gesprek met iemand van de gemeente."
    source = publish.backed("bron", 2, validated=False, label="Bron")
    sub = publish.theme("bron-sub", validated=False, label="Sub", parent=source)
    curation.write_insight(sub, f"Zoals een verteller zei: {told}", user=anna)
    target = publish.backed("doel", 2, validated=False, label="Doel")
    curation.merge(Theme.objects.get(pk=source.pk), target, user=bert)
    event = CurationEvent.objects.get(action="merged-subtheme")
    assert told in event.description and "“Sub” van “Bron”" in event.description, "precondition"

    curation.forget_quoted([told])

    event.refresh_from_db()
    assert "elf maanden" not in event.description and "[…]" in event.description


def test_every_sub_theme_merged_along_is_named_in_the_history(publish, two):
    """The question promises the sub-themes' names stay readable: the analysis's label too."""
    _anna, bert = two
    source = publish.backed("bron", 2, validated=False, label="Bron")
    publish.theme("bron-sub", validated=False, label="Sub", parent=source)
    publish.theme("bron-oud", validated=False, label="Oud", parent=source, active=False)
    target = publish.backed("doel", 2, validated=False, label="Doel")
    curation.merge(Theme.objects.get(pk=source.pk), target, user=bert)
    lines = [event.description for event in CurationEvent.objects.filter(action="merged-subtheme")]
    assert lines == ["Het subthema “Sub” van “Bron” is mee samengevoegd: zijn uitspraken staan nu in dit thema."]


def test_the_newest_ten_changes_come_first_and_the_rest_is_folded_away(client, publish, two):
    anna, _bert = two
    target = publish.theme("doel", validated=False, label="Doel")
    statements = publish.many("doel", 12, quote_approved=False)
    curation.write_insight(target, "Wie lang wacht, geeft op.", user=anna)
    for statement in statements:
        quote_review.review(target, statement.key, approve=False, user=anna)
    client.force_login(anna)
    page = client.get(reverse("knowledge:theme", args=["doel"])).content.decode()
    newest, older = page.split('<details id="older-events">', 1)
    assert newest.count("Citaat afgewezen voor de Kennisbank") == 10
    assert "3 eerdere veranderingen" in older
    assert "Citaat afgewezen" in older and "Kennisuitspraak geschreven" in older
