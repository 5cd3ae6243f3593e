"""What the list of themes and a run's page say about analyses after session 25: the link to
the analysis under way, and the curated themes a finished analysis retired."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meervoud.accounts.models import Role
from meervoud.knowledge import curation, services
from meervoud.knowledge.models import AnalysisRun, Theme
from meervoud.knowledge.selectors import busy_run, retired_by

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def anna(client, make_user):
    client.force_login(make_user(Role.NARRATOR, "ed-anna"))
    return client


def test_the_list_links_to_the_run_that_is_running_not_the_one_queued_behind_it(anna):
    running = AnalysisRun.objects.create(status=AnalysisRun.Status.RUNNING, started_at=timezone.now(),
                                         beat_at=timezone.now())
    AnalysisRun.objects.create()  # queued after it: newer
    body = anna.get(reverse("knowledge:themes")).content.decode()
    assert f'href="{reverse("knowledge:run", args=[running.pk])}"' in body


def test_a_run_that_stopped_long_ago_is_not_followed(anna):
    stale = timezone.now() - AnalysisRun.STALE_AFTER - timedelta(minutes=1)
    AnalysisRun.objects.create(status=AnalysisRun.Status.RUNNING, started_at=stale, beat_at=stale)
    queued = AnalysisRun.objects.create()
    assert busy_run() == queued
    body = anna.get(reverse("knowledge:themes")).content.decode()
    assert f'href="{reverse("knowledge:run", args=[queued.pk])}"' in body


def test_nothing_under_way_offers_a_new_analysis(client, make_user):
    AnalysisRun.objects.create(status=AnalysisRun.Status.DONE, finished_at=timezone.now())
    client.force_login(make_user(Role.COORDINATOR))
    assert busy_run() is None
    body = client.get(reverse("knowledge:themes")).content.decode()
    assert reverse("knowledge:analyse") in body and "Er loopt een analyse" not in body


def _retired(summary_keys, **themes) -> AnalysisRun:
    for key, fields in themes.items():
        Theme.objects.create(key=key, **fields)
    return AnalysisRun.objects.create(status=AnalysisRun.Status.DONE, finished_at=timezone.now(),
                                      summary={"retired": summary_keys})


def test_a_retired_theme_that_came_back_is_not_listed_as_gone():
    run = _retired(["weg", "terug"], weg={"label": "Weg", "active": False, "curated": True},
                   terug={"label": "Terug", "active": True, "curated": True})
    assert [theme.key for theme in retired_by(run)] == ["weg"]


def test_the_run_page_links_to_a_retired_theme_and_the_list_names_it(anna):
    run = _retired(["weg"], weg={"label": "Brieven", "name": "Post die bleef liggen", "active": False,
                                 "curated": True})
    page = anna.get(reverse("knowledge:run", args=[run.pk]))
    assert f'href="{reverse("knowledge:theme", args=["weg"])}"' in page.content.decode()
    assert "Post die bleef liggen" in _text(page)
    assert "Post die bleef liggen" in _text(anna.get(reverse("knowledge:themes")))


def test_a_researcher_reads_the_label_of_a_retired_theme_not_its_unvalidated_name(client, make_user):
    run = _retired(["weg"], weg={"label": "Brieven", "name": "Wat de buurvrouw zei", "active": False,
                                 "curated": True})
    client.force_login(make_user(Role.RESEARCHER))
    page = _text(client.get(reverse("knowledge:run", args=[run.pk])))
    assert "Brieven" in page and "buurvrouw" not in page


def test_a_reanalysis_records_the_curated_themes_it_retires_and_no_others(tfidf, demo_subset, make_user):
    """Themes nobody touched come and go with the stories; only peer experts' work is named."""
    demo_subset(15)
    services.run_analysis(AnalysisRun.objects.create())
    top = list(Theme.objects.filter(active=True, parent=None).order_by("narrators", "key")[:2])
    curation.rename(top[0], "Hulp die te laat kwam", user=make_user(Role.NARRATOR, "ed-anna"))
    from meervoud.stories import services as story_services
    from meervoud.stories.models import Purpose, Story

    for story in Story.objects.filter(statements__theme__in=top).distinct():
        story_services.withdraw_consent(story, Purpose.ANALYSIS, via="link")
    for run in AnalysisRun.objects.filter(status=AnalysisRun.Status.QUEUED):
        services.run_analysis(run)
    last = AnalysisRun.objects.filter(status=AnalysisRun.Status.DONE).first()
    gone = {theme.key for theme in top if not Theme.objects.get(pk=theme.pk).active}
    assert top[0].key in gone, "precondition: the re-analysis retired the named theme"
    retired = last.summary["retired"]
    assert top[0].key in retired and not set(retired) - set(Theme.objects.filter(curated=True).values_list("key", flat=True))
