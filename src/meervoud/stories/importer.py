"""Bulk import of stories from CSV, XLSX or JSON.

Two phases: `read_rows` turns a file into plain dicts (or one clear error about the file),
`validate_rows` checks every row and de-identifies it, and only when no row has an error
does `import_stories` write them, all in one transaction. One bad row means nothing is
imported, and the report says which rows and why.

The 'verteller' column of a file is the sender's own reference for the narrator (a client
number, a login, often a name). It is never stored: the narrator's pseudonym is a keyed digest
of it (`pseudonyms.import_pseudonym`, the same HMAC as the API's), so the same reference lands
on the same narrator in every import while no one can read it back.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from charset_normalizer import from_bytes
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from meervoud import deidentify as deid
from meervoud.core.db import in_chunks
from meervoud.engine.text import content_hash
from meervoud.places.selectors import find_municipality
from meervoud.stories import services
from meervoud.stories.models import Language, Level, LifeDomain, Narrator, Purpose, RecoveryPhase, Source, Story
from meervoud.stories.pseudonyms import import_pseudonym
from meervoud.stories.validators import not_in_the_future

# Every row is read, checked and de-identified inside one request and one transaction (the
# de-identifier takes seconds per 100,000 characters). 5 MB is some 250 stories of the longest
# kind the form takes, and far more of the usual length: a larger collection goes in several
# files, which the check 'staat al in Meervoud' keeps from doubling.
MAX_FILE_BYTES = 5 * 2**20

REQUIRED = ["verteller", "verhaal", "gemeente", "levensdomeinen", "toestemming_analyse"]
OPTIONAL = [
    "titel", "wat_hielp", "wat_hinderde", "niveau", "herstelfase", "taal", "datum", "namen",
    "toestemming_citeren", "toestemming_delen", "toestemming_onderzoek",
    "eigen_kracht", "lotgenoten", "professionals", "regie", "hoe_nu",
]
CONSENT_COLUMNS = {
    "toestemming_analyse": "analysis",
    "toestemming_citeren": "quote",
    "toestemming_delen": "share",
    "toestemming_onderzoek": "research",
}
YES = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
NO = {"nee", "n", "no", "false", "onwaar", "0", ""}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in the user's language."""


@dataclass
class RowError:
    row: int  # 1-based data row number, as a spreadsheet user counts (header excluded)
    column: str
    message: str


@dataclass
class ValidRow:
    row: int
    narrator_code: str
    draft: services.StoryDraft
    deidentified: services.Deidentified
    purposes: set[str]
    # the 'verteller' cell as sent, to name it in an error; in memory only (often a name)
    reference: str = field(default="", repr=False)


@dataclass
class ImportReport:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    valid: list[ValidRow] = field(default_factory=list)
    imported: int = 0
    story_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.rows > 0


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        guess = from_bytes(data).best()
        encoding = guess.encoding if guess else _("onbekend")
        raise ImportFileError(
            _("Het bestand is geen UTF-8 (byte %(position)s kan niet gelezen worden; het lijkt "
              "op %(encoding)s). Sla het op als 'CSV UTF-8' en probeer het opnieuw.")
            % {"position": error.start + 1, "encoding": encoding}
        ) from None


