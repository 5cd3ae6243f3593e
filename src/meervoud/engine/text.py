"""Small text helpers shared by the steps: normalisation, hashing, tokens, stopwords."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from importlib import resources

_WS = re.compile(r"\s+")
# Words: letters (incl. accents) and digits, with inner hyphens/apostrophes ("zelf-regie", "don't").
TOKEN_RE = re.compile(r"(?u)\b\w[\w'’-]*\w\b|\b\w\b")
# Placeholders left by de-identification: "[PERSOON-1]", "[LOCATIE-2]", "[DATUM]", "[E-MAIL]".
# They say nothing about the experience, but they are frequent and look alike, so left in they
# pull statements together (a "names" theme) and surface in labels.
TAG_RE = re.compile(r"\[[A-Z][A-Z-]*[A-Z](?:-\d+)?\]")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?)])")


def normalise(text: str) -> str:
    """Canonical form used for hashing and de-duplication.

    Unicode NFKC, case-folded, whitespace collapsed, typographic quotes unified, stripped.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return _WS.sub(" ", text).strip().casefold()


def neutralise_tags(text: str) -> str:
    """The text as the analysis reads it: de-identification tags removed, spacing tidied.

    Only what is embedded and labelled changes; stored statement texts, offsets and content
    hashes stay as they are. Text without tags comes back unchanged (same cache keys as before).
    """
    if "[" not in text:
        return text
    out = TAG_RE.sub(" ", text)
    if out == text:
        return text
    out = _EMPTY_BRACKETS.sub(" ", out)
    out = _SPACE_BEFORE_PUNCT.sub(r"\1", _WS.sub(" ", out)).strip()
    return out


def content_hash(text: str) -> str:
    """sha256 (hex) of the normalised text: the key for caches, curation and ordering."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def analysed_hash(text: str, text_hash: str | None = None) -> str:
    """The embedding cache's key for a statement: the hash of the text as the analysis reads it
    (:func:`neutralise_tags`). Without tags that is the statement's own hash, ``text_hash`` if given."""
    analysed = neutralise_tags(text)
    if analysed == text and text_hash:
        return text_hash
    return content_hash(analysed)


def short_hash(*parts: str, length: int = 10) -> str:
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (letters and digits)."""
    return TOKEN_RE.findall(text.casefold())


@lru_cache(maxsize=None)
def stopwords(lang: str) -> frozenset[str]:
    """Shipped stopword list for ``lang`` ("nl" or "en"); unknown languages get nl+en."""
    langs = [lang] if lang in ("nl", "en") else ["nl", "en"]
    words: set[str] = set()
    for code in langs:
        data = resources.files("meervoud.engine").joinpath("data", f"stopwords_{code}.txt").read_text("utf-8")
        for line in data.splitlines():
            line = line.split("#", 1)[0].strip().casefold()
            if line:
                words.add(line)
    return frozenset(words)


def all_stopwords() -> frozenset[str]:
    return stopwords("nl") | stopwords("en")
