from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A key for the API. Only its SHA-256 digest is stored, so a copy of the database or a
    backup gives nobody access; the key itself is shown once, when it is made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("account"))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("begin van de sleutel"), max_length=8, editable=False,
                              help_text=_("Om de sleutel te herkennen; niet genoeg om hem te gebruiken."))
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("geldig tot"))
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["user", "-created_at"]
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.user} ({self.prefix}…)"
