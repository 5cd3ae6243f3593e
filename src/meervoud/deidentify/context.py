"""Names recognised by their context in a story, and the guard against
deduce's Dutch name lists firing on English words."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

from .lexicon import countries
from .spans import TIER_GUESS, Span, at_sentence_start

# In experience stories people are mostly introduced by their relation to the
# narrator ("mijn zus Dewi", "mijn begeleider Ruud"). A capitalised word right
# after such a word is a name even when no name list knows it.
RELATIONS_NL = (
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

# Words that introduce a name as such: "ik heet", "heet ik", "mijn naam is", "noem me maar".
# A nickname names a person as well as a name does: "noemden ze me Pukkie", "mijn bijnaam was".
_NAMING_NL = (
    r"(?:heet|heette|heten)(?:\s+(?:ik|hij|zij|ze|je|jij|u|we|wij))?|genaamd"
    r"|noemde\s+(?:zich|hem|haar)|noemen\s+(?:hem|haar)"
    r"|noem(?:de|den|en|t)?\s+(?:ze\s+)?(?:me|mij)(?:\s+maar)?|(?:bij|roep)naam\s+(?:is|was)"
    r"|(?:mijn|m'n|m’n|zijn|z'n|z’n|haar|d'r|d’r|je|jouw|uw|hun|onze)\s+(?:voor|achter)?naam\s+(?:is|was)"
)
_NAMING_EN = r"named|called|name\s+is|name\s+was"

# The cue words in any capitals, the name itself capitalised.
# "mijn (oudste) zus", "my (little) brother": the relation cue without the name.
_RELATION_CUE_NL = (
    r"(?:mijn|m'n|m’n|zijn|z'n|z’n|haar|d'r|d’r|onze|ons|je|jouw|hun|de|het|een)\s+(?:(?:oudste|jongste|"
    r"oudere|jongere|kleine|grote|beste|nieuwe|toenmalige|vorige|eerste|tweede|lieve)\s+)?"
    r"(?:" + RELATIONS_NL + r")"
)
_RELATION_CUE_EN = (
    r"(?:my|his|her|our|their|your)\s+(?:(?:older|younger|little|big|best|new|old|late|then)\s+)?"
    r"(?:" + _RELATIONS_EN + r")"
)
_CONTEXT_NL = re.compile(
    r"\b(?i:" + _RELATION_CUE_NL + r"),?\s+(" + _NAME + _SURNAME_TAIL + r")"
    r"|\b(?i:" + _NAMING_NL + r")\s+(" + _NAME + _SURNAME_TAIL + r")"
)
_CONTEXT_EN = re.compile(
    r"\b(?i:" + _RELATION_CUE_EN + r"),?\s+(" + _NAME + _SURNAME_TAIL + r")"
    r"|\b(?i:" + _NAMING_EN + r")\s+(" + _NAME + _SURNAME_TAIL + r")"
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


# ---------------------------------------------------------------- names typed in lower case

# Narrators who type on a phone write "ik heet pieter bakker", "mijn naam is fatima el amrani".
# After a naming cue a lower-case word is a name when it is a known first name (deduce's list and
# data/first_names.txt) and no ordinary word; the words after it are its surname as a cue takes
# one after a capitalised name: known first names and surnames that are no ordinary word
# ("pieter bakker"), or particles with a listed surname after them ("el amrani", "de jong").
# After a relation cue ("mijn dochter lisa", "my son jake") the same test applies, and the first
# name may in addition not be one of data/verb_like_names.txt: after a relation word "koos",
# "constant", "said", "may" are mostly a verb or adverb ("mijn vader koos voor de fles", "my mom
# said"). "mijn man pas" stays because "pas" is an ordinary word. Measured on a labelled sample
# (benchmarks/deidentify_relation_cues.py, docs/deidentify.md).
_LOWER_NAMING_EN = (
    r"(?:my|his|her|our|their|your)\s+name\s+(?:is|was)|(?:my|his|her|our|their|your)\s+name['’]s"
    r"|named|(?:i['’]m|am|is|was|were|are|be|being|get|got)\s+called"
)
_WORD = r"[^\W\d_]+(?:['’-][^\W\d_]+)*"
# the cue alone, so that a second cue in the words after it is found too ("... heet ria")
_LOWER_CUED = {
    lang: re.compile(r"\b(?i:" + cues + r")\s+(?=[^\W\d_])")
    for lang, cues in (("nl", _NAMING_NL), ("en", _LOWER_NAMING_EN))
}
# a relation cue with a lower-case word after it ("mijn dochter lisa", "my son, jake")
_LOWER_RELATION = {
    lang: re.compile(r"\b(?i:" + cue + r"),?\s+(?=[^\W\d_])")
    for lang, cue in (("nl", _RELATION_CUE_NL), ("en", _RELATION_CUE_EN))
}
_WORD_RUN = re.compile(_WORD + r"(?:[ \t]+" + _WORD + r"){0,5}")
# Words that join a first name to its surname ("jan de vries", "fatima el amrani", "ali ben
# salah"). After "van", "de", "al", "ben" ... (also ordinary words) only a listed surname counts.
_NAME_PARTICLES = frozenset(
    "van de der den ter ten te 't d' la le du da di del della dos das von zu el al bin ben ibn "
    "abu ould mc mac".split())
_MAX_NAME_WORDS = 4


def _deduce_list(path: str) -> frozenset[str]:
    """One of deduce's lookup lists (items minus exceptions), casefolded; read from the files
    deduce ships, without importing deduce (slow, and it reconfigures logging). Empty without
    deduce: then only our own lists count."""
    spec = find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    folder = Path(next(iter(spec.submodule_search_locations))) / "data" / "lookup" / "src" / path

    def read(name: str) -> set[str]:
        try:
            lines = (folder / name).read_text("utf-8").splitlines()
        except OSError:
            return set()
        return {line.strip().casefold() for line in lines if line.strip()}

    return frozenset(read("items.txt") - read("exceptions.txt"))


@lru_cache(maxsize=None)
def _lower_case_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(first names, surnames, ordinary words, stop words), all casefolded."""
    ours = resources.files(__package__).joinpath("data", "first_names.txt").read_text("utf-8")
    first = _deduce_list("names/lst_first_name") | {
        line.strip().casefold() for line in ours.splitlines() if line.strip() and not line.startswith("#")}
    surnames = _deduce_list("names/lst_surname") | _deduce_list("names/lst_interfix_surname")
    stop = _deduce_list("whitelist/lst_stop_word")
    ordinary = (_deduce_list("whitelist/lst_common_word") | _deduce_list("whitelist/lst_medical_term")
                | stop | _not_names() | _TITLES | _PARTICLES
                # "een land genaamd israël": where someone comes from stays (docs/deidentify.md)
                | {entry.text.casefold() for entry in countries().entries})
    return frozenset(first), frozenset(surnames), frozenset(ordinary), stop


