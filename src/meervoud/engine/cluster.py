"""Clusterer: statements into themes and sub-themes, the number chosen automatically.

Method (spectral clustering with modularity-based model selection, after Ng, Jordan & Weiss 2002
and White & Smyth 2005):

1. centre the embeddings (remove the corpus mean, re-normalise): cosine structure between texts
   of one corpus is dominated by what they all share;
2. build a symmetric k-nearest-neighbour graph, edges weighted by how many neighbours the two
   texts share (Jaccard overlap of their neighbour lists; "shared nearest neighbours");
3. take the leading eigenvectors of the normalised adjacency matrix (spectral embedding);
4. for every candidate number of themes k, k-means on the row-normalised first k eigenvectors;
   plus the best partition at resolution 2*gamma, greedily merged (Clauset-Newman-Moore);
5. keep the partition with the highest graph modularity at resolution
   ``gamma = base_resolution * granularity`` (base 1.0: plain Newman-Girvan modularity, no tuned
   constant; granularity > 1: finer, < 1: coarser);
6. sub-themes: the same procedure inside each theme;
7. outliers: statements far less similar to their theme's centroid than its other members
   (robust z-score), capped at ``max_outlier_share``. They get theme None, never dropped.

Large corpora (more than ``max_nodes`` statements) are first summarised by k-means
micro-clusters; the graph is built on those, and statements inherit their micro-cluster's theme.

Deterministic: the caller passes rows in a canonical order (the pipeline sorts statements by
content hash); eigen-solver start vector and all seeds are fixed, ties break on index.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .embed import l2_normalise


@dataclass
class Clustering:
    """Plain result of a clusterer, by row of the input matrix.

    ``labels[i]`` is the theme index of row i (-1 = outlier); ``sublabels[i]`` its sub-theme index
    (-1 = outlier or no sub-theme); ``sub_parent[j]`` the theme of sub-theme j.
    """

    labels: np.ndarray
    sublabels: np.ndarray
    sub_parent: np.ndarray
    info: dict = field(default_factory=dict)

    @property
    def n_themes(self) -> int:
        return int(self.labels.max() + 1) if len(self.labels) and self.labels.max() >= 0 else 0


def _knn(x: np.ndarray, k: int, block: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """Exact k nearest neighbours by cosine (rows of x are unit vectors). Ties break on index."""
    n = x.shape[0]
    k = min(k, n - 1)
    idx = np.empty((n, k), dtype=np.int64)
    sim = np.empty((n, k), dtype=np.float32)
    for a in range(0, n, block):
        s = x[a : a + block] @ x.T
        rows = np.arange(s.shape[0])
        s[rows, a + rows] = -np.inf
        part = np.argpartition(-s, k - 1, axis=1)[:, :k]
        ps = np.take_along_axis(s, part, axis=1)
        order = np.lexsort((part, -ps), axis=1)  # by similarity, then index
        idx[a : a + block] = np.take_along_axis(part, order, axis=1)
        sim[a : a + block] = np.take_along_axis(ps, order, axis=1)
    return idx, sim


SNN_MIN_NODES_PER_NEIGHBOUR = 20


def _graph(x: np.ndarray, k: int, weights: np.ndarray | None = None, kind: str = "auto"):
    """Symmetric kNN graph. ``kind="snn"``: an edge's weight is the Jaccard overlap of the two
    nodes' neighbour lists (shared nearest neighbours, as in PhenoGraph/Leiden practice): robust
    to dense regions and hubs, where raw cosines are all alike. ``"cosine"``: the cosine itself."""
    from scipy.sparse import csr_matrix, identity

    n = x.shape[0]
    idx, sim = _knn(x, k)
    rows = np.repeat(np.arange(n), idx.shape[1])
    if kind == "auto":
        # shared neighbours say something only when a neighbour list is a small part of the graph;
        # in a graph of a few dozen texts every list overlaps every other
        kind = "snn" if n >= SNN_MIN_NODES_PER_NEIGHBOUR * k else "cosine"
    if kind == "snn":
        member = csr_matrix((np.ones(rows.size), (rows, idx.ravel())), shape=(n, n)) + identity(n, format="csr")
        edges = member.maximum(member.T)  # the symmetric kNN graph: which pairs get an edge
        shared = (member @ member.T).multiply(edges).tocsr()  # shared neighbours (self included)
        size = idx.shape[1] + 1
        shared.data = shared.data / (2 * size - shared.data)  # Jaccard of the two neighbour lists
        shared.setdiag(0)
        shared.eliminate_zeros()
        a = shared.tocsr()
        a.data = np.maximum(a.data, 1e-6)
    else:
        w = np.maximum(sim.ravel().astype(np.float64), 1e-6)
        a = csr_matrix((w, (rows, idx.ravel())), shape=(n, n))
        a = a.maximum(a.T).tocsr()
    if weights is not None:  # micro-cluster nodes: heavier nodes carry more edge mass
        sw = np.sqrt(np.asarray(weights, dtype=np.float64))
        from scipy.sparse import diags

        a = (diags(sw) @ a @ diags(sw)).tocsr()
    return a


def _modularity(a, degree: np.ndarray, labels: np.ndarray, gamma: float) -> float:
    m2 = degree.sum()
    if m2 <= 0:
        return 0.0
    coo = a.tocoo()
    same = labels[coo.row] == labels[coo.col]
    inside = np.bincount(labels[coo.row][same], weights=coo.data[same], minlength=labels.max() + 1)
    dsum = np.bincount(labels, weights=degree, minlength=labels.max() + 1)
    return float(np.sum(inside / m2 - gamma * (dsum / m2) ** 2))


def _spectral(a, n_vectors: int) -> tuple[np.ndarray, np.ndarray]:
    from scipy.sparse import diags
    from scipy.sparse.linalg import eigsh

    n = a.shape[0]
    d = np.asarray(a.sum(axis=1)).ravel()
    d[d == 0] = 1.0
    dm = diags(1.0 / np.sqrt(d))
    m = (dm @ a @ dm).tocsr()
    kv = min(n_vectors, n - 2)
    if n <= 60 or kv >= n // 2:
        dense = m.toarray()
        vals, vecs = np.linalg.eigh(dense)
        vals, vecs = vals[::-1][:kv], vecs[:, ::-1][:, :kv]
    else:
        v0 = np.full(n, 1.0 / math.sqrt(n))
        vals, vecs = eigsh(m, k=kv, which="LA", v0=v0, tol=1e-6, maxiter=5000)
        order = np.argsort(-vals, kind="stable")
        vals, vecs = vals[order], vecs[:, order]
    # fix the sign of each eigenvector (largest-magnitude entry positive): same input, same output
    for j in range(vecs.shape[1]):
        i = int(np.argmax(np.abs(vecs[:, j])))
        if vecs[i, j] < 0:
            vecs[:, j] = -vecs[:, j]
    return vals, vecs


def _kmeans(x: np.ndarray, k: int, seed: int, n_init: int = 3, sample_weight=None,
            max_iter: int = 100) -> np.ndarray:
    """Weighted Lloyd k-means with k-means++ seeding, in NumPy.

    Small and deterministic (same input, same seed: same output); avoids OpenMP start-up costs
    that dominate scikit-learn's KMeans on the many small problems solved here.
    """
    return kmeans_fit(x, k, seed, n_init, sample_weight, max_iter)[0]


def kmeans_fit(x: np.ndarray, k: int, seed: int, n_init: int = 3, sample_weight=None,
               max_iter: int = 100, tol: float = 1e-6, init: str | np.ndarray = "k-means++",
               dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """``dtype``: float64 for the small, tie-sensitive problems; float32 halves the time of the
    large micro-cluster step, where a near-tie only moves a statement between two tiny nodes.
    ``init``: "k-means++", "random" (distinct random rows) or an array of starting centres."""
    from scipy.sparse import csr_matrix

    x = np.asarray(x, dtype=dtype)
    n = x.shape[0]
    k = max(1, min(k, n))
    w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    xx = np.einsum("ij,ij->i", x, x)
    rng = np.random.default_rng(seed)
    best = None
    n_local = 2 + int(np.log(k))
    given = init if isinstance(init, np.ndarray) else None
    for _ in range(1 if given is not None else n_init):
        if given is not None:
            centres = list(np.asarray(given, dtype=dtype))
        elif init == "random":  # distinct random rows (micro-clusters: speed over seeding quality)
            c = x[np.sort(rng.choice(n, size=k, replace=False))].copy()
            centres = list(c)
        else:
            centres = _plusplus(x, xx, w, k, rng, n_local)
        c = np.array(centres)
        kk = c.shape[0]
        prev = np.inf
        for _it in range(max_iter):
            dist = xx[:, None] - 2 * x @ c.T + np.einsum("ij,ij->i", c, c)[None, :]
            lab = np.argmin(dist, axis=1)
            inertia = float(np.sum(w * np.maximum(dist[np.arange(n), lab], 0)))
            sums = csr_matrix((w, (lab, np.arange(n))), shape=(kk, n)) @ x
            cnt = np.bincount(lab, weights=w, minlength=kk)
            empty = cnt == 0
            c = (sums / np.maximum(cnt, 1e-12)[:, None]).astype(dtype, copy=False)
            if empty.any():  # re-seed empty clusters at the worst-fitting points
                far = np.argsort(-dist[np.arange(n), lab], kind="stable")[: int(empty.sum())]
                c[empty] = x[far]
            if prev - inertia <= tol * max(prev, 1e-12):
                break
            prev = inertia
        dist = xx[:, None] - 2 * x @ c.T + np.einsum("ij,ij->i", c, c)[None, :]
        lab = np.argmin(dist, axis=1)
        inertia = float(np.sum(w * np.maximum(dist[np.arange(n), lab], 0)))
        if best is None or inertia < best[0] - 1e-12:
            best = (inertia, lab, c)
    return best[1].astype(np.int64), best[2]


def _plusplus(x, xx, w, k, rng, n_local):
    """k-means++ seeding with a few local trials per step (Arthur & Vassilvitskii; as scikit-learn)."""
    n = x.shape[0]
    first = rng.choice(n, p=w / w.sum())
    centres = [x[first]]
    d2 = np.maximum(xx - 2 * x @ x[first] + xx[first], 0)
    for _j in range(1, k):
        p = w * d2
        tot = p.sum()
        if tot <= 0:
            break
        cand = rng.choice(n, size=n_local, p=p / tot)
        dc = np.maximum(xx[None, :] - 2 * x[cand] @ x.T + xx[cand][:, None], 0)
        nd = np.minimum(d2[None, :], dc)
        pick = int(np.argmin((nd * w).sum(axis=1)))
        centres.append(x[cand[pick]])
        d2 = nd[pick]
    return centres


def _greedy_merge(a, degree: np.ndarray, labels: np.ndarray, gamma: float) -> np.ndarray:
    """Merge the pair of communities with the largest modularity gain until no merge gains."""
    lab = np.unique(labels, return_inverse=True)[1].astype(np.int64)
    m2 = float(degree.sum())
    coo = a.tocoo()
    k = int(lab.max() + 1)
    e = np.zeros((k, k))
    np.add.at(e, (lab[coo.row], lab[coo.col]), coo.data)
    d = np.bincount(lab, weights=degree, minlength=k) / m2
    alive = np.ones(k, dtype=bool)
    while alive.sum() > 1:
        dq = 2 * e / m2 - 2 * gamma * np.outer(d, d)
        dq[~alive, :] = -np.inf
        dq[:, ~alive] = -np.inf
        np.fill_diagonal(dq, -np.inf)
        i, j = np.unravel_index(int(np.argmax(dq)), dq.shape)  # ties: lowest index (row-major)
        if dq[i, j] <= 1e-12:
            break
        i, j = min(i, j), max(i, j)
        e[i, :] += e[j, :]
        e[:, i] += e[:, j]
        e[j, :] = 0
        e[:, j] = 0
        d[i] += d[j]
        d[j] = 0
        alive[j] = False
        lab[lab == j] = i
    return np.unique(lab, return_inverse=True)[1].astype(np.int64)


def _node_majority(labels: np.ndarray, node_of: np.ndarray, w: np.ndarray, n_nodes: int) -> np.ndarray:
    """Each node's label by weighted majority of its rows' labels (-1 where none has one)."""
    known = labels >= 0
    if not known.any():
        return np.full(n_nodes, -1, dtype=np.int64)
    _, codes = np.unique(labels[known], return_inverse=True)
    votes = np.zeros((n_nodes, codes.max() + 1))
    np.add.at(votes, (node_of[known], codes), w[known])
    out = np.argmax(votes, axis=1).astype(np.int64)
    out[votes.max(axis=1) <= 0] = -1
    return out


def _complete(labels: np.ndarray, nodes: np.ndarray, w: np.ndarray, fresh: np.ndarray) -> np.ndarray:
    """Labels 0..k-1 for every node: the given ones kept; a new node joins the nearest labelled
    centre, unless the new partition ``fresh`` put it in a cluster made mostly of new nodes, which
    then stays a theme of its own (new material may bring a new theme)."""
    known = labels >= 0
    present, out = np.unique(labels[known], return_inverse=True)
    lab = np.full(len(labels), -1, dtype=np.int64)
    lab[known] = out
    if known.all():
        return lab
    new_weight = np.bincount(fresh[~known], weights=w[~known], minlength=fresh.max() + 1)
    all_weight = np.bincount(fresh, weights=w, minlength=fresh.max() + 1)
    mostly_new = np.flatnonzero(new_weight > all_weight / 2)
    own = ~known & np.isin(fresh, mostly_new)
    lab[own] = len(present) + np.searchsorted(mostly_new, fresh[own])
    rest = ~known & ~own
    if rest.any():
        sums = np.zeros((len(present), nodes.shape[1]), dtype=np.float64)
        np.add.at(sums, lab[known], nodes[known] * w[known, None])
        lab[rest] = np.argmax(nodes[rest] @ l2_normalise(sums.astype(np.float32)).T, axis=1)
    return np.unique(lab, return_inverse=True)[1].astype(np.int64)


def _relabel_by_size(labels: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Renumber clusters 0..k-1 by decreasing weight, ties by smallest member index."""
    valid = labels >= 0
    if not valid.any():
        return labels.copy()
    w = np.ones(len(labels)) if weights is None else np.asarray(weights, dtype=float)
    ks = np.unique(labels[valid])
    size = {int(k): float(w[labels == k].sum()) for k in ks}
    first = {int(k): int(np.flatnonzero(labels == k)[0]) for k in ks}
    order = sorted(size, key=lambda k: (-size[k], first[k]))
    remap = {k: i for i, k in enumerate(order)}
    out = np.full(len(labels), -1, dtype=np.int64)
    for k, i in remap.items():
        out[labels == k] = i
    return out


