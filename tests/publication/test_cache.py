"""The published views are cached per data stamp: new stories keep the cache, withdrawals don't."""

from meervoud.places.selectors import find_municipality
from meervoud.publication import selectors
from meervoud.stories import services
from meervoud.stories.models import Purpose


def test_a_new_story_keeps_the_cache_but_a_withdrawal_shows_at_once(publish):
    statements = publish.many("schulden", 5)
    publish.theme("schulden")
    assert [t.narrators for t in selectors.published_themes().themes] == [5]
    cached = selectors._load_facts()

    services.create_story(
        narrator=services.new_narrator(), purposes={Purpose.ANALYSIS, Purpose.QUOTE},
        draft=services.StoryDraft(text="Een nieuw verhaal dat nog niet geanalyseerd is.",
                                  municipality=find_municipality("Groningen")))
    assert selectors._load_facts() is cached

    services.withdraw_consent(statements[0].story, Purpose.ANALYSIS, via="link")
    assert selectors._load_facts() is not cached
    assert selectors.published_themes().themes == []  # 4 narrators left, below k = 5


def test_a_theme_edited_in_the_django_admin_shows_at_once(publish):
    publish.many("schulden", 5)
    theme = publish.theme("schulden", name="Schulden")
    assert [t.title for t in selectors.published_themes().themes] == ["Schulden"]
    cached = selectors._load_facts()

    theme.name = "Schulden en de post"
    theme.save()  # what ModelAdmin.save_model does; no curation event, no analysis run
    assert selectors._load_facts() is not cached
    assert [t.title for t in selectors.published_themes().themes] == ["Schulden en de post"]
