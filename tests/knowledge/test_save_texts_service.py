"""curation.save_texts: what of a theme's name and collective statement a curator changed on her
page is stored, both or neither. The page around it: test_curator_pages_s21.py and
test_concurrency_s20.py."""

import pytest

from meervoud.accounts.models import Role
from meervoud.knowledge import curation
from meervoud.knowledge.models import CurationEvent, Theme
from meervoud.knowledge.services import forget_story

pytestmark = pytest.mark.django_db

WORDS = "Ik lag elke nacht wakker van de brieven van de deurwaarder en durfde niemand te bellen."


@pytest.fixture
def anna(make_user):
    return make_user(Role.NARRATOR, "ed-anna")


@pytest.fixture
def bert(make_user):
    return make_user(Role.NARRATOR, "ed-bert")


def _versions(theme: Theme) -> dict[str, str]:
    """The versions a page opened now sends back."""
    return {"name_was": curation.name_version(theme),
            "insight_was": curation.insight_version(curation.current_insight(theme))}


def test_both_changed_are_both_stored(publish, anna):
    theme = publish.theme("t", label="Brieven", validated=False)
    saved = curation.save_texts(theme, user=anna, name="Post die bang maakt",
                                insight="Brieven maken mensen bang.", **_versions(theme))
    assert (saved.name_changed, saved.insight_changed) == (True, True)
    assert not (saved.name_waits or saved.insight_waits or saved.words_cut)
    stored = Theme.objects.get(pk=theme.pk)
    assert (stored.name, stored.insight) == ("Post die bang maakt", "Brieven maken mensen bang.")
    assert (stored.name_written_by, stored.insight_written_by) == (anna, anna)


def test_a_field_she_left_does_not_overwrite_what_a_colleague_saved(publish, anna, bert):
    theme = publish.theme("t", label="Brieven", name="Oud", validated=False)
    opened = _versions(theme)
    curation.rename(Theme.objects.get(pk=theme.pk), "Bert's naam", user=bert)

    # her name field still shows the name her page was opened on: she did not change it
    saved = curation.save_texts(Theme.objects.get(pk=theme.pk), user=anna, name="Oud",
                                insight="Brieven maken mensen bang.", **opened)
    assert (saved.name_changed, saved.insight_changed) == (False, True)
    stored = Theme.objects.get(pk=theme.pk)
    assert (stored.name, stored.insight) == ("Bert's naam", "Brieven maken mensen bang.")


def test_only_the_field_sent_is_looked_at(publish, anna):
    theme = publish.theme("t", label="Brieven", insight="Oud.", validated=False)
    saved = curation.save_texts(theme, user=anna, insight="Nieuw.", insight_was=_versions(theme)["insight_was"])
    assert (saved.name_changed, saved.insight_changed) == (False, True)
    stored = Theme.objects.get(pk=theme.pk)
    assert (stored.name, stored.insight) == ("", "Nieuw.")


def test_the_analysis_label_kept_as_it_was_is_not_stored_as_her_name(publish, anna):
    theme = publish.theme("t", label="Brieven", validated=False)
    saved = curation.save_texts(theme, user=anna, name=" Brieven ", insight="Brieven maken bang.",
                                **_versions(theme))
    assert (saved.name_changed, saved.insight_changed) == (False, True)
    stored = Theme.objects.get(pk=theme.pk)
    # still the analysis's label: a new label from the next analysis can replace it
    assert (stored.name, stored.name_written_by) == ("", None)
    assert not CurationEvent.objects.filter(theme=theme, action="rename").exists()


def test_a_form_without_versions_stores_what_it_sends(publish, anna):
    theme = publish.theme("t", label="Brieven", validated=False)
    saved = curation.save_texts(theme, user=anna, name="Post", insight="Bang.")
    assert (saved.name_changed, saved.insight_changed) == (True, True)
    stored = Theme.objects.get(pk=theme.pk)
    assert (stored.name, stored.insight) == ("Post", "Bang.")


def test_unchanged_fields_store_nothing(publish, anna):
    theme = publish.theme("t", label="Brieven", name="Post", insight="Bang.", validated=False)
    saved = curation.save_texts(theme, user=anna, name="Post", insight="Bang.\r\n", **_versions(theme))
    assert (saved.name_changed, saved.insight_changed) == (False, False)
    assert not CurationEvent.objects.filter(theme=theme).exists()


