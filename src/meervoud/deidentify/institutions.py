"""Care providers that no list knows, recognised by the word that says what they are:
"Stichting Sterk Huis", "Zorgcentrum De Wijde Wereld", "bij zorggroep De Linde".

A small local provider (a shelter, a care home, a care farm) with a place and a year is how
people in a village recognise who is speaking, and there are far too many to list. A
capitalised name right after such a word is a name, so it goes. "De stichting hielp me niet"
and "het zorgcentrum" alone stay: without a capitalised name after it, the word only says
what kind of help it was. Where the text names the provider again without the word ("Bij Sterk
Huis ..."), that goes too, under the same number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .lexicon import normalise
from .spans import TIER_GUESS, Span, at_sentence_start

# The words that introduce a care or welfare provider by name (in Dutch the compounds of "zorg"
# and "opvang" are one word; "Trimbos-instituut" is no kind word followed by a name).
_KINDS = (
    r"stichting|zorgcentrum|woonzorgcentrum|zorggroep|zorginstelling|zorgorganisatie|zorgcomplex|"
    r"woonzorgcomplex|verpleeghuis|verzorgingshuis|zorgboerderij|woongroep|woonvoorziening|"
    r"opvanghuis|opvangcentrum|opvanglocatie|nachtopvang|dagopvang|crisisopvang|vrouwenopvang|"
    r"daklozenopvang|maatschappelijke\s+opvang|inloophuis|buurthuis|wijkcentrum|dagbesteding|"
    r"behandelcentrum|kliniek|verslavingskliniek|revalidatiecentrum|gezinshuis|logeerhuis|hospice|"
    r"zorghotel|herstelcentrum|herstelacademie|instituut"
)
_ARTICLE = r"(?:de|het|den|'t|’t)"
_UPPER = "A-ZÀ-ÖØ-Þ"
# A capitalised word ("Sterk", "Wijde", "O'Neill", "Noord-Oost")
_CAPITAL_WORD = rf"(?-i:[{_UPPER}])[^\W_]*(?:['’-][^\W_]+)*"
# Lower-case words inside a name, always followed by a capitalised word ("Leger des Heils",
# "Centrum voor Zelfregie en Participatie").
_INSIDE = r"(?:van|de|der|den|des|het|'t|’t|ter|ten|voor|en|&)"
_NAMED = re.compile(
    rf"(?<![\w-])(?i:(?P<kind>{_KINDS}))[ \t]+"
    rf"(?P<name>(?:(?i:{_ARTICLE})[ \t]+)?{_CAPITAL_WORD}(?:[ \t]+(?:{_INSIDE}[ \t]+)*{_CAPITAL_WORD}){{0,4}})"
)
# Capitalised words that start the next clause rather than continue the name ("bij de stichting
# Daarna ..." with the full stop forgotten); the name ends before them.
_NOT_IN_NAME = frozenset(
    "Ik Hij Zij Ze We Wij Jij Je U Het De Een En Maar Toen Dan Die Dat Daar Hier Wat Wie Waar "
    "Daarna Daarom Dus Want Omdat Als Wanneer Nadat Ook Soms Later Eerst Nu Zo Toch Helaas "
    "Gelukkig Ineens Opeens Nou Ja Nee Er Mijn Zijn Haar Onze Hun "
    "Maandag Dinsdag Woensdag Donderdag Vrijdag Zaterdag Zondag".split()
)
_LEADING_KIND = re.compile(rf"^(?:{_KINDS})\s+", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(rf"^{_ARTICLE}\s+", re.IGNORECASE)


def identity(surface: str) -> str:
    """What a provider is numbered by: its name without the kind word and the article, so
    "Stichting De Hoop", "De Hoop" and "de Hoop" are one provider."""
    name = _LEADING_KIND.sub("", normalise(surface))
    return _LEADING_ARTICLE.sub("", name) or name


def _name_end(match: re.Match[str]) -> int:
    """End of the name: before the first word that starts a new clause (a leading article
    excepted), and on a capitalised word; the start of the name when nothing is left."""
    start = match.start("name")
    kept: list[re.Match[str]] = []
    for word in re.finditer(r"\S+", match.group("name")):
        article = not kept and re.fullmatch(_ARTICLE, word.group(0), re.IGNORECASE)
        if word.group(0) in _NOT_IN_NAME and not article:
            break
        kept.append(word)
    while kept and not kept[-1].group(0)[:1].isupper():
        kept.pop()  # "van" before a word that was cut off
    if len(kept) == 1 and re.fullmatch(_ARTICLE, kept[0].group(0), re.IGNORECASE):
        return start  # "Zorgcentrum De" and then a new clause
    return start + kept[-1].end() if kept else start


def find_named_institutions(text: str) -> Iterator[Span]:
    """Names after a kind word; the kind word is part of the name when it has a capital
    ("Stichting Sterk Huis"), else it stays ("de stichting [INSTELLING-1]"). Then every other
    place the text repeats such a name."""
    names: set[str] = set()
    for match in _NAMED.finditer(text):
        end = _name_end(match)
        if end <= match.start("name"):
            continue
        kind = match.group("kind")
        start = match.start("kind") if kind[:1].isupper() else match.start("name")
        yield Span(start, end, "organisation", TIER_GUESS, rank=1)
        name = _LEADING_ARTICLE.sub("", text[match.start("name") : end])
        if len(name) >= 3:
            names.add(name)
    if not names:
        return
    body = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    for match in re.finditer(rf"(?<![\w-])(?:{body})(?![\w-])", text):
        # one ordinary word may be capitalised because it opens a sentence ("Present")
        if " " not in match.group(0) and at_sentence_start(text, match.start()):
            continue
        yield Span(match.start(), match.end(), "organisation", TIER_GUESS, rank=1)
