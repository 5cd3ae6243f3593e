import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from meervoud.core.management.commands._base import MeervoudCommand


class Command(MeervoudCommand):
    help = "Start de webapp (gunicorn) en de achtergrondwerker voor analyses."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", metavar="ADRES",
                            help="adres waarop de webapp luistert (standaard: 127.0.0.1, alleen "
                                 "deze computer)")
        parser.add_argument("--port", type=int, default=8000, metavar="POORT",
                            help="poort van de webapp (standaard: 8000)")
        parser.add_argument("--workers", type=int, default=2, metavar="AANTAL",
                            help="aantal processen dat verzoeken afhandelt (standaard: 2)")

    def handle(self, *args, host, port, workers, **options):
        if workers < 1:
            raise CommandError(_("--workers moet minstens 1 zijn."))
        if not 0 < port < 65536:
            raise CommandError(_("--port moet tussen 1 en 65535 liggen."))
        call_command("collectstatic", interactive=False, verbosity=0)
        application = settings.WSGI_APPLICATION.rsplit(".", 1)[0] + ":application"
        # said by gunicorn once it listens (conf/gunicorn.py, when_ready), not here: with the
        # port taken, gunicorn gives up after a few seconds and nothing may claim it runs
        announce = _("Meervoud draait op http://%(host)s:%(port)s/  (stoppen: Ctrl+C)") % {"host": host, "port": port}
        processes = [
            subprocess.Popen([sys.executable, "-m", "meervoud", "db_worker", "--no-reload",
                              "--queue-name", "*"]),
            subprocess.Popen([sys.executable, "-m", "gunicorn", application, "--config",
                              "python:meervoud.conf.gunicorn", "--bind", f"{host}:{port}",
                              "--workers", str(workers)], env=os.environ | {"MEERVOUD_ANNOUNCE": announce}),
        ]

        asked_to_stop = []

        def stop(*_args):
            for process in processes:
                if process.poll() is None:
                    process.terminate()

        def on_sigterm(*_args):
            asked_to_stop.append(True)
            stop()

        signal.signal(signal.SIGTERM, on_sigterm)
        try:
            # Either process ending (a crash, or Ctrl+C) stops the other: no orphaned worker.
            while all(process.poll() is None for process in processes):
                try:
                    processes[1].wait(timeout=1)
                except subprocess.TimeoutExpired:
                    pass
        except KeyboardInterrupt:
            asked_to_stop.append(True)
        finally:
            stop()
            for process in processes:
                process.wait(timeout=30)
        # one that ended by itself with an error: a supervisor (systemd) must see it fail
        failed = [p.returncode for p in processes if p.returncode not in (0, -signal.SIGTERM)]
        if failed and not asked_to_stop:
            raise CommandError(_("Meervoud is gestopt: de webserver of de achtergrondwerker stopte "
                                 "met foutcode %(code)s. Zie de meldingen hierboven.") % {"code": failed[0]})
        return None
