"""What an upload tells the researcher besides the proposal, in words: the page shows it as
messages, `meervoud import_qdpx` prints it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SHOWN = 10


@dataclass(frozen=True)
class Notice:
    level: str  # "warning" or "info"
    text: str


def _names(names: list[str]) -> str:
    more = len(names) - SHOWN
    return ", ".join(names[:SHOWN]) + (_(" en nog %(n)s") % {"n": more} if more > 0 else "")


def left_research(names: list[str]) -> str:
    return _("Deze verhalen in je project mag je niet meer gebruiken: de verteller heeft de "
             "toestemming voor onderzoek ingetrokken, of het verhaal is verwijderd. Haal ze uit je "
             "project en uit je analyse: %(names)s. Meervoud heeft er niets van ingelezen.") % {
        "names": _names(names)}


def skipped(comparison) -> str:
    """What of the file was not compared, in words; empty when everything was."""
    parts = []
    if comparison.changed_sources:
        parts.append(_("Van deze bronnen is de tekst anders dan in Meervoud; de codering daarin is "
                       "overgeslagen: %(names)s.") % {"names": _names(comparison.changed_sources)})
    if comparison.unmatched:
        parts.append(ngettext(
            "%(counter)s codering valt niet op een uitspraak van Meervoud en is overgeslagen.",
            "%(counter)s coderingen vallen niet op een uitspraak van Meervoud en zijn overgeslagen.",
            comparison.unmatched) % {"counter": comparison.unmatched})
    return " ".join(parts)


def compared_with_now() -> str:
    return _("In dit project staat niet met welke export van Meervoud je begon (het is van vóór "
             "die kenmerken, of je programma liet het kenmerk weg). Meervoud vergelijkt het daarom "
             "met wat er nu in Meervoud staat. Wat ervaringsdeskundigen intussen veranderden, kan "
             "zo als voorstel van jou terugkomen.")


def codings(count) -> str:
    """How much of her own coding counts in the agreement between coders, and why the rest does
    not; empty when she coded nothing herself and had nothing to replace."""
    parts = []
    if count.counted or count.left_out or count.replaced:
        parts.append(ngettext(
            "Je codering van %(count)s uitspraak telt mee in de overeenstemming tussen codeurs.",
            "Je codering van %(count)s uitspraken telt mee in de overeenstemming tussen codeurs.",
            count.counted) % {"count": count.counted})
    if count.ambiguous:
        parts.append(ngettext(
            "%(count)s uitspraak telt niet mee: je gaf die meer dan één code. De overeenstemming "
            "vergelijkt één code per uitspraak.",
            "%(count)s uitspraken tellen niet mee: je gaf die meer dan één code. De overeenstemming "
            "vergelijkt één code per uitspraak.", count.ambiguous) % {"count": count.ambiguous})
    if count.new_code:
        parts.append(ngettext(
            "%(count)s uitspraak telt niet mee: de code is (nog) geen thema in Meervoud. De "
            "overeenstemming vergelijkt alleen thema's.",
            "%(count)s uitspraken tellen niet mee: de code is (nog) geen thema in Meervoud. De "
            "overeenstemming vergelijkt alleen thema's.", count.new_code) % {"count": count.new_code})
    if count.gone:
        parts.append(ngettext(
            "%(count)s uitspraak telt niet mee: het thema of de uitspraak is er niet meer in "
            "Meervoud (samengevoegd of opgeheven).",
            "%(count)s uitspraken tellen niet mee: het thema of de uitspraak is er niet meer in "
            "Meervoud (samengevoegd of opgeheven).", count.gone) % {"count": count.gone})
    if count.replaced:
        parts.append(ngettext(
            "Je codering van %(count)s uitspraak uit een eerder project is vervangen door dit project.",
            "Je codering van %(count)s uitspraken uit een eerder project is vervangen door dit project.",
            count.replaced) % {"count": count.replaced})
    return " ".join(parts)


def of_import(result) -> list[Notice]:
    """Warnings first: what the researcher must act on."""
    notices = []
    if result.left:
        notices.append(Notice("warning", left_research(result.left)))
    text = skipped(result.comparison)
    if text:
        notices.append(Notice("warning", text))
    text = codings(result.codings)
    if text:
        notices.append(Notice("info", text))
    if result.baseline == "now":
        notices.append(Notice("info", compared_with_now()))
    return notices
