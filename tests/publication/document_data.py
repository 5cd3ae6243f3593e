"""Knowledge with known numbers around k = 5, shared by the infographic and report tests.

Groningen: 7 narrators (G0-G6); Westerkwartier (same region, Overig Groningen): 2 narrators;
Leeuwarden: 5 narrators. Theme by theme:

- "Een vaste contactpersoon": G0-G6, W0-W1, L0-L2. In Groningen 7, of whom 6 say it helped
  and 1 says it was in the way (a number below k). Only G0-G3 allow quoting.
- "Schulden stapelen zich op": G0-G2 and L0-L4: 8 in the country, 3 in Groningen (below k).
- "Wachten op hulp": 4 narrators in all: never published.
- "Nog niet bekeken": 6 narrators, not validated by peer experts: never published.
"""

from meervoud.stories.models import Purpose

CONTACT = "Een vaste contactpersoon"
DEBTS = "Schulden stapelen zich op"
WAITING = "Wachten op hulp"
UNCHECKED = "Nog niet bekeken"
NO_QUOTE = "GEHEIMZONDERCITEERTOESTEMMING"
QUOTE = "Citeerbaar"
DOMAINS = ("armoede-schulden",)


def build(publish) -> None:
    publish.theme("vaste-contactpersoon", name=CONTACT,
                  insight="Eén vast gezicht bij de gemeente maakt dat mensen hulp durven vragen.")
    for i in range(7):
        quotable = i < 4
        publish.statement(
            "vaste-contactpersoon", f"G{i}", "Groningen", domains=DOMAINS,
            kind="hindered" if i == 6 else "helped",
            purposes=(Purpose.ANALYSIS, Purpose.QUOTE) if quotable else (Purpose.ANALYSIS,),
            text=(f"{QUOTE} {i}: mijn vaste contactpersoon belde elke week en dat gaf mij rust."
                  if quotable else
                  f"{NO_QUOTE} {i}: mijn contactpersoon wisselde steeds en ik moest alles opnieuw vertellen."))
    for i in range(2):
        publish.statement("vaste-contactpersoon", f"W{i}", "Westerkwartier", domains=DOMAINS,
                          kind="helped")
    for i in range(3):
        publish.statement("vaste-contactpersoon", f"L{i}", "Leeuwarden", domains=DOMAINS,
                          kind="helped")
    publish.theme("schulden", name=DEBTS, insight="Schulden groeien als niemand meekijkt.")
    for i in range(3):
        publish.statement("schulden", f"G{i}", "Groningen", domains=DOMAINS, kind="hindered")
    for i in range(5):
        publish.statement("schulden", f"L{i}", "Leeuwarden", domains=DOMAINS, kind="hindered")
    publish.theme("wachten", name=WAITING)
    for code, place in (("G3", "Groningen"), ("G4", "Groningen"), ("W0", "Westerkwartier"),
                        ("L3", "Leeuwarden")):
        publish.statement("wachten", code, place, domains=DOMAINS, kind="need")
    publish.theme("nog-niet-bekeken", name=UNCHECKED, validated=False)
    for i in range(6):
        publish.statement("nog-niet-bekeken", f"G{i}", "Groningen", domains=DOMAINS)


def flat(text: str) -> str:
    """Text read back from a PDF, with line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())
