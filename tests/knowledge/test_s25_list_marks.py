"""The curators' list of themes after session 25: what it marks on a theme (new in the last
analysis; validated but not in the Kennisbank, and why), beside the review tests in
test_review_s25_curator.py."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meervoud.accounts.models import Role
from meervoud.knowledge.models import AnalysisRun
from meervoud.knowledge.selectors import first_found_by
from meervoud.publication.disclosure import k_threshold

pytestmark = pytest.mark.django_db


def _rows(response) -> list[str]:
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)))
            for row in re.findall(r"<tr>.*?</tr>", response.content.decode(), flags=re.S)]


def _row(response, title: str) -> str:
    found = [row for row in _rows(response) if title in row]
    assert found, f"precondition: the list shows {title!r}"
    return found[0]


@pytest.fixture
def anna(client, make_user):
    client.force_login(make_user(Role.NARRATOR, "ed-anna"))
    return client


def _done() -> AnalysisRun:
    return AnalysisRun.objects.create(status=AnalysisRun.Status.DONE, finished_at=timezone.now())


def test_after_the_first_analysis_no_theme_is_marked_new(anna, publish):
    """Every theme is new after the first analysis: marking them all tells her nothing."""
    only = _done()
    publish.backed("a", 2, validated=False, label="Brieven", first_run=only, last_run=only)
    assert first_found_by(only) is None
    assert "nieuw" not in _row(anna.get(reverse("knowledge:themes")), "Brieven").lower()


def test_a_new_sub_theme_of_an_old_theme_is_marked_new(anna, publish):
    first, second = _done(), _done()
    parent = publish.backed("a", 2, validated=False, label="Brieven", first_run=first, last_run=second)
    publish.theme("a-sub", validated=False, label="Aanmaning", parent=parent, first_run=second, last_run=second)
    row = _row(anna.get(reverse("knowledge:themes")), "Brieven")
    assert "Aanmaning nieuw" in row, row


def test_a_theme_found_by_an_older_run_is_not_new(anna, publish):
    """Only the last finished analysis counts: a run still waiting changes nothing."""
    first, second = _done(), _done()
    AnalysisRun.objects.create()  # queued, newer than both
    publish.backed("a", 2, validated=False, label="Brieven", first_run=first, last_run=second)
    publish.backed("b", 2, validated=False, label="Huur", first_run=second, last_run=second)
    response = anna.get(reverse("knowledge:themes"))
    assert "nieuw" not in _row(response, "Brieven").lower()
    assert "nieuw" in _row(response, "Huur").lower()


def test_a_published_theme_is_not_marked_as_left_out(anna, publish):
    publish.backed("t", k_threshold(), name="Wachten op hulp")
    row = _row(anna.get(reverse("knowledge:themes")), "Wachten op hulp")
    assert "niet in de kennisbank" not in row.lower(), row


def test_the_list_says_how_many_narrators_a_left_out_theme_lacks(anna, publish):
    publish.backed("t", k_threshold() - 1, name="Wachten op hulp")
    row = _row(anna.get(reverse("knowledge:themes")), "Wachten op hulp")
    assert f"niet in de Kennisbank: minder dan {k_threshold()} vertellers" in row, row


def test_a_validated_theme_without_any_name_is_left_out_for_that(anna, publish):
    """Validated before names were required: the Kennisbank cannot call it anything."""
    publish.backed("t", k_threshold(), name="", label="")
    row = next(row for row in _rows(anna.get(reverse("knowledge:themes"))) if "Thema zonder naam" in row)
    assert "niet in de Kennisbank: het thema heeft geen naam" in row, row
    assert "minder dan" not in row


def test_an_unvalidated_theme_is_not_marked_as_left_out(anna, publish):
    """Not validated is not in the Kennisbank by design; the list says "gevalideerd" of the others."""
    publish.backed("t", 1, validated=False, name="Wachten op hulp")
    assert "niet in de kennisbank" not in _row(anna.get(reverse("knowledge:themes")), "Wachten op hulp").lower()

