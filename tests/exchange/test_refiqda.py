"""The format on its own: what is written validates against the standard's schema, and what is read
is checked before anyone looks at it."""

import io
import zipfile
from datetime import datetime, timezone

import pytest
from lxml import etree

from meervoud.exchange import refiqda
from meervoud.exchange.refiqda import Code, Coding, Project, QdpxError, Source

CODE = "5d393fc4-5157-55cf-8393-e17646588688"
SUB = "6d393fc4-5157-55cf-8393-e17646588688"
SOURCE = "982bba95-7b27-56ec-a628-627499c6173e"
SELECTION = "a412bd63-e724-56f4-b329-17e59c0f7358"
USER = "b56be03a-0716-578c-b278-9b5587b7ff8d"
TEXT = "Ik 😀 kreeg hulp van een maatje. Daarna vond ik werk."


def project(text=TEXT, start=0, end=None) -> Project:
    end = len(text) if end is None else end
    return Project(
        name="Meervoud", user_guid=USER, user_name="Meervoud", origin="Meervoud",
        codes=[Code(CODE, "Werk", "Werk geeft houvast.", "#1f77b4"), Code(SUB, "Maatje", parent=CODE)],
        sources=[Source(SOURCE, "Verhaal 1", text, "Regio: Overig Groningen.", [
            Coding(SELECTION, CODE, start, end, "a0551142-8792-5c46-aa8b-c363d2c9944f"),
            Coding(SELECTION, SUB, start, end, "b0551142-8792-5c46-aa8b-c363d2c9944f")])],
    )


def write(p: Project = None, when=datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)) -> bytes:
    return refiqda.export_project(p or project(), created_at=when)


