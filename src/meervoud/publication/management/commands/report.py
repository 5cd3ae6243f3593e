from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from meervoud.publication import documents, report

FORMATS = (".pdf", ".docx")


class Command(BaseCommand):
    help = ("Maak het rapport 'Wat ervaringsdeskundigen weten over … in gemeente X' als PDF of "
            "Word-bestand (DOCX).")

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", required=True, help="Naam of CBS-code van de gemeente.")
        parser.add_argument("--domein", default="", help="Alleen dit levensdomein (naam of code).")
        parser.add_argument("-o", "--output", required=True, help="Bestand: .pdf of .docx.")

    def handle(self, *args, gemeente, domein, output, **options):
        path = Path(output)
        if path.suffix.lower() not in FORMATS:
            raise CommandError(_("Kies een bestand dat eindigt op .pdf of .docx."))
        try:
            choice = documents.resolve(gemeente=gemeente, domein=domein)
        except documents.UnknownName as problem:
            raise CommandError(problem.message) from problem
        made = report.build(choice)
        if path.suffix.lower() == ".pdf":
            path.write_bytes(report.render_pdf(made))
        else:
            path.write_bytes(report.render_docx(made))
        if made.notice:
            self.stdout.write(made.notice)
        self.stdout.write(_("Rapport geschreven naar %(path)s.") % {"path": path})
