import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Start de webapp met gunicorn (productiewaardige server)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, host, port, workers, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(_("Meervoud draait op http://%(host)s:%(port)s/  (stoppen: Ctrl+C)")
                          % {"host": host, "port": port})
        sys.stdout.flush()
        os.execv(sys.executable, [
            sys.executable, "-m", "gunicorn", settings.WSGI_APPLICATION.rsplit(".", 1)[0] + ":application",
            "--bind", f"{host}:{port}", "--workers", str(workers), "--access-logfile", "-",
        ])
