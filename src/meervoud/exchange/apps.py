from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "meervoud.exchange"
    verbose_name = _("Uitwisseling met andere programma's")

    def ready(self):
        from meervoud.stories.signals import story_research_withdrawn

        story_research_withdrawn.connect(_forget_imported_codings,
                                         dispatch_uid="exchange.forget_imported_codings")


def _forget_imported_codings(sender, story_id, **kwargs):
    from meervoud.exchange.hand_coding import forget_story

    forget_story(story_id)
