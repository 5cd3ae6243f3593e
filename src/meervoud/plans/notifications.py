"""Who hears by e-mail about a plan (see ``core.mail`` for what a message may say).

The person asked onto a project team, because she has to answer; and the team's project leads
when someone answers, because they manage the team and would otherwise only see it when they
happen to open its page. A message names neither the plan, its place, who asks nor who answers
(nor whether it is a yes or a no): a mailbox is shared and forwarded, and an invitation with a
name could be sent to anyone's account. The page behind the link, after logging in, tells the
rest.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from meervoud.core.mail import notify
from meervoud.plans.models import PlanMember, ProjectRole


def invited(user) -> bool:
    return notify(user, _("Je bent uitgenodigd voor een projectteam"),
                  _("Iemand nodigt je uit voor het projectteam van een plan van aanpak in "
                    "Meervoud. Op de pagina met je plannen zie je wie dat is en over welk plan "
                    "het gaat. Daar zeg je ja of nee."),
                  reverse("plans:list"))


def answered(plan, *, by) -> list:
    """Tell the plan's project leads that someone answered an invitation to its team (not
    `by`, who answered: she may have been asked as a lead). Returns the leads a message was
    queued for; each one's own setting and language decide (``core.mail.notify``)."""
    leads = (PlanMember.objects.filter(plan=plan, role=ProjectRole.LEAD)
             .exclude(user=by).select_related("user"))
    path = reverse("plans:members", args=[plan.pk])
    return [lead.user for lead in leads if notify(
        lead.user, _("Er is een antwoord op een uitnodiging voor je projectteam"),
        _("Iemand heeft geantwoord op een uitnodiging voor het projectteam van een plan van "
          "aanpak in Meervoud. Op de pagina van het projectteam zie je wat er veranderd is."),
        path)]
