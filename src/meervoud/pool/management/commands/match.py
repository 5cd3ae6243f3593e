from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meervoud.core.management.commands._base import MeervoudCommand
from meervoud.pool import reasons, selectors, services
from meervoud.pool.models import Assignment, ExpertProfile


class Command(MeervoudCommand):
    help = "Stel teams voor voor alle open opdrachten (en sla de voorstellen op)."

    def add_arguments(self, parser):
        parser.add_argument("--time-limit", type=float, default=20.0, metavar="SECONDEN",
                            help="hoe lang er naar teams gezocht wordt (standaard: 20 seconden)")

    def handle(self, *args, time_limit, **options):
        solution = services.propose_teams(time_limit=time_limit)
        titles = dict(Assignment.objects.values_list("pk", "title"))
        names = dict(ExpertProfile.objects.values_list("pk", "display_name"))
        for proposal in solution.proposals:
            self.stdout.write(f"{titles[int(proposal.assignment_id)]}:")
            for expert_id in proposal.expert_ids:
                parts = [part.as_json() for part in proposal.reasons.get(expert_id, ())]
                self.stdout.write(f"  - {names[int(expert_id)]}: {reasons.describe(parts)}")
        for item in solution.unfillable:
            self.stdout.write(_("%(title)s: niet te vullen. %(reasons)s") % {
                "title": titles[int(item.assignment_id)],
                "reasons": " ".join(reasons.word(part.as_json()) for part in item.reason_parts)})
            for fix in item.fixes:
                self.stdout.write(f"  → {reasons.word(fix.part.as_json()) if fix.part else fix.text}")
        self.stdout.write(_("%(teams)s teams, %(open)s niet te vullen, %(status)s in %(seconds).1f s.")
                          % {"teams": len(solution.proposals), "open": len(solution.unfillable),
                             "status": solution.status, "seconds": solution.seconds})
        if solution.left_out:
            self.stdout.write(ngettext(
                "%(count)s opdracht veranderde tijdens het zoeken en is overgeslagen: %(titles)s.",
                "%(count)s opdrachten veranderden tijdens het zoeken en zijn overgeslagen: "
                "%(titles)s.", len(solution.left_out)) % {
                    "count": len(solution.left_out),
                    "titles": ", ".join(titles[pk] for pk in solution.left_out)})
        # running work below its team is not matched here: the coordinator asks someone to step
        # in from its page (``services.propose_replacement``), where she sees the team that works
        for assignment in selectors.running_short_handed():
            self.stdout.write(_("%(title)s loopt met %(yes)s van de %(size)s "
                                "ervaringsdeskundigen. Zoek iemand om in te vallen op de pagina "
                                "van de opdracht.") % {"title": assignment.title,
                                                       "yes": assignment.said_yes,
                                                       "size": assignment.team_size})
