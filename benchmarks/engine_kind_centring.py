"""Do themes follow what statements are about, or whether something helped? (kind centring)

Runs the pipeline at statement level, with the statement-kind classifier, on labelled sets and on
the demo stories, once with ``center_kinds`` off and once on, for k-means seeds 0-4. Per run:

* ``doc_nmi`` / ``stmt_nmi``: each document's primary theme / each statement's theme against the
  set's topic labels (a statement inherits its document's label); higher = more about the topic;
* ``kind_nmi``: NMI between a statement's theme and its kind; lower = themes less made of
  "everything that helped" / "everything that hindered";
* ``one_kind_themes``: themes of which at least 80% of statements share one kind.

The demo stories have no topic labels, so only the kind figures are printed for them.

    python benchmarks/engine_kind_centring.py [--datasets dreaddit,sib200,demo] [--seeds 5] [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sklearn.metrics import normalized_mutual_info_score  # noqa: E402

from engine_vs_bertopic import DATASETS, load  # noqa: E402
from meervoud.engine import DirectoryEmbeddingCache, Document, KindClassifier, Pipeline  # noqa: E402

DEMO = ROOT / "src" / "meervoud" / "demo" / "data"


def demo_documents() -> list[Document]:
    docs = []
    for f in sorted(DEMO.glob("stories_*.json")):
        for s in json.loads(f.read_text(encoding="utf-8"))["stories"]:
            docs.append(Document(id=s["key"], text=s["text"], narrator=s["narrator"], lang=s.get("language", "nl"),
                                 helped=s.get("helped") or "", hindered=s.get("hindered") or ""))
    return docs


def labelled_documents(name: str) -> tuple[list[Document], dict[str, str]]:
    texts, labels, lang = load(name)
    docs = [Document(id=f"d{i:05d}", text=t, narrator=f"d{i:05d}", lang=lang) for i, t in enumerate(texts)]
    return docs, {d.id: lab for d, lab in zip(docs, labels)}


def measure(docs, labels, cache_dir: str, seeds: int) -> list[dict]:
    fields = ("text", "helped", "hindered") if labels is None else ("text",)
    pipe = Pipeline(kinds=KindClassifier(), saturation=None, cache=DirectoryEmbeddingCache(cache_dir), fields=fields)
    first = pipe.run(docs)
    statements, x, kinds = list(first.statements), first.embeddings, first.kinds
    rows = []
    for centre in (False, True):
        for seed in range(seeds):
            pipe.center_kinds, pipe.clusterer.seed = centre, seed
            r = pipe.run_statements(docs, statements, x, kinds)
            theme = [r.assignment[s.id] or "-" for s in r.statements]
            kind = [r.kinds[s.id] for s in r.statements]
            per_theme = [Counter(k for k, t in zip(kind, theme) if t == th.id) for th in r.themes]
            row = {"center_kinds": centre, "seed": seed, "statements": len(statements), "themes": len(r.themes),
                   "outlier_share": round(r.outlier_share, 4),
                   "kind_nmi": round(float(normalized_mutual_info_score(kind, theme)), 4),
                   "one_kind_themes": sum(max(c.values()) >= 0.8 * sum(c.values()) for c in per_theme if c)}
            if labels is not None:
                primary = [r.document_primary_theme.get(d.id) or "-" for d in docs]
                row["doc_nmi"] = round(float(normalized_mutual_info_score([labels[d.id] for d in docs], primary)), 4)
                row["stmt_nmi"] = round(float(normalized_mutual_info_score(
                    [labels[s.document_id] for s in r.statements], theme)), 4)
            rows.append(row)
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--datasets", default="dreaddit,sib200,demo")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--cache", default=os.path.expanduser("~/.cache/meervoud/embeddings"))
    args = ap.parse_args(argv)
    keys = ("doc_nmi", "stmt_nmi", "kind_nmi", "one_kind_themes", "themes", "outlier_share")
    print("| dataset | center_kinds | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 2) + "|")
    for name in args.datasets.split(","):
        if name == "demo":
            docs, labels = demo_documents(), None
        elif name in DATASETS:
            docs, labels = labelled_documents(name)
        else:
            raise SystemExit(f"unknown dataset {name!r}")
        rows = measure(docs, labels, args.cache, args.seeds)
        for row in rows:
            print(json.dumps({"dataset": name, **row}), file=sys.stderr)
        for centre in (False, True):
            mine = [r for r in rows if r["center_kinds"] is centre]
            cells = []
            for k in keys:
                if k not in mine[0]:
                    cells.append("–")
                    continue
                v = np.array([r[k] for r in mine], dtype=float)
                cells.append(f"{v.mean():.3f} ({v.min():.3f}–{v.max():.3f})" if k.endswith("nmi")
                             else f"{v.mean():.1f}" if k != "outlier_share" else f"{v.mean():.3f}")
            print(f"| {name} | {'on' if centre else 'off'} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
