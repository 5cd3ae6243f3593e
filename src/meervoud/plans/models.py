"""Local project plans (plan van aanpak), their roadmap and checklists, and training programmes.

A plan follows Bijlage 1 of the handbook "Empowerment en inzet ervaringsdeskundigheid in de
wijk". Everything the handbook offers as reference (Kotter's phases with suggestions, the tips
for municipalities, do's and don'ts, handvatten, the training and the workshop) lives in
`data/*.json`; a plan gets its own copy that the team can edit (`services.seed_plan`). A copy
keeps the handbook's Dutch and key, so `obj.shown.<field>` gives it in the reader's language
until the team changes it (`HandbookCopy`).

Several people edit one plan, so every editable object carries a `version`: a save succeeds
only if nobody saved in between (optimistic locking, see `services.ConflictError`).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from meervoud.plans import reference


class Shown:
    """The texts of a copy of handbook content as a reader sees them: `copy.shown.title`."""

    def __init__(self, copy: "HandbookCopy"):
        self._copy = copy

    def __getattr__(self, name: str):
        stored = getattr(self._copy, name)
        return reference.shown(stored, self._copy.handbook(), self._copy.handbook(dutch=False), name)


class HandbookCopy:
    """A model whose texts may be a copy of the handbook's (stored in Dutch, with its key)."""

    def handbook(self, *, dutch: bool = True) -> dict | None:
        """The handbook's texts of this copy by field, Dutch or in the interface language; None
        when it is not from the handbook."""
        return None

    @property
    def shown(self) -> Shown:
        return Shown(self)

    def as_stored(self, values: dict | None) -> dict | None:
        """A form's values for this copy, with a handbook text the user left as shown stored in
        Dutch again (`reference.as_stored`)."""
        return reference.as_stored(values, self.handbook(), self.handbook(dutch=False))


class Versioned(models.Model):
    version = models.PositiveIntegerField(
        _("versie"), default=1, editable=False,
        help_text=_("Telt op bij elke wijziging. Zo ziet Meervoud of iemand anders intussen "
                    "iets opsloeg."))
    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+", editable=False,
                                   verbose_name=_("laatst gewijzigd door"))

    class Meta:
        abstract = True


class Plan(Versioned):
    title = models.CharField(_("titel"), max_length=200)
    municipality = models.ForeignKey("places.Municipality", on_delete=models.PROTECT,
                                     verbose_name=_("gemeente"), related_name="plans")
    location = models.CharField(_("locatie/wijk"), max_length=200)
    self_help_organisations = models.CharField(_("herstel-/zelfregieorganisatie(s)"),
                                               max_length=300, blank=True)
    district_teams = models.CharField(_("wijkteam(s)"), max_length=300, blank=True)
    project_lead = models.CharField(_("projectleider"), max_length=200, blank=True)
    period_start = models.DateField(_("looptijd van"), null=True, blank=True)
    period_end = models.DateField(_("looptijd tot en met"), null=True, blank=True)

    # Short names for the admin; the plan's form asks the handbook's full questions (PlanForm).
    background_team = models.TextField(_("achtergrond: het wijkteam"), blank=True)
    background_team_staff = models.TextField(_("achtergrond: medewerkers van het wijkteam"),
                                             blank=True)
    background_organisation = models.TextField(
        _("achtergrond: de herstel-/zelfregieorganisatie"), blank=True)
    background_organisation_staff = models.TextField(
        _("achtergrond: medewerkers en vrijwilligers van de herstel-/zelfregieorganisatie"),
        blank=True)
    background_focus = models.TextField(_("achtergrond: focus van het projectteam"), blank=True)
    background_strengths = models.TextField(_("achtergrond: wat al goed gaat en wat beter kan"),
                                            blank=True)
    structure_composition = models.TextField(
        _("projectstructuur: samenstelling van het projectteam"), blank=True)
    structure_tasks = models.TextField(_("projectstructuur: taakverdeling"), blank=True)
    structure_meetings = models.TextField(_("projectstructuur: hoe vaak het team bijeenkomt"),
                                          blank=True)
    structure_partners = models.TextField(
        _("projectstructuur: samenwerking met andere organisaties"), blank=True)
    structure_success = models.TextField(_("projectstructuur: wat nodig is voor succes"),
                                         blank=True)

    is_fictional = models.BooleanField(_("fictief voorbeeld"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("gemaakt door"))
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="PlanMember",
                                     related_name="plans", verbose_name=_("projectteam"))

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plannen van aanpak")

    def __str__(self) -> str:
        return f"{self.title} – {self.location}"


