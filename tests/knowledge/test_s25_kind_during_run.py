"""A kind a curator corrects while an analysis stores its result stays corrected, and the
counts the Kennisbank publishes include it. Before, a statement the run placed in another theme
was written back with the kind the run had read, and the run's counts (made before her
correction) were stored over the recount ``set_kinds`` had made."""

import pytest

from meervoud.accounts.models import Role
from meervoud.knowledge import curation
from meervoud.knowledge import services as knowledge
from meervoud.knowledge.models import AnalysisRun, Statement, Theme
from tests.knowledge.conftest import demo_subset, tfidf  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_a_kind_corrected_during_a_run_survives_it(tfidf, demo_subset, make_user, monkeypatch):  # noqa: F811
    demo_subset(10)
    knowledge.run_analysis(AnalysisRun.objects.create())
    home, other = Theme.objects.filter(active=True, parent=None).order_by("-narrators", "key")[:2]
    statement = Statement.objects.filter(theme=home).order_by("key").first()
    # as if the engine moved it this run (it read it in another theme): it writes the row
    placement = knowledge._Stored.placement

    def read_elsewhere(stored):
        read = placement(stored)
        read[statement.key][6:] = [other.pk, None]
        return read

    monkeypatch.setattr(knowledge._Stored, "placement", read_elsewhere)
    was = statement.kind
    wanted = next(kind for kind in Statement.Kind.values if kind != was)
    peer = make_user(Role.NARRATOR, "kind-curator")
    allowed, done = knowledge.analysable_story_ids, []

    def while_storing():
        if not done:
            done.append(True)
            saved = curation.set_kinds(home, {statement.key: (was, wanted)}, user=peer)
            assert saved.changed == 1
        return allowed()

    monkeypatch.setattr(knowledge, "analysable_story_ids", while_storing)
    run = knowledge.run_analysis(AnalysisRun.objects.create())
    assert run.status == AnalysisRun.Status.DONE and done
    statement.refresh_from_db()
    assert statement.theme_id == home.pk
    assert statement.kind == wanted, "the analysis wrote back the kind it had read"
    # the counts stored are those of the kinds as they are now
    stored = {theme.pk: theme.evidence for theme in Theme.objects.filter(active=True)}
    knowledge.refresh_evidence(list(stored))
    assert {theme.pk: theme.evidence for theme in Theme.objects.filter(active=True)} == stored
