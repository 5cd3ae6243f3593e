from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from meervoud.accounts.permissions import user_can
from meervoud.audit.models import Action
from meervoud.audit.services import record
from meervoud.core.management.commands._base import MeervoudCommand
from meervoud.exchange import notices, services
from meervoud.exchange.refiqda import MAX_UPLOAD_BYTES


def _read(file: str) -> bytes:
    """The file's bytes, or a Dutch sentence that names it (never Python's "[Errno 2] ...")."""
    path = Path(file)
    if path.is_dir():
        raise CommandError(_("%(path)s is een map, geen bestand. Geef het .qdpx-bestand op.") % {"path": file})
    if not path.is_file():
        raise CommandError(_("Het bestand %(path)s is niet gevonden. Kijk of de naam en de map "
                             "kloppen.") % {"path": file})
    try:
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise CommandError(_("Het bestand %(path)s is groter dan %(mb)s MB.")
                               % {"path": file, "mb": MAX_UPLOAD_BYTES // 2**20})
        return path.read_bytes()
    except PermissionError:
        raise CommandError(_("Het bestand %(path)s kan niet gelezen worden: dit programma mag het "
                             "niet openen.") % {"path": file}) from None
    except OSError:
        raise CommandError(_("Het bestand %(path)s kan niet gelezen worden.") % {"path": file}) from None


class Command(MeervoudCommand):
    help = ("Lees een REFI-QDA-project (.qdpx) van een onderzoeker in en maak er een voorstel van "
            "dat ervaringsdeskundigen beoordelen. Een fout bestand leest niets in (exitcode 1).")

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="BESTAND", help="het .qdpx-bestand van de onderzoeker")
        parser.add_argument("--user", required=True, metavar="GEBRUIKERSNAAM",
                            help="gebruikersnaam van wie het instuurt")

    def handle(self, *args, file, user, **options):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(_("Gebruiker %(name)s bestaat niet.") % {"name": user})
        if not user_can(account, "exchange.import"):
            raise CommandError(_("%(name)s mag geen codering insturen.") % {"name": user})
        data = _read(file)
        try:
            result = services.import_qdpx(data, file_name=Path(file).name, user=account)
        except services.QdpxError as error:
            raise CommandError(str(error)) from error
        told = f", {len(result.left)} bronnen zonder toestemming gemeld" if result.left else ""
        record(account, Action.IMPORT, "exchange.qdpx", detail=f"REFI-QDA, meervoud import_qdpx{told}")
        for notice in notices.of_import(result):
            (self.stderr if notice.level == "warning" else self.stdout).write(notice.text)
        if result.proposal is None:
            self.stdout.write(_("Geen wijzigingen gevonden; er is geen voorstel gemaakt."))
            return
        counts = {kind: 0 for kind in ("rename", "new", "move", "remove")}
        for kind in result.proposal.items.values_list("kind", flat=True):
            counts[kind] += 1
        self.stdout.write(_("Voorstel %(pk)s gemaakt: %(rename)s nieuwe namen, %(new)s nieuwe thema's, "
                            "%(move)s verplaatste en %(remove)s weggehaalde uitspraken.")
                          % {"pk": result.proposal.pk, **counts})
