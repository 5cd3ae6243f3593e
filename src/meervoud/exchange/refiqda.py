"""REFI-QDA Project exchange (.qdpx): write and read, plain data in and out.

A .qdpx is a ZIP with ``project.qde`` (XML in namespace ``urn:QDA-XML:project:1.0``) and the
plain-text sources under ``sources/``, referenced as ``internal://<name>.txt``. Text selections
count Unicode code points from 0 (start inclusive, end exclusive), which is what Python's string
indices count too.

Everything a researcher's tool sends back is untrusted: the archive is size-checked before it is
unpacked, the XML is parsed without DTDs, entities or network, validated against the standard's
own schema (``data/Project.xsd``), and every selection must lie inside its text.
"""

from __future__ import annotations

import io
import logging
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _
from lxml import etree

from meervoud.core.text import xml_safe
from meervoud.exchange.schema_errors import describe

logger = logging.getLogger(__name__)

NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
SCHEMA_PATH = Path(__file__).parent / "data" / "Project.xsd"
SCHEMA_LOCATION = f"{NS} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
PROJECT_FILE = "project.qde"
INTERNAL = "internal://"

# A project of a few thousand stories is a few megabytes; these bounds leave room for that and
# stop archives that unpack into far more than they weigh.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 20_000
MAX_RATIO = 200

# ZIP entries carry a modification time; a fixed one keeps two exports of the same data identical.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class QdpxError(ValueError):
    """A file that cannot be read as a REFI-QDA project; the message is meant for the user."""


@dataclass(frozen=True)
class Code:
    guid: str
    name: str
    description: str = ""
    color: str = ""
    parent: str | None = None  # guid of the enclosing code
    codable: bool = True


@dataclass(frozen=True)
class Coding:
    """One code applied to one span of a source."""

    selection: str  # guid of the PlainTextSelection
    code: str  # guid of the Code
    start: int
    end: int
    guid: str = ""
    user: str = ""  # guid of who made it (creatingUser), when the program says


@dataclass
class Source:
    guid: str
    name: str
    text: str | None  # None: the text lives outside the file (an external path)
    description: str = ""
    codings: list[Coding] = field(default_factory=list)


@dataclass
class Project:
    name: str
    codes: list[Code]  # parents before their children
    sources: list[Source]
    user_guid: str = ""
    user_name: str = ""
    origin: str = ""
    description: str = ""


ParsedProject = Project


# ---------------------------------------------------------------------------------------- write


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _project_xml(project: Project, created_at: datetime) -> bytes:
    stamp = created_at.replace(microsecond=0).isoformat()
    root = etree.Element(_q("Project"), nsmap={None: NS, "xsi": "http://www.w3.org/2001/XMLSchema-instance"})
    root.set("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation", SCHEMA_LOCATION)
    root.set("name", xml_safe(project.name))
    if project.origin:
        root.set("origin", project.origin)
    if project.user_guid:
        root.set("creatingUserGUID", project.user_guid)
    root.set("creationDateTime", stamp)
    if project.user_guid:
        users = etree.SubElement(root, _q("Users"))
        etree.SubElement(users, _q("User"), guid=project.user_guid, name=xml_safe(project.user_name))
    if project.codes:
        codes = etree.SubElement(etree.SubElement(root, _q("CodeBook")), _q("Codes"))
        elements: dict[str, etree._Element] = {}
        for code in project.codes:
            parent = elements[code.parent] if code.parent else codes
            element = etree.SubElement(parent, _q("Code"), guid=code.guid, name=xml_safe(code.name),
                                       isCodable="true" if code.codable else "false")
            if code.color:
                element.set("color", code.color)
            if code.description:
                # The schema wants Description before nested codes; children come later.
                etree.SubElement(element, _q("Description")).text = xml_safe(code.description)
            elements[code.guid] = element
    if project.sources:
        sources = etree.SubElement(root, _q("Sources"))
        for source in project.sources:
            element = etree.SubElement(sources, _q("TextSource"), guid=source.guid,
                                       name=xml_safe(source.name),
                                       plainTextPath=f"{INTERNAL}{source.guid}.txt")
            if project.user_guid:
                element.set("creatingUser", project.user_guid)
            if source.description:
                etree.SubElement(element, _q("Description")).text = xml_safe(source.description)
            selections: dict[str, etree._Element] = {}
            for coding in source.codings:
                selection = selections.get(coding.selection)
                if selection is None:
                    selection = etree.SubElement(
                        element, _q("PlainTextSelection"), guid=coding.selection,
                        startPosition=str(coding.start), endPosition=str(coding.end))
                    if project.user_guid:
                        selection.set("creatingUser", project.user_guid)
                    selections[coding.selection] = selection
                applied = etree.SubElement(selection, _q("Coding"), guid=coding.guid)
                if project.user_guid:
                    applied.set("creatingUser", project.user_guid)
                etree.SubElement(applied, _q("CodeRef"), targetGUID=coding.code)
    if project.description:
        # The schema puts the project's Description after Sources (and Notes, Links, …).
        etree.SubElement(root, _q("Description")).text = xml_safe(project.description)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def export_project(project: Project, *, created_at: datetime) -> bytes:
    """The .qdpx archive. Only ``created_at`` varies between two exports of the same data."""
    entries = {PROJECT_FILE: _project_xml(project, created_at)}
    for source in project.sources:
        entries[f"sources/{source.guid}.txt"] = (source.text or "").encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name])
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------- read