@dataclass
class SpectralModularityClusterer:
    """Themes and sub-themes from sentence embeddings; see the module docstring for the method.

    Parameters
    ----------
    granularity:
        1.0 = default; 2.0 gives about twice as many (finer) themes, 0.5 fewer (coarser).
    base_resolution:
        Modularity resolution at granularity 1.0.
    n_neighbors:
        Neighbours per node in the graph; None = ``clip(round(2*log2(n)), 10, 30)``.
    min_themes, max_themes:
        Range searched for the number of themes (max None = ``clip(sqrt(n), 8, 60)``).
    min_theme_size:
        Smaller clusters are dissolved into their nearest theme (None = ``max(3, n // 200)``).
    subthemes:
        Also split every theme into sub-themes (same method, inside the theme).
    min_subtheme_size:
        A theme is split only into parts of at least this size (None = ``max(3, n // 500)``).
    outlier_z, max_outlier_share:
        A statement is an outlier when its similarity to its theme centroid is more than
        ``outlier_z`` robust standard deviations below the theme's median; at most
        ``max_outlier_share`` of all statements (the least similar) become outliers.
    max_nodes:
        Above this many statements, k-means micro-clusters (``micro_clusters`` of them) are the
        graph's nodes.
    graph:
        Edge weights of the kNN graph: "snn" (Jaccard overlap of the neighbour lists), "cosine"
        (the similarity itself; the method before v2) or "auto" (default): "snn" when the graph
        has at least 20 nodes per neighbour, else "cosine".
    blas_threads:
        BLAS threads while clustering (None = the library's default). One by default: the work is
        many small matrix products, where threads mostly wait for each other, and on a shared
        machine two spinning threads were slower than one (100,000 statements: 4.1 s vs 7.3 s at
        load 2.7); results also no longer depend on how many cores a machine has.
    seed:
        Seed for k-means; with canonical input order the result is fully reproducible.
    stability:
        With ``previous`` labels (a re-analysis), the previous themes, with new rows joined to the
        nearest, are kept as long as their modularity is within this margin of the best new
        partition. Near-equal partitions otherwise trade places on a tiny change: 1% more stories,
        told in new sentences, raised the best new partition 0.013 above the kept one and moved a
        third of all statements to another theme. A cluster of mostly new rows still becomes a new
        theme within the kept partition (see ``_complete``).
    """

    granularity: float = 1.0
    base_resolution: float = 1.0
    n_neighbors: int | None = None
    min_themes: int = 2
    max_themes: int | None = None
    min_theme_size: int | None = None
    subthemes: bool = True
    min_subtheme_size: int | None = None
    outlier_z: float = 3.5
    max_outlier_share: float = 0.05
    max_nodes: int = 5000
    micro_clusters: int = 1000
    center: bool = True
    graph: str = "auto"
    blas_threads: int | None = 1
    seed: int = 0
    stability: float = 0.02

    @property
    def name(self) -> str:
        return (f"spectral-modularity-v2(granularity={self.granularity},res={self.base_resolution},"
                f"nn={self.n_neighbors},graph={self.graph},outlier_z={self.outlier_z},"
                f"stability={self.stability})")

    # ------------------------------------------------------------------------------------
    def fit(self, x: np.ndarray, sample_weight: np.ndarray | None = None,
            previous: np.ndarray | None = None, previous_sub: np.ndarray | None = None,
            keys: Sequence[str] | None = None) -> Clustering:
        """Cluster the rows of ``x`` (unit vectors). ``sample_weight``: how many statements each row
        stands for (the pipeline passes each distinct text once, weighted by its count).
        ``previous`` / ``previous_sub``: each row's theme / sub-theme in the last run (any
        integers; -1 = none or new), see ``stability``. ``keys``: a stable key per row (the
        pipeline passes content hashes), see ``_micro``."""
        if self.blas_threads is None:
            return self._fit(x, sample_weight, previous, previous_sub, keys)
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=self.blas_threads, user_api="blas"):
            return self._fit(x, sample_weight, previous, previous_sub, keys)

    def _fit(self, x: np.ndarray, sample_weight: np.ndarray | None,
             previous: np.ndarray | None = None, previous_sub: np.ndarray | None = None,
             keys: Sequence[str] | None = None) -> Clustering:
        x = np.asarray(x, dtype=np.float32)
        n = x.shape[0]
        w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        info: dict = {"n": n}
        if n == 0:
            e = np.zeros(0, dtype=np.int64)
            return Clustering(e, e, e, info)
        if n < 4:
            lab = np.zeros(n, dtype=np.int64)
            return Clustering(lab, np.full(n, -1, dtype=np.int64), np.zeros(0, dtype=np.int64), info)
        mean = (x * w[:, None]).sum(axis=0) / w.sum()
        xc = l2_normalise(x - mean, copy=False) if self.center else l2_normalise(x)
        total = float(w.sum())

        # nodes: statements, or micro-clusters for large corpora
        if n > self.max_nodes:
            node_of, nodes, node_w = self._micro(xc, w, keys)
            info["micro_clusters"] = len(nodes)
        else:
            node_of, nodes, node_w = np.arange(n), xc, w
        gamma = self.base_resolution * self.granularity
        warm = None
        if previous is not None and (np.asarray(previous) >= 0).any():
            warm = _node_majority(np.asarray(previous, dtype=np.int64), node_of, w, len(nodes))
        node_labels, sel = self._partition(nodes, node_w, gamma, top=True, warm=warm)
        info.update(sel)
        labels = node_labels[node_of]

        # dissolve tiny themes into the nearest theme
        min_size = self.min_theme_size if self.min_theme_size is not None else max(3, int(total) // 200)
        labels = self._dissolve_small(xc, labels, min_size, w)
        labels = _relabel_by_size(labels, w)

        # sub-themes, inside each theme
        sublabels = np.full(n, -1, dtype=np.int64)
        sub_parent: list[int] = []
        if self.subthemes:
            min_sub = self.min_subtheme_size if self.min_subtheme_size is not None else max(3, int(total) // 500)
            for t in range(labels.max() + 1):
                for part in self._split(nodes, node_w, node_of, labels, t, gamma, min_sub, xc, w,
                                        previous_sub):
                    sid = len(sub_parent)
                    sub_parent.append(t)
                    sublabels[part] = sid
        # outliers
        labels, sublabels = self._outliers(xc, labels, sublabels, w)
        info["themes"] = int(labels.max() + 1) if (labels >= 0).any() else 0
        info["outlier_share"] = float(w[labels < 0].sum() / total)
        return Clustering(labels, sublabels, np.asarray(sub_parent, dtype=np.int64), info)

    # ------------------------------------------------------------------------------------
    def _neighbors(self, n: int) -> int:
        if self.n_neighbors:
            return max(2, min(self.n_neighbors, n - 1))
        return int(np.clip(round(2 * math.log2(max(n, 2))), 10, 30)) if n > 12 else max(2, n - 1)

    def _micro(self, xc: np.ndarray, w: np.ndarray, keys: Sequence[str] | None = None):
        n = xc.shape[0]
        m = min(self.micro_clusters, n // 4)
        size = min(n, max(10 * m, 10_000))
        init: str | np.ndarray = "random"
        if keys is not None:
            # The rows with the smallest keys (content hashes: a random choice) are the k-means
            # sample, the first of them its starting centres. Adding 1% more stories then changes
            # about 1% of both, so the micro-clusters, and the sub-themes built on them, stay put; a
            # sample drawn by row position changed entirely and moved half the statements to
            # another sub-theme.
            by_key = np.argsort(np.asarray(keys), kind="stable")
            sample = np.sort(by_key[:size])
            init = xc[by_key[:m]].astype(np.float32)
        else:
            sample = np.sort(np.random.default_rng(self.seed).choice(n, size=size, replace=False))
        _, centers = kmeans_fit(xc[sample].astype(np.float32), m, self.seed, n_init=1, max_iter=20, tol=1e-4,
                                init=init, dtype=np.float32)
        centers = l2_normalise(centers.astype(np.float32))
        node_of = np.empty(n, dtype=np.int64)
        for a in range(0, n, 8192):
            node_of[a : a + 8192] = np.argmax(xc[a : a + 8192] @ centers.T, axis=1)
        counts = np.bincount(node_of, weights=w, minlength=m).astype(float)
        keep = np.flatnonzero(counts > 0)
        remap = np.full(m, -1, dtype=np.int64)
        remap[keep] = np.arange(len(keep))
        node_of = remap[node_of]
        # node vectors: the mean of the members actually assigned
        from scipy.sparse import csr_matrix

        sums = csr_matrix((w, (node_of, np.arange(n))), shape=(len(keep), n)) @ xc
        return node_of, l2_normalise(np.asarray(sums, dtype=np.float32)), counts[keep]

    def _partition(self, nodes: np.ndarray, w: np.ndarray, gamma: float, top: bool,
                   k_min: int | None = None, k_max: int | None = None,
                   warm: np.ndarray | None = None) -> tuple[np.ndarray, dict]:
        """Spectral k-means for k in range; keep the k with the highest modularity (or the
        ``warm`` partition, completed, while it is within ``stability`` of that)."""
        n = nodes.shape[0]
        n_w = float(w.sum())
        if k_max is None:
            k_max = self.max_themes if (top and self.max_themes) else int(np.clip(round(math.sqrt(n_w)), 8, 60))
        k_min = self.min_themes if k_min is None else k_min
        k_max = max(k_min, min(k_max, n - 1))
        nb = self._neighbors(n)
        a = _graph(nodes, nb, None if np.all(w == 1) else w, kind=self.graph)
        degree = np.asarray(a.sum(axis=1)).ravel()
        vals, vecs = _spectral(a, k_max + 1)
        k_max = min(k_max, vecs.shape[1])
        best = None
        scores = {}
        parts = {}
        for k in self._candidates(k_min, k_max):
            u = l2_normalise(vecs[:, :k].astype(np.float32))
            lab = _kmeans(u, k, self.seed, n_init=3 if top else 1, sample_weight=w)
            parts[k] = lab
            q = _modularity(a, degree, lab, gamma)
            scores[k] = round(q, 5)
            if best is None or q > best[0] + 1e-9:
                best = (q, k, lab)
        # a second route, for coarse resolutions: the best fine partition (resolution 2*gamma),
        # greedily merged while modularity at gamma still rises (Clauset-Newman-Moore on communities)
        fine_k = max(parts, key=lambda kk: (_modularity(a, degree, parts[kk], 2 * gamma), -kk))
        merged = _greedy_merge(a, degree, parts[fine_k], gamma)
        q = _modularity(a, degree, merged, gamma)
        if q > best[0] + 1e-9:
            best = (q, int(merged.max() + 1), merged)
            scores["merged"] = round(q, 5)
        if warm is not None:
            kept = _complete(warm, nodes, w, best[2])
            q = _modularity(a, degree, kept, gamma)
            scores["previous"] = round(q, 5)
            if q >= best[0] - self.stability:
                best = (q, int(kept.max() + 1), kept)
        q, k, lab = best
        return lab.astype(np.int64), {"k_selected": int(k), "modularity": float(q), "gamma": gamma,
                                      "n_neighbors": nb, "modularity_by_k": scores}

    @staticmethod
    def _candidates(k_min: int, k_max: int) -> list[int]:
        ks = list(range(k_min, min(k_max, 12) + 1))
        k = 14
        while k <= k_max:
            ks.append(k)
            k = int(round(k * 1.15)) if k >= 20 else k + 2
        return sorted(set(x for x in ks if k_min <= x <= k_max))

    def _dissolve_small(self, xc: np.ndarray, labels: np.ndarray, min_size: int, w: np.ndarray) -> np.ndarray:
        counts = np.bincount(labels, weights=w, minlength=labels.max() + 1)
        big = np.flatnonzero(counts >= min_size)
        if len(big) == 0 or len(big) == len(counts):
            return labels
        cents = l2_normalise(np.stack([(xc[labels == t] * w[labels == t, None]).sum(axis=0) for t in big]))
        small_rows = np.flatnonzero(np.isin(labels, big, invert=True))
        nearest = np.argmax(xc[small_rows] @ cents.T, axis=1)
        out = labels.copy()
        out[small_rows] = big[nearest]
        return out

    def _split(self, nodes, node_w, node_of, labels, t, gamma, min_sub, xc, w,
               previous_sub: np.ndarray | None = None) -> list[np.ndarray]:
        """Rows of theme t grouped into sub-themes (empty list = no split)."""
        rows_t = np.flatnonzero(labels == t)
        weight_t = float(w[rows_t].sum())
        if weight_t < 2 * min_sub:
            return []
        if nodes.shape[0] == xc.shape[0]:  # statements are the nodes
            sub_nodes, sub_w = xc[rows_t], w[rows_t]
            node_index = np.arange(len(rows_t))
        else:  # micro-cluster level: the theme's micro-clusters are its nodes
            member_nodes = np.unique(node_of[rows_t])
            sub_nodes, sub_w = nodes[member_nodes], node_w[member_nodes]
            node_index = np.searchsorted(member_nodes, node_of[rows_t])
        if len(sub_nodes) < 6:
            return []
        sub_nodes = l2_normalise(sub_nodes - (sub_nodes * sub_w[:, None]).sum(axis=0) / sub_w.sum())
        k_max = int(np.clip(round(math.sqrt(weight_t / 2)), 2, 8))
        warm = None
        if previous_sub is not None:  # the theme's sub-themes of the last run, if it had two or more
            warm = _node_majority(np.asarray(previous_sub, dtype=np.int64)[rows_t], node_index, w[rows_t],
                                  len(sub_nodes))
            warm = warm if len(np.unique(warm[warm >= 0])) >= 2 else None
        lab, _ = self._partition(sub_nodes, sub_w, gamma, top=False, k_min=2, k_max=k_max, warm=warm)
        row_lab = lab[node_index]
        sizes = np.bincount(row_lab, weights=w[rows_t])
        if (sizes >= min_sub).sum() < 2:
            return []
        row_lab = self._dissolve_small(xc[rows_t], row_lab, min_sub, w[rows_t])
        row_lab = _relabel_by_size(row_lab, w[rows_t])
        return [rows_t[row_lab == j] for j in range(row_lab.max() + 1)]

    def _outliers(self, xc, labels, sublabels, w):
        n = len(labels)
        k = labels.max() + 1
        cents = l2_normalise(np.stack([(xc[labels == t] * w[labels == t, None]).sum(axis=0) for t in range(k)]))
        sim = np.einsum("ij,ij->i", xc, cents[labels])
        z = np.zeros(n)
        for t in range(k):
            m = labels == t
            s = sim[m]
            med = np.median(s)
            mad = np.median(np.abs(s - med)) * 1.4826 + 1e-6
            z[m] = (s - med) / mad
        cand = np.flatnonzero(z < -self.outlier_z)
        cap = self.max_outlier_share * float(w.sum())
        cand = cand[np.lexsort((cand, z[cand]))]  # worst first
        keep = cand[np.cumsum(w[cand]) <= cap + 1e-9]
        labels = labels.copy()
        sublabels = sublabels.copy()
        labels[keep] = -1
        sublabels[keep] = -1
        return labels, sublabels
