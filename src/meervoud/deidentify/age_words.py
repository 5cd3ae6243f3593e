"""Ages written in words ("toen ik zestien was", "op mijn achttiende", "ik ben vierendertig
jaar"), found in the same places as an age in digits (patterns.py), so the same fact goes
whichever way it was typed. Only the number is replaced: "toen ik [LEEFTIJD] was".

Words are more often a count than digits are ("ik ben twee of drie keer opgenomen", "na mijn
tweede opname"), so two rules are stricter than for digits: a number followed by another
("twee of drie", "zestien, zeventien") is taken together, as a range, and only when the range
itself stands where an age does; an ordinal after "op mijn" and the like only when no noun
follows it (what does follow is listed in ``_AFTER_ORDINAL``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .context import RELATIONS_NL
from .number_words import alternation, cardinals, ordinals
from .patterns import AGE_END_NL, AGE_FILLERS_NL, AGE_PERSON_NOUNS_NL, AGE_VERBS_NL, Recogniser, rx, run
from .spans import Span

_WORD = r"(?<![\w.,-])(?:" + alternation(cardinals()) + r")(?![\w-])"
_ORDINAL = r"(?:" + alternation(ordinals()) + r"|eerste|laatste|volgende)"
# "zestien of zeventien", "twee, drie", "twee à drie", "zestien-zeventien": once a second number
# follows, it belongs to the first (atomic: never given back to let "twee" pass on its own)
_RANGE = _WORD + r"(?>(?:\s*(?:,|of|à|a|tot|-|–)\s*" + _WORD + r")?)"
_SUBJECT_PRONOUNS = r"ik|hij|zij|ze|je|jij|u|we|wij|er"
# Who has an age: a person, and not "de WW", "mijn contract" ("mijn contract was twee jaar en
# ..."). After a possessive only a word for a person; a name has a capital and then lower case.
_PEOPLE = (AGE_PERSON_NOUNS_NL + "|" + RELATIONS_NL
           + r"|kinderen|jongens|meiden|meisjes|ouders|broers|zussen|oudste|jongste|tweeling|"
             r"slachtoffer|leerling|scholier|student|jongere|verdachte")
_SUBJECTS = (
    r"ik|hij|zij|ze|je|jij|u|we|wij"
    r"|(?:mijn|m'n|m’n|zijn|z'n|z’n|haar|d'r|d’r|onze|ons|hun)\s+(?:" + _PEOPLE + r")\b"
    r"|(?!(?:dat|dit|het|er|wat|die|deze|hier|daar|alles|niets|iets|dan|nu|toen)\b)"
    r"(?-i:[A-ZÀ-Ý][a-zà-ÿ'’])[\w'’-]*"
)
_PREPOSITIONS = r"op|sinds|vanaf|van|tot|rond|na|voor|vóór|tussen|met|als"
_POSSESSIVES = r"mijn|m'n|m’n|zijn|z'n|z’n|haar|d'r|d’r|je|jouw|hun|ons|onze"
# After "op mijn achttiende": the sentence ends or goes on with a verb ("heeft mijn oom"), a verb
# and its subject ("moest ik"), a preposition or an adverb; a noun ("mijn tweede kind") makes it
# a count.
_AFTER_ORDINAL = (
    r"(?!\s*(?:,|en|of|tot|-|–)\s*" + _ORDINAL + r"\b)"  # "mijn tweede en derde opname"
    r"(?=\s*(?:[.,;:!?)\"”]|$)"
    r"|\s+(?:jaar|levensjaar|verjaardag|in|bij|op|met|naar|uit|aan|van|zonder|en|of|maar|toen|al|"
    r"nog|pas|ook|tot|was|ben|had|heb|is|werd|zat|woonde|heeft|hebben|hadden|ging|kwam|moest|"
    r"kreeg|begon|liet|sloeg|stierf|overleed|verliet)\b"
    r"|\s+[^\W\d_]+\s+(?:" + _SUBJECT_PRONOUNS + r")\b)"
)

AGE_WORD_RECOGNISERS: tuple[Recogniser, ...] = (
    # "een zestienjarige jongen", "een elfjarig Brits meisje", "als zestienjarige", "allemaal
    # twintigjarigen."; not "een tweejarige opleiding", "driejarige hoogtepunten": with a word
    # the noun after it must be a person (with digits, a listed noun keeps it out)
    Recogniser(
        "age",
        rx(r"(?<![\w.,-])(" + alternation(cardinals()) + r")\s?-?\s?jarige?n?\b"
            r"(?=(?:\s+[^\W\d_]+e)?\s+(?:" + _PEOPLE + r")\b|\s*(?:[.,;:!?)]|$))", re.IGNORECASE),
        group=1, langs=("nl",),
    ),
    Recogniser(
        "age",
        rx(r"\bals\s+(" + alternation(cardinals()) + r")\s?-?\s?jarige?\b", re.IGNORECASE),
        group=1, langs=("nl",),
    ),
    Recogniser("age", rx(r"(" + _WORD + r")\s+jaar\s+oud\b", re.IGNORECASE), group=1, langs=("nl",)),
    # "ik ben vierendertig (jaar)", "mijn zoon is twee"
    Recogniser(
        "age",
        rx(r"\b(?:" + _SUBJECTS + r")\s+(?:" + AGE_VERBS_NL + r")\s+" + AGE_FILLERS_NL
            + r"(" + _RANGE + r")(?:\s+jaar)?" + AGE_END_NL, re.IGNORECASE),
        group=1, langs=("nl",),
    ),
    # "was ik pas zestien"
    Recogniser(
        "age",
        rx(r"\b(?:" + AGE_VERBS_NL + r")\s+(?:ik|hij|zij|ze|je|jij|u|we|wij)\s+" + AGE_FILLERS_NL
            + r"(" + _RANGE + r")(?:\s+jaar)?" + AGE_END_NL, re.IGNORECASE),
        group=1, langs=("nl",),
    ),
    # "toen ik zestien was"
    Recogniser(
        "age",
        rx(r"\btoen\s+(?:" + _SUBJECTS + r")\s+" + AGE_FILLERS_NL
            + r"(" + _RANGE + r")(?:\s+jaar(?:\s+oud)?)?\s+(?:was|werd|waren|werden|is|ben|wordt)\b",
            re.IGNORECASE),
        group=1, langs=("nl",),
    ),
    # "op mijn achttiende moest ik weg", "vanaf mijn twaalfde."
    Recogniser(
        "age",
        rx(r"\b(?:" + _PREPOSITIONS + r")\s+(?:" + _POSSESSIVES + r")\s+(" + alternation(ordinals())
            + r")\b" + _AFTER_ORDINAL, re.IGNORECASE),
        group=1, langs=("nl",),
    ),
    # "een jongen van zestien"
    Recogniser(
        "age",
        rx(r"\b(?:" + AGE_PERSON_NOUNS_NL + r")\s+van\s+" + AGE_FILLERS_NL
            + r"(" + _RANGE + r")(?:\s+jaar(?:\s+oud)?)?"
            r"(?=\s*(?:[.,;:!?)]|$|en\b|of\b|die\b|met\b|uit\b|toen\b))", re.IGNORECASE),
        group=1, langs=("nl",),
    ),
    Recogniser(
        "age",
        rx(r"\b(?:leeftijd\s+van|leeftijd:?)\s+(" + _RANGE + r")", re.IGNORECASE),
        group=1, langs=("nl",),
    ),
    Recogniser("age", rx(r",\s*(" + _WORD + r")\s+jaar\s*,", re.IGNORECASE), group=1, langs=("nl",)),
)


# Every number word from two to a hundred contains one of these: a text without any is skipped
# at the cost of one quick scan instead of nine patterns.
_ANY_NUMBER_WORD = re.compile(r"twee|drie|derde|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|tig|honderd",
                              re.IGNORECASE)


def find_age_words(text: str, lang: str = "nl") -> Iterator[Span]:
    if lang != "nl" or not _ANY_NUMBER_WORD.search(text):
        return iter(())
    return run(AGE_WORD_RECOGNISERS, text, lang)
