"""Session 23: the web app's labeler pools the inflections of nouns only (``lemmatize="nouns"``):
k narrators who say "wachtlijst" or "wachtlijsten" name a theme together, while the forms of a
verb ("keek", "kijk", "gekeken") stay apart and name nothing in place of what the theme is about."""

import pytest

from meervoud.knowledge import services as knowledge
from meervoud.knowledge.models import AnalysisRun, Theme
from meervoud.publication.disclosure import k_threshold


def _label(rows):
    labeler = knowledge.build_pipeline().labeler
    return labeler.label([t for *_, t in rows], [c for c, *_ in rows], narrators=[n for _, n, _ in rows])


def test_the_web_app_pools_a_nouns_forms_but_not_a_verbs():
    k = k_threshold()
    forms = ["Ik stond op de wachtlijst.", "De wachtlijsten waren lang."]
    rows = [("wachten", f"n{i}", forms[i % 2]) for i in range(k)]
    verbs = ["Toen keek ik weg.", "Ik kijk niet meer.", "Zij heeft gekeken."]
    rows += [("kijken", f"m{i}", verbs[i % 3]) for i in range(k)]
    labels = _label(rows)
    assert labels["wachten"][1] == ("wachtlijst",)  # neither form alone has k narrators
    assert labels["kijken"][1] == ()  # one lemma of k narrators, but a verb: no name


@pytest.mark.django_db
def test_a_run_of_the_web_app_labels_with_pooled_nouns(tfidf, demo_subset):
    demo_subset(20)
    run = knowledge.run_analysis(AnalysisRun.objects.create())
    assert run.status == AnalysisRun.Status.DONE
    assert "lemma-nouns" in run.summary["params"]["labeler"]
    assert Theme.objects.filter(active=True).exclude(keywords=[]).exists()
