"""What became of a narrator's stories, as she reads it on her own page and in her download (AVG
art. 15): the themes her sentences are counted in, and her sentences that may be shown as quotes.
One place for both, so that the page and the file say the same, with the same care for names."""


def themes_used(story_ids) -> dict[int, list[str]]:
    """Per story: the names of the themes its sentences are counted in, the largest share first
    (the theme mix without the sentences that fit no theme), as a reader outside curation reads
    them (``Theme.reader_title``): her page is read on shared computers and her download is kept
    and passed on, so never a name nobody else checked or one the Kennisbank withholds."""
    from meervoud.knowledge.selectors import story_theme_mixes
    from meervoud.publication.selectors import withheld_themes

    withheld = withheld_themes()

    def title(theme) -> str:
        held = withheld.get(theme.key)
        return theme.reader_title(name_withheld=held is not None and "name" in held.fields)

    return {story_id: [title(theme) for theme, _share in mix if theme is not None]
            for story_id, mix in story_theme_mixes(story_ids).items()}


def quoted_sentences(story_ids) -> dict[int, list[dict]]:
    """Per story: her sentences that may be shown as a quote on the Kennisbank, in reports and
    the API, with the theme they are quoted under, as the public reads them (``as_quoted``).

    The publication's own conditions for a quote (publication.selectors._add_quotes): a peer
    expert approved the sentence in its current text, she allows quoting and analysis now, its
    theme is published, it is still her story's own words and it passes the check for words
    that point to a person. Which of these a page shows at a moment depends on the place it is
    read for (at most five per theme); she is told every one that can be shown."""
    from meervoud.knowledge.models import Statement
    from meervoud.knowledge.quote_review import approved, as_quoted, quotable, still_own_words
    from meervoud.publication.selectors import published_keys
    from meervoud.publication.withheld import quote_names_someone
    from meervoud.stories.models import Purpose
    from meervoud.stories.selectors import with_active_consent

    published = published_keys()
    if not published:
        return {}
    statements = (quotable(Statement.objects.filter(story_id__in=story_ids, theme__key__in=published))
                  .filter(approved(), story__in=with_active_consent(Purpose.ANALYSIS).values("pk"))
                  .select_related("theme", "story").order_by("story_id", "field", "start"))
    quoted: dict[int, list[dict]] = {}
    for statement in statements:
        if not still_own_words(statement.story, statement.field, statement.start, statement.end,
                               statement.text) or quote_names_someone(statement.text):
            continue
        quoted.setdefault(statement.story_id, []).append(
            {"zin": as_quoted(statement.text), "thema": statement.theme.title})
    return quoted
