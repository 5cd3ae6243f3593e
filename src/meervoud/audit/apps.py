from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "meervoud.audit"
    verbose_name = _("Logboek en bewaartermijnen")

    def ready(self):
        from meervoud.audit import signals  # noqa: F401
