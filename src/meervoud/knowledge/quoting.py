"""A narrator's words quoted in what peer experts wrote. The collective statement is the peer
experts' own text, but it may quote a narrator word for word; when she withdraws, her words go
from there too, as they go from the statements and the quotes."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

from django.conf import settings

# this many words in a row, taken from a story, make a quote; fewer are everyday phrases
QUOTE_WORDS = 6
_WORD = re.compile(r"\w+")
CUT = "[…]"


def quoted_runs(texts: Iterable[str]) -> set[tuple[str, ...]]:
    """The runs of QUOTE_WORDS words of these texts, to check collective statements against."""
    runs = set()
    for text in texts:
        words = [w.casefold() for w in _WORD.findall(text)]
        runs.update(tuple(words[i:i + QUOTE_WORDS]) for i in range(len(words) - QUOTE_WORDS + 1))
    return runs


def run_digest(run: tuple[str, ...]) -> str:
    """A keyed digest (HMAC-SHA256 with the secret key) of one run of :func:`quoted_runs`: lets
    a run be recognised again without keeping its words, and without the key nobody can test a
    guessed sentence against it."""
    return hmac.new(settings.SECRET_KEY.encode(), ("quote:" + " ".join(run)).encode(),
                    hashlib.sha256).hexdigest()


def strip_quoted(text: str, runs: set[tuple[str, ...]]) -> str | None:
    """``text`` with every stretch of ``runs`` (see :func:`quoted_runs`) replaced by "[…]"; None
    when it quotes none of them."""
    words = list(_WORD.finditer(text or ""))
    quoted = [False] * len(words)
    for i in range(len(words) - QUOTE_WORDS + 1):
        if tuple(m.group().casefold() for m in words[i:i + QUOTE_WORDS]) in runs:
            quoted[i:i + QUOTE_WORDS] = [True] * QUOTE_WORDS
    if not any(quoted):
        return None
    out, at, i = [], 0, 0
    while i < len(words):
        if not quoted[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and quoted[j + 1]:
            j += 1
        out += [text[at:words[i].start()], CUT]
        at, i = words[j].end(), j + 1
    out.append(text[at:])
    return "".join(out)

