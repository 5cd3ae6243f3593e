"""Session 18: a theme page says as of when its figures are, so it can be cited."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meervoud.knowledge.models import AnalysisRun, Theme
from meervoud.knowledge.services import refresh_evidence
from meervoud.publication.selectors import figures_as_of
from meervoud.stories.models import Purpose
from meervoud.stories.services import withdraw_consent

pytestmark = pytest.mark.django_db


def _at(day: int):
    return timezone.make_aware(datetime(2026, 3, day, 12, 0))


@pytest.fixture
def theme(publish):
    theme = publish.backed("wachtlijsten", 6)
    refresh_evidence([theme.pk])
    Theme.objects.filter(pk=theme.pk).update(updated_at=_at(3))
    return theme


def test_a_later_analysis_moves_the_date(theme):
    assert figures_as_of(theme.pk) == _at(3)
    AnalysisRun.objects.create(status=AnalysisRun.Status.DONE, finished_at=_at(9))
    AnalysisRun.objects.create(status=AnalysisRun.Status.FAILED, finished_at=_at(20))  # changed nothing
    assert figures_as_of(theme.pk) == _at(9)


def test_a_change_to_a_sub_theme_moves_the_date(theme):
    Theme.objects.create(key="wachtlijsten-ggz", label="ggz", parent=theme)
    Theme.objects.filter(key="wachtlijsten-ggz").update(updated_at=_at(12))
    assert figures_as_of(theme.pk) == _at(12)


def test_a_narrator_who_leaves_the_analysis_moves_the_date(theme, publish):
    other = publish.statement("iets-anders", "N-weg")
    withdraw_consent(other.story, Purpose.QUOTE, via="link")  # quotes are no figures
    Theme.objects.filter(pk=theme.pk).update(updated_at=_at(3))
    assert figures_as_of(theme.pk) == _at(3)
    withdraw_consent(other.story, Purpose.ANALYSIS, via="link")  # every share changes
    assert figures_as_of(theme.pk).date() == timezone.now().date()


def test_the_page_says_it_in_dutch(client, theme):
    page = client.get(reverse("publication:theme", args=["wachtlijsten"])).content.decode()
    assert 'id="as-of"' in page and "Stand van 3 maart 2026." in page
