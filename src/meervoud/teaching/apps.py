from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeachingConfig(AppConfig):
    name = "meervoud.teaching"
    verbose_name = _("Lesmodule")

    def ready(self):
        from meervoud.teaching import signals  # noqa: F401
