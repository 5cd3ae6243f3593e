"""Session 21: the web app's labels come from the strict labeler (``strict_narrators``,
``min_narrators = k``); ``named_by_k`` only counts again the themes that held a statement left out
of the run (a story withdrawn or corrected meanwhile)."""

from types import SimpleNamespace

import pytest

from meervoud.engine.label import keyword_line
from meervoud.engine.types import Document, Statement as EngineStatement
from meervoud.knowledge import services as knowledge
from meervoud.knowledge.models import AnalysisRun, Statement, Theme
from meervoud.publication.disclosure import k_threshold
from meervoud.stories import services as story_services
from meervoud.stories.models import Purpose, Story

pytestmark = pytest.mark.django_db


def _assert_stored_labels_obey_k():
    k = k_threshold()
    themes = list(Theme.objects.filter(active=True))
    for theme in themes:
        held = Statement.objects.filter(subtheme=theme) if theme.parent_id else Statement.objects.filter(theme=theme)
        lines = [(keyword_line(text), code) for text, code in held.values_list("text", "story__narrator__code")]
        for word in theme.keywords:
            users = {code for line, code in lines if f" {word.casefold()} " in line}
            assert len(users) >= k, (theme.key, word, len(users))
        if not theme.keywords:
            assert theme.label == "" and theme.keyword_share is None, theme.key
        else:
            assert theme.label.lower().startswith(theme.keywords[0].lower())
    return themes


def test_every_stored_keyword_is_said_by_k_narrators_of_its_own_theme(tfidf, demo_subset):
    demo_subset(20)
    run = knowledge.run_analysis(AnalysisRun.objects.create())
    assert "strict" in run.summary["params"]["labeler"]
    themes = _assert_stored_labels_obey_k()
    assert any(theme.keywords for theme in themes)
    # a theme without a name keeps the words fewer narrators use as a hint for its curators
    hints = [theme.label_hint for theme in themes if not theme.keywords and theme.label_hint]
    # (words, "Tas, doos, envelop"; the start of a statement, "Toen hij de eerste keer sloeg…", only
    # where a theme has no word at all)
    assert hints and sum(hint.endswith("…") for hint in hints) <= len(hints) // 4, hints


def test_a_story_withdrawn_while_the_run_ran_leaves_no_word_and_no_hint(tfidf, demo_subset):
    demo_subset(20)
    engine = knowledge.build_pipeline()
    withdrawn = {}

    class WithdrawnMidway:
        def run(self, *args, **kwargs):
            result = engine.run(*args, **kwargs)
            story_of = {s.id: s.document_id for s in result.statements}
            # the story behind the first representative of a theme without keywords, else any
            unnamed = [t for t in [*result.themes, *result.subthemes] if not t.keywords and t.representative_ids]
            found = (unnamed or list(result.themes))[0]
            story = Story.objects.get(pk=int(story_of[found.representative_ids[0]]))
            withdrawn.update(story=story.pk, theme=found.id, hint=found.label, named=bool(found.keywords))
            story_services.withdraw_consent(story, Purpose.ANALYSIS, via="link")
            return result

    run = knowledge.run_analysis(AnalysisRun.objects.create(), pipeline=WithdrawnMidway())
    assert run.status == AnalysisRun.Status.DONE
    assert not Statement.objects.filter(story_id=withdrawn["story"]).exists()
    _assert_stored_labels_obey_k()
    assert not withdrawn["named"]  # the demo slice has themes without a word of k narrators
    theme = Theme.objects.get(key=withdrawn["theme"])
    assert theme.label == "" and theme.label_hint == ""  # her words are no hint either


def _result(themes: dict[str, list[tuple[str, str]]], keywords: dict[str, tuple[str, ...]]):
    """themes: theme id -> [(narrator, text)]."""
    documents, statements, assignment, found = [], [], {}, []
    for theme_id, rows in themes.items():
        for narrator, text in rows:
            number = str(len(documents))
            documents.append(Document(id=number, text=text, narrator=narrator))
            statements.append(EngineStatement(id=f"s{number}", document_id=number, text=text, lang="nl",
                                              start=0, end=len(text), content_hash=number))
            assignment[f"s{number}"] = theme_id
        words = keywords[theme_id]
        found.append(SimpleNamespace(id=theme_id, label=", ".join(words[:3]).capitalize(), keywords=words,
                                     keyword_share=1.0))
    result = SimpleNamespace(statements=tuple(statements), themes=tuple(found), subthemes=(),
                             assignment=assignment, subassignment={s: None for s in assignment})
    return result, documents


def test_only_the_themes_that_held_a_left_out_statement_are_counted_again():
    rows = [(f"n{i}", "De wachtlijst en de ggz.") for i in range(5)]
    result, documents = _result({"a": rows, "b": list(rows)}, {"a": ("wachtlijst", "ggz"), "b": ("wachtlijst", "ggz")})
    named = knowledge.named_by_k(result, documents, {"s0"}, 5)
    assert named["a"] == ("", [], None)  # four narrators left
    assert named["b"] == ("Wachtlijst, ggz", ["wachtlijst", "ggz"], 1.0)  # as the labeler named it


def test_a_left_out_statement_drops_only_the_words_that_fall_below_k():
    rows = [(f"n{i}", "De wachtlijst bij de ggz.") for i in range(5)] + [("n5", "De wachtlijst.")]
    result, documents = _result({"a": rows}, {"a": ("wachtlijst", "ggz")})
    label, keywords, share = knowledge.named_by_k(result, documents, {"s0"}, 5)["a"]
    assert (label, keywords) == ("Wachtlijst", ["wachtlijst"])
    assert share == 1.0  # all five statements left name it


def test_a_theme_without_keywords_is_stored_without_a_label():
    result, documents = _result({"a": [("n0", "Dat weet ik niet meer.")]}, {"a": ()})
    assert knowledge.named_by_k(result, documents, set(), 5)["a"] == ("", [], None)
