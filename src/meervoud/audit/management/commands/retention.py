from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from meervoud.audit.models import Action
from meervoud.audit.retention import Failed, apply_retention
from meervoud.audit.services import record
from meervoud.core.management.commands._base import MeervoudCommand


class Command(MeervoudCommand):
    help = ("Verwijder wat niet meer nodig is volgens de bewaarregels (docs/security.md). "
            "Met --dry-run: alleen laten zien wat er weg zou gaan.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Niets verwijderen; toon per regel hoeveel er weg zou gaan.")

    def handle(self, *args, dry_run, **options):
        results = apply_retention(dry_run=dry_run)
        self.stdout.write(_("Bewaartermijnen – proefrun, er is niets verwijderd:") if dry_run
                          else _("Bewaartermijnen toegepast:"))
        width = max(len(rule.key) for rule, _count in results)
        failed = [(rule, count) for rule, count in results if isinstance(count, Failed)]
        for rule, count in results:
            if isinstance(count, Failed):
                self.stdout.write(f"  {rule.key:<{width}}  {_('mislukt'):>7}  – {count.problem}")
                continue
            verb = _("zou weg gaan") if dry_run else _("verwijderd")
            self.stdout.write(f"  {rule.key:<{width}}  {count:>7}  {verb}  – {rule.description}")
        total = sum(count for _rule, count in results if not isinstance(count, Failed))
        self.stdout.write(_("Totaal: %(total)s.") % {"total": total})
        if not dry_run:
            record(None, Action.RETENTION, "", detail=", ".join(
                f"{rule.key}={'mislukt' if isinstance(count, Failed) else count}"
                for rule, count in results))
        if failed:
            # a non-zero exit, so cron or the systemd timer reports it
            raise CommandError(_("Niet alle bewaarregels zijn toegepast. %(problems)s De andere "
                                 "regels wel. Los het op en draai meervoud retention opnieuw.")
                               % {"problems": " ".join(f"{rule.key}: {count.problem}"
                                                      for rule, count in failed)})
