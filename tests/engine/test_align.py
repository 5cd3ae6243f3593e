from meervoud.engine import Pipeline, SpectralModularityClusterer, previous_from_result

from conftest import NEW_TOPIC, TOPICS, TopicEmbedder, make_corpus


def _run(docs, **kw):
    return Pipeline(embedder=TopicEmbedder(), kinds=None).run(docs, **kw)


def _topic_of(result, theme):
    words = " ".join(result.statement(sid).text.lower() for sid in theme.statement_ids)
    return max(TOPICS | {"new": NEW_TOPIC}, key=lambda t: sum(words.count(w) for w in (TOPICS | {"new": NEW_TOPIC})[t]["words"]))


def test_old_themes_keep_their_ids_and_a_new_theme_appears():
    old_docs = make_corpus(n_narrators=40, seed=5)
    first = _run(old_docs)
    # curated ids: what the database shows users (e.g. after renaming)
    curated = {t.id: f"cur-{i}" for i, t in enumerate(first.themes)}
    previous = [p.__class__(curated.get(p.id, p.id), p.member_hashes, p.centroid,
                            curated.get(p.parent_id, p.parent_id) if p.parent_id else None)
                for p in previous_from_result(first)]
    new_topic = {"new": NEW_TOPIC}
    extra = make_corpus(n_narrators=4, seed=6, topics=new_topic, prefix="n")  # ~10% more stories
    second = _run(old_docs + extra, previous=previous)
    ids = {t.id for t in second.themes}
    assert set(curated.values()) <= ids  # every curated theme survives under its id
    new = [t for t in second.themes if t.id not in set(curated.values())]
    assert len(new) == 1 and _topic_of(second, new[0]) == "new"
    for old in first.themes:  # same topic behind the same id
        again = next(t for t in second.themes if t.id == curated[old.id])
        assert _topic_of(second, again) == _topic_of(first, old)
    assert second.retired_theme_ids == ()
    # shuffled input, same previous themes: same result
    third = _run(list(reversed(old_docs + extra)), previous=previous)
    assert third.summary() == second.summary()


def test_new_material_attaches_to_an_existing_theme():
    docs = make_corpus(n_narrators=30, seed=8)
    first = _run(docs)
    more = make_corpus(n_narrators=3, seed=11, prefix="m")
    second = _run(docs + more, previous=previous_from_result(first))
    assert {t.id for t in first.themes} == {t.id for t in second.themes}
    grown = [t for t in second.themes if len(t.statement_ids) > len(first.theme(t.id).statement_ids)]
    assert grown


def test_pinned_statements_stay_where_the_curator_put_them():
    docs = make_corpus(n_narrators=20, seed=2)
    first = _run(docs)
    a, b = first.themes[0], first.themes[1]
    moved = first.statement(a.statement_ids[0])
    pinned = {moved.content_hash: b.id, "0" * 64: a.id}  # an unknown hash is ignored
    second = _run(docs, previous=previous_from_result(first), pinned=pinned)
    for s in second.statements:
        if s.content_hash == moved.content_hash:
            assert second.assignment[s.id] == b.id
    own = _run(docs, pinned={moved.content_hash: "handmatig-thema"})
    assert any(t.id == "handmatig-thema" for t in own.themes)  # a curator's own theme is kept


def test_a_statement_pinned_to_a_theme_sits_in_none_of_its_sub_themes():
    """A curator who moved a statement from a sub-theme to its theme took it out of the sub-theme;
    the next analysis must not put it back (nor any other pinned statement in a sub-theme)."""
    from meervoud.engine import Statement, apply_pins

    statements = [Statement(id=f"s{i}", document_id=f"d{i}", text=f"t{i}", lang="nl", start=0, end=2,
                            content_hash=f"h{i}") for i in range(3)]
    assignment = {"s0": "T", "s1": "T", "s2": "U"}
    subassignment = {"s0": "T.1", "s1": "T.1", "s2": "U.1"}
    sub_parent_of = {"T.1": "T", "U.1": "U"}
    placed, subplaced = apply_pins(statements, assignment, subassignment, sub_parent_of,
                                   {"h0": "T", "h2": "T.1"})
    assert (placed["s0"], subplaced["s0"]) == ("T", None)  # its theme, out of the sub-theme
    assert (placed["s1"], subplaced["s1"]) == ("T", "T.1")  # not pinned: as the engine placed it
    assert (placed["s2"], subplaced["s2"]) == ("T", "T.1")  # pinned to a sub-theme: and its theme


