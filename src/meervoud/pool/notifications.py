"""Who in the pool hears by e-mail, and when (see ``core.mail`` for what a message may say).

Only moments where someone has to act or can stop keeping time free: an expert is asked (and,
when a coordinator asks for it, reminded); the asker's team is complete (the team hears it too:
the work goes on), and again when it no longer is; a yes no longer counts because the team fell
apart or the work was cancelled; the asker when a coordinator cancelled her assignment, the
coordinators when the asker cancelled one whose team they asked; the coordinators have to find
a new team because one they sent fell apart, or running work lost an expert, or a member of a
team entered a 'not available' period over its work; the asker and the experts who go on when
running work loses one; an expert whose profile a coordinator changed. For running work that
lost someone: the expert asked to step in; the asker and the team once it is complete again;
the coordinators when someone asked to step in cannot; the one asked when the work ended before
she answered.

News for the asker goes to whoever posted the assignment, or, when her account was closed, to
her colleagues who post for the same organisation (``selectors.askers``); when there are none,
the coordinators read that nobody of the organisation gets it, so they can phone.
Never who left or why (a reason can be about someone's health): the page tells
those who may read it. How the matching went is no news: coordinators read it on the
overview.

Asking and reminding return the proposals whose expert no e-mail reaches, so the coordinator
reads whom to phone.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from meervoud.accounts.permissions import user_can
from meervoud.core.mail import notify
from meervoud.pool import selectors
from meervoud.pool.models import Assignment, Proposal


def experts_asked(proposals) -> list[Proposal]:
    return _unreached(proposals, _("Er is een vraag voor je"),
                      _("Een coördinator vraagt of je meedoet aan een opdracht. Lees wat de "
                        "opdracht is en zeg ja of nee."))


def reminder(proposals) -> list[Proposal]:
    return _unreached(proposals, _("Herinnering: er wacht een vraag op je"),
                      _("Een coördinator vroeg of je meedoet aan een opdracht. Je hebt nog niet "
                        "geantwoord. Lees wat de opdracht is en zeg ja of nee."))


def _unreached(proposals, subject, body) -> list[Proposal]:
    """Mail each proposal's expert; the proposals whose expert no e-mail reaches."""
    return [proposal for proposal in proposals
            if not notify(proposal.expert.user, subject, body, reverse("pool:profile"))]


def _to_asker(assignment: Assignment, subject, body, *, tell_coordinators: bool = True) -> None:
    """To the organisation that asked (``selectors.askers``). When nobody there can be told,
    the coordinators read that (``tell_coordinators``), not the asker's text: they let the
    organisation know another way."""
    askers = selectors.askers(assignment)
    for user in askers:
        notify(user, subject, body, reverse("pool:assignment", args=[assignment.pk]))
    if not askers and tell_coordinators:
        _to_coordinators(assignment, _("Niemand van de opdrachtgever krijgt dit bericht"),
                         _("Er is nieuws over een opdracht, maar niemand van de organisatie die "
                           "erom vroeg, kan nog inloggen in Meervoud. Kijk op de pagina van de "
                           "opdracht wat er veranderd is. Laat het de organisatie op een andere "
                           "manier weten, bijvoorbeeld door te bellen."))


def team_complete(assignment: Assignment) -> None:
    """To the asker, and to the team: each said yes, now the work goes on."""
    _to_asker(assignment, _("Het team voor je opdracht staat"),
              _("Alle ervaringsdeskundigen voor je opdracht hebben ja gezegd. Je ziet nu wie het zijn."))
    for proposal in assignment.proposals.filter(
            status=Proposal.Status.ACCEPTED).select_related("expert__user"):
        notify(proposal.expert.user, _("Het team is compleet"),
               _("Iedereen in het team heeft ja gezegd. De opdracht gaat door. Op de pagina van de "
                 "opdracht zie je wie er in je team zitten."),
               reverse("pool:assignment", args=[assignment.pk]))


def replacement_asked(proposals) -> list[Proposal]:
    """To the experts asked to step into running work: they read on the page since when it
    runs and with whom."""
    return _unreached(proposals, _("Kun je invallen?"),
                      _("Een coördinator vraagt of je wilt invallen in een opdracht die al loopt. "
                        "Lees wat de opdracht is en met wie je samenwerkt, en zeg ja of nee."))


def team_complete_again(assignment: Assignment, *, newcomer: Proposal) -> None:
    """Running work has its whole team again: the asker, who heard that it had become smaller,
    and the team but the ``newcomer`` whose yes completed it (she just read it). Not who left,
    nor who came: the page shows the team."""
    _to_asker(assignment, _("Het team voor je opdracht is weer compleet"),
              _("Er werken weer genoeg ervaringsdeskundigen aan je opdracht. Op de pagina van je "
                "opdracht zie je wie er in het team zitten."))
    for proposal in assignment.proposals.filter(status=Proposal.Status.ACCEPTED).exclude(
            pk=newcomer.pk).select_related("expert__user"):
        notify(proposal.expert.user, _("Je team is weer compleet"),
               _("Er is een ervaringsdeskundige bij je team gekomen. Jullie zijn weer met genoeg "
                 "om samen verder te gaan. Op de pagina van de opdracht zie je wie er in je team "
                 "zitten."),
               reverse("pool:assignment", args=[assignment.pk]))