@lru_cache(maxsize=1)
def _schema():
    import xmlschema

    return xmlschema.XMLSchema(str(SCHEMA_PATH))


def schema_errors(xml: bytes) -> list[str]:
    """What the standard's schema finds wrong with a project.qde (empty: valid)."""
    return schema_errors_of(_parse_xml(xml))


def schema_errors_of(root) -> list[str]:
    return [describe(error) for error in _schema().iter_errors(root)]


def _parse_xml(xml: bytes):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        # the parser's own words are English and name internals ("<string>"): the log keeps them
        logger.info("project.qde is no valid XML: %s", error)
        line, column = error.position if error.position else (error.lineno, 0)
        raise QdpxError(_("project.qde is geen geldige XML: er klopt iets niet op regel %(line)s, "
                          "teken %(column)s (het bestand is afgebroken of beschadigd). Exporteer het "
                          "project opnieuw uit je programma.") % {"line": line, "column": column}) from error
    # Entity declarations have no place in a project file and are how XML bombs are built.
    if root.getroottree().docinfo.internalDTD is not None or root.getroottree().docinfo.doctype:
        raise QdpxError(_("project.qde bevat een DOCTYPE. Dat hoort niet in een REFI-QDA-project."))
    return root


def _unpack(data: bytes) -> dict[str, bytes]:
    if len(data) > MAX_UPLOAD_BYTES:
        raise QdpxError(_("Het bestand is groter dan %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20})
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, NotImplementedError) as error:
        raise QdpxError(_("Dit is geen .qdpx-bestand: het is geen ZIP-archief.")) from error
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if len(infos) > MAX_ENTRIES:
            raise QdpxError(_("Het archief bevat te veel bestanden (meer dan %(n)s).") % {"n": MAX_ENTRIES})
        declared = sum(info.file_size for info in infos)
        if declared > MAX_UNPACKED_BYTES:
            raise QdpxError(_("Het archief wordt uitgepakt te groot (meer dan %(mb)s MB). Het wordt "
                              "niet gelezen.") % {"mb": MAX_UNPACKED_BYTES // 2**20})
        files: dict[str, bytes] = {}
        budget = MAX_UNPACKED_BYTES
        for info in infos:
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise QdpxError(_("Het archief is verdacht sterk ingepakt (%(name)s). Het wordt niet "
                                  "gelezen.") % {"name": info.filename})
            try:
                # The sizes in the ZIP directory can lie; never read more than is left of the budget.
                with archive.open(info) as handle:
                    content = handle.read(budget + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError,
                    ValueError, zlib.error) as error:
                raise QdpxError(_("Het archief is beschadigd of versleuteld (%(name)s).")
                                % {"name": info.filename}) from error
            budget -= len(content)
            if budget < 0:
                raise QdpxError(_("Het archief wordt uitgepakt te groot (meer dan %(mb)s MB). Het "
                                  "wordt niet gelezen.") % {"mb": MAX_UNPACKED_BYTES // 2**20})
            files[info.filename.replace("\\", "/")] = content
    return files


def _project_file(files: dict[str, bytes]) -> str:
    """The name of the project file. Some tools put the project in a folder (or a person zips
    the unpacked folder again) or give it another name ending in .qde."""
    if PROJECT_FILE in files:
        return PROJECT_FILE
    candidates = sorted(name for name in files if name.lower().endswith(".qde"))
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        # two versions zipped together: which one she meant is hers to say
        raise QdpxError(_("In het archief staan %(count)s projectbestanden: %(names)s. Er mag er "
                          "één in staan. Exporteer het project dat je bedoelt opnieuw als "
                          "REFI-QDA-project (.qdpx).") % {"count": len(candidates),
                                                           "names": ", ".join(candidates)})
    raise QdpxError(_("In het archief staat geen project.qde. Exporteer het project opnieuw als "
                      "REFI-QDA-project (.qdpx)."))


def _source_text(element, files: dict[str, bytes], name: str, folder: PurePosixPath) -> str | None:
    """The source's text: in the project file, or in ``sources/`` next to it (``folder``)."""
    content = element.find(_q("PlainTextContent"))
    if content is not None:
        return content.text or ""
    path = element.get("plainTextPath") or ""
    if not path.startswith(INTERNAL):
        return None
    relative = PurePosixPath(path[len(INTERNAL):])
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise QdpxError(_("Bron '%(name)s' verwijst naar een pad buiten het archief.") % {"name": name})
    wanted = str(folder / "sources" / relative)
    found = files.get(wanted)
    if found is None:
        # The standard says "sources/", but not every tool agrees on the capital.
        found = next((data for key, data in files.items() if key.lower() == wanted.lower()), None)
    if found is None:
        raise QdpxError(_("Bron '%(name)s' ontbreekt in het archief (%(path)s).")
                        % {"name": name, "path": wanted})
    try:
        text = found.decode("utf-8")
    except UnicodeDecodeError as error:
        raise QdpxError(_("De tekst van bron '%(name)s' is geen UTF-8.") % {"name": name}) from error
    return text.removeprefix("\ufeff")


def _guid(value: str) -> str:
    return value.strip("{}").lower()


def _codes(root) -> list[Code]:
    found: list[Code] = []

    def walk(element, parent: str | None) -> None:
        for child in element.findall(_q("Code")):
            description = child.find(_q("Description"))
            code = Code(
                guid=_guid(child.get("guid")), name=child.get("name", ""),
                description=(description.text or "").strip() if description is not None else "",
                color=child.get("color", ""), parent=parent,
                codable=child.get("isCodable", "true") in ("true", "1"),
            )
            found.append(code)
            walk(child, code.guid)

    codes = root.find(f"{_q('CodeBook')}/{_q('Codes')}")
    if codes is not None:
        walk(codes, None)
    return found


def _refuse_duplicates(guids: list[str], kind: str) -> None:
    """Two codes or two sources with one GUID would each be compared, and give double or
    contradicting proposals; such a file is refused."""
    seen: set[str] = set()
    for guid in guids:
        if guid in seen:
            raise QdpxError(_("Het project is niet in orde: twee keer dezelfde GUID voor een "
                              "%(kind)s (%(guid)s). Exporteer het project opnieuw.")
                            % {"kind": kind, "guid": guid})
        seen.add(guid)


def read_project(data: bytes) -> ParsedProject:
    """Read and check a .qdpx; raises QdpxError with a message for the user."""
    files = _unpack(data)
    project_file = _project_file(files)
    folder = PurePosixPath(project_file).parent
    root = _parse_xml(files[project_file])
    if root.tag == f"{{{CODEBOOK_NS}}}CodeBook":
        raise QdpxError(_("Dit is een REFI-QDA-codeboek, geen project. Exporteer het hele project "
                          "(.qdpx)."))
    if root.tag != _q("Project"):
        raise QdpxError(_("Dit is geen REFI-QDA-project: het hoofdelement is %(tag)s, verwacht is "
                          "Project in namespace %(ns)s.") % {"tag": root.tag, "ns": NS})
    errors = schema_errors_of(root)
    if errors:
        raise QdpxError(_("project.qde volgt de REFI-QDA-standaard niet: %(error)s")
                        % {"error": errors[0]})
    codes = _codes(root)
    _refuse_duplicates([code.guid for code in codes], _("code"))
    _refuse_duplicates([_guid(element.get("guid")) for element in root.iterfind(
        f"{_q('Sources')}/{_q('TextSource')}")], _("bron"))
    known = {code.guid for code in codes}
    users = root.find(_q("Users"))
    user = users.find(_q("User")) if users is not None else None
    sources: list[Source] = []
    for element in root.iterfind(f"{_q('Sources')}/{_q('TextSource')}"):
        guid = _guid(element.get("guid"))
        name = element.get("name") or guid
        text = _source_text(element, files, name, folder)
        description = element.find(_q("Description"))
        source = Source(guid=guid, name=name, text=text,
                        description=(description.text or "") if description is not None else "")
        for selection in element.iterfind(_q("PlainTextSelection")):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            if start < 0 or end < start or (text is not None and end > len(text)):
                raise QdpxError(_("Een selectie in bron '%(name)s' valt buiten de tekst (%(start)s–"
                                  "%(end)s, de tekst is %(length)s tekens lang).") % {
                    "name": name, "start": start, "end": end,
                    "length": len(text) if text is not None else "?"})
            for coding in selection.iterfind(_q("Coding")):
                target = _guid(coding.find(_q("CodeRef")).get("targetGUID"))
                if target not in known:
                    raise QdpxError(_("Een codering in bron '%(name)s' verwijst naar een code die "
                                      "niet in het codeboek staat.") % {"name": name})
                source.codings.append(Coding(selection=_guid(selection.get("guid")), code=target,
                                             start=start, end=end, guid=_guid(coding.get("guid")),
                                             user=_guid(coding.get("creatingUser") or "")))
        sources.append(source)
    description = root.find(_q("Description"))
    return Project(
        name=root.get("name", ""), codes=codes, sources=sources,
        user_guid=_guid(user.get("guid")) if user is not None else "",
        user_name=user.get("name", "") if user is not None else "", origin=root.get("origin", ""),
        description=(description.text or "") if description is not None else "",
    )
