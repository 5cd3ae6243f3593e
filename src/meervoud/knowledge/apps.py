from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "meervoud.knowledge"
    verbose_name = _("Collectieve kennis")

    def ready(self):
        from meervoud.stories.signals import story_left_analysis

        story_left_analysis.connect(_forget_story, dispatch_uid="knowledge.forget_story")


def _forget_story(sender, story_id, **kwargs):
    from meervoud.knowledge.services import forget_story

    forget_story(story_id)
