import random

import numpy as np

from meervoud.engine import Document, Pipeline, SpectralModularityClusterer, TfidfEmbedder

from conftest import TopicEmbedder, make_corpus


def _pipeline(embedder=None, **kw):
    return Pipeline(embedder=embedder or TopicEmbedder(), kinds=None, **kw)


def test_same_documents_in_any_order_give_identical_output(corpus):
    a = _pipeline().run(corpus)
    shuffled = corpus[:]
    random.Random(7).shuffle(shuffled)
    b = _pipeline().run(shuffled)
    assert a.summary() == b.summary()
    assert np.array_equal(a.embeddings, b.embeddings)
    assert [t.id for t in a.themes] == [t.id for t in b.themes]
    assert all(np.array_equal(x.centroid, y.centroid) for x, y in zip(a.themes, b.themes))


def test_tfidf_pipeline_is_deterministic_under_shuffling(corpus):
    shuffled = list(reversed(corpus))
    a = Pipeline(embedder=TfidfEmbedder(), kinds=None).run(corpus)
    b = Pipeline(embedder=TfidfEmbedder(), kinds=None).run(shuffled)
    assert a.summary() == b.summary()


def test_finds_the_topics_and_never_drops_a_statement(corpus):
    r = _pipeline().run(corpus)
    assert set(r.assignment) == {s.id for s in r.statements}  # every statement: a theme or None
    assert r.outlier_share <= 0.10
    assert 3 <= len(r.themes) <= 6
    words = " ".join(" ".join(t.keywords) for t in r.themes)
    for topic_word in ("schulden", "wachtlijst", "woning"):
        assert topic_word in words
    for t in r.themes:
        assert 3 <= len(t.representative_ids) <= 5
        assert set(t.representative_ids) <= set(t.statement_ids)
        narrators = {next(d.narrator for d in corpus if d.id == sid.split(":")[0]) for sid in t.representative_ids}
        assert len(narrators) == len(t.representative_ids)  # from different narrators


def test_document_primary_theme_is_its_most_frequent_theme(corpus):
    r = _pipeline().run(corpus)
    for d in corpus:
        mix = r.document_theme_mix[d.id]
        assert abs(sum(mix.values()) - 1.0) < 1e-6
        top = max(mix.values())
        assert mix[r.document_primary_theme[d.id]] == top


def test_evidence_counts_distinct_narrators(corpus):
    r = _pipeline().run(corpus)
    narrator = {d.id: d.narrator for d in corpus}
    for t in r.themes:
        expected = {narrator[sid.split(":")[0]] for sid in t.statement_ids}
        assert r.evidence[t.id].narrators == len(expected)
        assert r.evidence[t.id].statements == len(t.statement_ids)
    assert "*" in r.saturation


def test_progress_callback_reports_every_step(corpus):
    seen = []
    _pipeline().run(corpus, progress=lambda step, done, total: seen.append((step, done, total)))
    steps = [s for s, _, _ in seen]
    for step in ("segment", "embed", "cluster", "label", "evidence"):
        assert step in steps
    embed = [(d, t) for s, d, t in seen if s == "embed"]
    assert embed[-1][0] == embed[-1][1]


def test_subthemes_belong_to_their_theme():
    docs = make_corpus(n_narrators=60, seed=3)
    r = _pipeline(clusterer=SpectralModularityClusterer(min_subtheme_size=3)).run(docs)
    theme_ids = {t.id for t in r.themes}
    for s in r.subthemes:
        assert s.parent_id in theme_ids
        for sid in s.statement_ids:
            assert r.assignment[sid] == s.parent_id


def test_empty_and_tiny_corpora_do_not_crash():
    r = _pipeline().run([])
    assert r.themes == () and r.outlier_share == 0.0
    r = _pipeline().run([Document(id="a", text="De schuldhulp hielp mij met mijn schulden.", narrator="A")])
    assert len(r.statements) == 1 and r.assignment[r.statements[0].id] is not None


def test_run_statements_with_stored_vectors_and_known_kinds(corpus):
    pipe = _pipeline()
    first = pipe.run(corpus)
    statements = list(first.statements)[::-1]  # any order
    x = first.embeddings[::-1]
    kinds = {s.id: "need" for s in statements}
    again = pipe.run_statements(corpus, statements, x, kinds)
    assert again.assignment == first.assignment
    assert set(again.kinds.values()) == {"need"}


