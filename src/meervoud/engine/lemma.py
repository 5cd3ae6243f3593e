"""Lemmas: one form for the inflections of a word ("wachtlijsten" -> "wachtlijst", "debts" -> "debt").

The labeler counts a term once per narrator; a word that five narrators use in two forms
("schuld", "schulden") would otherwise count as two words of fewer narrators, and its theme
would stay unnamed. Everything that later looks for a keyword in a statement (the marks on a
curator's page, the keyword share, a keyword checked after a withdrawal) compares lemmas too,
with this same function, so a stored keyword is always found again in the statements it came from.

``simplemma`` is small, has no dependencies and ships its dictionaries in the wheel (no network,
no model). Dutch comes first and English second, always, whatever the corpus language: keywords
are matched where the corpus language is not known (a curator's page), and a match must not
depend on it. Dutch rarely holds an English inflection ("debts", "children", "landlords" fall
through to English), while English first would read Dutch "woning" as a form of "wone".

simplemma's lemma is not always a fixed point ("boetes" -> "boete" -> "boeten", "wachtte" ->
"wachten" -> "wacht"): the lemma is followed until it no longer changes (in a cycle, the
alphabetically first of it), so every form of a word reaches the same lemma and the lemma of a
lemma is itself.
"""

from __future__ import annotations

from functools import lru_cache

LANGUAGES = ("nl", "en")
NAME = f"simplemma({'+'.join(LANGUAGES)})"  # in the labeler's name: its lemmas are part of its output
_MAX_STEPS = 8  # simplemma's chains are short (two or three steps); a guard, not a limit in practice


@lru_cache(maxsize=1 << 18)  # called for every word of every statement; a corpus has far fewer distinct words
def lemma(word: str, languages: tuple[str, ...] = LANGUAGES) -> str:
    """The lemma of a case-folded ``word``, deterministic and idempotent (``lemma(lemma(w)) ==
    lemma(w)``). A word simplemma does not know is its own lemma."""
    import simplemma  # loads its dictionaries on first use

    seen = [word]
    for _ in range(_MAX_STEPS):
        nxt = simplemma.lemmatize(seen[-1], lang=languages).casefold()
        if nxt == seen[-1] or not nxt or " " in nxt:  # never a lemma of several words: a term is split on spaces
            return seen[-1]
        if nxt in seen:  # a cycle ("wachten" <-> "wacht"): one fixed choice for all its members
            return min(seen[seen.index(nxt):])
        seen.append(nxt)
    return min(seen)
