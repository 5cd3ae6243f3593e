from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "meervoud.exchange"
    verbose_name = _("Uitwisseling met andere programma's")
