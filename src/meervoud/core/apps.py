from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "meervoud.core"
    verbose_name = "Meervoud"

    def ready(self):
        from meervoud.core import checks  # noqa: F401  (registers `check --deploy`'s own warnings)
