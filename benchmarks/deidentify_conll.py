"""Benchmark meervoud.deidentify on CoNLL-2002 Dutch (named entities in news).

For every sentence the text is rebuilt from its tokens and de-identified; a
token counts as covered when any annotation (of any kind) overlaps it. Reported
per configuration (with and without the social-domain additions):

  * PER and LOC coverage: the share of person and place tokens replaced (recall);
  * ORG and MISC coverage, for information (MISC is mostly nationalities and
    events, which we do not aim to replace);
  * false-positive rate: the share of O tokens replaced. Ages, dates and numbers
    count here too, although replacing them is intended, so the share of O tokens
    replaced as a person, place or organisation is reported as well;
  * speed: sentences per second, and stories per second on whole documents cut
    into chunks of about 150 words.

    python benchmarks/deidentify_conll.py [--path FILE] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from meervoud.deidentify import Deidentifier, get_deduce

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "shared" / "eval" / "conll2002-ned-testa.txt"
CHUNK_WORDS = 150
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "'s"}
NO_SPACE_AFTER = {"("}
NAME_KINDS = {"person", "location", "organisation"}


@dataclass
class Sentence:
    tokens: list[str]
    tags: list[str]
    doc: int
    text: str = ""
    offsets: list[tuple[int, int]] = field(default_factory=list)


def read_conll(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    doc = 0

    def flush() -> None:
        if tokens:
            sentences.append(Sentence(list(tokens), list(tags), doc))
            tokens.clear()
            tags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            flush()
            continue
        if parts[0] == "-DOCSTART-":
            flush()
            doc += 1
            continue
        tokens.append(parts[0])
        tags.append(parts[-1])
    flush()
    for sentence in sentences:
        detokenize(sentence)
    return sentences


def detokenize(sentence: Sentence) -> None:
    """Join tokens the way the text was written, remembering where each token is."""
    text = ""
    previous = None
    for token in sentence.tokens:
        if text and token not in NO_SPACE_BEFORE and previous not in NO_SPACE_AFTER:
            text += " "
        sentence.offsets.append((len(text), len(text) + len(token)))
        text += token
        previous = token
    sentence.text = text


def entity_type(tag: str) -> str:
    return "O" if tag == "O" else tag.split("-", 1)[-1]


def evaluate(sentences: list[Sentence], deidentifier: Deidentifier) -> dict:
    totals: Counter[str] = Counter()
    covered: Counter[str] = Counter()
    fp_kinds: Counter[str] = Counter()
    start = time.perf_counter()
    for sentence in sentences:
        result = deidentifier(sentence.text)
        spans = [(a.start, a.end, a.kind) for a in result.annotations]
        for (t_start, t_end), tag in zip(sentence.offsets, sentence.tags):
            etype = entity_type(tag)
            totals[etype] += 1
            hit = next((kind for s, e, kind in spans if s < t_end and e > t_start), None)
            if hit is not None:
                covered[etype] += 1
                if etype == "O":
                    fp_kinds[hit] += 1
    elapsed = time.perf_counter() - start

    def share(etype: str) -> float:
        return round(covered[etype] / totals[etype], 4) if totals[etype] else 0.0

    return {
        "per_coverage": share("PER"),
        "loc_coverage": share("LOC"),
        "org_coverage": share("ORG"),
        "misc_coverage": share("MISC"),
        "fp_rate": share("O"),
        "fp_name_rate": round(
            sum(n for kind, n in fp_kinds.items() if kind in NAME_KINDS) / totals["O"], 4
        ) if totals["O"] else 0.0,
        "fp_by_kind": dict(fp_kinds.most_common()),
        "tokens": dict(totals),
        "sentences_per_s": round(len(sentences) / elapsed, 1),
    }


def chunks(sentences: list[Sentence]) -> list[str]:
    """Whole-document texts of about CHUNK_WORDS words, never across documents."""
    out: list[str] = []
    current: list[str] = []
    words = 0
    doc = None
    for sentence in sentences:
        if current and (sentence.doc != doc or words >= CHUNK_WORDS):
            out.append(" ".join(current))
            current, words = [], 0
        current.append(sentence.text)
        words += len(sentence.tokens)
        doc = sentence.doc
    if current:
        out.append(" ".join(current))
    return out


def stories_per_second(texts: list[str], deidentifier: Deidentifier) -> float:
    start = time.perf_counter()
    for text in texts:
        deidentifier(text)
    return round(len(texts) / (time.perf_counter() - start), 1)


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH, help="CoNLL-2002 file")
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    args = parser.parse_args(argv)

    if not args.path.is_file():
        print(f"Bestand niet gevonden: {args.path}", file=sys.stderr)
        return 2
    sentences = read_conll(args.path)
    if args.limit:
        sentences = sentences[: args.limit]

    load_start = time.perf_counter()
    get_deduce()
    load_s = round(time.perf_counter() - load_start, 1)

    texts = chunks(sentences)
    configs = {
        "without": Deidentifier(social_domain=False),
        "with": Deidentifier(social_domain=True),
        # Countries are kept by default; this shows how much of LOC they are.
        "with_countries": Deidentifier(social_domain=True, replace_countries=True),
    }
    report: dict = {
        "benchmark": "deidentify_conll",
        "file": args.path.name,
        "sentences": len(sentences),
        "stories": len(texts),
        "words_per_story": CHUNK_WORDS,
        "deduce_load_s": load_s,
        "cpu": cpu_name(),
        "cores": len(__import__("os").sched_getaffinity(0)),
    }
    for name, deidentifier in configs.items():
        deidentifier(sentences[0].text)  # warm up regex caches
        scores = evaluate(sentences, deidentifier)
        scores["stories_per_s"] = stories_per_second(texts, deidentifier)
        report[name] = scores

    print(f"CoNLL-2002 {args.path.name}: {len(sentences)} zinnen, {len(texts)} verhalen van ~{CHUNK_WORDS} woorden")
    print(f"deduce geladen in {load_s} s; {report['cpu']}, {report['cores']} cores")
    print()
    header = f"{'':30}{'zonder':>10}{'met':>10}{'met + landen':>14}"
    print("aanvullingen voor het sociaal domein:")
    print(header)
    print("-" * len(header))
    rows = [
        ("PER-dekking", "per_coverage", "{:.1%}"),
        ("LOC-dekking", "loc_coverage", "{:.1%}"),
        ("ORG-dekking (info)", "org_coverage", "{:.1%}"),
        ("MISC-dekking (info)", "misc_coverage", "{:.1%}"),
        ("fout-positief, alle soorten", "fp_rate", "{:.2%}"),
        ("fout-positief, namen", "fp_name_rate", "{:.2%}"),
        ("zinnen per seconde", "sentences_per_s", "{:.0f}"),
        ("verhalen per seconde", "stories_per_s", "{:.0f}"),
    ]
    for label, key, fmt in rows:
        cells = "".join(
            f"{fmt.format(report[name][key]):>{width}}"
            for name, width in (("without", 10), ("with", 10), ("with_countries", 14))
        )
        print(f"{label:30}{cells}")
    print()
    print("fout-positief naar soort (met):", report["with"]["fp_by_kind"])
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
