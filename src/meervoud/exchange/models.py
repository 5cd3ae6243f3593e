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

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("ingestuurd door"),
                                    on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("ingestuurd op"), default=timezone.now)
    file_name = models.CharField(_("bestand"), max_length=255)
    origin = models.CharField(_("gemaakt met"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    summary = models.JSONField(
        _("wat niet te vergelijken was"), default=dict, blank=True,
        help_text=_("Aantallen: bijvoorbeeld coderingen buiten de uitspraken, of teksten die "
                    "intussen veranderd zijn."),
    )
    decided_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

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

    proposal = models.ForeignKey(CodingProposal, verbose_name=_("coderingsvoorstel"),
                                 on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    # rename: the theme renamed; move: the target; remove: the theme the statement leaves.
    theme = models.ForeignKey("knowledge.Theme", verbose_name=_("thema"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="+")
    # move: the theme the statement was in when the file came in (for display only).
    from_theme = models.ForeignKey("knowledge.Theme", verbose_name=_("uit thema"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    # the new name, or the new theme's name
    name = models.CharField(_("naam"), max_length=200, blank=True)
    old_name = models.CharField(_("oude naam"), max_length=200, blank=True)
    # a new code's description, offered as insight
    description = models.TextField(_("beschrijving van de onderzoeker"), blank=True)
    code_guid = models.CharField(_("code in het analyseprogramma"), max_length=40, blank=True)
    # The researcher kept the original coding and added this theme (Meervoud allows one theme).
    also_coded = models.BooleanField(
        _("ook bij het oude thema gecodeerd"), default=False,
        help_text=_("De onderzoeker hield de oude codering en voegde dit thema toe. In Meervoud "
                    "hoort een uitspraak bij één thema."),
    )
    statements = models.ManyToManyField("knowledge.Statement", verbose_name=_("uitspraken"),
                                        related_name="+", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("besloten door"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    result_theme = models.ForeignKey("knowledge.Theme", verbose_name=_("thema na het besluit"),
                                     on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")

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

    stamp = models.UUIDField(_("kenmerk"), unique=True, editable=False)
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now)
    snapshot = models.JSONField(_("momentopname"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export voor analyseprogramma's")
        verbose_name_plural = _("exports voor analyseprogramma's")

    def __str__(self) -> str:
        return str(self.stamp)


class ImportedCoding(models.Model):
    """Marks a person's own coding (``knowledge.ManualCoding``) that came from a project she sent
    back, not from the coding page: her next project replaces these, and they were made on the
    research export, so withdrawn research consent removes them whoever sent them in."""

    coding = models.OneToOneField("knowledge.ManualCoding", verbose_name=_("eigen codering"),
                                  on_delete=models.CASCADE, related_name="imported")

    class Meta:
        verbose_name = _("codering uit een analyseprogramma")
        verbose_name_plural = _("coderingen uit een analyseprogramma")
