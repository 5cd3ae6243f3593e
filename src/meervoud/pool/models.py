"""The pool of peer experts and the assignments municipalities and teams post.

Experience domains are special-category data (health, addiction, violence): the expert
decides who may see them (`domains_visible_to`), and matching uses them without showing them.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meervoud.pool import reasons
from meervoud.pool.vocabularies import Activity, ExpertRole, Language
from meervoud.stories.models import Level


class Visibility(models.TextChoices):
    COORDINATORS = "coordinators", _("Alleen coördinatoren van de pool")
    REQUESTERS = "requesters", _("Ook gemeenten en teams die een opdracht plaatsen")


class ExpertProfileQuerySet(models.QuerySet):
    def available(self):
        """Who may be asked for new work: she says she is available, and her account may still
        log in (an administrator can switch an account off; she could not answer a proposal)."""
        return self.filter(available=True, user__is_active=True)


class ExpertProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="expert_profile", verbose_name=_("account"))
    display_name = models.CharField(_("naam in de pool"), max_length=100)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.SET_NULL,
                                     null=True, blank=True,
                                     verbose_name=_("organisatie die je ondersteunt"))
    domains = models.ManyToManyField("stories.LifeDomain", verbose_name=_("ervaring met"),
                                     blank=True)
    domains_visible_to = models.CharField(_("wie mag zien waar je ervaring mee hebt?"),
                                          max_length=20, choices=Visibility.choices,
                                          default=Visibility.COORDINATORS)
    roles = models.JSONField(_("rollen"), default=list, blank=True)
    activities = models.JSONField(_("activiteiten"), default=list, blank=True)
    levels = models.JSONField(_("niveaus"), default=list, blank=True)
    education = models.JSONField(_("opleiding"), default=list, blank=True)
    languages = models.JSONField(_("talen"), default=list, blank=True)
    home = models.ForeignKey("places.Municipality", on_delete=models.PROTECT,
                             verbose_name=_("woonplaats (gemeente)"))
    max_km = models.PositiveSmallIntegerField(_("hoe ver wil je reizen (km)?"), default=25)
    hours_per_week = models.DecimalField(_("uren per week beschikbaar"), max_digits=4,
                                         decimal_places=1, default=8,
                                         validators=[MinValueValidator(0), MaxValueValidator(
                                             60, _("Meer dan 60 uur per week kan niemand werken."))])
    paid = models.BooleanField(_("betaald werk"), default=True)
    volunteer = models.BooleanField(_("vrijwilligerswerk"), default=True)
    intervision = models.BooleanField(_("ik heb intervisie"), default=False)
    supervision = models.BooleanField(_("ik heb supervisie of coaching"), default=False)
    about = models.TextField(_("over mij"), blank=True, max_length=2000)
    available = models.BooleanField(_("beschikbaar voor nieuwe opdrachten"), default=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    objects = ExpertProfileQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("ervaringsdeskundige")
        verbose_name_plural = _("ervaringsdeskundigen")

    def __str__(self) -> str:
        return self.display_name


class BlockedPeriod(models.Model):
    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="blocked",
                               verbose_name=_("ervaringsdeskundige"))
    start = models.DateField(_("van"))
    end = models.DateField(_("tot en met"))

    class Meta:
        ordering = ["start"]
        verbose_name = _("periode niet beschikbaar")
        verbose_name_plural = _("periodes niet beschikbaar")
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")),
                                              name="blocked_period_order")]


class Assignment(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FILLED = "filled", _("Team compleet")
        RUNNING = "running", _("Loopt")
        CLOSED = "closed", _("Afgerond")
        CANCELLED = "cancelled", _("Geannuleerd")

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("wat is de vraag?"))
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     verbose_name=_("opdrachtgever"))
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  related_name="+", verbose_name=_("geplaatst door"))
    domains = models.ManyToManyField("stories.LifeDomain", verbose_name=_("levensdomeinen"))
    activity = models.CharField(_("activiteit"), max_length=30)
    role = models.CharField(_("gewenste rol"), max_length=20, blank=True)
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices,
                             default=Level.MICRO)
    hours_per_week = models.DecimalField(_("uren per week per ervaringsdeskundige"),
                                         max_digits=4, decimal_places=1,
                                         validators=[MinValueValidator(0.5), MaxValueValidator(
                                             60, _("Meer dan 60 uur per week kan niemand werken."))])
    start = models.DateField(_("begindatum"))
    end = models.DateField(_("einddatum"))
    location = models.ForeignKey("places.Municipality", on_delete=models.PROTECT, null=True,
                                 blank=True, verbose_name=_("gemeente (leeg = online)"))
    paid = models.BooleanField(_("betaald"), default=True)
    team_size = models.PositiveSmallIntegerField(
        _("aantal ervaringsdeskundigen"), default=2, validators=[MinValueValidator(2)],
        help_text=_("Minimaal twee: zet nooit één ervaringsdeskundige alleen in."),
    )
    tandem_with = models.CharField(_("in tandem met (sociaal werker)"), max_length=100, blank=True)
    # each expert of the team speaks at least one of these; empty: Dutch
    languages = models.JSONField(_("talen"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    cancel_reason = models.CharField(_("waarom geannuleerd"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("geplaatst op"), default=timezone.now)
    # why the matching found no team, and what would help: parts worded by pool.reasons
    unfillable_reasons = models.JSONField(
        _("waarom nog geen team"), default=list, blank=True,
        help_text=_("Waarom de laatste zoekronde geen team vond. De pagina's maken er zinnen van."))
    unfillable_suggestions = models.JSONField(
        _("wat zou helpen"), default=list, blank=True,
        help_text=_("Wat zou helpen om toch een team te vinden. De pagina's maken er zinnen van."))

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("opdracht")
        verbose_name_plural = _("opdrachten")
        constraints = [
            models.CheckConstraint(condition=models.Q(team_size__gte=2), name="team_of_two_or_more"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")),
                                   name="assignment_period_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def why_unfillable(self) -> str:
        return " ".join(reasons.word(part) for part in self.unfillable_reasons)

    @property
    def what_would_help(self) -> list[str]:
        return [reasons.word(part) for part in self.unfillable_suggestions]

    def language_names(self) -> list[str]:
        return [str(Language(code).label) for code in self.languages if code in Language.values]

    def activity_name(self) -> str:
        """What the experts are asked to do, as the form offered it."""
        return str(Activity(self.activity).label) if self.activity in Activity.values else self.activity

    def role_name(self) -> str:
        return str(ExpertRole(self.role).label) if self.role in ExpertRole.values else self.role


class Exclusion(models.Model):
    """The expert asked never to be matched to this assignment (a hard rule)."""

    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="exclusions",
                               verbose_name=_("ervaringsdeskundige"))
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="exclusions",
                                   verbose_name=_("opdracht"))

    class Meta:
        verbose_name = _("uitsluiting")
        verbose_name_plural = _("uitsluitingen")
        constraints = [models.UniqueConstraint(fields=["expert", "assignment"], name="one_exclusion")]


class Proposal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Voorstel")
        SENT = "sent", _("Verstuurd naar ervaringsdeskundige")
        ACCEPTED = "accepted", _("Geaccepteerd")
        DECLINED = "declined", _("Afgewezen")
        # said yes, then could not go on (before the start, or in running work)
        STOPPED = "stopped", _("Gestopt na ja")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="proposals",
                                   verbose_name=_("opdracht"))
    expert = models.ForeignKey(ExpertProfile, on_delete=models.CASCADE, related_name="proposals",
                               verbose_name=_("ervaringsdeskundige"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PROPOSED)
    score = models.FloatField(_("score"), default=0, help_text=_(
        "Hoe goed deze ervaringsdeskundige bij de opdracht past, volgens de matching. Hoger is "
        "beter."))
    # why the matching proposed them, as parts (meervoud.matching.Part) worded for each reader by
    # pool.reasons; ``explanation`` holds the library's Dutch text, the only one of older rows
    reasons = models.JSONField(
        _("waarom voorgesteld"), default=list, blank=True,
        help_text=_("Waarom de matching deze ervaringsdeskundige voorstelde. De pagina's maken er "
                    "zinnen van in de taal van de lezer."))
    explanation = models.CharField(
        _("uitleg (oud)"), max_length=500, blank=True,
        help_text=_("Waarom de matching deze ervaringsdeskundige voorstelde, bij oudere "
                    "voorstellen. Alleen in het Nederlands."))
    decline_reason = models.CharField(_("reden"), max_length=500, blank=True)
    # a place in work already running (someone of its team stopped): the day she joins, from
    # which her hours count; empty: she is in the team from the assignment's start
    joins_on = models.DateField(
        _("doet mee vanaf"), null=True, blank=True,
        help_text=_("Alleen bij invallen in werk dat al loopt: de dag dat de "
                    "ervaringsdeskundige begint. Leeg: vanaf het begin van de opdracht."))
    created_at = models.DateTimeField(_("voorgesteld op"), default=timezone.now)
    # when the expert was asked; a proposal the matching replaced before sending never was
    sent_at = models.DateTimeField(_("gevraagd op"), null=True, blank=True,
                                   help_text=_("Leeg: de ervaringsdeskundige is niet gevraagd."))
    responded_at = models.DateTimeField(_("geantwoord op"), null=True, blank=True)
    # the last reminder mailed while the question waited: at most one a day
    reminded_at = models.DateTimeField(_("laatste herinnering op"), null=True, blank=True,
                                       help_text=_("Er gaat hoogstens één herinnering per dag."))

    class Meta:
        ordering = ["assignment", "-score"]
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "expert"],
                condition=~models.Q(status__in=["declined", "stopped", "withdrawn"]),
                name="one_live_proposal_per_expert",
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} – {self.assignment}"

    @property
    def why(self) -> str:
        """Why the matching proposed this expert, in the reader's language: for coordinators and
        the expert (see ``pool.selectors.explanation_for``)."""
        return reasons.describe(self.reasons or self.explanation)


class Evaluation(models.Model):
    class Side(models.TextChoices):
        EXPERT = "expert", _("Ervaringsdeskundige")
        CLIENT = "client", _("Opdrachtgever")
        COORDINATOR = "coordinator", _("Coördinator")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="evaluations",
                                   verbose_name=_("opdracht"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               verbose_name=_("geschreven door"))
    side = models.CharField(_("namens"), max_length=20, choices=Side.choices)
    rating = models.PositiveSmallIntegerField(_("hoe ging het? (1-5)"))
    text = models.TextField(_("toelichting"), blank=True, max_length=2000)
    at = models.DateTimeField(_("geschreven op"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
