"""Material that teachers, students and peer experts share on the teaching module.

Nobody but the author and the moderators sees a contribution until a coordinator or
administrator approved it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meervoud.teaching.storage import teaching_storage


class SharerRole(models.TextChoices):
    TEACHER = "docent", _("Docent")
    STUDENT = "student", _("Student")
    PEER_EXPERT = "ervaringsdeskundige", _("Ervaringsdeskundige")
    OTHER = "anders", _("Anders")


class ContributionKind(models.TextChoices):
    TEXT = "tekst", _("Tekst")
    FILE = "bestand", _("Bestand")
    LINK = "link", _("Link")


class ContributionStatus(models.TextChoices):
    PENDING = "wacht", _("Wacht op beoordeling")
    APPROVED = "goedgekeurd", _("Gepubliceerd")
    REJECTED = "afgewezen", _("Niet gepubliceerd")


class Contribution(models.Model):
    module = models.SlugField(max_length=60, default="ervaringsdeskundigheid")
    assignment = models.PositiveSmallIntegerField(_("bij opdracht"), null=True, blank=True)
    kind = models.CharField(_("soort"), max_length=10, choices=ContributionKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("tekst"), blank=True, max_length=10000)
    url = models.URLField(_("link"), blank=True, max_length=500)
    file = models.FileField(_("bestand"), storage=teaching_storage, upload_to="%Y/%m",
                            blank=True, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="teaching_contributions")
    author_role = models.CharField(_("ik deel als"), max_length=20, choices=SharerRole.choices,
                                   default=SharerRole.TEACHER)
    status = models.CharField(max_length=12, choices=ContributionStatus.choices,
                              default=ContributionStatus.PENDING)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.TextField(_("toelichting van de beoordelaar"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bijdrage aan de lesmodule")
        verbose_name_plural = _("bijdragen aan de lesmodule")

    def __str__(self) -> str:
        return self.title
