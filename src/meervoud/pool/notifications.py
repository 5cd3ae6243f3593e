"""Who in the pool hears by e-mail, and when (see ``core.mail`` for what a message may say).

Only moments where someone has to act or can stop keeping time free: an expert is asked; the
asker's team is complete; a yes no longer counts because the team fell apart or the work was
cancelled. Nothing about how the matching went: coordinators read that on the overview.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from meervoud.core.mail import notify
from meervoud.pool import selectors
from meervoud.pool.models import Assignment, Proposal


def experts_asked(proposals) -> None:
    for proposal in proposals:
        notify(proposal.expert.user, _("Er is een vraag voor je"),
               _("Een coördinator vraagt of je meedoet aan een opdracht. Lees wat de opdracht is "
                 "en zeg ja of nee."),
               reverse("pool:profile"))


def team_complete(assignment: Assignment) -> None:
    notify(assignment.posted_by, _("Het team voor je opdracht staat"),
           _("Alle ervaringsdeskundigen voor je opdracht hebben ja gezegd. Je ziet nu wie het zijn."),
           reverse("pool:assignment", args=[assignment.pk]))


def yes_no_longer_counts(proposals, *, cancelled: bool) -> None:
    """Those who said yes (or were still asked) hear that they need not keep the time free."""
    body = (_("Een opdracht waarvoor je gevraagd was, gaat niet door. Je hoeft er niets meer "
              "voor te doen.") if cancelled else
            _("Het team voor een opdracht waarvoor je gevraagd was, is veranderd. Je ja of je "
              "vraag geldt niet meer. Misschien vragen we je later opnieuw."))
    subject = _("Een opdracht gaat niet door") if cancelled else _("Een vraag geldt niet meer")
    for proposal in proposals:
        notify(proposal.expert.user, subject, body, reverse("pool:profile"))


def told(assignment: Assignment) -> list[Proposal]:
    """The proposals whose expert knows about the assignment: sent to them, or said yes."""
    return list(assignment.proposals.filter(status__in=selectors.COMMITTED).select_related("expert__user"))
