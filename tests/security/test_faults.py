"""Faults: an analysis killed half-way, and the database going away in the middle of a request."""

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from meervoud.engine import Pipeline, SpectralModularityClusterer
from meervoud.engine.embed import TfidfEmbedder
from meervoud.knowledge.cache import DatabaseEmbeddingCache
from meervoud.knowledge.models import AnalysisRun, EmbeddingVector, Statement, Theme
from meervoud.knowledge.services import run_analysis
from meervoud.stories.models import Consent, ConsentEvent, Story


class FrozenTfidf(TfidfEmbedder):
    """The model-free embedder, made cacheable the way a neural model is: once fitted on the
    (fixed) corpus a text's vector no longer changes, so it can be stored per batch."""

    cacheable = True

    @property
    def name(self) -> str:
        return "tfidf-frozen-test"


class Killed(Exception):
    pass


def pipeline() -> Pipeline:
    return Pipeline(embedder=FrozenTfidf(), cache=DatabaseEmbeddingCache(), batch_size=16,
                    clusterer=SpectralModularityClusterer(granularity=2.0))


def outcome() -> tuple[set, dict]:
    themes = set(Theme.objects.filter(active=True).values_list("key", "label", "narrators"))
    assignment = dict(Statement.objects.values_list("key", "theme__key"))
    return themes, assignment


def forget_analysis() -> None:
    Statement.objects.all().delete()
    Theme.objects.all().delete()
    AnalysisRun.objects.all().delete()
    EmbeddingVector.objects.all().delete()


@pytest.mark.django_db
def test_an_analysis_killed_half_way_resumes_to_the_same_result(settings):
    _load_stories()

    run_analysis(AnalysisRun.objects.create(reason="uninterrupted"), pipeline=pipeline())
    expected = outcome()
    assert expected[0] and any(expected[1].values())
    forget_analysis()

    def kill_half_way(step, done, total):
        if step == "embed" and total and done >= total // 2:
            raise Killed

    first = AnalysisRun.objects.create(reason="killed")
    with pytest.raises(Killed):
        run_analysis(first, pipeline=pipeline(), progress=kill_half_way)
    first.refresh_from_db()
    assert first.status == AnalysisRun.Status.FAILED
    cached = EmbeddingVector.objects.count()
    assert 0 < cached  # some batches were written before the kill …
    assert not Theme.objects.exists() and not Statement.objects.exists()  # … nothing half-stored

    embedded = {}

    def watch(step, done, total):
        if step == "embed":
            embedded["total"] = total

    run_analysis(AnalysisRun.objects.create(reason="resumed"), pipeline=pipeline(), progress=watch)
    assert 0 < embedded["total"] == EmbeddingVector.objects.count() - cached  # only what was missing
    assert outcome() == expected


def _load_stories():
    from meervoud.demo.services import story_records
    from meervoud.stories.importer import import_records
    from meervoud.stories.models import Source

    records = story_records()[:8] + story_records()[80:88]
    for number, record in enumerate(records, start=1):
        record["__row__"] = number
    assert import_records(records, source=Source.DEMO, is_fictional=True).ok


@pytest.mark.django_db
def test_bundle_command_killed_then_rerun_gives_the_uninterrupted_result(settings, monkeypatch):
    """The same through `meervoud bundle` with the configured (tfidf) embedder."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from meervoud.knowledge import services

    settings.MEERVOUD_EMBEDDER = "tfidf"
    _load_stories()
    call_command("bundle", "--quiet")
    expected = outcome()
    forget_analysis()

    real = services.store_result

    def die_while_storing(*args, **kwargs):
        raise Killed  # the worst moment: everything computed, nothing stored yet

    monkeypatch.setattr(services, "store_result", die_while_storing)
    with pytest.raises(CommandError):
        call_command("bundle", "--quiet")
    assert not Theme.objects.exists()
    monkeypatch.setattr(services, "store_result", real)
    call_command("bundle", "--quiet")
    assert outcome() == expected


STORY = ("Na mijn scheiding sliep ik drie maanden in mijn auto. Pas toen een ervaringsdeskundige "
         "meeging naar het loket kreeg ik een postadres en daarna een uitkering.")


def _review_post(municipality, domains):
    return {
        "step": "review", "action": "submit", "text": STORY, "helped": "", "hindered": "",
        "known_names": "", "municipality": municipality.pk, "life_domains": [d.pk for d in domains],
        "level": "micro", "recovery_phase": "", "language": "nl", "reviewed_text": STORY,
        "reviewed_helped": "", "reviewed_hindered": "", "consent_analysis": "on",
        "consent_quote": "on",
    }


class DatabaseGone:
    """Fails every query once the story row is written: the connection dropped half-way.
    Savepoint statements still pass, standing in for the server discarding the open
    transaction when its connection goes (the test itself runs inside a transaction)."""

    def __init__(self):
        self.story_written = False

    def __call__(self, execute, sql, params, many, context):
        if self.story_written and "SAVEPOINT" not in sql.upper():
            raise OperationalError("server closed the connection unexpectedly")
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith("INSERT") and '"stories_story"' in sql:
            self.story_written = True
        return result


@pytest.mark.django_db
def test_database_gone_mid_intake_gives_a_clean_503_and_no_half_story(municipality, domains):
    client = Client(raise_request_exception=False)
    gone = DatabaseGone()
    with connection.execute_wrapper(gone):
        response = client.post(reverse("stories:intake"), _review_post(municipality, domains))
    assert gone.story_written  # the failure really came after the story row
    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.content.decode()
    assert "probeer het zo opnieuw" in body.lower()
    assert "niet (half) opgeslagen" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert Story.objects.count() == 0
    assert Consent.objects.count() == 0 and ConsentEvent.objects.count() == 0
    from meervoud.stories.models import Narrator

    assert Narrator.objects.count() == 0  # the pseudonym is made in the story's transaction


@pytest.mark.django_db
def test_other_errors_give_the_dutch_500_page():
    def broken(execute, sql, params, many, context):
        raise RuntimeError("a bug, not an outage")

    with connection.execute_wrapper(broken):
        response = Client(raise_request_exception=False).get(reverse("core:health"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Er ging iets mis" in body and "RuntimeError" not in body
