from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from meervoud.accounts.permissions import user_can
from meervoud.exchange import services


class Command(BaseCommand):
    help = ("Lees een REFI-QDA-project (.qdpx) van een onderzoeker in en maak er een voorstel van "
            "dat ervaringsdeskundigen beoordelen. Een fout bestand leest niets in (exitcode 1).")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="gebruikersnaam van wie het instuurt")

    def handle(self, *args, file, user, **options):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(_("Gebruiker %(name)s bestaat niet.") % {"name": user})
        if not user_can(account, "exchange.import"):
            raise CommandError(_("%(name)s mag geen codering insturen.") % {"name": user})
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        try:
            result = services.import_qdpx(data, file_name=path.name, user=account)
        except services.QdpxError as error:
            raise CommandError(str(error)) from error
        if result.proposal is None:
            self.stdout.write(_("Geen wijzigingen gevonden; er is geen voorstel gemaakt."))
            return
        counts = {kind: 0 for kind in ("rename", "new", "move", "remove")}
        for kind in result.proposal.items.values_list("kind", flat=True):
            counts[kind] += 1
        self.stdout.write(_("Voorstel %(pk)s gemaakt: %(rename)s nieuwe namen, %(new)s nieuwe thema's, "
                            "%(move)s verplaatste en %(remove)s weggehaalde uitspraken.")
                          % {"pk": result.proposal.pk, **counts})
