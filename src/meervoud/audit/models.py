"""The audit log: who looked at or took away non-public data, and when.

Append-only. A row says who (user id and username at the time, with their role then), what
they did (view, export, download, import, failed login, …), to which kind of object and its id,
and a short detail that never holds personal content. The client address is kept only as a
keyed hash of its network prefix (see services.hash_ip), enough to tell "same place" apart from
"elsewhere" without storing where someone was.

Nothing in the application updates or deletes a row: save() refuses to change an existing row,
delete() and the queryset's update()/delete() refuse, and on PostgreSQL a trigger refuses
UPDATE and DELETE as well (migration 0002). The single exception is the retention command,
which removes rows older than MEERVOUD_AUDIT_RETENTION_DAYS through `purge_before`.
"""

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event."""


class Action(models.TextChoices):
    VIEW = "view", _("bekeken")
    EXPORT = "export", _("geëxporteerd")
    DOWNLOAD = "download", _("gedownload")
    IMPORT = "import", _("geïmporteerd")
    LOGIN = "login", _("ingelogd")
    LOGOUT = "logout", _("uitgelogd")
    LOGIN_FAILED = "login-failed", _("inloggen mislukt")
    LOCKED_OUT = "locked-out", _("geblokkeerd na te veel pogingen")
    OTP_FAILED = "otp-failed", _("verificatiecode fout")
    OTP_ENABLED = "otp-enabled", _("tweestapsverificatie aangezet")
    OTP_DISABLED = "otp-disabled", _("tweestapsverificatie uitgezet")
    BACKUP = "backup", _("back-up gemaakt")
    RESTORE = "restore", _("back-up teruggezet")
    RETENTION = "retention", _("bewaartermijnen toegepast")
    TOKEN_ISSUED = "token-issued", _("API-sleutel gemaakt")
    TOKEN_REVOKED = "token-revoked", _("API-sleutels ingetrokken")
    CONSENT_WITHDRAWN = "consent-withdrawn", _("toestemming ingetrokken namens verteller")
    STORY_DELETED = "story-deleted", _("verhaal verwijderd namens verteller")
    CHANGE = "change", _("gewijzigd")
    DELETE = "delete", _("verwijderd")
    PASSWORD_CHANGED = "password-changed", _("wachtwoord gewijzigd")
    PASSWORD_RESET_SENT = "password-reset-sent", _("link voor nieuw wachtwoord gemaild")
    PASSWORD_RESET = "password-reset", _("nieuw wachtwoord gekozen via e-mail")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def purge_before(self, moment) -> int:
        """The one permitted deletion, for the retention command: events older than `moment`."""
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Lifts the trigger for this transaction only (see migration 0002).
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('meervoud.audit_purge', 'on', true)")
            deleted, _counts = models.QuerySet.delete(self.filter(at__lt=moment))
        return deleted


class AuditEvent(models.Model):
    at = models.DateTimeField(_("moment"), default=timezone.now, db_index=True, editable=False)
    # No foreign key: removing an account must neither change nor remove what it did.
    user_id = models.BigIntegerField(_("gebruiker-id"), null=True, blank=True, db_index=True)
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    role = models.CharField(_("rol op dat moment"), max_length=20, blank=True)
    action = models.CharField(_("handeling"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("soort gegeven"), max_length=60, blank=True, db_index=True)
    object_id = models.CharField(_("id"), max_length=64, blank=True)
    detail = models.CharField(_("toelichting"), max_length=300, blank=True)
    path = models.CharField(_("adres"), max_length=300, blank=True)
    ip_hash = models.CharField(_("herkomst (gehasht)"), max_length=16, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("logboekregel")
        verbose_name_plural = _("logboek")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '-'} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
