"""Collective knowledge as stored: statements cut from stories, themes the engine found and
peer experts curated, and the analysis runs that produced them.

Themes keep their identity across runs (the engine aligns new clusters to old themes), so
what peer experts wrote about a theme survives when stories are added or withdrawn.
"""

from datetime import timedelta
from functools import cached_property

import numpy as np
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from meervoud import engine
from meervoud.stories.models import FINGERPRINT_HELP


class EmbeddingVector(models.Model):
    """Embedding cache by content hash: a re-run embeds only statements it has not seen."""

    model_name = models.CharField(_("taalmodel"), max_length=120)
    content_hash = models.CharField(_("vingerafdruk van de tekst"), max_length=64,
                                    help_text=FINGERPRINT_HELP)
    vector = models.BinaryField(_("vector"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model_name", "content_hash"],
                                               name="one_vector_per_model_and_text")]
        verbose_name = _("bewaarde vector van een tekst")
        verbose_name_plural = _("bewaarde vectoren van teksten")


class AnalysisRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("gevraagd door"),
                                     on_delete=models.SET_NULL, null=True, blank=True)
    reason = models.CharField(_("reden"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now)
    started_at = models.DateTimeField(_("begonnen op"), null=True, blank=True)
    beat_at = models.DateTimeField(
        _("laatste teken van leven"), null=True, blank=True,
        help_text=_("Een lopende analyse meldt zich na elke stap. Blijft dat lang uit, dan is "
                    "de analyse gestopt."),
    )
    finished_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    step = models.CharField(_("stap"), max_length=40, blank=True)
    done = models.PositiveIntegerField(_("gedaan in deze stap"), default=0)
    total = models.PositiveIntegerField(_("totaal in deze stap"), default=0)
    stories = models.PositiveIntegerField(_("verhalen"), default=0)
    narrators = models.PositiveIntegerField(_("vertellers"), default=0)
    statements = models.PositiveIntegerField(_("uitspraken"), default=0)
    themes = models.PositiveIntegerField(_("thema's"), default=0)
    outlier_share = models.FloatField(
        _("deel uitspraken zonder thema"), null=True, blank=True,
        help_text=_("Uitspraken die op geen enkel thema lijken, als deel van alle uitspraken "
                    "(0,05 is 5 procent)."),
    )
    summary = models.JSONField(_("samenvatting"), default=dict, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("analyse")
        verbose_name_plural = _("analyses")

    # the engine's steps as the progress page names them
    STEPS = {
        "segment": _("Verhalen in uitspraken verdelen"), "embed": _("Uitspraken inlezen"),
        "kinds": _("Bepalen wat hielp en wat in de weg zat"), "cluster": _("Thema's zoeken"),
        "label": _("Thema's een naam geven"), "evidence": _("Vertellers tellen"),
    }
    # A running run reports at least every step; this long without a sign of life, its process
    # has stopped (a restart, a crash) and it will never finish.
    STALE_AFTER = timedelta(minutes=30)

    @property
    def step_display(self) -> str:
        return str(self.STEPS.get(self.step, self.step))

    @property
    def interrupted(self) -> bool:
        last = self.beat_at or self.started_at
        return (self.status == self.Status.RUNNING and last is not None
                and timezone.now() - last > self.STALE_AFTER)

    @property
    def busy(self) -> bool:
        """Queued, or running and alive: a new analysis need not be asked for."""
        return self.status == self.Status.QUEUED or (self.status == self.Status.RUNNING and not self.interrupted)

    @property
    def percent(self) -> int:
        """Of the whole run, the steps in their order (STEPS): a finished step is not a finished
        run, so only a done run shows 100."""
        if self.status == self.Status.DONE:
            return 100
        steps = list(self.STEPS)
        if self.step not in steps:
            return 0
        within = self.done / self.total if self.total else 0
        return min(99, int(100 * (steps.index(self.step) + within) / len(steps)))

    @property
    def status_display(self) -> str:
        """The status in words; a running run whose process stopped is "onderbroken"."""
        return str(_("Onderbroken")) if self.interrupted else self.get_status_display()


class Theme(models.Model):
    key = models.CharField(
        _("code"), max_length=64, unique=True,
        help_text=_("De vaste code van het thema in de analyse. Die blijft gelijk bij een nieuwe "
                    "analyse."),
    )
    parent = models.ForeignKey("self", verbose_name=_("hoofdthema"), on_delete=models.CASCADE,
                               null=True, blank=True, related_name="subthemes")
    # empty: no word of the theme is used by k of its narrators (the labeler's strict_narrators)
    label = models.CharField(_("label (automatisch)"), max_length=200, blank=True)
    # the analysis's label from words fewer narrators use: never published, a hint for curators
    # who name a theme without a label (they read its statements anyway)
    label_hint = models.CharField(
        _("voorlopig label"), max_length=200, blank=True,
        help_text=_("Woorden van minder vertellers dan de Kennisbank vraagt. Alleen voor wie "
                    "thema's beoordeelt, nooit openbaar."))
    name = models.CharField(_("naam (door ervaringsdeskundigen)"), max_length=200, blank=True)
    # a published theme renamed: the new name waits for validation as a new collective statement
    # does (the Kennisbank keeps ``title``); None: no new name waiting, "": back to the label
    name_draft = models.CharField(_("nieuwe naam, nog niet gevalideerd"), max_length=200, null=True,
                                  blank=True)
    insight = models.TextField(_("kennisuitspraak"), blank=True)
    # a validated theme's collective statement rewritten: it replaces ``insight`` (which is what
    # the Kennisbank shows) only once it is validated in turn; None: no new text waiting
    insight_draft = models.TextField(_("nieuwe kennisuitspraak, nog niet gevalideerd"), null=True,
                                     blank=True)
    keywords = models.JSONField(_("kernwoorden"), default=list, blank=True)
    representative_keys = models.JSONField(
        _("typerende uitspraken"), default=list, blank=True,
        help_text=_("De codes van de uitspraken die het thema het best laten zien."),
    )
    evidence = models.JSONField(_("onderbouwing"), default=dict, blank=True)
    centroid = models.BinaryField(_("middelpunt (vector)"), null=True, blank=True)
    validated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("gevalideerd door"),
                                     on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    validated_at = models.DateTimeField(_("gevalideerd op"), null=True, blank=True)
    # Who wrote the words that wait for a second peer expert: the name or collective statement
    # that validating would publish. Nobody validates their own words (four eyes); validating
    # empties them. None: nothing of theirs waits (or the analysis wrote it).
    name_written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nieuwe naam geschreven door"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+")
    insight_written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nieuwe kennisuitspraak geschreven door"),
        on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    curated = models.BooleanField(
        _("bewerkt door ervaringsdeskundigen"), default=False,
        help_text=_("Ervaringsdeskundigen hebben iets aan dit thema veranderd."),
    )
    active = models.BooleanField(
        _("in gebruik"), default=True,
        help_text=_("Uit: het thema kwam niet meer terug in de analyse, of is samengevoegd."),
    )
    narrators = models.PositiveIntegerField(_("aantal vertellers"), default=0)
    # share of its statements that name one of its keywords, as of the last analysis or curation
    # change (None: no keywords yet, e.g. a theme split off by hand)
    keyword_share = models.FloatField(
        _("deel uitspraken met een kernwoord"), null=True, blank=True,
        help_text=_("Uitspraken die een kernwoord van het thema noemen, als deel van alle "
                    "uitspraken van het thema (0,5 is de helft)."),
    )
    first_run = models.ForeignKey(AnalysisRun, verbose_name=_("eerste analyse"),
                                  on_delete=models.SET_NULL, null=True, related_name="+")
    last_run = models.ForeignKey(AnalysisRun, verbose_name=_("laatste analyse"),
                                 on_delete=models.SET_NULL, null=True, related_name="+")
    # Published pages are cached; any save (curation, the Django admin) must show at once.
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    class Meta:
        ordering = ["-narrators", "key"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The name the Kennisbank shows: the peer experts' validated name, else the analysis's
        label, else a neutral name (no word of it is shared by enough narrators)."""
        return self.name or self.label or gettext("Thema zonder naam")

    @property
    def working_title(self) -> str:
        """The title where people curate and code: a theme without a name shows its hint, so
        that several unnamed themes can be told apart (they read the statements anyway)."""
        if self.name or self.label or not self.label_hint:
            return self.title
        return gettext("Thema zonder naam (voorlopig: %(hint)s)") % {"hint": self.label_hint}

    @property
    def numbered_title(self) -> str:
        """Its title where a reader may not see a hint or a withheld name, and themes must still
        stay apart."""
        return gettext("Thema zonder naam (nr. %(number)s)") % {"number": self.pk}

    @property
    def name_public(self) -> bool:
        """Whether the Kennisbank may show the peer experts' name: a validated theme's, and a
        sub-theme's of a validated theme (its page lists them by name). The rule of
        ``curation.name_is_public``, read from what is loaded instead of a fresh row."""
        return self.validated or (self.parent_id is not None and self.parent.validated)

    def reader_title(self, *, name_withheld: bool = False) -> str:
        """The title outside the curators' pages (a researcher's, the REFI-QDA export): the peer
        experts' name once the Kennisbank may show it, else the analysis's label, numbered where
        neither may be shown so that themes stay apart. A name nobody validated yet may quote a
        narrator, as a draft collective statement may; ``name_withheld``: the Kennisbank
        withholds the name for pointing to a person."""
        if name_withheld:
            return self.numbered_title
        return (self.name if self.name_public else "") or self.label or self.numbered_title

    @property
    def waiting_name(self) -> str | None:
        """The new name waiting for validation as it will read once validated; None: none."""
        if self.name_draft is None:
            return None
        return self.name_draft or self.label or gettext("Thema zonder naam")

    @property
    def validated(self) -> bool:
        return self.validated_at is not None

    @property
    def validated_insight(self) -> str:
        """The collective statement as a second peer expert validated it; "" while it waits.
        What leaves the curators' pages (a researcher's page, an export) reads this: a draft may
        quote a narrator who did not consent to research."""
        return self.insight if self.validated else ""

    @property
    def mixed(self) -> bool:
        """Few of its statements name what its label says: perhaps several subjects, or a way of
        telling, rather than one shared experience: read it before validating it."""
        return self.keyword_share is not None and self.keyword_share < engine.MIXED_BELOW

    @property
    def mixed_unread(self) -> bool:
        """Mixed, and no peer expert has validated it yet: the pages say so."""
        return self.mixed and not self.validated

    def centroid_array(self) -> np.ndarray | None:
        return None if self.centroid is None else np.frombuffer(bytes(self.centroid), dtype=np.float32)


class Statement(models.Model):
    """A sentence or clause of a story, with what the engine (or a curator) made of it."""

    class Kind(models.TextChoices):
        HELPED = "helped", _("Hielp")
        HINDERED = "hindered", _("Zat in de weg")
        NEED = "need", _("Behoefte of advies")
        OTHER = "other", _("Overig")

    key = models.CharField(_("code"), max_length=80, unique=True)
    story = models.ForeignKey("stories.Story", verbose_name=_("verhaal"), on_delete=models.CASCADE,
                              related_name="statements")
    field = models.CharField(
        _("deel van het verhaal"), max_length=10, default="text",
        help_text=_("text (het verhaal), helped (wat hielp) of hindered (wat zat in de weg)."),
    )
    text = models.TextField(_("tekst"))
    start = models.PositiveIntegerField(_("begint bij teken"))
    end = models.PositiveIntegerField(_("eindigt bij teken"))
    content_hash = models.CharField(_("vingerafdruk van de tekst"), max_length=64, db_index=True,
                                    help_text=FINGERPRINT_HELP)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    theme = models.ForeignKey(Theme, verbose_name=_("thema"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="statements")
    subtheme = models.ForeignKey(Theme, verbose_name=_("subthema"), on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="substatements")
    # A curator's decision: this statement belongs to that theme, whatever the clustering says.
    pinned_theme = models.ForeignKey(
        Theme, verbose_name=_("vastgezet bij thema"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="pinned_statements",
        help_text=_("Een ervaringsdeskundige zette de uitspraak bij dit thema. Een nieuwe analyse "
                    "verandert dat niet."),
    )

    class Meta:
        ordering = ["story_id", "field", "start"]
        verbose_name = _("uitspraak")
        verbose_name_plural = _("uitspraken")


class QuoteReview(models.Model):
    """A peer expert read a statement as a quote: may it stand in the Kennisbank, a report or an
    infographic? Only approved quotes are published. The decision holds for the text as it was
    read: a story corrected since changes the statement's fingerprint, and it waits for a new
    review. No words are kept here; the statement holds them (and goes with its story)."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Mag getoond worden")
        REFUSED = "refused", _("Niet tonen")

    statement = models.OneToOneField(Statement, verbose_name=_("uitspraak"), on_delete=models.CASCADE,
                                     related_name="quote_review")
    content_hash = models.CharField(_("vingerafdruk van de gelezen tekst"), max_length=64,
                                    help_text=FINGERPRINT_HELP)
    decision = models.CharField(_("besluit"), max_length=10, choices=Decision.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.SET_NULL,
                           null=True, blank=True)
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        verbose_name = _("beoordeling van een citaat")
        verbose_name_plural = _("beoordelingen van citaten")


