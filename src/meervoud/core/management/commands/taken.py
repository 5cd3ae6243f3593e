from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from meervoud.core.management.commands._base import MeervoudCommand
from meervoud.core.queue import QueueError, attention, retry


class Command(MeervoudCommand):
    help = ("Toon de achtergrondtaken die wachten, bezig zijn, vastliepen of mislukten (zonder wat "
            "erin staat). Met --opnieuw NUMMER: zet een mislukte taak opnieuw in de wachtrij.")

    def add_arguments(self, parser):
        parser.add_argument("--opnieuw", metavar="NUMMER",
                            help="het nummer van een mislukte of vastgelopen taak uit de lijst")

    def handle(self, *args, opnieuw, **options):
        if opnieuw:
            try:
                self.stdout.write(retry(opnieuw))
            except QueueError as error:
                raise CommandError(str(error)) from None
            return
        rows = attention()
        if not rows:
            self.stdout.write(_("Er wacht geen taak, er loopt er geen vast en er is er geen mislukt."))
            return
        for row in rows:
            since = timezone.localtime(row.since).strftime("%d-%m-%Y %H:%M")
            self.stdout.write(f"{row.id}  {row.state:<30}  {_('sinds')} {since}  {row.kind}")
        self.stdout.write(_("Een mislukte of vastgelopen taak opnieuw: meervoud taken --opnieuw NUMMER. "
                            "Wachten taken lang, draait dan de werker (meervoud serve start hem)?"))
