import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meervoud.conf.settings")
application = get_wsgi_application()

from meervoud.core.warmup import start_in_background  # noqa: E402  (needs the app loaded)

warming_up = start_in_background()
