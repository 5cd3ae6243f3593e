from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "meervoud.plans"
    verbose_name = _("Lokaal aan de slag")

    def ready(self):
        from meervoud.plans import signals  # noqa: F401
