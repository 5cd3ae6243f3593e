from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from meervoud.exchange import services


class Command(BaseCommand):
    help = "Exporteer de verhalen met toestemming voor onderzoek en de thema's als REFI-QDA-project (.qdpx)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="het .qdpx-bestand om te schrijven")

    def handle(self, *args, output, **options):
        data = services.export_qdpx()
        Path(output).write_bytes(data)
        self.stdout.write(_("%(path)s geschreven (%(kb)s kB).") % {"path": output, "kb": len(data) // 1024})