class ProjectRole(models.TextChoices):
    LEAD = "projectleider", _("Projectleider")
    PEER_EXPERT = "ervaringsdeskundige", _("Ervaringsdeskundige")
    POLICY = "beleidsmedewerker", _("Beleidsmedewerker gemeente")
    SOCIAL_WORKER = "sociaal_werker", _("Sociaal werker / wijkteam")
    COORDINATOR = "coordinator", _("Coördinator zelfregieorganisatie")
    MANAGER = "manager", _("Manager")
    MEMBER = "lid", _("Lid projectteam")


class PlanMember(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("plan van aanpak"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="plan_memberships", verbose_name=_("gebruiker"))
    role = models.CharField(_("rol in het project"), max_length=30, choices=ProjectRole.choices,
                            default=ProjectRole.MEMBER)
    added_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    class Meta:
        ordering = ["role", "user__username"]
        constraints = [models.UniqueConstraint(fields=["plan", "user"], name="plan_member_once")]
        verbose_name = _("lid van het projectteam")
        verbose_name_plural = _("leden van het projectteam")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class InvitationStatus(models.TextChoices):
    OPEN = "open", _("Uitgenodigd")
    DECLINED = "nee", _("Zei nee")


class PlanInvitation(models.Model):
    """Someone asked onto a plan's project team. She becomes a member (`PlanMember`) only when
    she says yes herself, on her own plans page.

    Keeps the username or e-mail address as the lead typed it, and the account only when one
    with that name or address can join (`services.invite`). Until she says yes the team sees
    nothing but the typed text: inviting must not tell which usernames or addresses are
    someone's, nor the name and organisation behind one. An invitation for a text nobody has
    looks the same and stays open until the lead withdraws it, or until an account
    with that username (or, made by an administrator, that address) appears
    (`services.claim_invitations`). Saying yes turns it into a
    membership and removes it; a no stays, so the lead knows and does not ask again."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="invitations",
                             verbose_name=_("plan van aanpak"))
    # the field's name is older than invitations by e-mail address
    username = models.CharField(_("gebruikersnaam of e-mailadres zoals getypt"), max_length=150)
    # an erased account takes its invitations with it (nothing of hers stays behind)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                             blank=True, related_name="plan_invitations",
                             verbose_name=_("gebruiker"))
    role = models.CharField(_("rol in het project"), max_length=30, choices=ProjectRole.choices,
                            default=ProjectRole.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=InvitationStatus.choices,
                              default=InvitationStatus.OPEN)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("uitgenodigd door"))
    invited_at = models.DateTimeField(_("uitgenodigd op"), auto_now_add=True)
    answered_at = models.DateTimeField(_("geantwoord op"), null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "pk"]
        constraints = [models.UniqueConstraint(models.F("plan"), Lower("username"),
                                               name="plan_invitation_once")]
        verbose_name = _("uitnodiging voor het projectteam")
        verbose_name_plural = _("uitnodigingen voor het projectteam")

    def __str__(self) -> str:
        return f"{self.username} ({self.get_status_display()})"


class GoalTable(models.TextChoices):
    OWN_DIRECTION = "regie", _("Ondersteuning eigen regie en participatie")
    COLLABORATION = "samenwerking", _("Ontwikkeling lokale samenwerking")
    TRAINING = "training", _("Training sociaal werkers, ervaringsdeskundigen en team(s)")


class ActionStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    BUSY = "bezig", _("Bezig")
    DONE = "klaar", _("Klaar")
    DROPPED = "vervallen", _("Vervallen")


class Action(HandbookCopy, Versioned):
    """One row of a goal table: the goal, what we do, who does it, when, and how far it got."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions",
                             verbose_name=_("plan van aanpak"))
    table = models.CharField(_("tabel"), max_length=20, choices=GoalTable.choices)
    key = models.CharField(_("sleutel in de handreiking"), max_length=40, blank=True,
                           help_text=_("Welke rij uit de handreiking dit is, bijvoorbeeld "
                                       "‘rij-1’. Leeg bij een rij van het team zelf."))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    goal = models.TextField(_("doel"), blank=True)
    what = models.TextField(_("wat gaan we doen"), blank=True)
    who = models.CharField(_("wie"), max_length=300, blank=True)
    when = models.CharField(_("wanneer"), max_length=200, blank=True)
    due = models.DateField(_("uiterlijk klaar op"), null=True, blank=True)
    participants = models.PositiveSmallIntegerField(_("aantal deelnemers"), null=True, blank=True)
    status = models.CharField(_("voortgang"), max_length=12, choices=ActionStatus.choices,
                              default=ActionStatus.PLANNED)
    progress = models.TextField(_("toelichting voortgang"), blank=True)

    class Meta:
        ordering = ["table", "order", "pk"]
        verbose_name = _("actie")
        verbose_name_plural = _("acties")

    def __str__(self) -> str:
        return self.what[:60] or self.goal[:60] or f"#{self.pk}"

    def handbook(self, *, dutch: bool = True) -> dict | None:
        return reference.table_rows(self.table, dutch=dutch).get(self.key) if self.key else None


