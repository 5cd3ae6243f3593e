"""Session 21: the narrator's own pages read her stories' consents and themes for all her stories
at once. The answers must stay the same as the one-story reads they replace."""

import hashlib
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meervoud.knowledge.models import Statement
from meervoud.knowledge.selectors import story_theme_mix, story_theme_mixes
from meervoud.stories import services
from meervoud.stories.models import Purpose, Story
from meervoud.stories.selectors import active_purposes
from tests.links import personal_link

pytestmark = pytest.mark.django_db


def _unthemed(story, n: int) -> Statement:
    return Statement.objects.create(
        key=f"s{story.pk}-{n}", story=story, text=story.text, start=0, end=len(story.text),
        content_hash=hashlib.sha256(f"{story.text}{n}".encode()).hexdigest(), kind="other", theme=None)


def test_active_purposes_of_a_prefetched_story_asks_no_query_and_skips_withdrawn_consent(publish):
    story = publish.statement("wachten", "V-prefetch", purposes=(Purpose.ANALYSIS, Purpose.QUOTE,
                                                                   Purpose.RESEARCH), share=False).story
    services.withdraw_consent(story, Purpose.QUOTE, via="link")
    services.withdraw_consent(story, Purpose.RESEARCH, via="link")
    services.give_consent(story, Purpose.RESEARCH, via="link")  # withdrawn once, given again

    prefetched = Story.objects.prefetch_related("consents").get(pk=story.pk)
    with CaptureQueriesContext(connection) as captured:
        active = active_purposes(prefetched)
    assert captured.captured_queries == []
    assert active == {Purpose.ANALYSIS, Purpose.RESEARCH}
    assert active_purposes(Story.objects.get(pk=story.pk)) == active  # without the prefetch


def test_the_theme_mix_of_many_stories_is_each_story_s_own_mix_in_two_queries(publish):
    first = publish.statement("wachten", "V-mix-1").story
    Statement.objects.create(key=f"s{first.pk}-steun", story=first, text=first.text, start=0,
                             end=len(first.text), theme=publish.theme("steun"), kind="helped",
                             content_hash=hashlib.sha256(b"steun").hexdigest())
    _unthemed(first, 1)
    _unthemed(first, 2)  # the largest share: sentences that fit no theme are shown, not dropped
    second = publish.statement("steun", "V-mix-2").story
    without = publish.statement("wachten", "V-mix-3").story
    Statement.objects.filter(story=without).delete()

    with CaptureQueriesContext(connection) as captured:
        mixes = story_theme_mixes([first.pk, second.pk, without.pk])
    assert len(captured.captured_queries) == 2
    assert without.pk not in mixes and story_theme_mix(without.pk) == []
    for story in (first, second):
        assert mixes[story.pk] == story_theme_mix(story.pk)
    theme, share = mixes[first.pk][0]
    assert theme is None and share == pytest.approx(0.5)
    assert [t.key for t, _share in mixes[first.pk][1:]] == ["steun", "wachten"]  # ties by key
    assert sum(share for _theme, share in mixes[first.pk]) == pytest.approx(1)
    assert story_theme_mixes([]) == {}


def test_her_download_names_the_themes_of_each_story_and_none_of_another_story(client, publish):
    first = publish.statement("wachten", "V-download").story
    second = publish.statement("steun", "V-download").story
    publish.statement("armoede", "V-ander")  # another narrator's theme

    response = client.get(reverse("stories:my_data", args=[personal_link(first.narrator)]))
    assert response.status_code == 200
    used = {story["id"]: story["gebruiktInThemas"] for story in json.loads(response.content)["verhalen"]}
    assert used == {first.pk: ["wachten"], second.pk: ["steun"]}


def test_her_page_shows_each_story_s_own_consents_after_she_changed_one(client, publish):
    kept = publish.statement("wachten", "V-pagina", share=False).story
    left = publish.statement("steun", "V-pagina", share=False).story
    page = reverse("stories:my_story", args=[personal_link(kept.narrator)])
    for purpose in (Purpose.ANALYSIS, Purpose.QUOTE):
        client.post(page, {"story": left.pk, "purpose": purpose, "action": "withdraw"})

    html = client.get(page).content.decode()
    sections = {story.pk: next(part for part in html.split('<section class="card">')
                               if f'name="story" value="{story.pk}"' in part)
                for story in (kept, left)}
    assert sections[kept.pk].count("Toestemming gegeven") == 2
    assert "We bewaren het tot" not in sections[kept.pk]
    assert "Toestemming gegeven" not in sections[left.pk]
    assert "We bewaren het tot" in sections[left.pk]
