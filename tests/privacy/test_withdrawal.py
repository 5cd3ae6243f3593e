"""Consent withdrawal, end to end: once a narrator withdraws, their words are gone from every
analysis, quote, report, export, API response and search result."""

import pytest
from django.urls import reverse

from meervoud.knowledge.models import AnalysisRun, Statement
from meervoud.knowledge.services import run_analysis
from meervoud.stories.models import Purpose, Story
from tests.privacy.conftest import outputs, text_of
from tests.links import personal_link

pytestmark = pytest.mark.django_db(transaction=True)

PHRASE = "dossier kwijt"  # only in Fatima's story (de-identified, so without her name)


def where(client, corpus, phrase) -> list[str]:
    return [label for label, response in outputs(client, corpus) if phrase in text_of(response)]


def analyse_what_was_queued():
    # The web app queues a re-analysis in the background worker; here we run it in-process.
    for run in AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED):
        run_analysis(run)


def test_deleting_a_story_removes_it_everywhere(client, exposed_corpus):
    story = Story.objects.get(text__contains=PHRASE)
    before = where(client, exposed_corpus, PHRASE)
    assert any("/kennisbank/thema/" in label for label in before), before  # quoted on a theme page
    assert any("uitwisseling/export" in label for label in before), before  # in the research export
    narrators_before = AnalysisRun.objects.filter(status="done").first().narrators

    client.post(reverse("stories:my_story", args=[personal_link(story.narrator)]),
                {"story": story.pk, "action": "delete", "confirm": "on"})
    assert not Story.objects.filter(pk=story.pk).exists()
    assert not Statement.objects.filter(text__contains=PHRASE).exists()
    analyse_what_was_queued()

    assert AnalysisRun.objects.filter(status="done").first().narrators == narrators_before - 1
    assert where(client, exposed_corpus, PHRASE) == []


def test_withdrawing_quote_consent_removes_only_the_quotes(client, exposed_corpus):
    story = Story.objects.get(text__contains=PHRASE)
    client.post(reverse("stories:my_story", args=[personal_link(story.narrator)]),
                {"story": story.pk, "action": "withdraw", "purpose": Purpose.QUOTE})
    analyse_what_was_queued()
    remaining = where(client, exposed_corpus, PHRASE)
    assert not any("/kennisbank/" in label or "/api/v1/" in label or "rapport" in label
                   for label in remaining), remaining
    # Still analysed (counted) and still in the research export, as the narrator allows.
    assert Statement.objects.filter(story=story).exists()
    assert any("uitwisseling/export" in label for label in remaining)
