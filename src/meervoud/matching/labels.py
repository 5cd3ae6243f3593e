"""Dutch labels for explanations (B1). Unknown slugs are shown as they are."""

from __future__ import annotations

DOMAIN_LABELS = {
    "armoede-schulden": "armoede en schulden",
    "dak-thuisloosheid": "dak- en thuisloosheid",
    "psychische-kwetsbaarheid": "psychische kwetsbaarheid",
    "verslaving": "verslaving",
    "huiselijk-geweld": "huiselijk geweld en kindermishandeling",
    "seksueel-misbruik": "seksueel misbruik",
    "nah": "NAH (niet-aangeboren hersenletsel)",
    "lvb": "LVB (licht verstandelijke beperking)",
    "nieuwkomers": "nieuwkomers en vluchtelingen",
    "eenzaamheid": "eenzaamheid",
    "jeugdhulp": "jeugdhulp",
    "wachtlijsten": "wachtlijsten",
    "werk-inkomen": "werk en inkomen",
    "naasten": "naasten en familie",
}

ACTIVITY_LABELS = {
    "verhalen-vertellen": "ervaringsverhalen vertellen",
    "onderzoek": "meedenken in onderzoek",
    "training": "trainingen",
    "coaching": "coaching",
    "beleidsadvies": "beleidsadvies",
    "projectwerk": "projectwerk",
    "herstelgroep": "herstelgroepen",
    "maatje": "ervaringsmaatje zijn",
    "keukentafel": "keukentafelgesprekken",
    "kwartiermaken": "kwartiermaken",
    "naasten-steun": "steun aan naasten",
}

LEVEL_LABELS = {
    "micro": "werk met één persoon (micro)",
    "meso": "werk met teams en organisaties (meso)",
    "macro": "beleid (macro)",
}

ROLE_LABELS = {
    "bondgenoot": "bondgenoot",
    "criticus": "criticus",
    "bruggenbouwer": "(culturele) bruggenbouwer",
    "veranderaar": "veranderaar",
    "kwartiermaker": "kwartiermaker",
}

# the Dutch names of pool.vocabularies.Language (this library has no Django; a test keeps the two equal)
LANGUAGE_LABELS = {"nl": "Nederlands", "en": "Engels", "fy": "Fries", "ar": "Arabisch",
                   "tr": "Turks", "pl": "Pools", "ti": "Tigrinya"}


def domain(slug: str) -> str:
    return DOMAIN_LABELS.get(slug, slug)


def activity(slug: str) -> str:
    return ACTIVITY_LABELS.get(slug, slug)


def level(slug: str) -> str:
    return LEVEL_LABELS.get(slug, slug)


def role(slug: str) -> str:
    return ROLE_LABELS.get(slug, slug)


def language(slug: str) -> str:
    return LANGUAGE_LABELS.get(slug, slug)


def join(items: list[str], last: str = "en") -> str:
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def number(value: float) -> str:
    """Dutch number: 6, 2,5 (comma decimal, no trailing zeros)."""
    rounded = round(float(value), 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}".replace(".", ",")


def people(n: int) -> str:
    return "1 ervaringsdeskundige" if n == 1 else f"{n} ervaringsdeskundigen"


def date_nl(value) -> str:
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december"]
    return f"{value.day} {months[value.month - 1]} {value.year}"
