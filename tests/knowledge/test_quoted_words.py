"""A collective statement that quotes a narrator word for word loses her words when she
withdraws: the quoted run is cut out of the text, its history and any draft, and a validated
theme goes back to the peer experts (session 17 privacy review)."""

import pytest

from meervoud.knowledge import curation
from meervoud.knowledge.models import CurationEvent, Theme
from meervoud.knowledge.quoting import QUOTE_WORDS, quoted_runs, strip_quoted
from meervoud.knowledge.services import forget_story

pytestmark = pytest.mark.django_db

WORDS = "Ik lag elke nacht wakker van de brieven van de deurwaarder en durfde niemand te bellen."


def test_a_run_of_quoted_words_is_cut_out_and_the_rest_stays():
    insight = f'Schulden houden mensen uit hun slaap. Een verteller: "{WORDS.lower()}" Dat zeggen er meer.'
    stripped = strip_quoted(insight, quoted_runs([WORDS]))
    assert "deurwaarder" not in stripped and "wakker" not in stripped
    assert stripped.startswith("Schulden houden mensen uit hun slaap.") and "Dat zeggen er meer." in stripped
    assert "[…]" in stripped


def test_a_few_shared_words_are_not_a_quote():
    shared = " ".join(WORDS.split()[:QUOTE_WORDS - 1])  # one word short of a quote
    insight = f"Veel mensen zeggen: {shared}. Dat is herkenbaar."
    assert strip_quoted(insight, quoted_runs([WORDS])) is None


def test_withdrawal_takes_her_words_out_of_the_statement_its_draft_and_its_history(publish, make_user):
    theme = publish.theme("t", name="Post van de deurwaarder")
    hers = publish.statement("t", "verteller-x", "Groningen", text=WORDS)
    expert = make_user("verteller", "ed-curator")
    colleague = make_user("verteller", "ed-colleague")  # four eyes: someone else validates
    curation.write_insight(theme, f"Eerst: {WORDS}", user=expert)
    curation.write_insight(theme, f"Een verteller: {WORDS} Dat raakt velen.", user=expert)
    curation.set_validated(theme, True, user=colleague)
    curation.write_insight(theme, f"Concept. {WORDS}", user=expert)  # waits as a draft

    forget_story(hers.story_id)

    theme = Theme.objects.get(pk=theme.pk)
    # no longer validated, so the waiting draft became the one text (see curation.unvalidate)
    assert not theme.validated and theme.insight_draft is None
    assert theme.insight == "Concept. […]."
    # the validated text it replaced is in the history, without her words
    assert any("Een verteller: […]. Dat raakt velen." in event.description
               for event in CurationEvent.objects.filter(theme=theme))
    assert not any("deurwaarder" in str(event.detail) for event in CurationEvent.objects.filter(theme=theme))
    assert CurationEvent.objects.filter(theme=theme, action="unvalidate",
                                        detail__reason="withdrawn").exists()


def test_a_theme_that_does_not_quote_her_keeps_its_validation(publish, make_user):
    theme = publish.theme("t", name="Post van de deurwaarder")
    hers = publish.statement("t", "verteller-x", "Groningen", text=WORDS)
    expert = make_user("verteller", "ed-curator")
    colleague = make_user("verteller", "ed-colleague")  # four eyes: someone else validates
    curation.write_insight(theme, "Brieven van instanties maken mensen bang.", user=expert)
    curation.set_validated(theme, True, user=colleague)
    forget_story(hers.story_id)
    assert Theme.objects.get(pk=theme.pk).validated