@lru_cache(maxsize=None)
def _ordinary_words(lang: str) -> frozenset[str]:
    return _lower_case_lists()[2] | (_english_words() if lang == "en" else frozenset())


def _is_first_name(word: str, ordinary: frozenset[str]) -> bool:
    first = _lower_case_lists()[0]
    word = word.casefold()
    if word in ordinary or len(word) < 2:
        return False
    # "anne-marie", "pieter-jan": every part a first name
    return word in first or all(part in first and part not in ordinary for part in word.split("-"))


def _is_surname(word: str, ordinary: frozenset[str], after_particle: bool) -> bool:
    _, surnames, _, stop = _lower_case_lists()
    word = word.casefold()
    if len(word) < 2 or word in _NAME_PARTICLES or word in stop:
        return False
    parts = word.split("-")  # "de vries-bakker"
    if after_particle:  # "de jong", "de wit": a surname even when it is also a word
        return all(part in surnames for part in parts)
    return all(part in surnames and part not in ordinary for part in parts)


def _lower_name_end(words: list[re.Match[str]], ordinary: frozenset[str]) -> int:
    """How many of ``words`` (after a naming cue) form the name: 0 when the first is no first name."""
    if not _is_first_name(words[0].group(0), ordinary):
        return 0
    taken = 1
    while taken < min(len(words), _MAX_NAME_WORDS):
        particles = taken
        while particles < len(words) and words[particles].group(0).casefold() in _NAME_PARTICLES:
            particles += 1
        if particles > taken:
            if particles < len(words) and _is_surname(words[particles].group(0), ordinary,
                                                      after_particle=True):
                return particles + 1  # the surname after its particles ends the name
            break
        word = words[taken].group(0)
        if not (_is_surname(word, ordinary, after_particle=False) or _is_first_name(word, ordinary)):
            break
        taken += 1
    return taken


