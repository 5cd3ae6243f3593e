"""What researchers send back from their QDA software, waiting for peer experts to decide.

An imported project never changes the knowledge by itself: it becomes a proposal whose items a
peer expert or coordinator accepts one by one, each through the ordinary curation functions.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CodingProposal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Afgehandeld, (deels) overgenomen")
        REJECTED = "rejected", _("Afgewezen")

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(_("bestand"), max_length=255)
    origin = models.CharField(_("gemaakt met"), max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # Counts of what could not be compared (codings outside statements, changed texts, …).
    summary = models.JSONField(default=dict, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("coderingsvoorstel")
        verbose_name_plural = _("coderingsvoorstellen")

    def __str__(self) -> str:
        return self.file_name


class ProposalItem(models.Model):
    class Kind(models.TextChoices):
        RENAME = "rename", _("Nieuwe naam voor een thema")
        NEW_THEME = "new", _("Nieuw thema")
        MOVE = "move", _("Uitspraak naar een ander thema")
        REMOVE = "remove", _("Uitspraak uit een thema halen")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Overgenomen")
        REJECTED = "rejected", _("Afgewezen")

    proposal = models.ForeignKey(CodingProposal, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # rename: the theme renamed; move: the target; remove: the theme the statement leaves.
    theme = models.ForeignKey("knowledge.Theme", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    # move: the theme the statement was in when the file came in (for display only).
    from_theme = models.ForeignKey("knowledge.Theme", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    name = models.CharField(max_length=200, blank=True)  # new name, or the new theme's name
    old_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)  # a new code's description, offered as insight
    code_guid = models.CharField(max_length=40, blank=True)
    # The researcher kept the original coding and added this theme (Meervoud allows one theme).
    also_coded = models.BooleanField(default=False)
    statements = models.ManyToManyField("knowledge.Statement", related_name="+", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    result_theme = models.ForeignKey("knowledge.Theme", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")

    class Meta:
        ordering = ["proposal", "kind", "id"]
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")


class ProjectExport(models.Model):
    """What one REFI-QDA export held: its codes, and per source which statement sat in which
    theme. The project file carries the ``stamp``, so a project sent back weeks later is compared
    with what the researcher started from, not with what curators made of the themes since.

    No texts: story ids, statement keys and offsets, theme keys and titles (``exchange.snapshots``).
    The same data exported twice gives the same stamp and one row."""

    stamp = models.UUIDField(unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export voor analyseprogramma's")
        verbose_name_plural = _("exports voor analyseprogramma's")

    def __str__(self) -> str:
        return str(self.stamp)