class ChecklistKind(models.TextChoices):
    PHASE = "fase", _("Fase van de routekaart")
    TIPS = "tips", _("Tips voor gemeenten")
    DOS = "dos", _("Do's en don'ts")
    HANDVATTEN = "handvatten", _("Handvatten")
    OWN = "eigen", _("Eigen checklist")


class Checklist(HandbookCopy, Versioned):
    """A phase of the roadmap (with its Kotter steps) or one of the handbook's checklists, or a
    team's own list (kind "eigen")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="checklists",
                             verbose_name=_("plan van aanpak"))
    key = models.SlugField(_("sleutel"), max_length=40,
                           help_text=_("Vaste code van de checklist in het plan, bijvoorbeeld "
                                       "‘fase-1’ of ‘tips-gemeenten’. Een eigen checklist van "
                                       "het team begint met ‘eigen-’."))
    kind = models.CharField(_("soort"), max_length=12, choices=ChecklistKind.choices)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    number = models.PositiveSmallIntegerField(_("nummer van de fase"), null=True, blank=True,
                                              help_text=_("Alleen bij een fase van de routekaart."))
    title = models.CharField(_("titel"), max_length=200)
    section = models.CharField(_("paragraaf in de handreiking"), max_length=200, blank=True)
    intro = models.TextField(_("inleiding"), blank=True)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    starts_on = models.DateField(_("begint op"), null=True, blank=True)
    ends_on = models.DateField(_("klaar op"), null=True, blank=True)
    note = models.TextField(_("aantekening"), blank=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="checklist_key_once")]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")

    def __str__(self) -> str:
        return self.title

    def handbook(self, *, dutch: bool = True) -> dict | None:
        return reference.checklist_source(self.key, dutch=dutch)


class ChecklistItem(HandbookCopy, Versioned):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items",
                                  verbose_name=_("checklist"))
    key = models.CharField(_("sleutel in de handreiking"), max_length=40, blank=True,
                           help_text=_("Welk punt uit de handreiking dit is, bijvoorbeeld "
                                       "‘punt-3’ of ‘stap-1’. Leeg bij een punt van het team zelf."))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    group = models.CharField(_("kopje"), max_length=200, blank=True,
                             help_text=_("Het kopje waaronder het punt staat."))
    is_step = models.BooleanField(_("stap van Kotter"), default=False,
                                  help_text=_("Een van de acht stappen van het verandermodel van "
                                              "Kotter."))
    step_number = models.PositiveSmallIntegerField(_("nummer van de stap"), null=True, blank=True)
    text = models.TextField(_("punt"))
    is_custom = models.BooleanField(_("eigen punt van het team"), default=False)
    done = models.BooleanField(_("gedaan"), default=False)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+", verbose_name=_("afgevinkt door"))
    done_at = models.DateTimeField(_("afgevinkt op"), null=True, blank=True)
    note = models.TextField(_("aantekening"), blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("punt op een checklist")
        verbose_name_plural = _("punten op checklists")

    def __str__(self) -> str:
        return self.text[:80]

    def handbook(self, *, dutch: bool = True) -> dict | None:
        if self.is_custom:  # the team's own text; only the heading above it is Meervoud's
            return {"group": reference.OWN_POINTS if dutch else reference.text(reference.OWN_POINTS)}
        checklist = self.checklist.handbook(dutch=dutch)
        return checklist["items"].get(self.key) if checklist and self.key else None


class SpentToken(models.Model):
    """A one-time form token that has been used: the same form sent again (double click,
    reload, the back button) adds nothing, also after what it added was deleted.

    Kept apart from the rows and points it added, so that deleting one does not free its token
    (an old form sent again would bring it back). A token counts only for its plan and `scope`:
    the goal table's key for a table's new rows, ``checklist-<pk>`` for "Eigen punt
    toevoegen", ``programma`` for "Training/Workshop toevoegen". Unique there, so two requests
    racing cannot both add."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("plan van aanpak"))
    scope = models.CharField(_("waarvoor"), max_length=40,
                             help_text=_("De tabel of checklist waar het formulier iets aan "
                                         "toevoegde."))
    token = models.UUIDField(_("code van het formulier"))
    object_id = models.PositiveBigIntegerField(_("wat het toevoegde"), null=True, blank=True,
                                               help_text=_("Het nummer van de rij of het punt "
                                                           "dat het formulier toevoegde."))
    used_at = models.DateTimeField(_("gebruikt op"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "scope", "token"],
                                               name="spent_token_once")]
        verbose_name = _("gebruikte formuliercode")
        verbose_name_plural = _("gebruikte formuliercodes")

    def __str__(self) -> str:
        return f"{self.scope}:{self.token}"


