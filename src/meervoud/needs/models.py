"""What municipalities want to know (informatiebehoeften), after the project plan in seed 002:
ask municipalities what information about collective experiential knowledge they need, then
answer with an infographic, a report, a workshop or advice.

The contact person's details are only for the learning network and the asking municipality;
overviews count municipalities, never people.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NeedFormat(models.TextChoices):
    INFOGRAPHIC = "infographic", _("Infographic")
    REPORT = "rapport", _("Rapport")
    WORKSHOP = "workshop", _("Workshop")
    ADVICE = "advies", _("Advies")


class Urgency(models.TextChoices):
    LOW = "laag", _("Geen haast")
    NORMAL = "normaal", _("Binnen een half jaar")
    HIGH = "hoog", _("Binnen drie maanden")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "bezig", _("In behandeling")
    ANSWERED = "beantwoord", _("Beantwoord")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")  # by the municipality that asked


# not answered and not withdrawn: the learning network still owes an answer
STILL_OPEN = (NeedStatus.OPEN, NeedStatus.IN_PROGRESS)


class InformationNeed(models.Model):
    municipality = models.ForeignKey("places.Municipality", on_delete=models.PROTECT,
                                     related_name="information_needs",
                                     verbose_name=_("gemeente"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="information_needs",
                                 verbose_name=_("ingevuld door"))
    questions = models.TextField(_("wat wilt u weten?"), max_length=4000)
    purpose = models.TextField(_("waarvoor gaat u de kennis gebruiken?"), blank=True,
                               max_length=2000)
    life_domains = models.ManyToManyField("stories.LifeDomain", verbose_name=_("levensdomeinen"),
                                          blank=True, related_name="information_needs")
    target_groups = models.CharField(_("over welke inwoners gaat het?"), max_length=300,
                                     blank=True)
    formats = models.JSONField(_("gewenste vorm"), default=list)
    urgency = models.CharField(_("hoe dringend?"), max_length=10, choices=Urgency.choices,
                               default=Urgency.NORMAL)
    deadline = models.DateField(_("uiterlijk nodig op"), null=True, blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=120)
    contact_email = models.EmailField(_("e-mail contactpersoon"))
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=NeedStatus.choices,
                              default=NeedStatus.OPEN)
    answer_note = models.TextField(_("wat heeft de vraag beantwoord?"), blank=True,
                                   max_length=3000)
    status_changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                          null=True, blank=True, related_name="+",
                                          verbose_name=_("status gewijzigd door"))
    status_changed_at = models.DateTimeField(_("status gewijzigd op"), null=True, blank=True)
    # The same question from several municipalities is answered once: each joins one of them
    # (never a question that joined another itself) and takes over its status and answer, so
    # each asker hears of it on her own question (``services.join_need``).
    joined_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="joined",
                                  verbose_name=_("samen beantwoord met"))
    is_fictional = models.BooleanField(_("fictief"), default=False)
    created_at = models.DateTimeField(_("gevraagd op"), default=timezone.now)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("kennisvraag van een gemeente")
        verbose_name_plural = _("kennisvragen van gemeenten")

    @property
    def answer(self) -> str:
        """What answered the need, while it is answered (a reopened need's old note is not its
        answer)."""
        return self.answer_note if self.status == NeedStatus.ANSWERED else ""

    def __str__(self) -> str:
        first = self.questions.strip().splitlines()[0] if self.questions.strip() else ""
        return f"{self.municipality}: {first[:80]}"

    @property
    def waiting_days(self) -> int | None:
        """Days since it was asked, while the network still owes an answer."""
        if self.status not in STILL_OPEN:
            return None
        return (timezone.now() - self.created_at).days

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("needs:detail", args=[self.pk])

    def get_formats_display(self) -> list[str]:
        labels = dict(NeedFormat.choices)
        return [str(labels.get(form, form)) for form in self.formats]
