"""Regular-expression recognisers for identifiers that have a shape: numbers,
contact details, dates, ages, addresses.

Each recogniser yields Spans on the original text. Checksums (BSN, IBAN) and
small validators keep numbers that only look like identifiers out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .checks import digits_only, is_bsn, is_iban
from .spans import TIER_GUESS, TIER_PATTERN, Span, at_sentence_start

# ---------------------------------------------------------------- building blocks

NL_MONTHS = (
    r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    r"|jan|feb|febr|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
EN_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
NL_WEEKDAYS = r"maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
EN_WEEKDAYS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
YEAR = r"(?:19|20)\d{2}|'\d{2}|’\d{2}"
DAY = r"0?[1-9]|[12]\d|3[01]"

# A number that stands on its own: not part of a longer number, word or amount.
_NUM_START = r"(?<![\w.,/+-])"
_NUM_END = r"(?![\w/-]|[.,]\d)"


@dataclass(frozen=True)
class Recogniser:
    kind: str
    pattern: re.Pattern[str]
    group: int = 0
    langs: tuple[str, ...] = ("nl", "en")
    tier: int = TIER_PATTERN
    # Takes the matched text, returns the kind to use or None to reject.
    check: Callable[[str], str | None] | None = None
    # A cheap test the text must pass before the (slower) pattern runs at all.
    hint: re.Pattern[str] | None = None


def rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Patterns are written verbose, with their parts on lines of their own (shared with
    ``age_words``)."""
    return re.compile(pattern, flags | re.VERBOSE)


# ---------------------------------------------------------------- validators


def _check_nine_digits(text: str) -> str | None:
    """Nine digits: a BSN when it passes the 11-proef, otherwise still an identifier."""
    if is_bsn(text):
        return "bsn"
    # Written with dots or spaces it may as well be an amount (123.456.789).
    return "id_number" if text.isdigit() else None


def _check_iban(text: str) -> str | None:
    # Shaped like an IBAN but failing mod-97: still an account-like number.
    return "iban" if is_iban(text) else "id_number"


def _check_nl_phone(text: str) -> str | None:
    digits = digits_only(text)
    if digits.startswith(("0800", "0900", "0906", "0909")):
        return "phone" if len(digits) in (8, 11) else None
    return "phone" if len(digits) == 10 else None


def _check_intl_phone(text: str) -> str | None:
    return "phone" if 8 <= len(digits_only(text)) <= 15 else None


def _check_numeric_date(text: str) -> str | None:
    first, second, _ = re.split(r"[-/.]", text, maxsplit=2)
    a, b = int(first), int(second)
    # Day-month (Dutch) or month-day (American): one of the two must be a month.
    if 1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12):
        return "date"
    return None


def _check_age(text: str) -> str | None:
    # "050" is an area code, not an age.
    return "age" if text.isdigit() and not text.startswith("0") and int(text) <= 120 else None


def _check_alnum_id(text: str) -> str | None:
    return "id_number" if len(digits_only(text)) >= 5 else None


def _check_postcode(text: str) -> str | None:
    letters = text[-2:].upper()
    # SA, SD and SS are never issued; lowercase units ("1500kg") are no postcodes.
    if letters in {"SA", "SD", "SS"}:
        return None
    if text[-2:].islower() and text[-2:] in {"kg", "km", "cm", "mm", "mg", "ml", "gr", "uu", "ct"}:
        return None
    # typed in lower case with a space ("9711 ab"), unless the "letters" are a word: "in 2019 en",
    # "1500 op", "2020 is"
    if text[-2:].islower() and text[-3].isspace() and text[-2:] in _TWO_LETTER_WORDS:
        return None
    return "postcode"


_TWO_LETTER_WORDS = frozenset(
    "aa al am an as at be by de do en er es ex go he hè ie if ik in is it je me mi na no nu of oh ok "
    "om on op or re so te to tv up us we ze zo".split())


# ---------------------------------------------------------------- recognisers

_ID_KEYWORDS = (
    r"dossiernummer|dossiernr|klantnummer|klantnr|cliëntnummer|clientnummer|zaaknummer|"
    r"polisnummer|pasnummer|registratienummer|relatienummer|documentnummer|paspoortnummer|"
    r"vreemdelingennummer|v-nummer|kenmerk|referentie|referentienummer|debiteurnummer|"
    r"factuurnummer|lidnummer|studentnummer|patiëntnummer|patientnummer|"
    r"case\ number|client\ number|reference|passport\ number|account\ number"
)

