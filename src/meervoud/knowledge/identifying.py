"""What in a theme's name or collective statement would point to a person. Peer experts write
these texts about narrators, and once validated they go to everyone (the Kennisbank, the
infographic, the reports, the exports, the API), while every story went through the
de-identifier first: the words peer experts type get the same detection."""

from django.utils.translation import gettext, gettext_lazy as _

from meervoud.publication.identifying import identifiers

# What is refused, with how a message names it. Places and organisations are what collective
# knowledge is about ("de wachtlijst in Assen"), dates and ages say little on their own.
REFUSED = {
    "person": _("een naam"),
    "phone": _("een telefoonnummer"),
    "email": _("een e-mailadres"),
    "address": _("een adres"),
    "postcode": _("een postcode"),
    "bsn": _("een burgerservicenummer"),
    "iban": _("een rekeningnummer"),
    "licence_plate": _("een kenteken"),
    "id_number": _("een persoonlijk nummer"),
}


def identifying(text: str, places: frozenset[str] | None = None) -> list[tuple[str, str]]:
    """(kind, words) of every identifier in ``text``, in the order they stand, each once.
    Unlike a practice's texts, one word the de-identifier takes for a name counts ("zoals
    Fatima vertelde"): these texts are about narrators."""
    return identifiers(text, REFUSED, one_word_names=True, places=places)


def kinds_of(found: list[tuple[str, str]]) -> str:
    """The kinds found, in words, each once: "een naam, een telefoonnummer"."""
    return ", ".join(str(REFUSED[kind]) for kind in dict.fromkeys(kind for kind, _words in found))


def refusal(found: list[tuple[str, str]]) -> str:
    """The message for a form field: what kind was found, and where (the words she typed)."""
    return gettext(
        "Hier staat iets waaraan iemand te herkennen is (%(kinds)s): %(words)s. Iedereen kan deze "
        "tekst lezen zodra het thema in de Kennisbank staat. Haal het weg, of schrijf bijvoorbeeld "
        "‘een verteller’ of ‘een hulpverlener’. Is het geen naam van iemand? Schrijf het woord dan "
        "met een kleine letter. Er is nog niets opgeslagen."
    ) % {"kinds": kinds_of(found), "words": ", ".join(f"‘{words}’" for _kind, words in found)}


def where(fields: list[str]) -> str:
    """Which of a theme's texts, in words: "de naam", "de kennisuitspraak" or both."""
    if list(fields) == ["name"]:
        return gettext("de naam")
    if list(fields) == ["insight"]:
        return gettext("de kennisuitspraak")
    return gettext("de naam en de kennisuitspraak")


def _words(found) -> str:
    return ", ".join(f"‘{words}’" for words in dict.fromkeys(words for _kind, words in found))


def withheld_notice(withheld) -> str:
    """For curators: why a validated theme (a ``publication.withheld.Withheld``) is not in the
    Kennisbank, and how it gets back. It was validated before its words were checked, or before
    the check knew them; the rename and statement forms refuse them now."""
    values = {"where": where(withheld.fields), "kinds": kinds_of(list(withheld.found)),
              "words": _words(withheld.found)}
    if withheld.parent:
        return gettext(
            "De naam van dit subthema staat niet in de Kennisbank. Er staat iets in waaraan iemand "
            "te herkennen is (%(kinds)s): %(words)s. Geef het subthema hieronder bij ‘Bewerken’ "
            "een andere naam. Als iemand anders die naam valideert, staat het subthema weer bij "
            "zijn thema in de Kennisbank.") % values
    return gettext(
        "Dit thema is gevalideerd, maar staat niet in de Kennisbank. In %(where)s staat iets "
        "waaraan iemand te herkennen is (%(kinds)s): %(words)s. Iedereen kan lezen wat in de "
        "Kennisbank staat. Verander %(where)s hieronder bij ‘Bewerken’. Als iemand anders de "
        "nieuwe tekst valideert, staat het thema weer in de Kennisbank.") % values


def withheld_for_readers() -> str:
    """For someone who reads but does not curate (a researcher): that a validated theme is not
    in the Kennisbank, never the words found (they may name a narrator)."""
    return gettext("Niet in de Kennisbank: de ervaringsdeskundigen passen de tekst eerst aan.")


def withheld_short(withheld) -> str:
    """The same, shorter, for the list of themes."""
    values = {"where": where(withheld.fields), "kinds": kinds_of(list(withheld.found)),
              "words": _words(withheld.found)}
    return gettext(
        "Niet in de Kennisbank: in %(where)s staat iets waaraan iemand te herkennen is "
        "(%(kinds)s): %(words)s. Pas het aan op de pagina van het thema; daarna valideert iemand "
        "anders het.") % values
