"""The deduce library, loaded once per process and mapped onto our kinds.

Constructing `deduce.Deduce()` builds or loads large lookup structures (about
100 s the very first time on a machine, some 10 s after that), so there is one
shared instance, created on first use.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .spans import TIER_GUESS, Span

# deduce's own steps that we replace: its age regex counts durations
# ("10 jaar op straat") as ages; its merging of neighbouring names also
# crosses sentence ends ("mevrouw de Groot. Joris"); we redact ourselves;
# and we keep "street + number" apart from places to tag it as an address.
_DISABLED = frozenset({"age", "merge_adjacent_annotations", "redactor", "clean_street_tags"})

_TAG_KINDS = {
    "persoon": "person",
    "patient": "person",
    "locatie": "location",
    "straat+huisnummer": "address",
    "straat+huisnummer+huisnummerletter": "address",
    "zorginstelling": "organisation",
    "ziekenhuis": "organisation",
    "datum": "date",
    "leeftijd": "age",
    "bsn": "bsn",
    "id": "id_number",
    "telefoonnummer": "phone",
    "emailadres": "email",
    "url": "url",
}

_lock = threading.Lock()
_instance: Any = None


def get_deduce() -> Any:
    """The process-wide deduce instance (created lazily, thread-safe)."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                _instance = _build()
    return _instance


def _build() -> Any:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    # deduce unpickles millions of small objects. With the cyclic garbage
    # collector running meanwhile, loading takes twice as long, and every later
    # full collection (and the interpreter's exit: some 10 s) walks them all
    # again. So: collect first, load with the collector off, then freeze what
    # exists into the permanent generation, which the collector skips.
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        import deduce  # noqa: PLC0415 - heavy, so imported only when first needed

        with _one_builder(Path(deduce.__file__).parent / "data" / "lookup" / "cache"):
            instance = deduce.Deduce()
    finally:
        if was_enabled:
            gc.enable()
    gc.freeze()
    # Importing deduce calls logging.basicConfig(stream=sys.stdout, DEBUG): that
    # would pollute our CLI's standard output and the host's logging. Undo it.
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    return instance


@contextlib.contextmanager
def _one_builder(cache: Path):
    """One process at a time constructs deduce while its lookup cache has to be built. deduce
    rebuilds the cache when it finds it missing or stale and writes it in place: the web server
    and the background worker starting together (or test workers) wrote the same file at once
    and left a pickle no process could read again. A cache newer than every source file is only
    read, by every process at the same time (no waiting: the worker would otherwise load after
    the server already answers, competing with its first requests). deduce judges "stale" in
    local time, which Django sets; bin/_venv stamps the cache so that it is fresh in every zone.
    Without a writable cache folder deduce cannot write either: no lock needed."""
    if _fresh(cache):
        yield
        return
    try:
        handle = open(cache / ".meervoud-build.lock", "a")
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed
        yield


def _fresh(cache: Path) -> bool:
    built = cache / "lookup_structs.pickle"
    if not built.exists():
        return False
    sources = [path.stat().st_mtime for path in (cache.parent / "src").glob("**")]
    return built.stat().st_mtime > max(sources, default=0)


# deduce's name context step takes time (and stack) that grows steeply with a run of
# capitalised words: 200 in a row take a second, 1000 exceed the recursion limit. The intake
# form is open to anyone, so such a run is cut into pieces that deduce reads one by one.
_RUN = 24
_APOSTROPHES = str.maketrans("’‘", "''")


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece): the text, cut before every _RUN-th capitalised word in a row."""
    cuts, run = [0], 0
    for word in re.finditer(r"\S+", text):
        run = run + 1 if word.group(0)[0].isupper() else 0
        if run > _RUN:
            cuts.append(word.start())
            run = 1
    cuts.append(len(text))
    for start, end in zip(cuts, cuts[1:]):
        yield start, text[start:end]


def deduce_spans(text: str) -> Iterator[Span]:
    for offset, piece in _pieces(text):
        for span in _piece_spans(piece):
            yield Span(span.start + offset, span.end + offset, span.kind, span.tier)


def _piece_spans(text: str) -> Iterator[Span]:
    if not text.strip():
        return
    # phones and word processors type ’s-Hertogenbosch; deduce knows 's-Hertogenbosch (one
    # character for one: the offsets stay the same)
    doc = get_deduce().deidentify(text.translate(_APOSTROPHES), disabled=set(_DISABLED))
    for ann in doc.annotations:
        kind = _TAG_KINDS.get(ann.tag)
        if kind is None:
            continue
        start, end = ann.start_char, ann.end_char
        # deduce sometimes keeps trailing punctuation or spaces in a span.
        while end > start and not text[end - 1].isalnum() and text[end - 1] not in ")'’":
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if any(ch.isalnum() for ch in text[start:end]):
            yield Span(start, end, kind, TIER_GUESS)
