"""Fixed lists from the source documents (seed 001 roles, seeds 001/004 activities)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExpertRole(models.TextChoices):
    ALLY = "bondgenoot", _("Bondgenoot")
    CRITIC = "criticus", _("Criticus")
    BRIDGE = "bruggenbouwer", _("(Culturele) bruggenbouwer")
    CHANGER = "veranderaar", _("Veranderaar")
    PAVER = "kwartiermaker", _("Kwartiermaker")


class Activity(models.TextChoices):
    STORIES = "verhalen-vertellen", _("Ervaringsverhalen vertellen")
    RESEARCH = "onderzoek", _("Meedenken in onderzoek")
    TRAINING = "training", _("Training geven")
    COACHING = "coaching", _("Individuele of teamcoaching")
    POLICY = "beleidsadvies", _("Beleidsadvies")
    PROJECT = "projectwerk", _("Projectwerk")
    RECOVERY_GROUP = "herstelgroep", _("Herstel- of zelfhulpgroep (WRAP, HEE)")
    BUDDY = "maatje", _("Maatje (ervaringsmaatje)")
    KITCHEN_TABLE = "keukentafel", _("Cliëntondersteuning bij keukentafelgesprekken")
    PAVING = "kwartiermaken", _("Kwartiermaken")
    RELATIVES = "naasten-steun", _("Naasten ondersteunen")


class Language(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    ENGLISH = "en", _("Engels")
    FRISIAN = "fy", _("Fries")
    ARABIC = "ar", _("Arabisch")
    TURKISH = "tr", _("Turks")
    POLISH = "pl", _("Pools")
    TIGRINYA = "ti", _("Tigrinya")


class Education(models.TextChoices):
    OWN_EXPERIENCE = "werken-met-eigen-ervaring", _("Cursus 'Werken met eigen ervaring'")
    GOED = "goed", _("GOED-cursus")
    MBO = "mbo", _("MBO Ervaringsdeskundigheid")
    HBO = "hbo", _("HBO / Associate Degree Ervaringsdeskundigheid")
    NONE = "geen", _("(Nog) geen opleiding")