def replacement_declined(assignment: Assignment) -> None:
    """To the coordinators: someone asked to step into running work cannot (a no, or she left
    the pool). Not who or why: the page shows it to them."""
    _to_coordinators(assignment, _("Iemand kan niet invallen"),
                     _("Iemand die gevraagd werd om in te vallen in een opdracht die al loopt, kan "
                       "niet. Zet niemand alleen in: kijk op de pagina van de opdracht en zoek "
                       "opnieuw iemand om in te vallen."))


def replacement_no_longer_needed(proposals) -> None:
    """To those asked to step in who had not answered when the work was closed."""
    for proposal in proposals:
        notify(proposal.expert.user, _("Je hoeft niet in te vallen"),
               _("Het werk waarvoor je gevraagd was om in te vallen, is afgerond. De vraag geldt "
                 "niet meer. Je hoeft er niets meer voor te doen."),
               reverse("pool:profile"))


def team_no_longer_complete(assignment: Assignment) -> None:
    """To the asker, who was told the team stands and plans with it."""
    _to_asker(assignment, _("Het team voor je opdracht is niet meer compleet"),
              _("Een ervaringsdeskundige kan toch niet meedoen aan je opdracht. De coördinator zoekt "
                "een nieuw team. Op de pagina van je opdracht zie je hoe het gaat."))


def cancelled(assignment: Assignment, *, by, team_was_asked: bool) -> None:
    """Who did not cancel it themselves: the asker, when a coordinator did; the coordinators,
    when the asker cancelled work whose team they had asked (its experts phone them). ``by``:
    who cancelled; None tells neither."""
    if by is None:
        return
    if not selectors.asked_for_it(by, assignment):
        _to_asker(assignment, _("Je opdracht gaat niet door"),
                  _("Je opdracht gaat niet door: een coördinator heeft hem geannuleerd. Op de "
                    "pagina van je opdracht lees je waarom."), tell_coordinators=False)
    if team_was_asked and not user_can(by, "pool.manage"):
        _to_coordinators(assignment, _("Een opdracht is geannuleerd"),
                         _("De opdrachtgever heeft een opdracht geannuleerd waarvoor het team al "
                           "gevraagd was. Het team weet het al. Op de pagina van de opdracht lees "
                           "je waarom."))


def _to_coordinators(assignment: Assignment, subject, body) -> None:
    for user in selectors.pool_coordinators():
        notify(user, subject, body, reverse("pool:assignment", args=[assignment.pk]))


def team_fell_apart(assignment: Assignment) -> None:
    """To the coordinators: a team that was asked, or is working, lost an expert."""
    _to_coordinators(assignment, _("Een team is niet meer compleet"),
                     _("Een ervaringsdeskundige doet niet meer mee aan een opdracht. Zet niemand "
                       "alleen in: kijk op de pagina van de opdracht wat er nodig is, bijvoorbeeld "
                       "een nieuw team."))


def team_smaller_while_running(assignment: Assignment) -> None:
    """To the asker, told earlier that the team stands: running work lost an expert (a stop the
    coordinator recorded, or an erasure)."""
    _to_asker(assignment, _("Het team voor je opdracht is niet meer compleet"),
              _("Een ervaringsdeskundige doet niet meer mee aan je opdracht. De coördinator bespreekt "
                "met het team wat er nodig is. Op de pagina van je opdracht zie je hoe het gaat."))


def running_work_lost_an_expert(assignment: Assignment, going_on) -> None:
    """Running work lost an expert (the coordinator recorded it): the asker, told earlier that
    the team stands, and the experts who go on, who should not go on alone, hear it."""
    team_smaller_while_running(assignment)
    for proposal in going_on:
        notify(proposal.expert.user, _("Je team is kleiner geworden"),
               _("Een collega doet niet meer mee aan een opdracht waar jij aan werkt. Ga niet alleen "
                 "verder: de coördinator neemt contact met je op."),
               reverse("pool:assignment", args=[assignment.pk]))


def member_away(assignments) -> None:
    """To the coordinators: an expert entered a 'not available' period over work she said yes
    to. They hear that it happened, not who or why: the overview shows who."""
    for assignment in assignments:
        _to_coordinators(assignment, _("Iemand uit een team is niet beschikbaar"),
                         _("Een ervaringsdeskundige die ja zei tegen een opdracht, is niet "
                           "beschikbaar in een deel van de periode. Zet niemand alleen in: kijk op "
                           "de pagina van de opdracht wat er nodig is."))


def profile_changed(profile) -> None:
    """To the expert: a coordinator changed her profile (her experience, her hours, when she is
    away). Not what changed: she reads it on her profile."""
    notify(profile.user, _("Je profiel in de pool is aangepast"),
           _("Een coördinator heeft je profiel in de pool aangepast. Kijk of alles klopt. Klopt er "
             "iets niet, pas het dan zelf aan of neem contact op met de coördinator."),
           reverse("pool:profile"))


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
