from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "meervoud.core"
    verbose_name = "Meervoud"
