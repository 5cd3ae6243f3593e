"""What `meervoud check --deploy` says about Meervoud's own settings, next to Django's: set-ups
that start and run, but not as the administrator meant (README, "Production": the check must
print no warnings). In Dutch, as every other message to the operator."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

DEFAULT_SENDER = "noreply@localhost"


@register(Tags.security, deploy=True)
def deployment(app_configs, **kwargs) -> list[Warning]:
    from meervoud.core.mail import email_enabled

    warnings = []
    if not getattr(settings, "MEERVOUD_DATA_DIR_SET", True):
        warnings.append(Warning(
            f"MEERVOUD_DATA_DIR is niet ingesteld als volledig pad. De gegevens (de SQLite-database, "
            f"het register van verwijderingen, de bestanden van de lesmodule) staan nu in "
            f"{settings.DATA_DIR}, onder de map waarin deze opdracht startte. De webserver en de "
            "dagelijkse `meervoud retention` en `meervoud backup` gebruiken zo misschien elk een "
            "ander register.",
            hint="Zet MEERVOUD_DATA_DIR op een vaste map, bijvoorbeeld /srv/meervoud.",
            id="meervoud.W001"))
    if email_enabled() and not settings.MEERVOUD_SITE_URL:
        warnings.append(Warning(
            "Er is een mailserver ingesteld, maar geen MEERVOUD_SITE_URL: e-mails hebben dan geen "
            "link, alleen \"Log in op Meervoud om het te lezen\".",
            hint="Zet MEERVOUD_SITE_URL op het openbare adres, bijvoorbeeld https://meervoud.example.nl.",
            id="meervoud.W002"))
    if email_enabled() and DEFAULT_SENDER in settings.DEFAULT_FROM_EMAIL:
        warnings.append(Warning(
            f"E-mail gaat uit van {settings.DEFAULT_FROM_EMAIL} (MEERVOUD_EMAIL_FROM); de meeste "
            "mailservers weigeren dat adres.",
            hint="Zet MEERVOUD_EMAIL_FROM op een adres van je eigen domein, bijvoorbeeld "
                 "Meervoud <meervoud@example.nl>.",
            id="meervoud.W003"))
    return warnings