def test_a_sentence_many_narrators_wrote_counts_once_when_themes_are_matched():
    """A new theme holding all of A and one sentence of B is A grown, not A and B merged, even
    when that one sentence of B was written by three narrators."""
    import numpy as np

    from meervoud.engine import PreviousTheme, Statement, align_themes

    texts = {"a1": "a1", "a2": "a2", "b1": "b1", "b2": "b2", "b3": "b3", "b4": "b4"}
    rows = [("a1", 1), ("a2", 1), ("b1", 3), ("b2", 1), ("b3", 1), ("b4", 1)]
    statements = [Statement(id=f"{h}-{i}", document_id=f"d{h}{i}", text=texts[h], lang="nl", start=0,
                            end=2, content_hash=h) for h, times in rows for i in range(times)]
    x = np.eye(len(statements), dtype=np.float32)
    new = {s.id: ("N" if s.content_hash in {"a1", "a2", "b1"} else "M") for s in statements}
    previous = [PreviousTheme("A", ("a1", "a2")), PreviousTheme("B", ("b1", "b2", "b3", "b4"))]
    assignment, _, _, _, retired = align_themes(
        statements, x, new, {s.id: None for s in statements}, {}, previous)
    assert set(assignment.values()) == {"A", "B"}
    assert {assignment[s.id] for s in statements if s.content_hash == "b1"} == {"A"}
    assert retired == ()


def _blurred_corpus(n_docs=40, per_doc=10, seed=0):
    """Statements around 8 centres with so much noise that many partitions are nearly as good."""
    import numpy as np

    from meervoud.engine import Document, Statement
    from meervoud.engine.text import content_hash

    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(8, 24))
    docs, statements, rows = [], [], []
    for d in range(n_docs):
        docs.append(Document(id=f"d{d:03d}", text="", narrator=f"n{d:03d}"))
        for j in range(per_doc):
            text = f"zin {d}-{j}"
            statements.append(Statement(id=f"d{d:03d}:{j}", document_id=f"d{d:03d}", text=text, lang="nl",
                                        start=0, end=len(text), content_hash=content_hash(text)))
            rows.append(centres[(d + j) % 8] + rng.normal(scale=1.6, size=24))
    return docs, statements, np.array(rows, dtype=np.float32)


def _run_given(docs, statements, x, stability, previous=None):
    pipe = Pipeline(embedder="tfidf", kinds=None, saturation=None,
                    clusterer=SpectralModularityClusterer(stability=stability))
    return pipe.run_statements(docs, statements, x, previous=previous)


def test_a_few_more_stories_that_say_nothing_new_move_no_statement_to_another_theme():
    import numpy as np

    from meervoud.engine import Document, Statement

    docs, statements, x = _blurred_corpus()
    # four more narrators repeat sentences already told: the texts weigh a little more, nothing else
    more_docs, more_statements, more_x = list(docs), list(statements), [x]
    for d in range(4):
        more_docs.append(Document(id=f"e{d}", text="", narrator=f"m{d}"))
        for j in range(10):
            s = statements[d * 37 + j]
            more_statements.append(Statement(id=f"e{d}:{j}", document_id=f"e{d}", text=s.text, lang="nl",
                                             start=0, end=s.end, content_hash=s.content_hash))
    more_x = np.vstack([x, x[[d * 37 + j for d in range(4) for j in range(10)]]])

    def moved(stability):
        first = _run_given(docs, statements, x, stability)
        second = _run_given(more_docs, more_statements, more_x, stability, previous_from_result(first))
        return sum(first.assignment[s.id] != second.assignment[s.id] for s in statements) / len(statements)

    assert moved(stability=-1.0) > 0.1  # always taking the new best partition: many move
    assert moved(stability=SpectralModularityClusterer().stability) <= 0.01  # the default


def test_new_material_on_a_new_subject_still_becomes_a_new_theme_when_the_old_ones_stay():
    docs = make_corpus(n_narrators=80, seed=5)
    first = _run(docs)
    # 2.5% more stories: too few to beat the old themes' modularity by the stability margin,
    # enough for a theme of their own
    extra = make_corpus(n_narrators=2, seed=6, topics={"new": NEW_TOPIC}, prefix="n")
    second = _run(docs + extra, previous=previous_from_result(first))
    assert second.params["cluster_info"]["k_selected"] == len(first.themes) + 1
    new = [t for t in second.themes if t.id not in {t.id for t in first.themes}]
    assert len(new) == 1 and _topic_of(second, new[0]) == "new"
    old = {s.id for s in first.statements}
    assert all(first.assignment[sid] == second.assignment[sid] for sid in old)
