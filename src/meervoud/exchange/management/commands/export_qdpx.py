from django.utils.translation import gettext as _

from meervoud.core.management.commands._base import MeervoudCommand
from meervoud.core.output import check_output, write_output
from meervoud.exchange import services


class Command(MeervoudCommand):
    help = "Exporteer de verhalen met toestemming voor onderzoek en de thema's als REFI-QDA-project (.qdpx)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, metavar="BESTAND",
                            help="het .qdpx-bestand om te schrijven")

    def handle(self, *args, output, **options):
        path = check_output(output)
        export = services.export_project()
        write_output(path, export.data)
        # stories leave Meervoud: logged as the website's download is, story by story
        services.record_export(None, export, detail="REFI-QDA, meervoud export_qdpx")
        self.stdout.write(_("%(path)s geschreven (%(kb)s kB, %(count)s verhalen).")
                          % {"path": output, "kb": len(export.data) // 1024, "count": len(export.story_ids)})
