"""Small text helpers shared by the apps.

:func:`fold`: text compared the way people type it (case and accents ignored).

:func:`xml_safe`: text that goes into XML documents (Word, REFI-QDA, SVG). Text pasted from other programs can carry control characters (Word's soft line break \\x0b,
a bell \\x07) that XML 1.0 does not allow; lxml then refuses the whole document. Exports pass
every user-written string through :func:`xml_safe` instead of failing for everyone.
"""

import re
import unicodedata

# XML 1.0 allows tab, line feed and carriage return of the C0 controls, and no surrogates or
# U+FFFE/U+FFFF; a vertical tab or form feed reads as a line break
_LINE_BREAKS = re.compile("[\x0b\x0c]")
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str | None) -> str:
    """``text`` with the characters XML 1.0 refuses removed (vertical tab, form feed: a
    line break); ``None`` becomes ``""``."""
    return _NOT_XML.sub("", _LINE_BREAKS.sub("\n", text or ""))


def fold(text: str) -> str:
    """``text`` case-folded and without accents ("Súdwest-Fryslân" -> "sudwest-fryslan")."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold())
                   if not unicodedata.combining(ch))
