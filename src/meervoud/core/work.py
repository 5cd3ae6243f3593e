"""What waits for someone, for the page "Mijn werk": one line per list that holds work for her,
with how much, linking to that list (filtered where the list can be).

A line is only there for someone who may open its list and only when something waits. Each line
is one count query, whatever the size of the list, so the page stays as fast with a year of
data as on the first day. The menu shows the page to whoever may see some line (``has_work``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from meervoud.accounts.permissions import user_can
from meervoud.knowledge.selectors import filtered_themes_url


@dataclass(frozen=True)
class WorkItem:
    label: str  # with the count in it, ready to show
    url: str
    count: int
    hint: str = ""


# -- the counts (one query each) ---------------------------------------------------------------


def _unnamed_themes(user) -> int:
    from meervoud.knowledge.models import Theme
    from meervoud.knowledge.selectors import needs_a_name

    return Theme.objects.filter(active=True).filter(needs_a_name()).count()


def _has_a_name() -> Q:
    """What validating would publish has a name (``curation.Unnamed`` refuses one without)."""
    return (~Q(label="") | (Q(name_draft__isnull=True) & ~Q(name=""))
            | (Q(name_draft__isnull=False) & ~Q(name_draft="")))


def _themes_to_validate(user) -> int:
    """Themes waiting for validation that this person may validate: not those with words she
    wrote herself (``curation.own_words``: the name, the statement, or a sub-theme name the
    theme's first validation would publish). Four eyes: someone else reads her words."""
    from meervoud.knowledge.models import Theme
    from meervoud.knowledge.selectors import waits_for_validation

    # curation._unread_subtheme_names, as a query on the theme
    own_subtheme_name = Exists(Theme.objects.filter(
        parent=OuterRef("pk"), active=True, name_draft=None, name_written_by=user).exclude(name=""))
    first_validation = Q(parent__isnull=True, validated_at__isnull=True)
    return (Theme.objects.filter(active=True).filter(waits_for_validation() & _has_a_name())
            .exclude(Q(name_written_by=user) | Q(insight_written_by=user))
            .exclude(first_validation & Q(own_subtheme_name)).count())


def _quotes_to_read(user) -> int:
    from meervoud.knowledge.models import Theme
    from meervoud.knowledge.quote_review import quotes_wanted

    return Theme.objects.filter(active=True).filter(quotes_wanted()).count()


def _practice_proposals(user) -> int:
    from meervoud.practices.selectors import waiting_count

    return waiting_count()


def _research_proposals(user) -> int:
    from meervoud.exchange.models import CodingProposal

    return CodingProposal.objects.filter(status=CodingProposal.Status.OPEN).count()


def _new_needs(user) -> int:
    from meervoud.needs.models import InformationNeed, NeedStatus

    return InformationNeed.objects.filter(status=NeedStatus.OPEN).count()


def _contributions(user) -> int:
    """Contributions to the teaching module to judge; not her own (someone else judges those)."""
    from meervoud.teaching.models import Contribution, ContributionStatus

    return Contribution.objects.filter(status=ContributionStatus.PENDING).exclude(author=user).count()


def _assignments_without_team(user) -> int:
    """Work on the coordinator's desk (``pool.selectors.on_the_desk``) that has no complete team:
    open assignments that can still get one, and work under way that lost someone (nobody is
    deployed alone)."""
    from meervoud.pool.models import Assignment
    from meervoud.pool.selectors import over, with_team_progress

    Status = Assignment.Status
    return with_team_progress(Assignment.objects.exclude(over())).filter(
        Q(status=Status.OPEN)
        | Q(status__in=[Status.FILLED, Status.RUNNING], said_yes__lt=F("team_size"))).count()


def _offers(user) -> int:
    """Assignments this peer expert was asked for and can still answer (``pool.services.accept``
    refuses a cancelled or past one): a new team's ask on open work, or an ask to step into
    running work (``Proposal.joins_on``)."""
    from meervoud.pool.models import Assignment, Proposal

    return Proposal.objects.filter(
        Q(assignment__status=Assignment.Status.OPEN)
        | Q(assignment__status=Assignment.Status.RUNNING, joins_on__isnull=False),
        expert__user=user, status=Proposal.Status.SENT,
        assignment__end__gte=timezone.localdate()).count()


# -- the lines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    capabilities: tuple[str, ...]  # all of them: to do the work and to open the list
    count: Callable[[object], int]
    label: Callable[[int], str]
    url: Callable[[], str]
    hint: Callable[[], str] = str


LINES = (
    _Line(("knowledge.curate", "knowledge.view"), _unnamed_themes,
          lambda n: ngettext("%(count)s thema heeft nog geen naam",
                             "%(count)s thema's hebben nog geen naam", n) % {"count": n},
          lambda: filtered_themes_url("unnamed")),
    _Line(("knowledge.curate", "knowledge.view"), _themes_to_validate,
          lambda n: ngettext("%(count)s thema kun jij valideren",
                             "%(count)s thema's kun jij valideren", n) % {"count": n},
          lambda: filtered_themes_url("waiting"),
          lambda: gettext("In de lijst staan ook thema's met woorden die je zelf schreef. Die "
                          "valideert iemand anders.")),
    _Line(("knowledge.curate", "knowledge.view"), _quotes_to_read,
          lambda n: ngettext("%(count)s gevalideerd thema heeft zinnen die je als citaat kunt lezen",
                             "%(count)s gevalideerde thema's hebben zinnen die je als citaat kunt lezen",
                             n) % {"count": n},
          lambda: filtered_themes_url("quotes"),
          lambda: gettext("De Kennisbank toont alleen citaten die eerst gelezen en goedgekeurd zijn.")),
    _Line(("practices.review",), _practice_proposals,
          lambda n: ngettext("%(count)s voorstel voor een goede praktijk wacht op een besluit",
                             "%(count)s voorstellen voor een goede praktijk wachten op een besluit",
                             n) % {"count": n},
          lambda: reverse("practices:review")),
    _Line(("exchange.review",), _research_proposals,
          lambda n: ngettext("%(count)s voorstel van onderzoekers wacht op een besluit",
                             "%(count)s voorstellen van onderzoekers wachten op een besluit",
                             n) % {"count": n},
          lambda: reverse("exchange:proposals")),
    _Line(("needs.manage", "needs.overview"), _new_needs,
          lambda n: ngettext("%(count)s nieuwe kennisvraag wacht op iemand die hem oppakt",
                             "%(count)s nieuwe kennisvragen wachten op iemand die ze oppakt",
                             n) % {"count": n},
          lambda: f"{reverse('needs:list')}?status=open"),
    _Line(("teaching.moderate",), _contributions,
          lambda n: ngettext("%(count)s bijdrage aan de lesmodule wacht op een beoordeling",
                             "%(count)s bijdragen aan de lesmodule wachten op een beoordeling",
                             n) % {"count": n},
          lambda: reverse("teaching:moderation")),
    _Line(("pool.manage",), _assignments_without_team,
          lambda n: ngettext("%(count)s opdracht heeft nog geen compleet team",
                             "%(count)s opdrachten hebben nog geen compleet team", n) % {"count": n},
          lambda: reverse("pool:overview")),
    _Line(("pool.profile",), _offers,
          lambda n: ngettext("%(count)s vraag om mee te doen aan een opdracht wacht op jouw antwoord",
                             "%(count)s vragen om mee te doen aan een opdracht wachten op jouw antwoord",
                             n) % {"count": n},
          lambda: f"{reverse('pool:profile')}#my-proposals"),
)


def _may(user, line: _Line) -> bool:
    return all(user_can(user, capability) for capability in line.capabilities)


def has_work(user) -> bool:
    """Whether some line of the page is for this person (when something waits): the menu shows
    "Mijn werk" to her (``accounts.context_processors.role``)."""
    return any(_may(user, line) for line in LINES)


def waiting_for(user) -> list[WorkItem]:
    """The lines of "Mijn werk" for this person, in a fixed order: only lists she may open, and
    only where something waits."""
    items = []
    for line in LINES:
        if not _may(user, line):
            continue
        count = line.count(user)
        if count > 0:
            items.append(WorkItem(label=line.label(count), url=line.url(), count=count,
                                  hint=line.hint()))
    return items
