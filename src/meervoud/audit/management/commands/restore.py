from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from meervoud.audit.backup import (
    BackupError,
    erasure_ledger,
    read_backup,
    restore_backup,
)
from meervoud.audit.models import Action
from meervoud.audit.services import record
from meervoud.core.management.commands._base import MeervoudCommand
from meervoud.stories.erasures import ledger_path


class Command(MeervoudCommand):
    help = ("Zet een back-up terug. Weigert een database die al gegevens heeft, tenzij --force: "
            "dan wordt alles vervangen. Verwijderingen en intrekkingen van na de back-up (uit het "
            "register van verwijderingen) worden daarna opnieuw toegepast.")
    requires_migrations_checks = False  # it migrates the database itself (unless --no-migrate)

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="BESTAND", help="Back-upbestand van `meervoud backup`")
        parser.add_argument("--force", action="store_true",
                            help="Ook als de database niet leeg is: alles vervangen door de back-up.")
        parser.add_argument("--no-migrate", action="store_true",
                            help="Niet eerst `migrate` draaien (de tabellen bestaan al).")
        parser.add_argument("--without-erasure-ledger", action="store_true",
                            help="Het register van verwijderingen niet gebruiken (alleen als het "
                                 "verloren is en er sinds de back-up zeker niets is verwijderd of "
                                 "ingetrokken).")

    def handle(self, *args, file, force, no_migrate, without_erasure_ledger, **options):
        try:  # a wrong file or an unusable erasure ledger is said before anything is done
            manifest = read_backup(file)[0]
            if not without_erasure_ledger:
                erasure_ledger(manifest)
        except (BackupError, FileNotFoundError, IsADirectoryError) as error:
            raise CommandError(str(error)) from None
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        try:
            manifest = restore_backup(file, force=force,
                                      use_erasure_ledger=not without_erasure_ledger)
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from None
        again = manifest["reapplied"]
        record(None, Action.RESTORE, "", detail=f"back-up van {manifest['created_at'][:19]}; " + (
            "zonder register van verwijderingen" if again is None else
            f"opnieuw verwijderd: {again['stories']} verhalen, "
            f"opnieuw ingetrokken: {again['consents']} toestemmingen"
            + (f"; opnieuw te corrigeren: {', '.join(map(str, again['uncorrected']))}"
               if again["uncorrected"] else "")))
        self.stdout.write(_("Back-up van %(when)s teruggezet: %(rows)s rijen.")
                          % {"when": manifest["created_at"][:19],
                             "rows": sum(manifest["counts"].values())})
        if again is None:
            self.stderr.write(_("Let op: het register van verwijderingen is niet gebruikt. Verhalen "
                                "die na deze back-up zijn verwijderd en toestemmingen die daarna "
                                "zijn ingetrokken, kunnen weer terug zijn."))
        else:
            self.stdout.write(_("Register van verwijderingen (%(file)s) opnieuw toegepast: verhalen "
                                "opnieuw verwijderd: %(stories)s; toestemmingen opnieuw ingetrokken: "
                                "%(consents)s.")
                              % {"file": ledger_path(), "stories": again["stories"],
                                 "consents": again["consents"]})
            if again["uncorrected"]:
                # the ledger holds no words, so a correction made after the backup cannot be redone
                self.stderr.write(_("Let op: deze verhalen hebben weer de woorden van voor een "
                                    "correctie. Corrigeer ze opnieuw in /beheer/ (of vraag het de "
                                    "verteller): %(stories)s.")
                                  % {"stories": ", ".join(map(str, again["uncorrected"]))})
