from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from meervoud.audit.backup import BackupError, read_backup, restore_backup
from meervoud.audit.models import Action
from meervoud.audit.services import record


class Command(BaseCommand):
    help = ("Zet een back-up terug. Weigert een database die al gegevens heeft, tenzij --force: "
            "dan wordt alles vervangen.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="Back-upbestand van `meervoud backup`")
        parser.add_argument("--force", action="store_true",
                            help="Ook als de database niet leeg is: alles vervangen door de back-up.")
        parser.add_argument("--no-migrate", action="store_true",
                            help="Niet eerst `migrate` draaien (de tabellen bestaan al).")

    def handle(self, *args, file, force, no_migrate, **options):
        try:  # a wrong file is said before anything is done to the database
            read_backup(file)
        except (BackupError, FileNotFoundError, IsADirectoryError) as error:
            raise CommandError(str(error)) from None
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        try:
            manifest = restore_backup(file, force=force)
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from None
        record(None, Action.RESTORE, "", detail=f"back-up van {manifest['created_at'][:19]}")
        self.stdout.write(_("Back-up van %(when)s teruggezet: %(rows)s rijen.")
                          % {"when": manifest["created_at"][:19],
                             "rows": sum(manifest["counts"].values())})
