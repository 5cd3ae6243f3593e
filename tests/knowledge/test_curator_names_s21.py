"""Session 21: names peer experts gave, and what the Kennisbank calls a theme.

Nothing is validated into the Kennisbank without a name; validating a theme publishes the names
of its sub-themes, so their writer does not validate it; a label that falls away is in the
history, and a validated theme left without any name goes back to the peer experts; the history
names the theme statements went to as it is called now."""

import html
import re

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.knowledge import curation, services
from meervoud.knowledge.models import CurationEvent, Statement, Theme
from meervoud.publication.disclosure import k_threshold
from meervoud.stories import services as story_services
from meervoud.stories.models import Purpose

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    body = response.content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def two(make_user):
    return make_user(Role.NARRATOR, "ed-anna"), make_user(Role.NARRATOR, "ed-bert")


# --------------------------------------------------------------------------- no name, no validation


def test_a_theme_without_name_or_label_is_not_validated_and_she_is_told_to_name_it(publish, two):
    _anna, bert = two
    theme = publish.theme("t", label="", label_hint="Tolk, contact", validated=False, insight="Iets.")
    with pytest.raises(curation.Unnamed) as refused:
        curation.set_validated(theme, True, user=bert)
    assert "Geef het thema eerst een naam" in refused.value.message
    theme.refresh_from_db()
    assert not theme.validated and not theme.curation_events.exists()


def test_once_named_by_one_it_is_validated_by_another(publish, two):
    anna, bert = two
    theme = publish.theme("t", label="", validated=False)
    curation.rename(theme, "Een tolk die je kent", user=anna)
    with pytest.raises(curation.OwnWords):
        curation.set_validated(theme, True, user=anna)
    curation.set_validated(theme, True, user=bert)
    theme.refresh_from_db()
    assert theme.validated and theme.title == "Een tolk die je kent"


def test_an_unnamed_sub_theme_with_a_new_name_waiting_can_be_validated(publish, two):
    anna, bert = two
    parent = publish.theme("t", name="Lang wachten")
    sub = publish.theme("t.sub", label="", validated=False, parent=parent)
    curation.rename(sub, "Wachten op een tolk", user=anna)
    curation.set_validated(Theme.objects.get(pk=sub.pk), True, user=bert)
    assert Theme.objects.get(pk=sub.pk).name == "Wachten op een tolk"


# --------------------------------------------------------------------------- sub-theme names: four eyes


def test_she_cannot_validate_a_theme_that_would_publish_her_sub_theme_name(publish, two):
    anna, bert = two
    parent = publish.theme("t", label="Wachtlijst", validated=False)
    sub = publish.theme("t.sub", label="", validated=False, parent=parent)
    curation.rename(sub, "Een tolk die je vertrouwt", user=anna)
    parent.refresh_from_db()
    assert curation.own_words(parent, anna) == ["subthemes"] and curation.own_words(parent, bert) == []
    with pytest.raises(curation.OwnSubthemeNames) as refused:
        curation.set_validated(parent, True, user=anna)
    assert "“Een tolk die je vertrouwt”" in refused.value.message
    assert "Er is niets gevalideerd" in refused.value.message
    assert not Theme.objects.get(pk=parent.pk).validated

    curation.set_validated(parent, True, user=bert)
    sub.refresh_from_db()
    # Bert read it with the theme: it is public now, and waits for nobody
    assert sub.name == "Een tolk die je vertrouwt" and sub.name_written_by is None


def test_her_sub_theme_name_does_not_stop_her_validating_a_new_text_of_a_published_theme(publish, two):
    anna, bert = two
    parent = publish.theme("t", label="Wachtlijst", insight="Oud.")
    sub = publish.theme("t.sub", label="", validated=False, parent=parent)
    curation.rename(sub, "Een tolk", user=anna)  # waits as a draft: validating the theme does not publish it
    curation.write_insight(parent, "Nieuw.", user=bert)
    parent.refresh_from_db()
    curation.set_validated(parent, True, user=anna)
    assert Theme.objects.get(pk=parent.pk).insight == "Nieuw."
    assert Theme.objects.get(pk=sub.pk).name_draft == "Een tolk"


def test_a_sub_theme_that_moves_to_a_validated_theme_lets_its_unread_name_wait(publish, two):
    anna, _bert = two
    unread = publish.theme("a", label="Wachtlijst", validated=False)
    published = publish.theme("b", label="Bed")
    sub = publish.theme("a.sub", label="", validated=False, parent=unread)
    curation.rename(sub, "Een tolk", user=anna)
    sub.refresh_from_db()
    sub.parent = published
    services._names_wait_under_new_parent([sub])
    sub.refresh_from_db()
    assert (sub.name, sub.name_draft, sub.name_written_by) == ("", "Een tolk", anna)


# --------------------------------------------------------------------------- a label falls away


def _wachten(publish, k, **fields) -> list[Statement]:
    publish.theme("wachten", label="Wachtlijst, ggz", keywords=["wachtlijst", "ggz"], **fields)
    statements = [publish.statement("wachten", f"V-w{i}", text=f"De wachtlijst bij de ggz, deel {i}.")
                  for i in range(k)]
    publish.many("wachten", k, text="Ik werd steeds doorverwezen.")
    return statements