class ProgrammeKind(models.TextChoices):
    TRAINING = "training", _("Training (drie dagdelen)")
    WORKSHOP = "workshop", _("Workshop voor teams")


class Programme(HandbookCopy, Versioned):
    """A training or workshop a team adapted from the handbook's template and scheduled."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="programmes",
                             verbose_name=_("plan van aanpak"))
    kind = models.CharField(_("soort"), max_length=12, choices=ProgrammeKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    audience = models.CharField(_("voor wie"), max_length=300, blank=True)
    venue = models.CharField(_("plaats"), max_length=300, blank=True)
    trainers = models.CharField(_("trainers"), max_length=300, blank=True,
                                help_text=_("Bij voorkeur een ervaringsdeskundige trainer samen "
                                            "met een ervaringsdeskundige van de lokale "
                                            "zelfregieorganisatie."))
    intro = models.TextField(_("inleiding"), blank=True)
    notes = models.TextField(_("aantekeningen"), blank=True)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")

    def __str__(self) -> str:
        return self.title

    def handbook(self, *, dutch: bool = True) -> dict | None:
        return reference.programme_source(self.kind, dutch=dutch)


class Session(HandbookCopy, Versioned):
    """A part (dagdeel) of a programme, with its date, start time and timed blocks."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions",
                                  verbose_name=_("programma"))
    key = models.SlugField(_("sleutel in de handreiking"), max_length=40, blank=True,
                           help_text=_("Welk dagdeel uit de handreiking dit is, bijvoorbeeld "
                                       "‘dagdeel-1’. Leeg bij een dagdeel dat het team toevoegde."))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=200)
    date = models.DateField(_("datum"), null=True, blank=True)
    start_time = models.TimeField(_("begintijd"), null=True, blank=True)
    venue = models.CharField(_("plaats (als die afwijkt)"), max_length=300, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("dagdeel")
        verbose_name_plural = _("dagdelen")

    def __str__(self) -> str:
        return self.title

    def handbook(self, *, dutch: bool = True) -> dict | None:
        programme = reference.programme_source(self.programme.kind, dutch=dutch)
        return programme["sessions"].get(self.key) if programme and self.key else None


class Block(HandbookCopy, models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="blocks",
                                verbose_name=_("dagdeel"))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    key = models.SlugField(_("sleutel in de handreiking"), max_length=60, blank=True,
                           help_text=_("Welk onderdeel uit de handreiking dit is. Leeg bij een "
                                       "onderdeel dat het team toevoegde."))
    title = models.CharField(_("onderdeel"), max_length=200)
    minutes = models.PositiveSmallIntegerField(
        _("minuten"), validators=[MinValueValidator(1), MaxValueValidator(480)])
    description = models.TextField(_("inhoud"), blank=True)
    exercise = models.TextField(_("oefening of werkvorm"), blank=True)
    materials = models.TextField(_("materialen"), blank=True,
                                 help_text=_("Eén materiaal per regel."))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("onderdeel")
        verbose_name_plural = _("onderdelen")

    def __str__(self) -> str:
        return self.title

    @property
    def material_list(self) -> list[str]:
        return _lines(self.materials)

    @property
    def shown_material_list(self) -> list[str]:
        return _lines(self.shown.materials)

    def handbook(self, *, dutch: bool = True) -> dict | None:
        programme = reference.programme_source(self.session.programme.kind, dutch=dutch)
        return programme["blocks"].get(self.key) if programme and self.key else None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