# a cue after which the name starts with the surname: "mijn achternaam is (de) bakker"
_SURNAME_CUE = re.compile(r"(?i:achternaam|surname|last\s+name|family\s+name)\s+(?i:is|was)\s+$")


def _lower_surname_end(words: list[re.Match[str]]) -> int:
    """After "achternaam is": particles and one listed surname, even if it is also a word (the
    cue says it is a name: "bakker", "de jong"); 0 when no listed surname follows."""
    particles = 0
    while particles < len(words) and words[particles].group(0).casefold() in _NAME_PARTICLES:
        particles += 1
    if particles < len(words) and _is_surname(words[particles].group(0), frozenset(), after_particle=True):
        return particles + 1
    return 0


@lru_cache(maxsize=None)
def _verb_like_names() -> dict[str, frozenset[str]]:
    """data/verb_like_names.txt, per language ([nl], [en] sections), casefolded."""
    lists: dict[str, set[str]] = {"nl": set(), "en": set()}
    lang = "nl"
    lines = resources.files(__package__).joinpath("data", "verb_like_names.txt").read_text("utf-8")
    for line in lines.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            lang = line[1:-1]
            lists.setdefault(lang, set())
        elif line and not line.startswith("#"):
            lists[lang].add(line.casefold())
    return {key: frozenset(words) for key, words in lists.items()}


@lru_cache(maxsize=None)
def _relation_ordinary(lang: str) -> frozenset[str]:
    """Ordinary words after a relation cue: those of the naming cues and the verb-like names."""
    return _ordinary_words(lang) | _verb_like_names().get(lang, frozenset())


def _lower_cues(text: str, lang: str) -> list[tuple[re.Match[str], bool]]:
    """Naming cues (False) and relation cues followed by a lower-case word (True), in order."""
    cues = [(cue, False) for cue in _LOWER_CUED[lang].finditer(text)]
    cues += [(cue, True) for cue in _LOWER_RELATION[lang].finditer(text) if text[cue.end()].islower()]
    return sorted(cues, key=lambda item: item[0].end())


def find_lower_case_names(text: str, lang: str) -> Iterator[Span]:
    """Names after a naming cue whatever their capitals ("ik heet pieter bakker"), names typed in
    lower case after a relation cue ("mijn dochter lisa"), and the other places where the text
    repeats the words that are no ordinary word ("pieter zei ...")."""
    lang = "en" if lang == "en" else "nl"
    cues = _lower_cues(text, lang)
    if not cues:
        return
    ordinary = _ordinary_words(lang)
    surnames = _lower_case_lists()[1]
    repeated: set[str] = set()
    for cue, relation in cues:
        match = _WORD_RUN.match(text, cue.end())
        if match is None:
            continue
        start = match.start()
        words = list(re.finditer(_WORD, match.group(0)))
        surname_first = not relation and _SURNAME_CUE.search(text, max(0, cue.start() - 20), cue.end()) is not None
        if surname_first:
            count = _lower_surname_end(words)
        else:  # after a relation cue verb-like names are no name ("my mom said"), nor a surname
            count = _lower_name_end(words, _relation_ordinary(lang) if relation else ordinary)
        if not count:
            continue
        yield Span(start + words[0].start(), start + words[count - 1].end(), "person", TIER_GUESS)
        for word in words[:count]:
            bare = word.group(0).casefold()
            if bare in _NAME_PARTICLES or bare in _common_word_surnames():
                continue
            if _is_first_name(bare, ordinary) or (bare in surnames and bare not in ordinary):
                repeated.add(bare)
    if repeated:
        body = "|".join(re.escape(word) for word in sorted(repeated, key=len, reverse=True))
        for match in re.finditer(rf"(?<![\w-])(?:{body})(?![\w-])", text, re.IGNORECASE):
            yield Span(match.start(), match.end(), "person", TIER_GUESS)


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
