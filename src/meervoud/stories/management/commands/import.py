from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meervoud.core.management.commands._base import MeervoudCommand
from meervoud.stories.importer import ImportFileError, import_stories


class Command(MeervoudCommand):
    help = "Importeer verhalen uit een CSV-, XLSX- of JSON-bestand. Eén foute rij: niets geïmporteerd."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="BESTAND", help="CSV, XLSX of JSON")

    def handle(self, *args, file, **options):
        path = Path(file)
        if path.is_dir():
            raise CommandError(_("'%(path)s' is een map, geen bestand.") % {"path": file})
        if not path.is_file():
            raise CommandError(_("Bestand '%(path)s' bestaat niet.") % {"path": file})
        try:
            report = import_stories(path.name, path.read_bytes())
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        except OSError as error:  # no permission to read it
            raise CommandError(_("Bestand '%(path)s' kan niet gelezen worden: %(reason)s")
                               % {"path": file, "reason": error.strerror or error}) from None
        if not report.ok:
            for error in report.errors:
                column = f" [{error.column}]" if error.column else ""
                self.stderr.write(_("rij %(row)s%(column)s: %(message)s") % {
                    "row": error.row, "column": column, "message": error.message})
            raise CommandError(
                _("%(errors)s fout(en) in %(rows)s rij(en); er is niets geïmporteerd.")
                % {"errors": len(report.errors), "rows": report.rows}
            )
        self.stdout.write(ngettext("%(count)s verhaal geïmporteerd.", "%(count)s verhalen geïmporteerd.",
                                   report.imported) % {"count": report.imported})