def test_a_conflict_on_the_statement_keeps_her_name_from_being_stored(publish, anna, bert):
    theme = publish.theme("t", label="Brieven", name="Oud", validated=False)
    opened = _versions(theme)
    curation.write_insight(Theme.objects.get(pk=theme.pk), "Bert's tekst.", user=bert)

    with pytest.raises(curation.InsightChanged) as conflict:
        curation.save_texts(theme, user=anna, name="Anna's naam", insight="Anna's tekst.", **opened)
    assert (conflict.value.texts.name_changed, conflict.value.texts.insight_changed) == (True, True)
    stored = Theme.objects.get(pk=theme.pk)
    assert (stored.name, stored.insight) == ("Oud", "Bert's tekst.")
    # the theme she holds says what is stored, not the rename that was undone
    assert (theme.name, theme.insight) == ("Oud", "Bert's tekst.")
    assert not CurationEvent.objects.filter(theme=theme, user=anna).exists()


def test_a_conflict_on_the_name_keeps_her_statement_from_being_stored(publish, anna, bert):
    theme = publish.theme("t", label="Brieven", insight="Oud.", validated=False)
    opened = _versions(theme)
    curation.rename(Theme.objects.get(pk=theme.pk), "Bert's naam", user=bert)

    with pytest.raises(curation.NameChanged) as conflict:
        curation.save_texts(theme, user=anna, name="Anna's naam", insight="Anna's tekst.", **opened)
    assert conflict.value.texts.name_changed
    stored = Theme.objects.get(pk=theme.pk)
    assert (stored.name, stored.insight) == ("Bert's naam", "Oud.")


def test_new_words_of_a_validated_theme_wait_for_someone_else(publish, anna):
    theme = publish.theme("t", label="Brieven", insight="Oud.")
    saved = curation.save_texts(theme, user=anna, name="Post", insight="Nieuw.", **_versions(theme))
    assert (saved.name_waits, saved.insight_waits, saved.had_name) == (True, True, True)
    stored = Theme.objects.get(pk=theme.pk)
    assert (stored.name, stored.name_draft, stored.insight, stored.insight_draft) == (
        "", "Post", "Oud.", "Nieuw.")


def test_a_theme_without_name_or_label_had_no_name(publish, anna):
    theme = publish.theme("t", label="")
    saved = curation.save_texts(theme, user=anna, name="Post", **_versions(theme))
    assert (saved.name_waits, saved.had_name) == (True, False)


def test_words_a_narrator_withdrew_are_cut_and_said(publish, anna):
    theme = publish.theme("t", label="Brieven", validated=False)
    hers = publish.statement("t", "verteller-n", text=WORDS)
    opened = _versions(theme)
    forget_story(hers.story_id)

    saved = curation.save_texts(theme, user=anna, insight=f"Een verteller: {WORDS} Hulp helpt.", **opened)
    assert saved.words_cut and "deurwaarder" not in saved.cut and "[…]" in saved.cut
    stored = Theme.objects.get(pk=theme.pk).insight
    assert stored == saved.cut and stored.endswith("Hulp helpt.")


def test_the_cut_text_comes_back_with_a_conflict(publish, anna, bert):
    theme = publish.theme("t", label="Brieven", validated=False)
    hers = publish.statement("t", "verteller-n", text=WORDS)
    opened = _versions(theme)
    curation.write_insight(Theme.objects.get(pk=theme.pk), "Bert's tekst.", user=bert)
    forget_story(hers.story_id)

    with pytest.raises(curation.InsightChanged) as conflict:
        curation.save_texts(theme, user=anna, insight=f"Een verteller: {WORDS} Hulp helpt.", **opened)
    cut = conflict.value.texts.cut
    assert cut and "deurwaarder" not in cut and cut.endswith("Hulp helpt.")
    assert Theme.objects.get(pk=theme.pk).insight == "Bert's tekst."


def test_text_without_withdrawn_words_is_not_cut(publish, anna):
    theme = publish.theme("t", label="Brieven", validated=False)
    saved = curation.save_texts(theme, user=anna, insight=f"Een verteller: {WORDS}", **_versions(theme))
    assert saved.cut is None and not saved.words_cut
    assert "deurwaarder" in Theme.objects.get(pk=theme.pk).insight
