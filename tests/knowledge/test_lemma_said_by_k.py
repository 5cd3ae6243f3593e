"""Session 22: the labeler counts the inflections of a word as one ("wachtlijst", "wachtlijsten"),
so a keyword checked again after a withdrawal (``said_by_k``) is counted the same way: k
narrators who say it in different forms still carry it."""

import pytest

from meervoud.engine.label import keyword_line
from meervoud.knowledge import services as knowledge
from meervoud.knowledge.models import Theme
from meervoud.publication.disclosure import k_threshold
from meervoud.stories import services as story_services
from meervoud.stories.models import Purpose

pytestmark = pytest.mark.django_db

FORMS = ["Ik stond op de wachtlijst.", "De wachtlijsten waren lang.", "Twee wachtlijsten, dat was veel."]


def _held(rows):
    return [(keyword_line(text), narrator) for narrator, text in rows]


def test_a_keyword_said_in_different_inflections_by_k_narrators_is_kept():
    rows = [(f"n{i}", FORMS[i % len(FORMS)]) for i in range(5)]
    assert knowledge.said_by_k(_held(rows), ["wachtlijst"], 5) is None
    assert knowledge.said_by_k(_held(rows), ["wachtlijsten"], 5) is None  # whichever form is stored
    # one form alone is said by fewer than five: only the lemma keeps it
    label, keywords, share = knowledge.said_by_k(_held(rows[:4]), ["wachtlijst"], 5)
    assert (label, keywords, share) == ("", [], None)


def test_a_withdrawal_leaves_a_keyword_that_k_narrators_say_in_other_forms(publish):
    k = k_threshold()
    publish.theme("wachten", label="Wachtlijst", keywords=["wachtlijst"])
    statements = [publish.statement("wachten", f"V-l{i}", text=FORMS[i % len(FORMS)]) for i in range(k + 1)]
    story_services.withdraw_consent(statements[0].story, Purpose.ANALYSIS, via="link")
    theme = Theme.objects.get(key="wachten")
    # k narrators left, most of them saying "wachtlijsten": the word stays, and every statement names it
    assert (theme.label, theme.keywords) == ("Wachtlijst", ["wachtlijst"])
    assert theme.keyword_share == 1.0
    story_services.withdraw_consent(statements[1].story, Purpose.ANALYSIS, via="link")
    theme.refresh_from_db()
    assert (theme.label, theme.keywords, theme.label_hint) == ("", [], "Wachtlijst")
