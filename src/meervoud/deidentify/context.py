"""Names recognised by their context in a story, and the guard against
deduce's Dutch name lists firing on English words."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources

from .spans import TIER_GUESS, Span, at_sentence_start

# In experience stories people are mostly introduced by their relation to the
# narrator ("mijn zus Dewi", "mijn begeleider Ruud"). A capitalised word right
# after such a word is a name even when no name list knows it.
_RELATIONS_NL = (
    r"vader|moeder|pa|ma|papa|mama|stiefvader|stiefmoeder|pleegvader|pleegmoeder|broer|broertje|"
    r"zus|zusje|zoon|zoontje|dochter|dochtertje|opa|oma|oom|tante|neef|nicht|vriend|vriendin|"
    r"vriendje|vriendinnetje|man|vrouw|partner|ex|ex-man|ex-vrouw|ex-partner|ex-vriend|ex-vriendin|"
    r"schoonmoeder|schoonvader|zwager|schoonzus|buurman|buurvrouw|begeleider|begeleidster|"
    r"hulpverlener|maatje|buddy|baas|collega|kind|kleinzoon|kleindochter|huisgenoot|therapeut|"
    r"psychiater|psycholoog|casemanager|bewindvoerder|mentor|coach|jongste|oudste|klasgenoot|"
    r"juf|meester|huisarts|wijkagent|consulent|jongen|meisje|verloofde|stiefzoon|stiefdochter"
)
_RELATIONS_EN = (
    r"mother|mom|mum|father|dad|stepfather|stepmother|stepdad|stepmom|brother|sister|son|daughter|"
    r"husband|wife|boyfriend|girlfriend|bf|gf|partner|ex|ex-husband|ex-wife|ex-boyfriend|"
    r"ex-girlfriend|friend|aunt|uncle|cousin|grandma|grandpa|grandmother|grandfather|niece|"
    r"nephew|roommate|therapist|counselor|counsellor|boss|neighbor|neighbour|caseworker|landlord|"
    r"fiance|fiancée|fiancé|kid|child|baby|coworker|colleague|doctor"
)
_UPPER = "A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻŞĞİÇŠŽČ"
# A capitalised word in any alphabet with Latin letters ("Paweł", "Ayşe").
_NAME = rf"(?-i:[{_UPPER}])(?:[^\W\d_]|['’])+(?:-(?-i:[{_UPPER}])(?:[^\W\d_]|['’])+)?"
_SURNAME_TAIL = r"(?:\s+(?:(?:van|de|der|den|ter|ten|van\s+de|van\s+der|van\s+den)\s+)?" + _NAME + r")?"

# The cue words in any capitals, the name itself capitalised.
_CONTEXT_NL = re.compile(
    r"\b(?i:(?:mijn|m'n|zijn|z'n|haar|d'r|onze|ons|je|jouw|hun|de|het|een)\s+(?:(?:oudste|jongste|"
    r"oudere|jongere|kleine|grote|beste|nieuwe|toenmalige|vorige|eerste|tweede|lieve)\s+)?"
    r"(?:" + _RELATIONS_NL + r")),?\s+(" + _NAME + _SURNAME_TAIL + r")"
    r"|\b(?i:heet|heette|heten|genaamd|noemde\s+(?:zich|hem|haar)|noemen\s+(?:hem|haar)"
    # a nickname names a person as well as a name does: "noemden ze me Pukkie", "mijn bijnaam was"
    r"|noem(?:de|den|en|t)?\s+(?:ze\s+)?(?:me|mij)|(?:bij|roep)naam\s+(?:is|was))\s+("
    + _NAME + _SURNAME_TAIL + r")"
)
_CONTEXT_EN = re.compile(
    r"\b(?i:(?:my|his|her|our|their|your)\s+(?:(?:older|younger|little|big|best|new|old|late|then)\s+)?"
    r"(?:" + _RELATIONS_EN + r")),?\s+(" + _NAME + _SURNAME_TAIL + r")"
    r"|\b(?i:named|called|name\s+is|name\s+was)\s+(" + _NAME + _SURNAME_TAIL + r")"
)

# Capitalised words that follow such a relation word without being a name.
_NOT_NAMES = frozenset(
    "Ik Hij Zij Ze We Wij Jij Je U Het De Een En Maar Toen Dan Die Dat Daar Hier Wat Wie God "
    "Allah Jezus Nederland Nederlands Nederlandse Engels Frans Duits Turks Marokkaans Arabisch "
    "Pools Surinaams Antilliaans I I'm I've I'd I'll And But So Then The A An He She We They It "
    "My Mom Dad Mum Christmas Kerst Kerstmis Pasen Sinterklaas Ramadan Suikerfeest".split()
)


def _name_span(match: re.Match[str], group: int) -> Span | None:
    """The matched name, cut before the first word that is clearly no name."""
    start = end = match.start(group)
    last = ""
    for word in re.finditer(r"\S+", match.group(group)):
        if word.group(0) in _NOT_NAMES:
            break
        end = start + word.end()
        last = word.group(0)
    if end > start and last not in {"van", "de", "der", "den", "ter", "ten"}:
        return Span(start, end, "person", TIER_GUESS)
    return None


def _find(rx: re.Pattern[str], text: str) -> Iterator[Span]:
    for m in rx.finditer(text):
        span = _name_span(m, 1 if m.group(1) else 2)
        if span is not None:
            yield span


@lru_cache(maxsize=None)
def _first_names_rx() -> re.Pattern[str]:
    lines = resources.files(__package__).joinpath("data", "first_names.txt").read_text("utf-8")
    names = {line.strip() for line in lines.splitlines() if line.strip() and not line.startswith("#")}
    body = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])((?:{body})(?![\w-])" + _SURNAME_TAIL + r")")


def find_extra_first_names(text: str) -> Iterator[Span]:
    """First names from data/first_names.txt, with the surname that may follow."""
    for m in _first_names_rx().finditer(text):
        span = _name_span(m, 1)
        if span is not None:
            yield span


def find_context_names(text: str, lang: str) -> Iterator[Span]:
    yield from _find(_CONTEXT_EN if lang == "en" else _CONTEXT_NL, text)


@lru_cache(maxsize=None)
def _english_words() -> frozenset[str]:
    lines = resources.files(__package__).joinpath("data", "english_not_names.txt").read_text("utf-8")
    return frozenset(
        line.strip().casefold() for line in lines.splitlines() if line.strip() and not line.startswith("#")
    )


def drop_english_false_names(text: str, spans: list[Span]) -> list[Span]:
    """deduce knows Dutch names and places only; in English text its lists also
    hit ordinary words ("Will", "Best", "Mark"). Drop one-word person and place
    spans that are such words."""
    words = _english_words()
    kept = []
    for span in spans:
        surface = text[span.start : span.end]
        if span.kind in {"person", "location", "organisation"} and " " not in surface and _bare(surface) in words:
            continue
        kept.append(span)
    return kept


# ---------------------------------------------------------------- tidying deduce's person spans

# Personal titles: kept out of the span ("mevrouw [PERSOON-1]" reads better and
# the title names no one), and after them a lowercase particle is part of the
# name ("meneer van Dijk").
_TITLES = frozenset(
    "meneer mevrouw mevr mw dhr mr dr drs ir ing prof ds mej mijnheer heer juf juffrouw "
    "meester dokter zuster broeder oom ome tante opa oma fam familie collega bacc kand lec".split()
)
_PARTICLES = frozenset("van de der den ter ten te het 't in op".split())
_ABBREVIATED_TITLES = frozenset("mevr mw dhr dr mr drs ir ing prof ds mej fam".split())


@lru_cache(maxsize=None)
def _not_names() -> frozenset[str]:
    lines = resources.files(__package__).joinpath("data", "not_names.txt").read_text("utf-8")
    return frozenset(
        line.strip().casefold() for line in lines.splitlines() if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=None)
def _common_word_surnames() -> frozenset[str]:
    lines = resources.files(__package__).joinpath("data", "common_word_surnames.txt").read_text("utf-8")
    return frozenset(line.strip() for line in lines.splitlines() if line.strip() and not line.startswith("#"))


def _bare(word: str) -> str:
    return re.sub(r"['’]", "", word.rstrip(".,:;!?")).casefold()


def refine_person_spans(text: str, spans: list[Span], lang: str = "nl") -> list[Span]:
    """Trim titles and non-name words off deduce's person spans and drop spans
    that are no person: "van Brussel" after a preposition is a place (a lowercase
    particle only belongs to a name after a first name, initial or title), and
    "Pas" opening a sentence is an adverb, not the surname Pas. In English text
    capitals prove even less, so English words are dropped wherever they stand."""
    not_names = _not_names() | (_english_words() if lang == "en" else frozenset())
    skip = not_names | _TITLES
    out: list[Span] = []
    for span in spans:
        if span.kind != "person":
            out.append(span)
            continue
        words = list(re.finditer(r"\S+", text[span.start : span.end]))
        first, last = 0, len(words) - 1
        titled = _bare(_word_before(text, span.start)) in _TITLES
        while first < last:
            word = _bare(words[first].group(0))
            nxt = _bare(words[first + 1].group(0))
            if word in _TITLES or (word == "de" and nxt in {"heer", "hooggeleerde"}):
                titled = True
            elif word not in not_names:
                break
            first += 1
        # a word after a particle is a surname even when it is also a word ("De Jong", "van der Meer")
        while (last > first and _bare(words[last].group(0)) in skip
               and _bare(words[last - 1].group(0)) not in _PARTICLES):
            last -= 1
        start = span.start + words[first].start()
        end = span.start + words[last].end()
        head = words[first].group(0)
        if head in _PARTICLES and not titled:
            continue
        if all(_bare(w.group(0)) in _PARTICLES for w in words[first : last + 1]):
            continue  # "Van" alone is no name
        if first == last:
            bare = _bare(head)
            # after an abbreviated title ("mevr. Bakker") the full stop ends the title, not a
            # sentence; after "dokter." it may well end one
            before = _word_before(text, start)
            opens = at_sentence_start(text, start) and not (
                before.endswith(".") and _bare(before) in _ABBREVIATED_TITLES)
            if bare in skip and (lang == "en" or bare in _TITLES or opens):
                continue
            if bare in _common_word_surnames() and opens:
                continue
        out.append(Span(start, end, "person", span.tier, span.key))
    return out


def _word_before(text: str, pos: int) -> str:
    match = re.search(r"(\S+)\s+$", text[max(0, pos - 40) : pos])
    return match.group(1) if match else ""


def repeat_person_words(text: str, spans: list[Span], cued: Iterable[Span] = ()) -> list[Span]:
    """A surname found once in a full name ("Ehud Barak") also names that person
    where it stands alone later ("Barak zei"): mark its other capitalised
    occurrences, so no part of a found name stays in the text. So does a single
    name that a cue introduced (``cued``: "mijn zus Dewayna" ... "Dewayna belde")."""
    not_names = _not_names()
    words = set()
    single = {(span.start, span.end) for span in cued}
    for span in spans:
        if span.kind != "person":
            continue
        parts = text[span.start : span.end].split()
        if len(parts) < 2 and (span.start, span.end) not in single:
            continue
        for part in parts:
            part = part.strip(".,:;'’")
            if len(part) > 2 and part[0].isupper() and part.casefold() not in not_names | _TITLES:
                words.add(part)
    if not words:
        return []
    body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return [
        Span(m.start(), m.end(), "person", TIER_GUESS)
        for m in re.finditer(rf"(?<![\w-])(?:{body})(?:['’]s|s)?(?![\w-])", text)
    ]