class CurationEvent(models.Model):
    """What a peer expert changed, kept so curation can be traced and reviewed."""

    theme = models.ForeignKey(Theme, verbose_name=_("thema"), on_delete=models.CASCADE,
                              related_name="curation_events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"),
                             on_delete=models.SET_NULL, null=True)
    action = models.CharField(_("soort aanpassing"), max_length=20)
    detail = models.JSONField(_("details"), default=dict, blank=True)
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("aanpassing van een thema")
        verbose_name_plural = _("aanpassingen van thema's")

    # what the theme's history says, per action (the stored action is a code, not Dutch)
    DESCRIPTIONS = {
        "rename": _("Naam veranderd"), "insight": _("Kennisuitspraak geschreven"),
        "validate": _("Gevalideerd"), "unvalidate": _("Validatie ingetrokken"),
        "move": _("Uitspraken hierheen verplaatst"), "split": _("Uitspraken afgesplitst tot een nieuw thema"),
        "merge": _("Een ander thema hiermee samengevoegd"), "remove": _("Uitspraak uit dit thema gehaald"),
        "import": _("Code van een onderzoeker overgenomen"),
        "move-out": _("Uitspraken naar een ander thema verplaatst"),
        "merged-into": _("Samengevoegd met een ander thema"),
        "label": _("Automatisch label veranderd"),
        "name-lost": _("Naam van een subthema weggevallen"),
        "quote-approved": _("Citaat goedgekeurd voor de Kennisbank"),
        "quote-refused": _("Citaat afgewezen voor de Kennisbank"),
        "kind": _("Soort van uitspraken veranderd"),
        "merged-subtheme": _("Subthema van een samengevoegd thema opgeheven"),
        "unmerge": _("Samenvoegen ongedaan gemaakt"),
        "unmerged": _("Samenvoegen met een ander thema ongedaan gemaakt"),
    }
    # the detail that holds the key of the other theme an action names (older events hold its
    # title only, as it read then)
    OTHER_THEME = {"move-out": "into", "merged-into": "into", "split": "new", "unmerge": "restored",
                   "unmerged": "into"}

    @cached_property
    def other_theme(self) -> "Theme | None":
        """The theme this change sent statements to, as it is now: its name may have come later."""
        key = self.detail.get(self.OTHER_THEME.get(self.action, ""))
        return Theme.objects.filter(key=key).first() if key else None

    @property
    def lead(self) -> str:
        """The description up to the other theme's title (the history links that)."""
        text = str(self.DESCRIPTIONS.get(self.action, self.action))
        count = f" ({len(self.detail['statements'])})" if self.detail.get("statements") else ""
        return f"{text}{count}"

    @property
    def description(self) -> str:
        text = str(self.DESCRIPTIONS.get(self.action, self.action))
        if self.action in self.OTHER_THEME:
            other = self.other_theme
            title = other.working_title if other else self.detail.get("to")
            return f"{self.lead}: {title}" if title else self.lead
        if self.action == "label":
            values = {"old": self.detail.get("old", ""), "new": self.detail.get("new", ""),
                      "k": self.detail.get("k", "")}
            if not values["new"]:
                return str(_("Het automatische label “%(old)s” is weggevallen: geen woord ervan komt "
                             "nog voor bij %(k)s of meer vertellers van dit thema.")) % values
            return str(_("Het automatische label is nu “%(new)s” (was “%(old)s”): de andere woorden "
                         "komen nog maar voor bij minder dan %(k)s vertellers van dit thema.")) % values
        if self.action == "name-lost":
            line = str(_("Na een nieuwe analyse bestaat het subthema “%(name)s” niet meer: zijn "
                         "uitspraken staan nu in andere thema's. Past de naam nog bij een subthema? "
                         "Geef hem dan opnieuw.")) % {"name": self.detail.get("name", "")}
            if self.detail.get("insight"):
                line += " " + str(_("Zijn kennisuitspraak was: “%(insight)s”")) % {"insight": self.detail["insight"]}
            return line
        if self.action == "merged-subtheme":
            line = str(_("Het subthema “%(name)s” van “%(theme)s” is mee samengevoegd: zijn uitspraken "
                         "staan nu in dit thema.")) % {"name": self.detail.get("name", ""),
                                                       "theme": self.detail.get("merged_title", "")}
            if self.detail.get("insight"):
                line += " " + str(_("Zijn kennisuitspraak was: “%(insight)s”")) % {"insight": self.detail["insight"]}
            if self.detail.get("draft"):
                line += " " + str(_("Nieuwe tekst, nog niet gevalideerd:")) + f" “{self.detail['draft']}”"
            return line
        if self.action == "kind" and self.detail.get("kinds"):
            labels = dict(Statement.Kind.choices)
            changes = sorted({tuple(change) for change in self.detail["kinds"].values()})
            return f"{self.lead}: " + ", ".join(f"{labels.get(old, old)} → {labels.get(new, new)}"
                                                for old, new in changes)
        if self.action == "insight" and self.detail.get("old"):
            return f"{text} " + str(_("(was: “%(old)s”)") % {"old": self.detail["old"]})
        if self.action == "rename" and self.detail.get("new"):
            if self.detail.get("draft"):
                text = str(_("Nieuwe naam, nog niet gevalideerd"))
            return f"{text}: {self.detail.get('old', '')} → {self.detail['new']}"
        if self.action == "merge" and self.detail.get("merged_title"):
            insight = self.detail.get("merged_insight")
            line = f"{text}: {self.detail['merged_title']}" + (f" (“{insight}”)" if insight else "")
            if self.detail.get("merged_draft"):
                line += " " + str(_("Nieuwe tekst, nog niet gevalideerd:")) + f" “{self.detail['merged_draft']}”"
            return line
        if self.action in {"move", "import"} and self.detail.get("statements"):
            return f"{text} ({len(self.detail['statements'])})"
        if self.action == "validate" and (self.detail.get("published") or self.detail.get("name")):
            parts = [str(_("de nieuwe kennisuitspraak staat nu in de Kennisbank"))] if self.detail.get("published") else []
            if self.detail.get("name"):
                parts.append(str(_("de nieuwe naam is nu “%(name)s”")) % {"name": self.detail["name"]})
            return f"{text}: " + "; ".join(parts)
        if self.action == "unvalidate" and self.detail.get("reason") == "withdrawn":
            return f"{text}: " + str(_("een verteller trok toestemming in; haar of zijn woorden zijn "
                                       "uit de kennisuitspraak gehaald. Lees de tekst na en valideer opnieuw."))
        if self.action == "unvalidate" and self.detail.get("reason") == "merge":
            return f"{text}: " + str(_("er is een thema bij gekomen dat nog niet gevalideerd was"))
        if self.action == "unvalidate" and self.detail.get("reason") == "unnamed":
            return f"{text}: " + str(_("het thema heeft geen naam meer. Het staat niet in de Kennisbank "
                                       "tot iemand het een naam geeft en iemand anders het opnieuw valideert."))
        return text