def _read_csv(data: bytes) -> list[dict]:
    text = _decode(data)
    if not text.strip():
        raise ImportFileError(_("Het bestand is leeg."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        rows = [row for row in reader]
    except csv.Error:  # e.g. a cell over csv's field size limit (131,072 characters)
        # Python's reason is English: the row is what helps a Dutch user find it
        raise ImportFileError(_("Dit CSV-bestand is niet te lezen vanaf regel %(line)s. Controleer "
                                "de aanhalingstekens en of er geen enorm grote cel in staat.")
                              % {"line": reader.line_num}) from None
    header = [cell.strip().lower() for cell in rows[0]]
    records = []
    for number, row in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            records.append({"__error__": _("Deze rij heeft %(found)s cellen, de kop heeft er "
                                           "%(expected)s. Staat er een scheidingsteken in de tekst "
                                           "zonder aanhalingstekens?")
                            % {"found": len(row), "expected": len(header)}, "__row__": number})
            continue
        records.append({**dict(zip(header, row)), "__row__": number})
    return header, records


def _read_xlsx(data: bytes) -> tuple[list[str], list[dict]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        # Read-only mode parses the sheet lazily, so a damaged sheet only fails here.
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
    except Exception:  # a damaged zip or XML fails in many ways (zlib, lxml, IndexError, …)
        raise ImportFileError(_("Dit is geen geldig XLSX-bestand. Sla het op als Excel-werkmap "
                                "(.xlsx) of als CSV UTF-8.")) from None
    if not rows:
        raise ImportFileError(_("Het bestand is leeg."))
    header = [str(cell).strip().lower() if cell is not None else "" for cell in rows[0]]
    records = []
    for number, row in enumerate(rows[1:], start=1):
        if not any(cell not in (None, "") for cell in row):
            continue
        values = ["" if cell is None else cell for cell in row]
        records.append({**dict(zip(header, values)), "__row__": number})
    return header, records


def _read_json(data: bytes) -> tuple[list[str], list[dict]]:
    text = _decode(data)
    if not text.strip():
        raise ImportFileError(_("Het bestand is leeg."))
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            _("Dit is geen geldige JSON: er klopt iets niet op regel %(line)s, kolom %(column)s "
              "(bijvoorbeeld een ontbrekende komma, dubbele punt of aanhalingsteken).")
            % {"line": error.lineno, "column": error.colno}
        ) from None
    except RecursionError:
        raise ImportFileError(_("Deze JSON is te diep genest om te lezen.")) from None
    except ValueError:  # a number of thousands of digits (Python's limit on int conversion)
        raise ImportFileError(_("Deze JSON bevat een getal dat te lang is om te lezen.")) from None
    if isinstance(payload, dict) and isinstance(payload.get("verhalen"), list):
        payload = payload["verhalen"]
    if not isinstance(payload, list) or not all(isinstance(item, dict) for item in payload):
        raise ImportFileError(_("De JSON moet een lijst van verhalen zijn: [{...}, {...}], "
                                "of {\"verhalen\": [...]}."))
    # "\ud800" escapes give lone surrogates, which cannot be stored or shown: make them "?".
    payload = json.loads(json.dumps(payload, ensure_ascii=False).encode("utf-8", "replace"))
    header = sorted({key.lower() for item in payload for key in item})
    records = []
    for number, item in enumerate(payload, start=1):
        record = {}
        for key, value in item.items():
            if isinstance(value, list):
                value = ";".join(str(part) for part in value)
            record[key.lower()] = "" if value is None else value
        records.append({**record, "__row__": number})
    return header, records


READERS = {".csv": _read_csv, ".tsv": _read_csv, ".txt": _read_csv, ".xlsx": _read_xlsx,
           ".json": _read_json}


def read_rows(name: str, data: bytes) -> list[dict]:
    suffix = Path(name).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise ImportFileError(
            _("Bestandstype '%(suffix)s' wordt niet ondersteund. Gebruik CSV, XLSX of JSON.")
            % {"suffix": suffix or name}
        )
    header, records = reader(data)
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ImportFileError(
            _("Verplichte kolom ontbreekt: %(missing)s. Verplicht zijn: %(required)s.")
            % {"missing": ", ".join(missing), "required": ", ".join(REQUIRED)}
        )
    unknown = [column for column in header if column and column not in REQUIRED + OPTIONAL]
    if unknown:
        raise ImportFileError(
            _("Onbekende kolom: %(unknown)s. Toegestaan zijn: %(allowed)s.")
            % {"unknown": ", ".join(unknown), "allowed": ", ".join(REQUIRED + OPTIONAL)}
        )
    if not records:
        raise ImportFileError(_("Het bestand bevat een kop maar geen verhalen."))
    return records


def _text(record: dict, column: str) -> str:
    value = record.get(column, "")
    if value is None:
        return ""
    return str(value).replace("\x00", "").strip()  # PostgreSQL cannot store NUL in text


def _parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(str(value).strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError


def _validate(record: dict, domains: dict, errors: list[RowError], *,
              made_pseudonym: bool = False, keyed: bool = False) -> ValidRow | None:
    """One row checked; ``made_pseudonym``: Meervoud made the pseudonym itself (the API's keyed
    digest of the system's reference), so it cannot hold what the sender typed; ``keyed``: the
    'verteller' column is a reference to replace by its keyed digest here (a file import)."""
    row = record["__row__"]
    if "__error__" in record:
        errors.append(RowError(row, "", record["__error__"]))
        return None
    found: list[RowError] = []

    def fail(column: str, message: str) -> None:
        found.append(RowError(row, column, message))

    narrator = _text(record, "verteller")
    if not narrator:
        fail("verteller", _("Vul een pseudoniem voor de verteller in (geen echte naam)."))
    elif len(narrator) > 40:
        fail("verteller", _("Het pseudoniem is langer dan 40 tekens."))
    # kept as proof of consent, so no identifier; a number alone ("V-00001", "deelnemer 12") is fine
    # (a keyed reference is never kept, so it may be anything the sender's system uses)
    elif not (made_pseudonym or keyed) and set(deid.deidentify(narrator).counts) - {"id_number"}:
        fail("verteller", _("Het pseudoniem lijkt een naam, e-mailadres, telefoonnummer of ander "
                            "gegeven dat naar een persoon leidt. Gebruik een pseudoniem zonder zulke gegevens."))
    text = _text(record, "verhaal")
    if len(text) < 40:
        fail("verhaal", _("Het verhaal is leeg of korter dan 40 tekens."))
    municipality = find_municipality(_text(record, "gemeente"))
    if municipality is None:
        fail("gemeente", _("Gemeente '%(value)s' is onbekend. Gebruik de officiële naam of de "
                           "CBS-code (bijvoorbeeld GM0014).") % {"value": _text(record, "gemeente")})
    chosen = []
    for part in _text(record, "levensdomeinen").replace(",", ";").split(";"):
        part = part.strip().lower()
        if not part:
            continue
        domain = domains.get(part)
        if domain is None:
            fail("levensdomeinen", _("Levensdomein '%(value)s' is onbekend.") % {"value": part})
        else:
            chosen.append(domain)
    if not chosen and not any(error.column == "levensdomeinen" for error in found):
        fail("levensdomeinen", _("Noem minstens één levensdomein."))

    def choice(column: str, allowed, default: str) -> str:
        value = _text(record, column).lower() or default
        if value not in allowed:
            fail(column, _("'%(value)s' is geen geldige waarde. Kies uit: %(allowed)s.")
                 % {"value": value, "allowed": ", ".join(allowed)})
        return value

    level = choice("niveau", Level.values, Level.MICRO)
    phase = choice("herstelfase", [""] + RecoveryPhase.values, "")
    language = choice("taal", Language.values, Language.DUTCH)
    told_on = None
    if record.get("datum") not in (None, ""):
        try:
            told_on = _parse_date(record["datum"])
        except ValueError:
            fail("datum", _("Datum '%(value)s' is niet te lezen. Gebruik JJJJ-MM-DD.")
                 % {"value": record["datum"]})
        else:
            try:
                not_in_the_future(told_on)
            except ValidationError as error:
                fail("datum", error.messages[0])
    purposes = set()
    for column, purpose in CONSENT_COLUMNS.items():
        value = _text(record, column).lower()
        if value in YES:
            purposes.add(purpose)
        elif value not in NO:
            fail(column, _("Gebruik 'ja' of 'nee', niet '%(value)s'.") % {"value": value})
    if Purpose.QUOTE in purposes and Purpose.ANALYSIS not in purposes:  # quotes come from the analysis
        fail("toestemming_citeren", _("Citeren kan alleen samen met toestemming_analyse: de citaten "
                                      "komen uit de analyse."))
    if not purposes and not any(error.column.startswith("toestemming") for error in found):
        fail("toestemming_analyse", _("Zonder toestemming voor minstens één doel mag het verhaal "
                                      "niet bewaard worden."))
    numbers = {}
    for column in ("eigen_kracht", "lotgenoten", "professionals", "regie", "hoe_nu"):
        value = _text(record, column)
        if not value:
            numbers[column] = None
            continue
        try:
            # a Dutch spreadsheet writes "50,0"
            numbers[column] = int(float(value.replace(",", ".") if value.count(",") == 1 else value))
        except (ValueError, OverflowError):  # OverflowError: "inf"
            numbers[column] = None
            fail(column, _("'%(value)s' is geen getal.") % {"value": value})
            continue
        if not 0 <= numbers[column] <= 100:
            fail(column, _("Een getal van 0 tot en met 100, niet %(value)s.") % {"value": value})
    triad = [numbers[c] for c in ("eigen_kracht", "lotgenoten", "professionals")]
    if any(v is not None for v in triad) and (None in triad or sum(triad) != 100):
        # no column names: the API calls them eigenKracht, …; the error says which column anyway
        fail("eigen_kracht", _("Wat hielp het meest (eigen kracht, lotgenoten, professionals): de "
                               "drie getallen moeten samen 100 zijn, of alle drie leeg zijn."))
    if found:
        errors.extend(found)
        return None
    draft = services.StoryDraft(
        text=text, title=_text(record, "titel"), helped=_text(record, "wat_hielp"),
        hindered=_text(record, "wat_hinderde"), municipality=municipality, life_domains=chosen,
        level=level, recovery_phase=phase, language=language, told_on=told_on,
        helped_own_strength=triad[0], helped_peers=triad[1], helped_professionals=triad[2],
        sense_of_control=numbers["regie"], doing_now=numbers["hoe_nu"],
        known_names=[n.strip() for n in _text(record, "namen").replace(",", ";").split(";")
                     if n.strip()],
    )
    code = import_pseudonym(narrator) if keyed else narrator
    return ValidRow(row, code, draft, services.deidentify_draft(draft), purposes, reference=narrator)


def _domain_lookup() -> dict:
    lookup = {}
    for domain in LifeDomain.objects.all():
        for key in (domain.slug, domain.name_nl.lower(), domain.name_en.lower()):
            lookup[key] = domain
    return lookup


def _foreign_narrators(codes: set[str], source: str) -> set[str]:
    """Codes already used by a narrator who came in another way (the form's V-00001, an account,
    another channel): an import must not add stories to their personal link."""
    sources: dict[str, set] = {}
    for chunk in in_chunks(codes):
        for code, user_id, story_source in Narrator.objects.filter(code__in=chunk).values_list(
                "code", "user_id", "stories__source"):
            # an account counts as another way in; a narrator without stories has source None
            sources.setdefault(code, set()).add("account" if user_id is not None else story_source)
    # Without stories or account (all taken back) nothing says how a narrator came in, except
    # for the API's pseudonym: a keyed digest of one system's own reference, so the same person
    return {code for code, found in sources.items()
            if found != {source} and not (source == Source.API and found == {None})}


def _keyed(source: str) -> bool:
    """Whether the 'verteller' column is a sender's reference that becomes a keyed digest here:
    in a file import. The API makes its digest before (per sending organisation); the demo's
    narrators are the project's own fictional codes."""
    return source == Source.IMPORT


def validate_rows(records: list[dict], source: str = Source.IMPORT) -> ImportReport:
    report = ImportReport(rows=len(records))
    domains = _domain_lookup()
    keyed = _keyed(source)
    seen: dict[tuple[str, str], int] = {}
    checked: list[ValidRow] = []
    for record in records:
        valid = _validate(record, domains, report.errors, made_pseudonym=source == Source.API,
                          keyed=keyed)
        if valid is None:
            continue
        key = (valid.narrator_code, content_hash(valid.deidentified.text))
        if key in seen:
            report.errors.append(RowError(valid.row, "verhaal", _(
                "Deze rij is gelijk aan rij %(other)s (zelfde verteller en verhaal).")
                % {"other": seen[key]}))
            continue
        seen[key] = valid.row
        checked.append(valid)
    refused = _refused_by_what_is_stored(checked, source)
    report.errors.extend(refused)
    report.valid = _without(checked, refused)
    report.errors.sort(key=lambda error: (error.row, error.column))
    return report


def _refused_by_what_is_stored(rows: list[ValidRow], source: str) -> list[RowError]:
    """The rows that clash with what Meervoud holds now: a pseudonym of a narrator who came in
    another way, or a story this narrator already has (the same text)."""
    codes = {valid.narrator_code for valid in rows}
    foreign = _foreign_narrators(codes, source)
    stored: set[tuple[str, str]] = set()
    for chunk in in_chunks(codes - foreign):
        stored.update(Story.objects.filter(narrator__code__in=chunk)
                      .values_list("narrator__code", "content_hash"))
    errors = []
    for valid in rows:
        if valid.narrator_code in foreign:
            errors.append(RowError(valid.row, "verteller", _(
                "Het pseudoniem '%(code)s' hoort al bij een verteller die op een andere manier "
                "vertelde. Kies een ander pseudoniem.") % {"code": valid.reference}))
        elif (valid.narrator_code, content_hash(valid.deidentified.text)) in stored:
            errors.append(RowError(valid.row, "verhaal", _(
                "Dit verhaal van deze verteller staat al in Meervoud.")))
    return errors


def _without(rows: list[ValidRow], errors: list[RowError]) -> list[ValidRow]:
    refused = {error.row for error in errors}
    return [valid for valid in rows if valid.row not in refused]


def import_stories(name: str, data: bytes, *, source: str = Source.IMPORT,
                   is_fictional: bool = False) -> ImportReport:
    """Validate everything first; write all rows or none. Raises ImportFileError for the file."""
    return import_records(read_rows(name, data), source=source, is_fictional=is_fictional)


class _Refused(Exception):
    """What was checked before writing clashes with what was stored meanwhile."""

    def __init__(self, errors: list[RowError]):
        super().__init__(len(errors))
        self.errors = errors


# Two imports that add the same new narrator at the same moment: the second stops on the unique
# pseudonym and writes again, now that the first is done and its narrator can be locked.
WRITE_ATTEMPTS = 3


def import_records(records: list[dict], *, source: str = Source.IMPORT,
                   is_fictional: bool = False) -> ImportReport:
    """Import rows already read into dicts (column name -> value, plus "__row__")."""
    report = validate_rows(records, source)
    if not report.ok:
        return report
    for attempt in range(WRITE_ATTEMPTS):
        try:
            with transaction.atomic():
                report.story_ids = _write(report.valid, source=source, is_fictional=is_fictional)
            break
        except _Refused as refused:
            # the same file imported in another tab: nothing it would refuse a minute later
            report.errors = sorted(refused.errors, key=lambda error: (error.row, error.column))
            report.valid = _without(report.valid, refused.errors)
            return report
        except IntegrityError:
            if attempt == WRITE_ATTEMPTS - 1:
                raise
    report.imported = len(report.story_ids)
    return report


def _write(rows: list[ValidRow], *, source: str, is_fictional: bool) -> list[int]:
    """Store the rows; call inside a transaction. The check of ``validate_rows`` ran before
    it, outside any lock (de-identifying a large file takes minutes): it is done again here,
    with the file's existing narrators locked, so that a second import of the same stories
    (another tab, a colleague) waits for this one and then sees what it stored. A narrator
    that is new to Meervoud cannot be locked: a second import making the same one at the same
    moment stops on the unique pseudonym (IntegrityError) and is written again by the caller.
    SQLite takes its write lock when the transaction starts, so there the imports simply take
    turns."""
    codes = sorted({valid.narrator_code for valid in rows})
    narrators: dict[str, Narrator] = {}
    for chunk in in_chunks(codes):  # in one order, so two imports cannot wait for each other
        narrators.update((narrator.code, narrator) for narrator in
                         Narrator.objects.select_for_update().filter(code__in=chunk).order_by("code"))
    refused = _refused_by_what_is_stored(rows, source)
    if refused:
        raise _Refused(refused)
    for code in codes:
        if code not in narrators:
            narrators[code] = services.new_narrator(code=code)
    story_ids = []
    for valid in rows:
        story = services.create_story(
            narrator=narrators[valid.narrator_code], draft=valid.draft, purposes=valid.purposes,
            source=source, reviewed=valid.deidentified, is_fictional=is_fictional,
        )
        story_ids.append(story.pk)
    return story_ids
