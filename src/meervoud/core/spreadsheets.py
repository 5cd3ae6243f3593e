"""Tables as CSV for Dutch Excel and as XLSX, for every download (the API's exports, the gap
view of knowledge questions).

CSV: UTF-8 with a byte order mark (else Excel guesses the wrong encoding), ``;`` as separator
and a decimal comma (Dutch Excel reads "12,5" as a number, and "," as a separator would split
it). XLSX keeps numbers as numbers. In both, a text cell that starts with = + - @ (or a tab or
carriage return) gets a leading ' so that a spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_LIMIT = 32767


@dataclass
class Table:
    """One sheet: a name, a header and rows of plain values (str, int, float, None)."""

    name: str
    header: list[str]
    rows: list[list] = field(default_factory=list)


def guard(value):
    """Defuse text a spreadsheet would read as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(guard(value) if isinstance(value, str) else value)


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return guard(ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_CELL_LIMIT])
    return value


def to_xlsx(tables: Iterable[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.name[:31])
        sheet.append(table.header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_xlsx_value(value) for value in row])
        sheet.freeze_panes = "A2"
        for column, title in zip(sheet.columns, table.header):
            width = min(max(len(title) + 2, 12), 50)
            sheet.column_dimensions[column[0].column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
