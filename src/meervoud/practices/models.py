"""Good practices (goede praktijken): described regional examples of working with peer experts.

A practice can run in several places at once (Ixta Noa's practice houses are in Zutphen and
Enschede; Netwerk HET covers Twente; the infographic's examples cover Noord-Nederland), so
municipalities, regions and provinces are each many-to-many. Anyone with the right role can
propose one; only a coordinator or administrator publishes it, and only published practices
are shown to the public.

The decision in force (published, or rejected with a reason) is on the practice itself; when a
newer decision or a resubmission replaces it, it moves to EarlierDecision, so each decision is
stored in exactly one place and what coordinators said before is never lost.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meervoud.pool.vocabularies import ExpertRole
from meervoud.stories.models import Level


class PracticeStatus(models.TextChoices):
    PROPOSED = "voorgesteld", _("Voorgesteld")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    REJECTED = "afgewezen", _("Afgewezen")


# A description nobody touched for this long may describe a practice that changed or stopped:
# the catalogue says so, and a policy officer checks before she copies it.
STALE_AFTER = timedelta(days=2 * 365)


class GoodPractice(models.Model):
    # A stable name: the seed file uses it to stay idempotent, and URLs stay readable.
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("korte beschrijving"), max_length=2000)
    life_domains = models.ManyToManyField("stories.LifeDomain", verbose_name=_("levensdomeinen"),
                                          blank=True, related_name="practices")
    municipalities = models.ManyToManyField("places.Municipality", verbose_name=_("gemeenten"),
                                            blank=True, related_name="practices")
    regions = models.ManyToManyField("places.Region", verbose_name=_("regio's"), blank=True,
                                     related_name="practices")
    provinces = models.ManyToManyField("places.Province", verbose_name=_("provincies"),
                                       blank=True, related_name="practices")
    place_note = models.CharField(_("toelichting op de plaats"), max_length=200, blank=True)
    organisations = models.TextField(_("organisaties"), blank=True, max_length=2000,
                                     help_text=_("Eén organisatie per regel."))
    roles = models.JSONField(_("rollen van de ervaringsdeskundigen"), default=list, blank=True)
    expert_work = models.TextField(_("wat doen de ervaringsdeskundigen?"), blank=True,
                                   max_length=3000)
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices, blank=True)
    what_works = models.TextField(_("wat werkt?"), blank=True, max_length=3000)
    conditions = models.TextField(_("voorwaarden"), blank=True, max_length=3000)
    # What a municipality asks first before copying a practice.
    costs = models.TextField(_("wat kost het?"), blank=True, max_length=2000)
    results = models.TextField(_("wat levert het op?"), blank=True, max_length=3000)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    themes = models.ManyToManyField("knowledge.Theme", blank=True, related_name="practices",
                                    verbose_name=_("thema's die dit onderbouwen"))
    status = models.CharField(_("status"), max_length=15, choices=PracticeStatus.choices,
                              default=PracticeStatus.PROPOSED)
    rejection_reason = models.TextField(_("reden van afwijzing"), blank=True, max_length=1000)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="proposed_practices",
                                    verbose_name=_("voorgesteld door"))
    proposed_at = models.DateTimeField(_("voorgesteld op"), default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="reviewed_practices",
                                    verbose_name=_("gepubliceerd of afgewezen door"))
    reviewed_at = models.DateTimeField(_("gepubliceerd of afgewezen op"), null=True, blank=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    # The proposer's edit of a practice in the catalogue, waiting for a coordinator: only the
    # fields she changed (PracticeForm names; related objects as primary keys). The published
    # texts stay online until a coordinator takes the change over (services.publish_change).
    pending_change = models.JSONField(_("voorgestelde wijziging"), null=True, blank=True)
    pending_since = models.DateTimeField(_("wijziging voorgesteld op"), null=True, blank=True)
    # Why a coordinator did not take her last change over; for the proposer only.
    change_reason = models.TextField(_("reden waarom de wijziging niet is overgenomen"),
                                     blank=True, max_length=1000)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("goede praktijk")
        verbose_name_plural = _("goede praktijken")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        """In the catalogue, for everyone: a coordinator published it (``status``), and its
        texts still pass the check for words that point to a person. One published before that
        check, or before the detector learned more, is withheld until someone edits it."""
        if self.status != PracticeStatus.PUBLISHED:
            return False
        from meervoud.publication.withheld import withheld_practices

        return self.pk not in withheld_practices()

    @staticmethod
    def stale_before():
        """Practices last updated before this moment are 'lang niet bijgewerkt'."""
        return timezone.now() - STALE_AFTER

    @property
    def is_stale(self) -> bool:
        return self.updated_at is not None and self.updated_at < self.stale_before()

    @property
    def organisation_list(self) -> list[str]:
        return [line.strip() for line in self.organisations.splitlines() if line.strip()]

    def get_roles_display(self) -> list[str]:
        labels = dict(ExpertRole.choices)
        return [str(labels.get(role, role)) for role in self.roles]


class EarlierDecision(models.Model):
    """A coordinator's decision on a practice that no longer applies: the proposer sent the
    practice in again, or a coordinator decided otherwise later. Only the proposer and reviewers
    see these; the public never does."""

    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE,
                                 related_name="earlier_decisions",
                                 verbose_name=_("goede praktijk"))
    decision = models.CharField(_("status"), max_length=15, choices=PracticeStatus.choices)
    reason = models.TextField(_("reden van afwijzing"), blank=True, max_length=1000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True,
                                   related_name="earlier_practice_decisions",
                                   verbose_name=_("gepubliceerd of afgewezen door"))
    # Nullable because a decision made outside the review page (the admin, the seed) may lack one.
    decided_at = models.DateTimeField(_("gepubliceerd of afgewezen op"), null=True, blank=True)

    class Meta:
        # archived in the order they were replaced, which is the order they were made: newest first
        ordering = ["-pk"]
        verbose_name = _("eerdere beoordeling")
        verbose_name_plural = _("eerdere beoordelingen")

    def __str__(self) -> str:
        return f"{self.practice}: {self.get_decision_display()}"
