from django.utils.translation import gettext as _

from meervoud.audit.backup import create_backup
from meervoud.audit.models import Action
from meervoud.audit.services import record
from meervoud.core.management.commands._base import MeervoudCommand
from meervoud.core.output import check_output
from meervoud.stories.erasures import LedgerError, ensure_ledger


class Command(MeervoudCommand):
    help = "Maak een back-up van de hele database in één bestand (gzip, JSON met controlesom)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, metavar="BESTAND",
                            help="Bestand, bijvoorbeeld meervoud.backup.gz")

    def handle(self, *args, output, **options):
        output_path = check_output(output)
        try:  # the backup is made all the same; its restore checks the ledger again
            ensure_ledger()
        except LedgerError as error:
            self.stderr.write(_("Let op: %(problem)s Deze back-up is pas terug te zetten als het "
                                "register van verwijderingen weer in orde is.") % {"problem": error})
        manifest = create_backup(output_path)
        record(None, Action.BACKUP, "", detail="meervoud backup")
        rows = sum(manifest["counts"].values())
        self.stdout.write(_("Back-up geschreven naar %(file)s: %(rows)s rijen uit %(models)s tabellen, "
                            "sha256 %(sha)s.") % {"file": output, "rows": rows,
                                                 "models": len(manifest["counts"]),
                                                 "sha": manifest["sha256"][:16]})
        self.stdout.write(_("Let op: dit bestand bevat alle gegevens. Bewaar het versleuteld."))
