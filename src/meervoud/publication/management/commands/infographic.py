from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from meervoud.core.management.commands._base import MeervoudCommand
from meervoud.core.output import check_output, write_output
from meervoud.publication import documents, infographic

FORMATS = (".pdf", ".svg", ".html")


class Command(MeervoudCommand):
    help = ("Maak de infographic over collectieve ervaringskennis voor een gemeente, regio of "
            "levensdomein, als PDF, SVG of HTML.")

    def add_arguments(self, parser):
        place = parser.add_mutually_exclusive_group()
        place.add_argument("--gemeente", default="", metavar="NAAM",
                           help="Naam of CBS-code van de gemeente.")
        place.add_argument("--regio", default="", metavar="NAAM", help="Naam van de regio (COROP).")
        place.add_argument("--provincie", default="", metavar="NAAM", help="Naam van de provincie.")
        parser.add_argument("--domein", default="", metavar="DOMEIN",
                            help="Levensdomein (naam of code), ook te combineren met een plaats.")
        parser.add_argument("--formaat", default="A4", type=str.upper, choices=sorted(infographic.PAPER),
                            help="Papierformaat van de PDF (A4 of A3).")
        parser.add_argument("-o", "--output", required=True, metavar="BESTAND",
                            help="Bestand om te schrijven: .pdf, .svg of .html.")

    def handle(self, *args, gemeente, regio, provincie, domein, formaat, output, **options):
        path = check_output(output)
        formaat = formaat.upper()
        if formaat not in infographic.PAPER:
            raise CommandError(_("Kies A4 of A3 als formaat."))
        if path.suffix.lower() not in FORMATS:
            raise CommandError(_("Kies een bestand dat eindigt op .pdf, .svg of .html."))
        try:
            choice = documents.resolve(gemeente=gemeente, regio=regio, provincie=provincie,
                                       domein=domein)
        except documents.UnknownName as problem:
            raise CommandError(problem.message) from problem
        info = infographic.build(choice)
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            write_output(path, infographic.render_pdf(info, paper=formaat))
        elif suffix == ".svg":
            write_output(path, infographic.render_svg(info).encode("utf-8"))
        else:
            write_output(path, infographic.print_html(info, paper=formaat).encode("utf-8"))
        if info.notice:
            self.stdout.write(info.notice)
        self.stdout.write(_("Infographic geschreven naar %(path)s.") % {"path": path})
