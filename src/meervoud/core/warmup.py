"""A web worker loads its heavy models in the background as it starts, so that no visitor pays
for it: the first intake would wait some 10 s for de-identification (deduce), the first search
by meaning seconds for the embedding model. Started from the WSGI module, so only in gunicorn."""

import logging
import threading

logger = logging.getLogger(__name__)


def warm_up() -> None:
    from meervoud.deidentify import get_deduce
    from meervoud.publication import search

    try:
        get_deduce()
        search.warm_up()
    except Exception:  # the first request then loads what is missing itself
        logger.exception("Opwarmen mislukt")


def start_in_background() -> threading.Thread:
    thread = threading.Thread(target=warm_up, name="meervoud-warm-up", daemon=True)
    thread.start()
    return thread
