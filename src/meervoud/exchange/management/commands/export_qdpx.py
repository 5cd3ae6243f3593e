from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from meervoud.audit.models import Action
from meervoud.audit.services import record
from meervoud.core.output import check_output, write_output
from meervoud.exchange import services


class Command(BaseCommand):
    help = "Exporteer de verhalen met toestemming voor onderzoek en de thema's als REFI-QDA-project (.qdpx)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="het .qdpx-bestand om te schrijven")

    def handle(self, *args, output, **options):
        path = check_output(output)
        data = services.export_qdpx()
        write_output(path, data)
        # stories leave Meervoud: logged as the website's download is
        record(None, Action.EXPORT, "exchange.qdpx", detail="REFI-QDA, meervoud export_qdpx")
        self.stdout.write(_("%(path)s geschreven (%(kb)s kB).") % {"path": output, "kb": len(data) // 1024})
