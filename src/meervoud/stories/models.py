"""Stories, their narrators and the consent that governs every use of them.

Only de-identified text is stored by default (see services.intake). Consent is per purpose,
tied to the version of the text the narrator agreed to, and withdrawal is recorded, never
erased, so that it can be proven later.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LifeDomain(models.Model):
    """Editable vocabulary (levensdomein); seeded from DOMAIN.md."""

    slug = models.SlugField(_("code voor webadressen"), unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=120)
    name_en = models.CharField(_("naam (Engels)"), max_length=120)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("levensdomein")
        verbose_name_plural = _("levensdomeinen")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl


class Level(models.TextChoices):
    MICRO = "micro", _("Micro: contact met een persoon")
    MESO = "meso", _("Meso: team of organisatie")
    MACRO = "macro", _("Macro: gemeente, regio of landelijk beleid")


class RecoveryPhase(models.TextChoices):
    OVERWHELMED = "overweldigd", _("Overweldigd door wat er gebeurt")
    STRUGGLING = "worstelen", _("Worstelen ermee")
    LIVING_WITH = "leven-met", _("Leven ermee")
    BEYOND = "leven-voorbij", _("Leven voorbij")


class Language(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    ENGLISH = "en", _("Engels")


class Source(models.TextChoices):
    FORM = "form", _("Formulier")
    IMPORT = "import", _("Import")
    DEMO = "demo", _("Demo (fictief)")
    API = "api", _("API")


# shared help texts: several fields say the same
TRIAD_HELP = _("Punten van de 100 die de verteller hieraan gaf. Leeg: niet ingevuld.")
FINGERPRINT_HELP = _("Een code die uit de tekst is berekend. Zo herkennen we dezelfde tekst terug.")


def new_token() -> str:
    """The key in a personal link: 192 random bits."""
    return secrets.token_urlsafe(24)


def link_digest(token: str) -> str:
    """What is stored of a personal link. Unkeyed: 192 random bits need no key or slow hash to
    be unguessable, and a digest without a key survives a change of SECRET_KEY."""
    return hashlib.sha256(token.encode()).hexdigest()


class Narrator(models.Model):
    """The pseudonymous person behind one or more stories: one independent voice."""

    code = models.CharField(_("pseudoniem"), max_length=40, unique=True)
    user = models.OneToOneField(
        "accounts.User", verbose_name=_("account"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="narrator",
    )
    # The personal link lets a narrator without an account see and withdraw their consent. Only
    # its digest is kept, so a leaked database or backup opens no narrator's page. Empty until
    # a link is shown to someone: it is made when it is shown (services.first_personal_link).
    token_digest = models.CharField(_("vingerafdruk van de persoonlijke link"), max_length=64,
                                    unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("verteller")
        verbose_name_plural = _("vertellers")

    def __str__(self) -> str:
        return self.code


class Story(models.Model):
    narrator = models.ForeignKey(Narrator, verbose_name=_("verteller"), on_delete=models.CASCADE,
                                 related_name="stories")
    title = models.CharField(_("titel"), max_length=200, blank=True)
    text = models.TextField(_("verhaal (zonder herleidbare gegevens)"))
    helped = models.TextField(_("wat hielp"), blank=True)
    hindered = models.TextField(_("wat zat in de weg"), blank=True)
    original_text = models.TextField(_("oorspronkelijke tekst"), blank=True, editable=False)
    original_expires_at = models.DateTimeField(_("oorspronkelijke tekst weg op"), null=True,
                                               blank=True, editable=False)
    content_hash = models.CharField(_("vingerafdruk van de tekst"), max_length=64, db_index=True,
                                    editable=False, help_text=FINGERPRINT_HELP)
    municipality = models.ForeignKey(
        "places.Municipality", verbose_name=_("gemeente"), on_delete=models.PROTECT,
        related_name="stories",
    )
    life_domains = models.ManyToManyField(LifeDomain, verbose_name=_("levensdomeinen"))
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices, default=Level.MICRO)
    recovery_phase = models.CharField(
        _("herstelfase"), max_length=20, choices=RecoveryPhase.choices, blank=True
    )
    language = models.CharField(
        _("taal"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    told_on = models.DateField(_("datum van het verhaal"), default=timezone.localdate)
    # Self-signification: the narrator places their own story. The triad says what helped
    # most (percentages that add up to 100); the sliders run from 0 to 100.
    helped_own_strength = models.PositiveSmallIntegerField(
        _("wat hielp: eigen kracht"), null=True, blank=True, help_text=TRIAD_HELP
    )
    helped_peers = models.PositiveSmallIntegerField(
        _("wat hielp: lotgenoten, familie en vrienden"), null=True, blank=True, help_text=TRIAD_HELP
    )
    helped_professionals = models.PositiveSmallIntegerField(
        _("wat hielp: professionele hulp"), null=True, blank=True, help_text=TRIAD_HELP
    )
    sense_of_control = models.PositiveSmallIntegerField(
        _("zelf iets te zeggen over de hulp"), null=True, blank=True,
        help_text=_("0 = niets, 100 = alles. Leeg: de verteller zei het liever niet."),
    )
    doing_now = models.PositiveSmallIntegerField(
        _("hoe het nu gaat"), null=True, blank=True,
        help_text=_("0 = heel slecht, 100 = heel goed. Leeg: de verteller zei het liever niet."),
    )
    deidentification = models.JSONField(
        _("vervangen gegevens"), default=dict, blank=True, editable=False,
        help_text=_("Hoeveel gegevens van elke soort zijn vervangen. Nooit de gegevens zelf."),
    )
    is_fictional = models.BooleanField(_("fictief"), default=False)
    source = models.CharField(_("binnengekomen via"), max_length=10, choices=Source.choices,
                              default=Source.FORM)
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-told_on", "-id"]
        verbose_name = _("verhaal")
        verbose_name_plural = _("verhalen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(helped_own_strength__isnull=True)
                | models.Q(
                    helped_own_strength__isnull=False,
                    helped_peers__isnull=False,
                    helped_professionals__isnull=False,
                ),
                name="story_triad_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{_('Verhaal')} {self.pk}"


# How long a step-2 intake page can be sent. Older, it is shown again as typed with a new token
# (forms.ReviewForm.expired), so no SentForm row is needed after this. A day: more than the
# 20 hours WCAG 2.2.1 allows a time limit to be, and nothing she typed is lost when it passes.
INTAKE_PAGE_MAX_AGE = timedelta(days=1)


class SentForm(models.Model):
    """The one-time token of a step-2 intake form that was sent. The same form sent again (a
    double click whose second request leaves before the first is answered, a reload, the back
    button) stores no second story and no second pseudonym: the token is unique, so of two
    requests at the same moment only one stores, whatever the database. Kept when the story is
    deleted, so that an old form sent again does not bring back a story its narrator took back."""

    token = models.UUIDField(_("code van het formulier"), unique=True, editable=False)
    story = models.ForeignKey(Story, verbose_name=_("verhaal"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="+", editable=False)
    # the personal link is shown once: a request that comes second may show it only while the
    # thanks page has not (the first answer may never have reached the browser)
    link_shown = models.BooleanField(
        _("persoonlijke link getoond"), default=False, editable=False,
        help_text=_("Ja als de bedankpagina de persoonlijke link al heeft laten zien."))
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("verstuurd formulier")
        verbose_name_plural = _("verstuurde formulieren")

    def __str__(self) -> str:
        return str(self.token)


class IntakeSender(models.Model):
    """One story sent through the public intake, by where it came from: a keyed hash of the
    address (IPv6: of its /64, which one household or device has whole). Only for the limit of
    MEERVOUD_INTAKE_PER_HOUR stories an hour from one address, counted in the database because
    several server processes answer. No link to the story, and deleted after the hour."""

    address = models.CharField(_("herkomst (gehasht)"), max_length=64, editable=False)
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now, db_index=True, editable=False)

    class Meta:
        verbose_name = _("verhaal van een adres")
        verbose_name_plural = _("verhalen per adres")
        indexes = [models.Index(fields=["address", "sent_at"])]

    def __str__(self) -> str:
        return self.address


class Purpose(models.TextChoices):
    ANALYSIS = "analysis", _("Gebruiken voor analyse")
    QUOTE = "quote", _("Anoniem citeren in publicaties")
    SHARE = "share", _("Delen met een gemeente of regio")
    RESEARCH = "research", _("Gebruiken voor onderzoek")


class ConsentText(models.Model):
    """The exact words a narrator agreed to; a new version never changes earlier consent."""

    purpose = models.CharField(_("toestemming voor"), max_length=10, choices=Purpose.choices)
    version = models.PositiveSmallIntegerField(_("versie"))
    text_nl = models.TextField(_("tekst (Nederlands)"))
    text_en = models.TextField(_("tekst (Engels)"))
    published_at = models.DateTimeField(_("gepubliceerd op"), default=timezone.now)

    class Meta:
        ordering = ["purpose", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="consent_text_version")
        ]
        verbose_name = _("toestemmingstekst")
        verbose_name_plural = _("toestemmingsteksten")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} v{self.version}"

    @property
    def text(self) -> str:
        from django.utils.translation import get_language

        return self.text_en if (get_language() or "nl").startswith("en") else self.text_nl


class Consent(models.Model):
    story = models.ForeignKey(Story, verbose_name=_("verhaal"), on_delete=models.CASCADE,
                              related_name="consents")
    purpose = models.CharField(_("toestemming voor"), max_length=10, choices=Purpose.choices)
    consent_text = models.ForeignKey(ConsentText, verbose_name=_("toestemmingstekst"),
                                     on_delete=models.PROTECT)
    # For sharing: with which municipality or region; empty means the story's own municipality.
    share_municipality = models.ForeignKey(
        "places.Municipality", verbose_name=_("delen met gemeente"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
        help_text=_("Leeg: de gemeente van het verhaal (als er ook geen regio is gekozen)."),
    )
    share_region = models.ForeignKey(
        "places.Region", verbose_name=_("delen met regio"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )
    given_at = models.DateTimeField(_("gegeven op"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["story", "purpose", "-given_at"]
        constraints = [
            # At most one active consent per purpose per story.
            models.UniqueConstraint(
                fields=["story", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_purpose",
            )
        ]
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class ConsentEvent(models.Model):
    """Append-only record of every giving and withdrawing, kept as proof."""

    class Action(models.TextChoices):
        GIVEN = "given", _("gegeven")
        WITHDRAWN = "withdrawn", _("ingetrokken")

    story_id_ref = models.BigIntegerField(
        _("nummer van het verhaal"),
        help_text=_("Het nummer dat het verhaal toen had. Het verhaal kan nu weg zijn."),
    )
    narrator_code = models.CharField(_("pseudoniem van de verteller"), max_length=40)
    purpose = models.CharField(_("toestemming voor"), max_length=10, choices=Purpose.choices)
    consent_text_version = models.PositiveSmallIntegerField(_("versie van de toestemmingstekst"))
    action = models.CharField(_("wat er gebeurde"), max_length=10, choices=Action.choices)
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    # the codes stay as they are: the proof must read the same in every language (VIA_NAMES)
    via = models.CharField(
        _("via"), max_length=20,
        help_text=_("Hoe het gebeurde, als code. Bijvoorbeeld: form (de verteller vulde het formulier "
                    "zelf in), link (de persoonlijke link), account (het account van de verteller), peer_expert (een "
                    "ervaringsdeskundige vulde het verhaal in met de verteller), coordinator (namens "
                    "de verteller), admin (beheer)."),
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("vastlegging van toestemming")
        verbose_name_plural = _("vastleggingen van toestemming")


# What each ``ConsentEvent.via`` code means, in the words her download shows next to the code.
# Whose hand it was matters for the proof: consent typed in for her is not consent she typed.
VIA_NAMES = {
    "form": _("De verteller vulde het formulier zelf in."),
    "link": _("De verteller deed het zelf, met de persoonlijke link."),
    "account": _("De verteller deed het zelf, met een eigen account."),
    "peer_expert": _("Een ervaringsdeskundige vulde het verhaal in, samen met de verteller."),
    "coordinator": _("Een coördinator deed het namens de verteller, omdat de verteller dat vroeg."),
    "import": _("Het verhaal kwam binnen in een bestand van een organisatie."),
    "api": _("Het verhaal kwam binnen via de koppeling met een organisatie."),
    "demo": _("Een verzonnen voorbeeldverhaal."),
    "admin": _("Beheer deed het, omdat de verteller dat vroeg."),
    "retention": _("Automatisch verwijderd: de bewaartermijn was voorbij."),
    "restore": _("Opnieuw vastgelegd na het terugzetten van een back-up."),
}
