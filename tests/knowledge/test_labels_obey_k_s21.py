"""Session 21: the web app's labels come from the strict labeler (``strict_narrators``,
``min_narrators = k``); a theme that held a statement left out of the run (a story withdrawn or
corrected meanwhile), or lost one later, is counted again (``refresh_evidence``, ``said_by_k``)."""


import pytest

from meervoud.engine.label import keyword_form, keyword_line
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
            users = {code for line, code in lines if keyword_form(word) in line}
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


def _held(rows):
    return [(keyword_line(text), narrator) for narrator, text in rows]


def test_four_narrators_left_is_no_keyword_and_no_label():
    rows = [(f"n{i}", "De wachtlijst en de ggz.") for i in range(1, 5)]
    assert knowledge.said_by_k(_held(rows), ["wachtlijst", "ggz"], 5) == ("", [], None)


def test_a_theme_whose_words_all_still_have_k_narrators_is_left_as_it_is():
    rows = [(f"n{i}", "De wachtlijst en de ggz.") for i in range(5)]
    assert knowledge.said_by_k(_held(rows), ["wachtlijst", "ggz"], 5) is None


def test_only_the_words_that_fall_below_k_go():
    rows = [(f"n{i}", "De wachtlijst bij de ggz.") for i in range(1, 5)] + [("n5", "De wachtlijst.")]
    label, keywords, share = knowledge.said_by_k(_held(rows), ["wachtlijst", "ggz"], 5)
    assert (label, keywords) == ("Wachtlijst", ["wachtlijst"])
    assert share == 1.0  # all five statements left name it


def test_a_withdrawal_after_the_run_takes_a_word_below_k_off_the_theme(publish):
    """A published keyword is a fact about k narrators; when one of them takes back her consent
    the word may rest on fewer, and must go at once, not at the next analysis."""
    k = k_threshold()
    publish.theme("wachten", label="Wachtlijst, ggz", keywords=["wachtlijst", "ggz"])
    statements = [publish.statement("wachten", f"V-w{i}", text=f"De wachtlijst bij de ggz, deel {i}.")
                  for i in range(k)]
    publish.statement("wachten", "V-extra", text="De wachtlijst was lang.")
    story_services.withdraw_consent(statements[0].story, Purpose.ANALYSIS, via="link")
    theme = Theme.objects.get(key="wachten")
    assert theme.keywords == ["wachtlijst"] and theme.label == "Wachtlijst"
    story_services.withdraw_consent(statements[1].story, Purpose.ANALYSIS, via="link")
    theme.refresh_from_db()
    assert (theme.label, theme.keywords, theme.label_hint) == ("", [], "Wachtlijst")