class ManualCoding(models.Model):
    """A person's own coding of a statement, to measure agreement with others and the engine."""

    statement = models.ForeignKey(Statement, verbose_name=_("uitspraak"), on_delete=models.CASCADE,
                                  related_name="codings")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("codeur"),
                              on_delete=models.CASCADE)
    theme = models.ForeignKey(Theme, verbose_name=_("thema"), on_delete=models.CASCADE, null=True,
                              blank=True,
                              help_text=_("Leeg: volgens de codeur past de uitspraak in geen thema."))
    skipped = models.BooleanField(
        _("overgeslagen"), default=False,
        help_text=_("De codeur sloeg de uitspraak over. Die komt niet meer terug en telt niet mee "
                    "in de overeenstemming."),
    )
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["statement", "coder"],
                                               name="one_coding_per_coder")]
        verbose_name = _("eigen codering")
        verbose_name_plural = _("eigen coderingen")


class WithdrawnQuote(models.Model):
    """A run of words a narrator withdrew (consent taken back, or corrected out of her story),
    kept for a short while as a keyed digest only, never as words: a collective statement
    saved from a page opened before the withdrawal still holds them, and they must not come
    back through it (``curation.without_withdrawn``)."""

    digest = models.CharField(_("vingerafdruk van de woorden"), max_length=64, unique=True)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("ingetrokken woorden")
        verbose_name_plural = _("ingetrokken woorden")
