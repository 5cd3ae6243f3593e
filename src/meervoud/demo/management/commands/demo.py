from django.core.management import call_command
from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from meervoud.core.management.commands._base import MeervoudCommand
from meervoud.demo import services
from meervoud.demo.pool import load_demo_pool
from meervoud.knowledge.models import AnalysisRun
from meervoud.needs.demo import create_demo_needs
from meervoud.plans.demo import create_demo_plan
from meervoud.practices.demo import create_demo_practices


class Command(MeervoudCommand):
    help = "Zet de demo klaar (database, fictieve verhalen, één login per rol) en start de webapp."
    requires_migrations_checks = False  # it migrates the database itself

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Alleen klaarzetten.")
        parser.add_argument("--port", type=int, default=8000, metavar="POORT",
                            help="Poort van de webapp (standaard: 8000).")
        parser.add_argument("--allow-without-debug", action="store_true", help=(
            "Ook zonder MEERVOUD_DEBUG=1 (een proefopstelling die op productie lijkt). Nooit op een "
            "echte installatie: de demo maakt een beheerder met een bekend wachtwoord."))

    def handle(self, *args, no_serve, port, allow_without_debug=False, **options):
        if not (settings.DEBUG or allow_without_debug):
            # on a real installation this would add an administrator with a published password
            raise CommandError(_("De demo maakt accounts met een bekend wachtwoord (ook een beheerder) "
                                 "en fictieve verhalen. Dat hoort niet op een echte installatie: "
                                 "start de demo met MEERVOUD_DEBUG=1 (bin/demo doet dat)."))
        call_command("migrate", interactive=False, verbosity=0)
        report = services.load_demo_stories()
        if report is None:
            self.stdout.write(_("Demoverhalen stonden er al."))
        elif not report.ok:
            for error in report.errors:
                self.stderr.write(f"{error.row} {error.column}: {error.message}")
            raise SystemExit(1)
        else:
            self.stdout.write(_("%(count)s fictieve demoverhalen geladen.") % {"count": report.imported})
        if not AnalysisRun.objects.filter(status=AnalysisRun.Status.DONE).exists():
            self.stdout.write(_("De verhalen worden gebundeld tot thema's (eenmalig)..."))
            call_command("bundle")
        accounts = services.create_demo_accounts()
        services.validate_demo_themes()
        create_demo_practices()
        create_demo_needs()
        create_demo_plan()
        if load_demo_pool(services.DEMO_PASSWORD):
            call_command("match", time_limit=10)
        self.stdout.write(_("Demo-logins (wachtwoord: %(password)s):") % {
            "password": services.DEMO_PASSWORD})
        for username, role in accounts:
            self.stdout.write(f"  {username:<12} {role}")
        if not no_serve:
            call_command("serve", port=port)
