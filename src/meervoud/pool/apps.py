from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoolConfig(AppConfig):
    name = "meervoud.pool"
    verbose_name = _("Pool van ervaringsdeskundigen")
