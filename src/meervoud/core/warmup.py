"""Heavy models are loaded before any visitor needs them: the first intake would otherwise wait
some 10 s for de-identification (deduce), the first search by meaning seconds for the embedding
model. Under ``meervoud serve`` (see ``meervoud.conf.gunicorn``) deduce and the published facts
are loaded once in the gunicorn master and shared by the workers; each worker loads the embedding
model in a background thread."""

import logging
import threading

logger = logging.getLogger(__name__)


def load_shared() -> None:
    """What may be loaded before forking: pure Python data, no threads."""
    from meervoud.deidentify import get_deduce

    get_deduce()


def load_published() -> None:
    """The readers' published-facts cache (needs the database). Built in the master, the workers
    start with it instead of each building its own on its first visitor."""
    from meervoud.publication.selectors import published_themes

    published_themes()


def warm_up() -> None:
    from meervoud.publication import search

    try:
        load_shared()  # at once when the master loaded it
        search.warm_up()
    except Exception:  # the first request then loads what is missing itself
        logger.exception("Opwarmen mislukt")


def start_in_background() -> threading.Thread:
    thread = threading.Thread(target=warm_up, name="meervoud-warm-up", daemon=True)
    thread.start()
    return thread
