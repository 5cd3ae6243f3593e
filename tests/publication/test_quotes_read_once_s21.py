"""Quotes are chosen for all themes of a page at once: the quotable statements in one query, the
stories they are cut from in one more. A quote whose words a coordinator took out of the story
is still left out, and the next narrator's quote takes its place."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meervoud.knowledge.models import Statement
from meervoud.publication.disclosure import Scope
from meervoud.publication.selectors import forget_cache, published_themes
from meervoud.stories.models import Consent, Narrator, Purpose, Story

from tests.performance.builders import Region, _statement, _story

pytestmark = pytest.mark.django_db

GRONINGEN = Scope("municipality", "Groningen")


def _quoted(view) -> dict[str, list[str]]:
    return {theme.key: [quote.text for quote in theme.quotes] for theme in view.themes}


def _queries(scope: Scope) -> int:
    forget_cache()
    published_themes(scope)  # the facts, loaded once per change
    with CaptureQueriesContext(connection) as captured:
        view = published_themes(scope, with_quotes=True)  # another question: computed afresh
    assert all(theme.quotes for theme in view.themes)
    return len(captured)


def test_a_page_with_four_times_the_themes_runs_as_many_queries():
    region = Region().grow(3, "themes")
    small = _queries(GRONINGEN)
    region.grow(9, "themes")
    assert _queries(GRONINGEN) == small <= 12, small


def test_a_quote_no_longer_in_its_story_gives_way_to_the_next_narrator():
    region = Region().grow(3, "themes")
    _statement(_story(Narrator.objects.create(code="T2-N5"),
                              domains=("armoede-schulden",)), region.themes[1])
    forget_cache()
    before = _quoted(published_themes(GRONINGEN, with_quotes=True))
    six = set(Statement.objects.filter(theme__key="thema-2").values_list("text", flat=True))
    assert len(six) == 6 and len(before["thema-2"]) == 5  # one narrator is not quoted
    first = before["thema-2"][0]
    story = Statement.objects.get(theme__key="thema-2", text=first).story
    Story.objects.filter(pk=story.pk).update(text=story.text.replace("de hulp", "iets"))
    forget_cache()
    after = _quoted(published_themes(GRONINGEN, with_quotes=True))
    assert len(after["thema-2"]) == 5 and set(after["thema-2"]) == six - {first}
    assert after["thema-1"] == before["thema-1"] and after["thema-3"] == before["thema-3"]


def test_a_narrator_who_took_back_quoting_is_not_quoted():
    Region().grow(2, "themes")
    before = _quoted(published_themes(with_quotes=True))
    first = before["thema-1"][0]
    story = Statement.objects.get(theme__key="thema-1", text=first).story
    Consent.objects.filter(story=story, purpose=Purpose.QUOTE).update(withdrawn_at=story.created_at)
    forget_cache()
    after = _quoted(published_themes(with_quotes=True))
    assert first not in after["thema-1"] and after["thema-2"] == before["thema-2"]
