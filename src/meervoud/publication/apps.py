from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "meervoud.publication"
    verbose_name = _("Publicatie voor gemeenten")
