from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "meervoud.knowledge"
    verbose_name = _("Collectieve kennis")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_save

        from meervoud.stories.models import Story
        from meervoud.stories.signals import (story_left_analysis, story_quotes_withdrawn,
                                              story_research_withdrawn, story_text_changed)

        story_left_analysis.connect(_forget_story, dispatch_uid="knowledge.forget_story")
        story_text_changed.connect(_story_text_changed, dispatch_uid="knowledge.story_text_changed")
        story_quotes_withdrawn.connect(_forget_quotes, dispatch_uid="knowledge.forget_quotes")
        story_research_withdrawn.connect(_forget_research_codings,
                                         dispatch_uid="knowledge.forget_research_codings")
        post_save.connect(_story_changed, sender=Story, dispatch_uid="knowledge.story_changed")
        m2m_changed.connect(_story_changed, sender=Story.life_domains.through,
                            dispatch_uid="knowledge.story_domains_changed")


def _forget_story(sender, story_id, **kwargs):
    from meervoud.knowledge.services import forget_story

    forget_story(story_id)


def _story_text_changed(sender, story_id, **kwargs):
    from meervoud.knowledge.services import story_text_changed

    story_text_changed(story_id)


def _forget_quotes(sender, story_id, **kwargs):
    from meervoud.knowledge import quote_review
    from meervoud.knowledge.curation import forget_quoted
    from meervoud.knowledge.models import Statement

    forget_quoted(list(Statement.objects.filter(story_id=story_id).values_list("text", flat=True)))
    quote_review.forget_story(story_id)


def _forget_research_codings(sender, story_id, **kwargs):
    from meervoud.knowledge.models import ManualCoding
    from meervoud.knowledge.selectors import research_coding

    ManualCoding.objects.filter(research_coding(), statement__story_id=story_id).delete()


def _story_changed(sender, instance, created=False, action="post_save", reverse=False, pk_set=None,
                   **kwargs):
    """An analysed story moved to another place or life domain: its themes' evidence is stale."""
    from meervoud.knowledge.services import story_changed

    if created or action not in {"post_save", "post_add", "post_remove", "post_clear"}:
        return
    for story_id in (pk_set or ()) if reverse else (instance.pk,):  # reverse: a domain's stories changed
        story_changed(story_id)