def test_known_kinds_are_not_reclassified(corpus):
    from meervoud.engine import KindClassifier

    pipe = Pipeline(embedder=TopicEmbedder(), kinds=KindClassifier(semantic_weight=0.0))
    statements = pipe.segment(corpus)
    known = {s.content_hash: "other" for s in statements[: len(statements) // 2]}
    r = pipe.run(corpus, known_kinds=known)
    for s in r.statements:
        if s.content_hash in known:
            assert r.kinds[s.id] == "other"
    assert any(k != "other" for k in r.kinds.values())


class CountingSegmenter:
    """The default segmenter, counting which documents it was asked to segment."""

    def __init__(self):
        from meervoud.engine import SentenceSegmenter

        self.inner = SentenceSegmenter()
        self.name = self.inner.name
        self.seen: list[str] = []

    def segment(self, doc, fields):
        self.seen.append(doc.id)
        return self.inner.segment(doc, fields)


def test_unchanged_documents_keep_their_stored_statements(corpus):
    from dataclasses import replace

    from meervoud.engine import segments_from_result

    first = _pipeline().run(corpus)
    known = segments_from_result(first)
    assert set(known) == {d.id for d in corpus}
    edited = replace(corpus[0], text=corpus[0].text + " Daarna kreeg ik eindelijk een eigen woning.")
    docs = [edited] + corpus[1:]
    segmenter = CountingSegmenter()
    pipe = _pipeline()
    pipe.segmenter = segmenter
    again = pipe.run(docs, known_segments=known)
    assert segmenter.seen == [edited.id]  # only the changed story was segmented again
    fresh = _pipeline().run(docs)
    assert again.summary() == fresh.summary()
    assert again.document_fingerprints == fresh.document_fingerprints
    assert again.document_fingerprints[edited.id] != first.document_fingerprints[edited.id]


def test_themes_follow_what_is_said_not_whether_it_helped():
    """A sentence model puts "X helped me" near other helped-sentences whatever X is. Themes must
    gather statements about the same thing, so that a theme's helped/hindered balance means
    something; kind is read within a theme, not used to form it."""
    from sklearn.metrics import adjusted_rand_score

    from meervoud.engine import Statement

    rng = np.random.default_rng(3)
    topics = rng.normal(size=(3, 32))
    kind_offset = {"helped": rng.normal(size=32) * 1.5, "hindered": rng.normal(size=32) * 1.5}
    docs, statements, rows, kinds, topic_of = [], [], [], {}, []
    for i in range(180):
        topic, kind = i % 3, ("helped", "hindered")[(i // 3) % 2]
        text = f"Uitspraak {i} over onderwerp {topic}."
        docs.append(Document(id=f"d{i:03d}", text=text, narrator=f"N{i}"))
        s = Statement(id=f"d{i:03d}:s", document_id=f"d{i:03d}", text=text, lang="nl", start=0,
                      end=len(text), content_hash=f"{i:064x}")
        statements.append(s)
        rows.append(topics[topic] + kind_offset[kind] + 0.3 * rng.normal(size=32))
        kinds[s.id] = kind
        topic_of.append(topic)
    x = np.array(rows, dtype=np.float32)

    def themes(**kw):
        r = _pipeline(**kw).run_statements(docs, statements, x, kinds)
        return r, [r.assignment[s.id] or "-" for s in statements]

    result, by_kind_centred = themes()
    assert adjusted_rand_score(topic_of, by_kind_centred) > 0.9
    for theme in result.themes:
        balance = result.evidence[theme.id].kinds_statements
        assert balance.get("helped", 0) > 0 and balance.get("hindered", 0) > 0
    _, raw = themes(center_kinds=False)
    assert adjusted_rand_score(topic_of, raw) < adjusted_rand_score(topic_of, by_kind_centred)


def test_each_theme_says_how_many_of_its_statements_name_its_keywords(corpus):
    from meervoud.engine import MIXED_BELOW, keyword_share

    r = _pipeline().run(corpus)
    texts = {s.id: s.text for s in r.statements}
    for theme in r.themes + r.subthemes:
        assert theme.keyword_share == keyword_share([texts[i] for i in theme.statement_ids], theme.keywords)
        assert theme.mixed == (theme.keyword_share < MIXED_BELOW)
    assert all(not t.mixed for t in r.themes)  # the corpus's topics share their words