def rezip(files: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_export_validates_against_the_published_schema_and_reads_back():
    files = unzip(write())
    assert set(files) == {"project.qde", f"sources/{SOURCE}.txt"}
    assert refiqda.schema_errors(files["project.qde"]) == []
    parsed = refiqda.read_project(write())
    assert [(c.name, c.parent) for c in parsed.codes] == [("Werk", None), ("Maatje", CODE)]
    assert parsed.codes[0].description == "Werk geeft houvast."
    (source,) = parsed.sources
    assert source.text == TEXT and source.name == "Verhaal 1"
    assert {(c.code, c.start, c.end) for c in source.codings} == {(CODE, 0, len(TEXT)), (SUB, 0, len(TEXT))}


def test_shipped_schema_is_the_official_one():
    xsd = refiqda.SCHEMA_PATH.read_text(encoding="utf-8")
    assert 'targetNamespace="urn:QDA-XML:project:1.0"' in xsd
    assert "This specification is licensed under the MIT license." in xsd
    assert (refiqda.SCHEMA_PATH.parent / "README.md").exists()


def test_schema_check_can_fail():
    root = etree.fromstring(unzip(write())["project.qde"])
    del root.find(f"{{{refiqda.NS}}}CodeBook/{{{refiqda.NS}}}Codes/{{{refiqda.NS}}}Code").attrib["isCodable"]
    assert refiqda.schema_errors(etree.tostring(root))


def test_positions_count_unicode_code_points():
    start = TEXT.index("Daarna")
    data = write(project(start=start, end=len(TEXT)))
    (source,) = refiqda.read_project(data).sources
    coding = source.codings[0]
    assert source.text[coding.start:coding.end] == "Daarna vond ik werk."
    assert b'startPosition="%d"' % start in unzip(data)["project.qde"]


def test_two_exports_differ_only_in_the_timestamp():
    first = write(when=datetime(2026, 1, 1, tzinfo=timezone.utc))
    again = write(when=datetime(2026, 1, 1, tzinfo=timezone.utc))
    later = write(when=datetime(2026, 5, 5, tzinfo=timezone.utc))
    assert first == again
    assert first != later
    a, b = unzip(first), unzip(later)
    assert a.keys() == b.keys()
    assert {k: v for k, v in a.items() if k != "project.qde"} == \
        {k: v for k, v in b.items() if k != "project.qde"}
    assert a["project.qde"].replace(b"2026-01-01T00:00:00", b"") == \
        b["project.qde"].replace(b"2026-05-05T00:00:00", b"")


@pytest.mark.parametrize("data, message", [
    (b"dit is geen zip", "geen ZIP"),
    (rezip({"sources/x.txt": b"tekst"}), "geen project.qde"),
    (rezip({"project.qde": b"<Project name='x'"}), "geen geldige XML"),
    (rezip({"project.qde": b"<Project xmlns='urn:example' name='x'/>"}), "geen REFI-QDA-project"),
    (rezip({"project.qde": b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'/>"}), "codeboek"),
    (rezip({"project.qde": b"<Project xmlns='urn:QDA-XML:project:1.0'><Onbekend/></Project>"}),
     "volgt de REFI-QDA-standaard niet"),
])
def test_malformed_files_are_refused_in_plain_dutch(data, message):
    with pytest.raises(QdpxError, match=message):
        refiqda.read_project(data)


def _edited(edit) -> bytes:
    files = unzip(write())
    root = etree.fromstring(files["project.qde"])
    edit(root, files)
    files["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return rezip(files)


def _selection(root):
    return root.find(f".//{{{refiqda.NS}}}PlainTextSelection")


def test_selection_beyond_the_text_is_refused():
    data = _edited(lambda root, files: _selection(root).set("endPosition", str(len(TEXT) + 5)))
    with pytest.raises(QdpxError, match="valt buiten de tekst"):
        refiqda.read_project(data)


def test_missing_source_file_is_refused():
    data = _edited(lambda root, files: files.pop(f"sources/{SOURCE}.txt"))
    with pytest.raises(QdpxError, match="ontbreekt in het archief"):
        refiqda.read_project(data)


def test_source_path_outside_the_archive_is_refused():
    def edit(root, files):
        root.find(f".//{{{refiqda.NS}}}TextSource").set("plainTextPath", "internal://../../etc/passwd")
    with pytest.raises(QdpxError, match="buiten het archief"):
        refiqda.read_project(_edited(edit))


def test_entity_declarations_are_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">]>'
            b'<Project xmlns="urn:QDA-XML:project:1.0" name="&a;"/>')
    with pytest.raises(QdpxError, match="DOCTYPE"):
        refiqda.read_project(rezip({"project.qde": bomb}))


def test_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = rezip({"project.qde": unzip(write())["project.qde"], "sources/big.txt": b"\0" * (20 * 2**20)})
    assert len(bomb) < 100_000
    with pytest.raises(QdpxError, match="verdacht sterk ingepakt"):
        refiqda.read_project(bomb)


def test_archive_that_unpacks_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(refiqda, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(QdpxError, match="te groot"):
        refiqda.read_project(write())


def test_upload_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(refiqda, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(QdpxError, match="groter dan"):
        refiqda.read_project(write())


def test_tool_variations_are_accepted():
    """Upper-case GUIDs in braces, a BOM before the text, the text inline instead of a file."""
    def edit(root, files):
        source = root.find(f".//{{{refiqda.NS}}}TextSource")
        source.set("guid", "{" + SOURCE.upper() + "}")
        files[f"sources/{SOURCE}.txt"] = "\ufeff".encode() + TEXT.encode()
    (source,) = refiqda.read_project(_edited(edit)).sources
    assert source.guid == SOURCE and source.text == TEXT


@pytest.mark.parametrize("edit", [
    lambda root: etree.SubElement(root.find(f".//{{{refiqda.NS}}}TextSource"), "{urn:example:extra}Note"),
    lambda root: root.find(f".//{{{refiqda.NS}}}TextSource").set("{urn:example:extra}flag", "1"),
])
def test_elements_and_attributes_from_foreign_namespaces_are_refused(edit):
    data = _edited(lambda root, files: edit(root))
    with pytest.raises(QdpxError, match="volgt de REFI-QDA-standaard niet"):
        refiqda.read_project(data)


@pytest.mark.parametrize("spoil, expected", [
    (lambda code: code.attrib.pop("isCodable"), "het verplichte attribuut isCodable ontbreekt"),
    (lambda code: code.set("isCodable", "ja"), "isCodable moet true of false zijn, niet 'ja'"),
    (lambda code: code.set("kleur", "rood"), "het attribuut kleur hoort hier niet"),
    (lambda code: code.append(etree.Element(f"{{{refiqda.NS}}}Onzin")),
     "het element Onzin hoort hier niet, of staat op de verkeerde plaats"),
])
def test_schema_findings_are_worded_for_the_researcher(spoil, expected):
    root = etree.fromstring(unzip(write())["project.qde"])
    spoil(root.find(f"{{{refiqda.NS}}}CodeBook/{{{refiqda.NS}}}Codes/{{{refiqda.NS}}}Code"))
    (finding,) = refiqda.schema_errors(etree.tostring(root))
    assert finding.startswith("element Code") and finding.endswith(expected)


def test_dates_and_stray_text_are_explained_and_anything_else_gets_a_dutch_sentence():
    root = etree.fromstring(unzip(write())["project.qde"])
    root.set("creationDateTime", "gisteren")
    root.find(f"{{{refiqda.NS}}}CodeBook/{{{refiqda.NS}}}Codes/{{{refiqda.NS}}}Code").text = "los"
    findings = refiqda.schema_errors(etree.tostring(root))
    assert any("creationDateTime moet een datum en tijd zijn" in f for f in findings)
    assert any("hier hoort geen losse tekst tussen de elementen" in f for f in findings)
    from meervoud.exchange.schema_errors import _reason

    assert _reason("Some {urn:x}Thing went wrong") == ("dit voldoet niet aan de standaard (melding van de "
                                                       "controle: Some Thing went wrong)")