def test_a_validated_theme_left_without_any_name_leaves_the_kennisbank_until_it_is_named(client, publish):
    k = k_threshold()
    statements = _wachten(publish, k, insight="Wachten maakt ziek.")
    assert "Wachtlijst, ggz" in _text(client.get(reverse("publication:themes")))
    story_services.withdraw_consent(statements[0].story, Purpose.ANALYSIS, via="link")
    theme = Theme.objects.get(key="wachten")
    assert (theme.label, theme.label_hint, theme.validated) == ("", "Wachtlijst, ggz", False)
    assert theme.insight == "Wachten maakt ziek."  # her text stays, to validate again
    history = [event.description for event in theme.curation_events.all()]
    assert history[0].startswith("Validatie ingetrokken: het thema heeft geen naam meer")
    assert history[1] == (f"Het automatische label “Wachtlijst, ggz” is weggevallen: geen woord ervan "
                          f"komt nog voor bij {k} of meer vertellers van dit thema.")
    public = _text(client.get(reverse("publication:themes")))
    assert "Thema zonder naam" not in public and "Wachtlijst, ggz" not in public


def test_a_validated_theme_with_a_name_of_its_own_keeps_it_and_its_validation(client, publish):
    k = k_threshold()
    statements = _wachten(publish, k, name="Lang wachten op hulp")
    story_services.withdraw_consent(statements[0].story, Purpose.ANALYSIS, via="link")
    theme = Theme.objects.get(key="wachten")
    assert theme.validated and theme.title == "Lang wachten op hulp"
    assert [event.action for event in theme.curation_events.all()] == ["label"]
    assert "Lang wachten op hulp" in _text(client.get(reverse("publication:themes")))


def test_a_label_that_loses_one_word_says_which_it_is_now(publish):
    k = k_threshold()
    publish.theme("wachten", label="Wachtlijst, ggz", keywords=["wachtlijst", "ggz"])
    statements = [publish.statement("wachten", f"V-w{i}", text=f"De wachtlijst bij de ggz, deel {i}.")
                  for i in range(k)]
    publish.many("wachten", k, text="Weer een wachtlijst.")
    story_services.withdraw_consent(statements[0].story, Purpose.ANALYSIS, via="link")
    theme = Theme.objects.get(key="wachten")
    assert theme.label == "Wachtlijst" and theme.validated
    [event] = theme.curation_events.all()
    assert event.description == (f"Het automatische label is nu “Wachtlijst” (was “Wachtlijst, ggz”): de "
                                 f"andere woorden komen nog maar voor bij minder dan {k} vertellers van dit thema.")


# --------------------------------------------------------------------------- the history names the other theme


def test_the_history_follows_the_theme_statements_went_to_as_it_is_named_later(client, publish, two):
    anna, bert = two
    k = k_threshold()
    publish.backed("wachten", k, label="Wachtlijst", validated=False)
    target = publish.backed("tolk", k, label="", label_hint="Tolk, contact", validated=False)
    curation.move_statements(Statement.objects.filter(theme__key="wachten")[:1], target, user=anna)
    [event] = CurationEvent.objects.filter(action="move-out")
    assert event.detail["into"] == "tolk"
    assert event.description == "Uitspraken naar een ander thema verplaatst (1): Thema zonder naam (voorlopig: Tolk, contact)"
    curation.rename(target, "Een tolk die je kent", user=bert)
    event = CurationEvent.objects.get(pk=event.pk)
    assert event.description.endswith(": Een tolk die je kent")
    client.force_login(bert)
    body = client.get(reverse("knowledge:theme", args=["wachten"])).content.decode()
    assert re.search(r'<a href="/kennis/thema/tolk/"[^>]*>Een tolk die je kent</a>', body)


def test_an_older_event_without_the_key_keeps_its_text(publish):
    theme = publish.theme("t")
    event = CurationEvent.objects.create(theme=theme, action="move-out",
                                         detail={"statements": ["a", "b"], "to": "Theme without a name"})
    assert event.other_theme is None
    assert event.description == "Uitspraken naar een ander thema verplaatst (2): Theme without a name"


def test_a_split_links_the_new_theme(publish, two):
    anna, _bert = two
    theme = publish.backed("t", 2, validated=False)
    new = curation.split(theme, Statement.objects.filter(theme=theme)[:1], "Apart", user=anna)
    event = theme.curation_events.get(action="split")
    assert event.other_theme == new and event.description.endswith("(1): Apart")


# --------------------------------------------------------------------------- a sub-theme name nothing continues


def test_a_lost_sub_theme_name_is_in_the_history_with_its_text_and_a_withdrawal_cuts_her_words(publish):
    theme = publish.theme("t")
    statement = publish.statement("t", "n-1", text="Ik moest heel lang wachten op een tolk die mij begreep.")
    event = CurationEvent.objects.create(theme=theme, action="name-lost", detail={
        "name": "Een tolk", "subtheme": "t.sub",
        "insight": "Zij zegt: ik moest heel lang wachten op een tolk die mij begreep."})
    assert event.description.startswith("Na een nieuwe analyse bestaat het subthema “Een tolk” niet meer")
    assert "Zijn kennisuitspraak was: “Zij zegt: ik moest" in event.description
    story_services.withdraw_consent(statement.story, Purpose.ANALYSIS, via="link")
    event.refresh_from_db()
    assert "wachten op een tolk" not in event.description and "[…]" in event.description
