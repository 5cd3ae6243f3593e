import numpy as np
from sklearn.metrics import adjusted_rand_score

from meervoud.engine import SpectralModularityClusterer


def mixture(n_per=60, k=5, dim=48, spread=0.45, seed=0, n_noise=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, dim))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    x = np.vstack([c + rng.normal(scale=spread / np.sqrt(dim), size=(n_per, dim)) * np.sqrt(dim) * 0.2
                   for c in centres])
    y = np.repeat(np.arange(k), n_per)
    if n_noise:
        x = np.vstack([x, rng.normal(size=(n_noise, dim)) * 3])
        y = np.concatenate([y, -np.ones(n_noise, dtype=int)])
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32), y


def test_recovers_well_separated_themes_without_being_told_how_many():
    x, y = mixture(k=5)
    c = SpectralModularityClusterer().fit(x)
    assert c.n_themes == 5
    assert adjusted_rand_score(y, c.labels) > 0.9


def test_every_row_gets_a_theme_or_is_marked_outlier_and_outliers_are_capped():
    x, y = mixture(k=4, n_noise=12)
    c = SpectralModularityClusterer(max_outlier_share=0.05).fit(x)
    assert len(c.labels) == len(x)  # nothing dropped
    assert set(np.unique(c.labels)) <= set(range(c.n_themes)) | {-1}
    assert np.mean(c.labels == -1) <= 0.05 + 1e-9
    assert (c.labels[y == -1] == -1).sum() >= 1  # the far-away noise is what gets flagged


def nested(n_groups=4, n_sub=4, n_per=30, dim=40, seed=2):
    """Groups of close sub-clusters: a coarse view sees the groups, a fine view the sub-clusters."""
    rng = np.random.default_rng(seed)
    parts = []
    for _ in range(n_groups):
        g = rng.normal(size=dim)
        for _ in range(n_sub):
            s = g + 0.2 * rng.normal(size=dim)
            parts.append(s + 0.25 * rng.normal(size=(n_per, dim)))
    x = np.vstack(parts)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_granularity_gives_finer_or_coarser_themes():
    x = nested()
    coarse = SpectralModularityClusterer(granularity=0.2).fit(x).n_themes
    default = SpectralModularityClusterer().fit(x).n_themes
    fine = SpectralModularityClusterer(granularity=2.0).fit(x).n_themes
    assert coarse < default <= fine


def test_subthemes_nest_inside_themes():
    rng = np.random.default_rng(1)
    # 3 themes, each made of 2 sub-groups
    parts = []
    for t in range(3):
        base = rng.normal(size=32)
        for s in range(2):
            sub = base + 0.7 * rng.normal(size=32)
            parts.append(sub + 0.25 * rng.normal(size=(50, 32)))
    x = np.vstack(parts).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    c = SpectralModularityClusterer(min_theme_size=10).fit(x)
    assert c.n_themes >= 2
    assert len(c.sub_parent) > 0
    for i in np.flatnonzero(c.sublabels >= 0):
        assert c.sub_parent[c.sublabels[i]] == c.labels[i]


def test_large_input_goes_through_micro_clusters_and_stays_deterministic():
    x, y = mixture(n_per=700, k=6, seed=4)
    a = SpectralModularityClusterer(max_nodes=1000, micro_clusters=300).fit(x)
    b = SpectralModularityClusterer(max_nodes=1000, micro_clusters=300).fit(x.copy())
    assert "micro_clusters" in a.info
    assert np.array_equal(a.labels, b.labels) and np.array_equal(a.sublabels, b.sublabels)
    assert adjusted_rand_score(y, a.labels) > 0.9


def test_mixed_language_corpus_meets_by_meaning_not_language():
    from meervoud.engine.pipeline import center_per_group

    rng = np.random.default_rng(5)
    topics = rng.normal(size=(3, 32))
    lang_offset = {"nl": rng.normal(size=32) * 1.5, "en": rng.normal(size=32) * 1.5}
    rows, langs, topic_of = [], [], []
    for lang in ("nl", "en"):
        for t in range(3):
            for _ in range(30):
                rows.append(topics[t] + lang_offset[lang] + 0.3 * rng.normal(size=32))
                langs.append(lang)
                topic_of.append(t)
    x = np.array(rows, dtype=np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    raw = SpectralModularityClusterer(subthemes=False).fit(x).labels
    centred = SpectralModularityClusterer(subthemes=False).fit(center_per_group(x, langs)).labels
    assert adjusted_rand_score(topic_of, centred) > 0.9
    assert adjusted_rand_score(topic_of, centred) > adjusted_rand_score(topic_of, raw)


def test_previous_themes_are_kept_through_micro_clusters_when_the_weights_shift():
    """Large corpora cluster micro-clusters, not statements: the last run's themes must survive
    that step too (the node takes its statements' majority theme)."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(600, 16)).astype(np.float32)  # no structure: many near-equal partitions
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    clusterer = SpectralModularityClusterer(max_nodes=200, micro_clusters=150, subthemes=False)
    first = clusterer.fit(x)
    heavier = np.ones(len(x))
    heavier[::40] = 2.0  # fifteen texts told once more
    fresh = clusterer.fit(x, sample_weight=heavier)
    again = clusterer.fit(x, sample_weight=heavier, previous=first.labels)
    assert adjusted_rand_score(first.labels, fresh.labels) < 0.9  # left alone, the partition shifts
    assert adjusted_rand_score(first.labels, again.labels) > 0.97
    assert "previous" in again.info["modularity_by_k"]


def test_one_percent_more_rows_keeps_the_subthemes_of_a_large_corpus():
    """Above ``max_nodes`` the micro-clusters are fitted on the rows with the smallest keys (the
    pipeline passes content hashes), so more rows change few of them. Themes without
    sub-structure are the hard case: any split is as good as another. Drawn by row position, the
    micro-clusters changed entirely and the sub-themes with them (ARI 0.22 here)."""
    import hashlib

    x, _ = mixture(n_per=3030, k=4, dim=16, seed=7)
    x = x[np.random.default_rng(0).permutation(len(x))]
    keys = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(len(x))]
    old = 12_000
    clusterer = SpectralModularityClusterer(max_nodes=1000, micro_clusters=200)
    first = clusterer.fit(x[:old], keys=keys[:old])
    assert "micro_clusters" in first.info and len(first.sub_parent) > first.n_themes

    def padded(labels):
        return np.concatenate([labels, np.full(len(x) - old, -1)])

    then = clusterer.fit(x, previous=padded(first.labels), previous_sub=padded(first.sublabels), keys=keys)
    assert adjusted_rand_score(first.labels, then.labels[:old]) > 0.99
    assert adjusted_rand_score(first.sublabels, then.sublabels[:old]) > 0.85