AGE_VERBS_NL = r"ben|is|was|werd|word|wordt|waren|werden|zijn"
_AGE_SUBJECTS_NL = (
    r"ik|hij|zij|ze|je|jij|u|we|wij|(?:mijn|m'n|zijn|z'n|haar|d'r|onze|ons|hun)\s+\w+"
    # or a name: a capitalised word that is not a pronoun ("Petra is 17")
    r"|(?!(?:dat|dit|het|er|wat|die|deze|hier|daar|alles|niets|iets|dan|nu|toen)\b)(?-i:[A-ZÀ-Ý])[\w'’-]+"
)
AGE_FILLERS_NL = r"(?:(?:pas|net|toen|al|nog|bijna|ongeveer|rond|zo'n|nu|inmiddels|intussen|maar|ergens\s+in\s+de)\s+){0,2}"
# After an age the clause ends or goes on in a few typical ways; anything else
# ("10 jaar verslaafd", "3 keer") is a duration or a count, not an age.
AGE_END_NL = r"(?=\s*(?:[.,;:!?)\"”]|$|toen\b|en\b|of\b|oud\b|geworden\b|maar\b|dus\b|ben\b|was\b))"
AGE_PERSON_NOUNS_NL = (
    r"man|vrouw|jongen|meisje|jongeman|jongedame|zoon|zoontje|dochter|dochtertje|kind|kindje|baby|"
    r"moeder|vader|broer|broertje|zus|zusje|oma|opa|dame|heer|meid|knul|puber|tiener|"
    r"buurman|buurvrouw|vriend|vriendin|patiënt|cliënt|client|jochie"
)
# "een 5-jarige opleiding": these nouns make N-jarige a duration.
_NOT_AGE_NOUNS_NL = (
    r"opleiding|studie|cursus|bestaan|jubileum|contract|relatie|huwelijk|periode|traject|project|"
    r"programma|ervaring|garantie|looptijd|dienstverband|samenwerking|behandeling|strijd|"
    r"geschiedenis|oorlog|straf|gevangenisstraf|celstraf|verslaving|carrière|loopbaan|"
    r"hbo-opleiding|mbo-opleiding|wachttijd|wachtlijst|schuld|schuldsanering|regeling|opname|"
    r"plan|termijn|verblijf|onderzoek|huurcontract|abonnement|lidmaatschap"
)
_AGE_END_EN = r"(?=\s*(?:[.,;:!?)\"”]|$|when\b|and\b|or\b|but\b|so\b|now\b|at\s+the\s+time\b))"

_ORDINAL_NL = r"(?:e|ste|de|ste)\b"

_STREET_SUFFIXES = (
    r"straat|laan|weg|plein|kade|gracht|singel|dijk|dyk|dreef|hof|park|pad|steeg|markt|diep|"
    r"wal|dam|baan|ring|veld|kamp|allee|boulevard|haven|plantsoen|werf|bolwerk|erf|zijl|brink|"
    r"straatweg|strjitte|loane|leane|wei|paad|dyk|reed|buorren|stee"
)
_STREET_PREFIX_WORDS = (
    r"Van|De|Den|Der|Het|Ter|Ten|Sint|St\.|Burgemeester|Burg\.|Dokter|Dr\.|Professor|Prof\.|"
    r"Koningin|Koning|Prins|Prinses|Graaf|Generaal|Pastoor|Kapelaan|Mr\.|Meester|Oude|Nieuwe|"
    r"Grote|Kleine|Hoge|Lage|Korte|Lange|Eerste|Tweede|Derde|Vierde|1e|2e|3e|Noordelijke|"
    r"Zuidelijke|Oostelijke|Westelijke|Binnen|Buiten|Boven|Beneden|Achter|Voor|Jan|Willem|Johan|"
    r"Hendrik|Anna|Juliana|Beatrix|Wilhelmina|Emma"
)
# E-mail addresses as people write them on a card or a forum, to keep them from robots:
# "naam(at)domein.nl", "naam [at] domein [dot] nl", "naam apenstaartje domein punt nl".
_MAIL_LOCAL = r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*"
_MAIL_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_BRACKETED_AT = r"\s?[(\[{<]\s?(?i:at|@|apenstaartje)\s?[)\]}>]\s?|\s@\s"
_BRACKETED_DOT = r"\s?[(\[{<]\s?(?i:dot|punt)\s?[)\]}>]\s?"
_WORD_AT = r"\s+(?i:at|apenstaartje)\s+"
_WORD_DOT = r"\s+(?i:dot|punt)\s+"
# Spelled out, only with a familiar top-level domain: "look at him dot dot dot" is no address.
_MAIL_TLDS = r"(?i:nl|com|org|net|eu|be|de|info|nu|frl|io|uk|fr|me|live|online)"

