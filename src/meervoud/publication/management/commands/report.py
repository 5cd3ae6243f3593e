from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from meervoud.core.management.commands._base import MeervoudCommand
from meervoud.core.output import check_output, write_output
from meervoud.publication import documents, report

FORMATS = (".pdf", ".docx")


class Command(MeervoudCommand):
    help = ("Maak het rapport 'Wat ervaringsdeskundigen weten over … in gemeente X' als PDF of "
            "Word-bestand (DOCX).")

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", required=True, metavar="NAAM",
                            help="Naam of CBS-code van de gemeente.")
        parser.add_argument("--domein", default="", metavar="DOMEIN",
                            help="Alleen dit levensdomein (naam of code).")
        parser.add_argument("-o", "--output", required=True, metavar="BESTAND",
                            help="Bestand: .pdf of .docx.")

    def handle(self, *args, gemeente, domein, output, **options):
        path = check_output(output)
        if path.suffix.lower() not in FORMATS:
            raise CommandError(_("Kies een bestand dat eindigt op .pdf of .docx."))
        if not gemeente.strip():  # an unset shell variable must not give a national report
            raise CommandError(_("Geef een gemeente op (naam of CBS-code)."))
        try:
            choice = documents.resolve(gemeente=gemeente, domein=domein)
        except documents.UnknownName as problem:
            raise CommandError(problem.message) from problem
        made = report.build(choice)
        write_output(path, report.render_pdf(made) if path.suffix.lower() == ".pdf"
                     else report.render_docx(made))
        if made.notice:
            self.stdout.write(made.notice)
        self.stdout.write(_("Rapport geschreven naar %(path)s.") % {"path": path})
