from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "gemeente", _("Gemeente")
    DISTRICT_TEAM = "wijkteam", _("Sociaal wijkteam")
    SELF_HELP = "zelfregie", _("Zelfregie- of herstelorganisatie")
    CARE_PROVIDER = "aanbieder", _("Zorg- of welzijnsaanbieder")
    EDUCATION = "onderwijs", _("Onderwijs of onderzoek")


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Voor een gemeente: welke gemeente. Voor andere organisaties: de vestiging."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    NARRATOR = "verteller", _("Verteller / ervaringsdeskundige")
    COORDINATOR = "coordinator", _("Coördinator")
    POLICY_OFFICER = "beleid", _("Beleidsmedewerker gemeente")
    RESEARCHER = "onderzoeker", _("Onderzoeker")
    ADMINISTRATOR = "beheerder", _("Beheerder")


class UserManager(DjangoUserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # `meervoud createsuperuser` makes the first account of an installation: an administrator,
        # not the model's default role (the audit log keeps the role of everything she does)
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.NARRATOR)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    # Empty: not chosen, so e-mails come in Dutch and English (core.mail).
    language = models.CharField(_("taal"), max_length=2, blank=True, default="",
                                choices=[("nl", "Nederlands"), ("en", "English")])
    email_notifications = models.BooleanField(
        _("e-mail als er iets voor mij klaarstaat"), default=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
