"""Hypothesis fuzzing of the story importer (CSV, XLSX, JSON): whatever the file holds, the
importer either imports every row or nothing, and the only exception it raises is
ImportFileError. Deterministic (derandomize) and bounded, so CI gives the same answer each time."""

import csv
import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from meervoud.stories.importer import OPTIONAL, REQUIRED, ImportFileError, import_stories, read_rows
from meervoud.stories.models import Consent, Story

FUZZ = settings(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

HEADER = ",".join(REQUIRED + ["eigen_kracht", "lotgenoten", "professionals", "regie"])
# Cases worth keeping as fixed examples, whatever the random search finds.
EDGE_CSV = [
    (HEADER + "\nF-1," + "x" * 140_000 + ",Groningen,armoede-schulden,ja,,,,\n").encode(),
    (HEADER + "\nF-1,\"" + "Een verhaal met een NUL\x00 teken erin, lang genoeg voor de check." +
     "\",Groningen,armoede-schulden,ja,,,,\n").encode(),
    ("\ufeff" + HEADER + "\nF-1,=cmd|' /C calc'!A0 en nog veel meer tekst om veertig tekens te halen,"
     "Groningen,armoede-schulden,ja,,,,\n").encode("utf-16"),
]
EDGE_JSON = [
    json.dumps([{"verteller": "F-1", "verhaal": "Een verhaal dat lang genoeg is om mee te tellen, echt waar.",
                 "gemeente": "Groningen", "levensdomeinen": "armoede-schulden",
                 "toestemming_analyse": "ja", "regie": float("inf")}]).encode(),
    b'[{"verteller": "F-1", "verhaal": "Een verhaal met een losse surrogaat \\ud800 en genoeg tekst erbij.",'
    b' "gemeente": "Groningen", "levensdomeinen": "armoede-schulden", "toestemming_analyse": "ja"}]',
    b'[{"verteller": "F-1", "verhaal": "Een verhaal met een NUL \\u0000 teken en genoeg tekst erbij.",'
    b' "gemeente": "Groningen", "levensdomeinen": "armoede-schulden", "toestemming_analyse": "ja"}]',
]

VALID = {"verteller": "F-1", "verhaal": "Ik stond maanden op een wachtlijst en niemand belde mij "
         "terug, tot een ervaringsdeskundige meeging.", "gemeente": "Groningen",
         "levensdomeinen": "armoede-schulden", "toestemming_analyse": "ja"}

cells = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["=1+1", "+31612345678", "-2", "@SUM(A1)", "=HYPERLINK(\"http://x\")",
                     "ja", "nee", "Groningen", "GM0014", "armoede-schulden", "2024-02-30",
                     "31-12-1999", "50", "100", "1e309", "nan", "inf", "-0", "\x00", "\ufeff",
                     "\r\n", "\"", "Ω≈ç√∫", "😀" * 20]),
    st.integers(min_value=0, max_value=140_000).map(lambda n: "x" * n),  # up to past csv's field limit
)


def count() -> tuple[int, int]:
    return Story.objects.count(), Consent.objects.count()


def check(name: str, data: bytes) -> None:
    before = count()
    try:
        report = import_stories(name, data)
    except ImportFileError as error:
        assert str(error)
        assert count() == before
        return
    after = count()
    if report.ok:
        assert after[0] == before[0] + report.imported == before[0] + report.rows
        assert report.imported == len(report.story_ids)
    else:
        assert report.errors and after == before


@pytest.mark.django_db
@settings(FUZZ, max_examples=150)
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".tsv", ".txt", ".json",
                                                              ".xlsx", ".pdf", ""]))
def test_random_bytes(data, suffix):
    check("bestand" + suffix, data)


@st.composite
def csv_files(draw):
    optional = draw(st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=4))
    header = REQUIRED + optional
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    rows = []
    for _row in range(draw(st.integers(min_value=0, max_value=4))):
        if draw(st.booleans()):
            rows.append([VALID.get(column, "") for column in header])
        else:
            rows.append([draw(cells) for _column in header] + draw(st.lists(cells, max_size=1)))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter,
                        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])))
    writer.writerow([column.upper() if draw(st.booleans()) else column for column in header])
    writer.writerows(rows)
    text = buffer.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))
    return text.encode(encoding, errors="replace")


@pytest.mark.django_db
@settings(FUZZ, max_examples=60)
@given(data=csv_files())
@example(data=EDGE_CSV[0])
@example(data=EDGE_CSV[1])
@example(data=EDGE_CSV[2])
def test_csv_with_the_right_headers_and_random_cells(data):
    check("verhalen.csv", data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | cells,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children,
                                                                       max_size=3),
    max_leaves=8,
)


@st.composite
def json_files(draw):
    shape = draw(st.integers(min_value=0, max_value=2))
    if shape == 0:  # anything at all
        payload = draw(json_values)
    else:
        stories = []
        for _item in range(draw(st.integers(min_value=1, max_value=3))):
            item = dict(VALID) if draw(st.booleans()) else {}
            keys = draw(st.lists(st.sampled_from(REQUIRED + OPTIONAL + ["Verhaal", "onbekend"]),
                                 max_size=6))
            for key in keys:
                item[key] = draw(json_values)
            stories.append(item)
        payload = {"verhalen": stories} if shape == 2 else stories
    return json.dumps(payload, ensure_ascii=draw(st.booleans())).encode()


@pytest.mark.django_db
@settings(FUZZ, max_examples=80)
@given(data=json_files())
@example(data=EDGE_JSON[0])
@example(data=EDGE_JSON[1])
@example(data=EDGE_JSON[2])
def test_random_json_structures(data):
    check("verhalen.json", data)


def _xlsx(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(REQUIRED)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_XLSX = _xlsx([[VALID[column] for column in REQUIRED]])


@st.composite
def corrupted_xlsx(draw):
    data = bytearray(GOOD_XLSX)
    how = draw(st.sampled_from(["flip", "truncate", "member"]))
    if how == "flip":
        for _flip in range(draw(st.integers(min_value=1, max_value=20))):
            position = draw(st.integers(min_value=0, max_value=len(data) - 1))
            data[position] = draw(st.integers(min_value=0, max_value=255))
        return bytes(data)
    if how == "truncate":
        return bytes(data[:draw(st.integers(min_value=0, max_value=len(data) - 1))])
    # A well-formed zip whose parts are damaged or missing.
    source = zipfile.ZipFile(io.BytesIO(GOOD_XLSX))
    out = io.BytesIO()
    victim = draw(st.sampled_from(source.namelist()))
    replacement = draw(st.one_of(st.none(), st.binary(max_size=200),
                                 st.just(b"<worksheet><sheetData><row><c t='s'><v>99</v></c></row>")))
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            if name == victim:
                if replacement is not None:
                    target.writestr(name, replacement)
            else:
                target.writestr(name, source.read(name))
    return out.getvalue()


@pytest.mark.django_db
@settings(FUZZ, max_examples=60)
@given(data=corrupted_xlsx())
def test_corrupted_xlsx(data):
    check("verhalen.xlsx", data)


@pytest.mark.django_db
def test_the_unbroken_files_do_import():
    """The fuzzing above must not pass just because nothing can ever be imported."""
    assert import_stories("v.xlsx", GOOD_XLSX).imported == 1
    assert import_stories("v.json", json.dumps([{**VALID, "verteller": "F-2"}]).encode()).imported == 1
    assert read_rows("v.csv", ",".join(REQUIRED).encode() + b"\nF-3,tekst,Groningen,x,ja\n")