_HOUSE_NUMBER = (
    r"\d{1,5}(?!\d)"
    r"(?:\s?[a-zA-Z](?![\w-])"  # 12a, 12 A
    r"|-(?:[IVX]{1,4}|hs|bis|[a-zA-Z]|\d{1,4}[a-zA-Z]?)(?![\w-])"  # 3-II, 12-hs, 4-6
    r"|\s(?:hs|bis|[IVX]{1,4}|huis|bg|boven|beneden|zwart|rood)(?![\w-])"
    r")?"
)

RECOGNISERS: tuple[Recogniser, ...] = (
    # -- contact
    Recogniser(
        "email",
        rx(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b"),
    ),
    Recogniser(
        "email",
        # a bracketed "at" (or "@" between spaces): the domain as usual, its dots also bracketed
        rx(_MAIL_LOCAL + r"(?:" + _BRACKETED_AT + r")" + _MAIL_LABEL
            + r"(?:(?:\.|" + _BRACKETED_DOT + r")" + _MAIL_LABEL + r")*(?:\.|" + _BRACKETED_DOT
            + r")[A-Za-z]{2,24}\b"),
        hint=re.compile(r"[(\[{<]\s?(?:at|@|apenstaartje)\s?[)\]}>]|\s@\s", re.IGNORECASE),
    ),
    Recogniser(
        "email",
        # "at" and "dot" as words: "pieter dot bakker at gmail dot com"
        rx(_MAIL_LOCAL + r"(?:" + _WORD_DOT + _MAIL_LABEL + r")*" + _WORD_AT + _MAIL_LABEL
            + r"(?:" + _WORD_DOT + _MAIL_LABEL + r")*" + _WORD_DOT + _MAIL_TLDS + r"\b"),
        hint=re.compile(r"\s(?:at|apenstaartje)\s", re.IGNORECASE),
    ),
    Recogniser(
        "email",
        # in Dutch "at" is no word (except "ik at", I ate), so a real dot may follow it as well:
        # "pieter at gmail.com"
        rx(_MAIL_LOCAL + _WORD_AT + _MAIL_LABEL + r"(?:\." + _MAIL_LABEL + r")*\." + _MAIL_TLDS + r"\b"),
        langs=("nl",), hint=re.compile(r"\s(?:at|apenstaartje)\s", re.IGNORECASE),
    ),
    Recogniser(
        "url",
        rx(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]", re.IGNORECASE),
    ),
    Recogniser(
        "url",
        # A bare domain: only with a familiar top-level domain, to leave "enz.nu"-like typos alone.
        rx(
            r"(?<![\w@.-])(?:[a-z0-9][a-z0-9-]*\.)+"
            r"(?:nl|com|org|net|eu|be|de|info|nu|frl|amsterdam|io|uk|fr|online|app|site)"
            r"(?:/[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?])?(?![\w@-])",
            re.IGNORECASE,
        ),
    ),
    Recogniser(
        "url",
        # a social-media handle ("@fatima_b93") leads to the person as an address does; not the
        # "@gmail.com" of an e-mail address (a word character before it)
        rx(r"(?<![\w@.])@[A-Za-z0-9_.]{2,30}[A-Za-z0-9_](?![\w@])"),
    ),
    Recogniser(
        "phone",
        rx(r"(?<![\w+])(?:\+|00)31[\s.-]?(?:\(0\)[\s.-]?)?[1-9](?:[\s.-]?\d){8}(?!\d)"),
    ),
    Recogniser(
        "phone",
        rx(r"(?<![\w+])\+(?!31)[1-9]\d{0,2}(?:[\s-]?\(?\d{1,4}\)?){2,6}(?!\d)"),
        check=_check_intl_phone,
    ),
    Recogniser(
        "phone",
        # 06-12345678, 050 123 45 67, (0511) 123456, 0800-1234: checked on digit count.
        rx(r"(?<![\w+,.])(?:\(0\d{1,3}\)|0\d{1,3})(?:\s*-\s*|\s)?\d(?:[\s-]?\d){3,8}(?!\d|,\d)"),
        check=_check_nl_phone,
    ),
    Recogniser(
        "phone",
        # with dots, as on business cards: 06.12.34.56.78, 050.123.45.67. A pattern of its own (all
        # separators dots) and checked on the digit count, so a date (12.03.2024, 8 digits) or a
        # date with a time is never taken; found here, deduce cannot take "06.12.34" for a date.
        rx(r"(?<![\w+,.])0\d{1,3}(?:\.\d{2,4}){2,4}(?![\w]|[.,]\d)"),
        check=_check_nl_phone,
    ),
    # -- money and state numbers
    Recogniser(
        "iban",
        rx(r"(?<![\w-])[A-Z]{2}\d{2}[ ]?(?:[A-Z0-9]{4}[ ]?){2,7}[A-Z0-9]{1,4}(?![\w-])", re.IGNORECASE),
        check=_check_iban,
    ),
    Recogniser(
        "bsn",
        rx(_NUM_START + r"(?:\d{9}|\d{3}[.\s]\d{3}[.\s]\d{3}|\d{4}[.\s]\d{2}[.\s]\d{3})" + _NUM_END),
        check=_check_nine_digits,
    ),
    Recogniser("id_number", rx(_NUM_START + r"\d{7,}" + _NUM_END)),
    Recogniser(
        "id_number",
        # Mixed letters and digits such as dossier or passport numbers.
        rx(r"(?<![\w-])(?=[A-Z0-9/-]*\d)(?=[A-Z0-9/-]*[A-Z])[A-Z0-9]+(?:[-/][A-Z0-9]+)*(?![\w-])"),
        check=_check_alnum_id,
    ),
    Recogniser(
        "id_number",
        rx(r"(?:" + _ID_KEYWORDS + r")\s*(?:is|was|:|nr\.?|nummer)?\s*[:#]?\s*([A-Za-z0-9][A-Za-z0-9./-]+[A-Za-z0-9])", re.IGNORECASE),
        group=1,
        check=lambda text: "id_number" if sum(ch.isdigit() for ch in text) >= 3 else None,
    ),
    # -- places with a shape
    Recogniser(
        "postcode",
        rx(r"(?<![\w-])[1-9]\d{3}(?:\s?[A-Z]{2}|\s?[a-z]{2})(?![\w-])"),
        check=_check_postcode,
    ),
    Recogniser(
        "licence_plate",
        rx(
            r"(?<![\w-])(?:"
            r"[A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{2}-\d{2}-[A-Z]{2}"
            r"|[A-Z]{2}-[A-Z]{2}-\d{2}|\d{2}-[A-Z]{2}-[A-Z]{2}|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}"
            r"|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}|[A-Z]{3}-\d{2}-[A-Z]|[A-Z]-\d{2}-[A-Z]{3}"
            r"|\d-[A-Z]{2}-\d{3}|\d{3}-[A-Z]{2}-\d"
            r")(?![\w-])",
            re.IGNORECASE,  # typed in lower case too ("12-abc-3"); the dashes keep words out
        ),
    ),
    Recogniser(
        "address",
        rx(
            r"(?<![\w-])(?:(?:" + _STREET_PREFIX_WORDS + r")\s+(?:(?:van|de|der|den|het|ter|ten|'t)\s+)*){0,3}"
            r"(?:[A-Z][a-zà-ÿ'’]*(?:[-\s][A-Z][a-zà-ÿ'’]*)?|[a-zà-ÿ'’]{3,})(?:" + _STREET_SUFFIXES + r")"
            r"\s+" + _HOUSE_NUMBER
        ),
    ),
    # -- dates (vague words such as "vorig jaar" have no digits and never match)
    Recogniser(
        "date",
        rx(_NUM_START + r"\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})" + _NUM_END),
        check=_check_numeric_date,
    ),
    Recogniser(
        "date",
        rx(_NUM_START + r"(?:19|20)\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:" + DAY + r")" + _NUM_END),
    ),
    Recogniser(
        "date",
        rx(
            r"(?:\b(?:" + NL_WEEKDAYS + r")\s+)?(?<![\d.,])(?:" + DAY + r")(?:e|ste|de)?\s*[-/ ]?\s*"
            r"(?:" + NL_MONTHS + r")\b\.?(?:\s*[-/ ]?\s*(?:" + YEAR + r"))?(?!\d)",
            re.IGNORECASE,
        ),
        langs=("nl",),
    ),
    Recogniser(
        "date",
        rx(r"\b(?:" + NL_MONTHS + r")\.?\s+(?:" + YEAR + r")(?!\d)", re.IGNORECASE),
        langs=("nl",),
    ),
    Recogniser(
        "date",
        rx(
            r"(?:\b(?:" + EN_WEEKDAYS + r"),?\s+)?(?:the\s+)?(?<![\d.,])(?:" + DAY + r")(?:st|nd|rd|th)?"
            r"(?:\s+of)?\s+(?:" + EN_MONTHS + r")\b\.?(?:,?\s+(?:" + YEAR + r"))?(?!\d)"
        ),
        langs=("en",),
    ),
    Recogniser(
        "date",
        rx(
            r"(?:\b(?:" + EN_WEEKDAYS + r"),?\s+)?\b(?:" + EN_MONTHS + r")\.?\s+(?:" + DAY + r")(?:st|nd|rd|th)?\b"
            r"(?:,?\s+(?:" + YEAR + r"))?(?!\d)"
        ),
        langs=("en",),
    ),
    Recogniser(
        "date",
        rx(r"\b(?:" + EN_MONTHS + r")\.?,?\s+(?:" + YEAR + r")(?!\d)"),
        langs=("en",),
    ),
    # -- ages: only the number is annotated, so the sentence stays readable
    Recogniser(
        "age",
        rx(r"(?<![\w.,])(\d{1,3})\s?-?\s?jarige?n?\b(?!\s+(?:" + _NOT_AGE_NOUNS_NL + r")\b)", re.IGNORECASE),
        group=1, langs=("nl",), check=_check_age,
    ),
    Recogniser(
        "age",
        rx(r"(?<![\w.,])(\d{1,3})\s+jaar\s+oud\b", re.IGNORECASE),
        group=1, langs=("nl",), check=_check_age,
    ),
    Recogniser(
        "age",
        rx(
            r"\b(?:" + _AGE_SUBJECTS_NL + r")\s+(?:" + AGE_VERBS_NL + r")\s+" + AGE_FILLERS_NL
            + r"(\d{1,3})(?:\s+jaar)?" + AGE_END_NL,
            re.IGNORECASE,
        ),
        group=1, langs=("nl",), check=_check_age,
    ),
    Recogniser(
        "age",
        rx(
            r"\b(?:" + AGE_VERBS_NL + r")\s+(?:ik|hij|zij|ze|je|jij|u|we|wij)\s+" + AGE_FILLERS_NL
            + r"(\d{1,3})(?:\s+jaar)?" + AGE_END_NL,
            re.IGNORECASE,
        ),
        group=1, langs=("nl",), check=_check_age,
    ),
    Recogniser(
        "age",
        rx(
            r"\btoen\s+(?:" + _AGE_SUBJECTS_NL + r"|[A-Z]\w+)\s+" + AGE_FILLERS_NL
            + r"(\d{1,3})(?:\s+jaar(?:\s+oud)?)?\s+(?:was|werd|waren|werden|is|ben|wordt)\b",
            re.IGNORECASE,
        ),
        group=1, langs=("nl",), check=_check_age,
    ),
    Recogniser(
        "age",
        rx(
            r"\b(?:op|sinds|vanaf|tot|rond|na|voor|vóór|tussen|vanaf|met|als)\s+(?:mijn|m'n|zijn|z'n|haar|d'r|je|jouw|hun|ons|onze)\s+"
            r"(\d{1,3})(?:" + _ORDINAL_NL + r"|(?=\s+(?:jaar|levensjaar|verjaardag)\b))",
            re.IGNORECASE,
        ),
        group=1, langs=("nl",), check=_check_age,
    ),
    Recogniser(
        "age",
        rx(
            r"\b(?:" + AGE_PERSON_NOUNS_NL + r")\s+van\s+" + AGE_FILLERS_NL
            + r"(\d{1,3})(?:\s+jaar(?:\s+oud)?)?(?=\s*(?:[.,;:!?)]|$|en\b|of\b|die\b|met\b|uit\b|toen\b))",
            re.IGNORECASE,
        ),
        group=1, langs=("nl",), check=_check_age,
    ),
    Recogniser(
        "age",
        rx(r"\b(?:leeftijd\s+van|leeftijd:?)\s+(\d{1,3})\b", re.IGNORECASE),
        group=1, langs=("nl",), check=_check_age,
    ),
    Recogniser(
        "age",
        # "Jan (43)", "(43 jaar)", Reddit-style "I (25F)"
        rx(r"(?:(?<=[A-Za-zÀ-ÿ])\s*\(|\()\s*(\d{1,3})\s*(?:jaar|jr\.?|years?|yrs?|y/o|[MFmf])?\s*\)"),
        group=1, check=_check_age,
    ),
    Recogniser(
        "age",
        rx(r"\(\s*[MFmf]\s*(\d{1,2})\s*\)"),
        group=1, langs=("en",), check=_check_age,
    ),
    Recogniser(
        "age",
        rx(r",\s*(\d{1,3})\s+(?:jaar|years?)\s*,", re.IGNORECASE),
        group=1, check=_check_age,
    ),
    Recogniser(
        "age",
        rx(r"(?<![\w.,])(\d{1,3})(?:[\s-]+years?[\s-]+old|[\s-]*y/?o\b|-year-old)", re.IGNORECASE),
        group=1, langs=("en",), check=_check_age,
    ),
    Recogniser(
        "age",
        rx(r"\b(?:aged|at\s+(?:the\s+)?age\s+(?:of\s+)?|age)\s*(\d{1,3})\b", re.IGNORECASE),
        group=1, langs=("en",), check=_check_age,
    ),
    Recogniser(
        "age",
        rx(
            r"\b(?:I|he|she|you|we|they|(?:my|his|her|our|their)\s+\w+)\s*(?:am|'m|’m|was|is|'s|’s|were|are|turned|turn)\s+"
            r"(?:(?:only|just|about|almost|nearly|around|barely|now)\s+)?(\d{1,3})(?:\s+years?)?" + _AGE_END_EN,
            re.IGNORECASE,
        ),
        group=1, langs=("en",), check=_check_age,
    ),
    Recogniser(
        "age",
        rx(r"\bwhen\s+(?:I|he|she|we|they|you|my\s+\w+)\s+(?:was|were|turned)\s+(\d{1,3})\b", re.IGNORECASE),
        group=1, langs=("en",), check=_check_age,
    ),
)


def find_patterns(text: str, lang: str = "nl") -> Iterator[Span]:
    return run(RECOGNISERS, text, lang)


def run(recognisers: tuple[Recogniser, ...], text: str, lang: str) -> Iterator[Span]:
    for rec in recognisers:
        if lang not in rec.langs or (rec.hint is not None and not rec.hint.search(text)):
            continue
        for match in rec.pattern.finditer(text):
            start, end = match.span(rec.group)
            if start < 0 or start == end:
                continue
            kind = rec.kind
            if rec.check is not None:
                checked = rec.check(match.group(rec.group))
                if checked is None:
                    continue
                kind = checked
            yield Span(start, end, kind, rec.tier)


# ---------------------------------------------------------------- bare street names

_BARE_STREET = re.compile(
    r"(?<![\w-])[A-Z][a-zà-ÿ'’]+(?:straat|laan|plein|gracht|singel|kade|steeg|dreef|plantsoen|"
    r"strjitte|loane|weg)(?![\w-])"
)
# Compounds on -weg that are ordinary words, not streets.
_NOT_STREETS = frozenset(
    {"Onderweg", "Halfweg", "Uitweg", "Omweg", "Zijweg", "Snelweg", "Achterweg", "Middenweg",
     "Zijstraat", "Winkelstraat", "Woonstraat", "Hoofdweg", "Rijweg", "Fietsweg", "Weg",
     "Wandelweg", "Doorweg", "Tussenweg", "Eenrichtingsweg", "Zandweg", "Landweg", "Dijkweg"}
)


def find_bare_streets(text: str) -> Iterator[Span]:
    """Named streets without a house number ("ik sliep in de Kalverstraat")."""
    for match in _BARE_STREET.finditer(text):
        word = match.group(0)
        if word in _NOT_STREETS:
            continue
        if at_sentence_start(text, match.start()):
            continue  # at a sentence start the capital proves nothing
        yield Span(match.start(), match.end(), "location", TIER_GUESS)
