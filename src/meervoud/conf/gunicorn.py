"""gunicorn settings for ``meervoud serve`` (``--config python:meervoud.conf.gunicorn``).

De-identification (deduce) holds about 1 GiB of lookup tables in Python objects. Loaded in the
master before the workers fork, its pages are shared copy-on-write instead of copied into every
worker. The readers' published-facts cache is built there too, so no worker builds its own on its
first visitor. The embedding model is not preloaded: its OpenMP thread pool does not survive a fork, so
each worker loads its own (small) copy in the background as it starts.
"""

import logging
import os

preload_app = True
# No access log: request paths hold narrators' personal links (/mijn-verhaal/…).
accesslog = None
# gunicorn's runtime control socket is not used; one fixed path per user would also make two
# instances on one machine (test and production, or two municipalities) get in each other's way.
control_socket_disable = True


def on_starting(server):
    from django.db import connections

    from meervoud.core.warmup import load_published, load_shared

    load_shared()
    try:
        load_published()
    except Exception:  # e.g. not migrated yet: then each worker builds it on its first visitor
        logging.getLogger(__name__).exception("Gepubliceerde gegevens niet vooraf geladen")
    finally:
        connections.close_all()  # a connection opened here would be shared by every worker


def when_ready(server):
    # `meervoud serve` hands its sentence over: only now is the port really ours
    if os.environ.get("MEERVOUD_ANNOUNCE"):
        print(os.environ["MEERVOUD_ANNOUNCE"], flush=True)


def post_fork(server, worker):
    from meervoud.core.warmup import start_in_background

    return start_in_background()
