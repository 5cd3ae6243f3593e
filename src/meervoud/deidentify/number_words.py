"""Dutch numbers written in words, as the age recognisers need them ("zestien",
"vierendertig", "achttiende").

"een"/"één" and "eerste" are left out: they are an article and "first" far more often than
an age of one, and nobody tells a story in which their age of one leads to them.
"""

from __future__ import annotations

import re
from functools import lru_cache

_UNITS = {2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht", 9: "negen"}
_TEENS = {10: "tien", 11: "elf", 12: "twaalf", 13: "dertien", 14: "veertien", 15: "vijftien",
          16: "zestien", 17: "zeventien", 18: "achttien", 19: "negentien"}
_TENS = {20: "twintig", 30: "dertig", 40: "veertig", 50: "vijftig", 60: "zestig", 70: "zeventig",
         80: "tachtig", 90: "negentig"}
# in a compound "een" is the unit one: "eenentwintig"
_COMPOUND_UNITS = {1: "een", **_UNITS}


def _cardinals() -> dict[str, int]:
    words: dict[str, int] = {}
    words.update({word: value for value, word in _UNITS.items()})
    words.update({word: value for value, word in _TEENS.items()})
    for ten, ten_word in _TENS.items():
        words[ten_word] = ten
        for unit, unit_word in _COMPOUND_UNITS.items():
            # "tweeëntwintig", "drieëntwintig": the diaeresis is often left out when typing
            joiners = ("ën", "en") if unit_word.endswith("e") else ("en",)
            for joiner in joiners:
                words[f"{unit_word}{joiner}{ten_word}"] = ten + unit
    words["honderd"] = 100
    return words


def _ordinal(word: str, value: int) -> str:
    irregular = {2: "tweede", 3: "derde", 8: "achtste"}
    if value in irregular:
        return irregular[value]
    # 4 to 19 take -de ("vierde", "achttiende"); tens, compounds and 100 take -ste
    return word + ("ste" if value >= 20 else "de")


@lru_cache(maxsize=None)
def cardinals() -> dict[str, int]:
    """word -> value, two to one hundred."""
    return _cardinals()


@lru_cache(maxsize=None)
def ordinals() -> dict[str, int]:
    """"tweede" to "honderdste" -> value."""
    return {_ordinal(word, value): value for word, value in cardinals().items()}


def alternation(words: dict[str, int]) -> str:
    """A regex alternation of ``words``, longest first (so "tweeëntwintig" before "twee")."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
