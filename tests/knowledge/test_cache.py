import numpy as np
import pytest

from meervoud.knowledge.cache import DatabaseEmbeddingCache


@pytest.fixture
def cache():
    cache = DatabaseEmbeddingCache()
    cache.put_many("model/a", {f"h{i}": np.full(4, i, dtype=np.float32) for i in range(10)})
    cache.put_many("model/b", {f"h{i}": np.full(4, -i, dtype=np.float32) for i in range(10)})
    return cache


@pytest.mark.django_db
@pytest.mark.parametrize("wanted", [["h3"], ["h1", "h2"], [f"h{i}" for i in range(8)],
                                    [f"h{i}" for i in range(10)] + ["unknown"]])
def test_get_many_returns_exactly_the_wanted_vectors_of_that_model(cache, wanted):
    # one or two hashes take the IN-list path, most of the cache the single scan: same answer
    got = cache.get_many("model/a", wanted)
    assert set(got) == set(wanted) - {"unknown"}
    for content_hash, vector in got.items():
        assert vector.tolist() == [float(content_hash[1:])] * 4


@pytest.mark.django_db
def test_get_many_of_an_unknown_model_or_nothing_is_empty(cache):
    assert cache.get_many("model/c", ["h1"]) == {}
    assert cache.get_many("model/a", []) == {}
