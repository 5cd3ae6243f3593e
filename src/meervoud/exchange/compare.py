"""What a researcher changed: the project Meervoud exported, compared with the one that came back.

Plain data in and out. Meervoud's side (``Known``) is what it exported to the researcher: the
codes and codings of that export (kept as a snapshot, see ``exchange.snapshots``) on today's
texts; for a project without an export stamp, what it would export now. The researcher's side is
a parsed .qdpx. Codes are matched by GUID, sources by GUID, and codings by their offsets on the
de-identified text, so a researcher may widen or trim a span a little and it still lands on the
same statement. ``still_open`` then drops what Meervoud has done since the export anyway.

Meervoud puts a statement in one theme; sub-theme codes count as their theme here, so the
comparison speaks about themes only (renames of sub-themes included).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from meervoud.exchange.refiqda import ParsedProject


@dataclass(frozen=True)
class KnownCode:
    theme: str  # theme key
    title: str
    parent: str | None = None  # key of the enclosing theme for a sub-theme


@dataclass(frozen=True)
class KnownStatement:
    key: str
    start: int
    end: int
    theme: str | None  # key of its (top-level) theme, None when it has none in the export


@dataclass
class KnownSource:
    name: str
    text: str
    statements: list[KnownStatement]
    story: int | None = None
    field: str = "text"


@dataclass
class Known:
    codes: dict[str, KnownCode]  # by GUID
    sources: dict[str, KnownSource]  # by GUID


@dataclass(frozen=True)
class Rename:
    theme: str
    old: str
    new: str


@dataclass
class NewTheme:
    guid: str
    name: str
    description: str
    statements: list[str]


@dataclass(frozen=True)
class Move:
    statement: str
    source_theme: str | None
    target: str
    kept: bool  # the researcher kept the original coding and added this one


@dataclass(frozen=True)
class Removal:
    statement: str
    theme: str


@dataclass
class Comparison:
    renames: list[Rename] = field(default_factory=list)
    new_themes: list[NewTheme] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    unmatched: int = 0  # codings that cover no statement
    changed_sources: list[str] = field(default_factory=list)  # text differs from Meervoud's now
    empty_codes: list[str] = field(default_factory=list)  # new codes without codings
    compared_sources: int = 0

    @property
    def empty(self) -> bool:
        return not (self.renames or self.new_themes or self.moves or self.removals)


def _normalised(text: str) -> list[int]:
    """For each offset in text, the offset once every CRLF is a single LF."""
    out, position = [], 0
    for index, char in enumerate(text):
        out.append(position)
        if not (char == "\r" and text[index + 1:index + 2] == "\n"):
            position += 1
    out.append(position)
    return out


def _offset_map(theirs: str, ours: str):
    """Translate offsets in the returned text to offsets in Meervoud's; None if the texts differ.

    Tools disagree about line endings, nothing else may differ."""
    if theirs == ours:
        return lambda offset: offset
    if theirs.replace("\r\n", "\n") != ours.replace("\r\n", "\n"):
        return None
    to_normal = _normalised(theirs)
    from_normal: dict[int, int] = {}
    for offset, normal in enumerate(_normalised(ours)):
        from_normal.setdefault(normal, offset)
    return lambda offset: from_normal[to_normal[offset]]


def _covered(statements: list[KnownStatement], start: int, end: int) -> list[KnownStatement]:
    """Statements a span codes: at least half of the statement, or at least half of the span."""
    hits = []
    for statement in statements:
        overlap = min(end, statement.end) - max(start, statement.start)
        if overlap > 0 and (2 * overlap >= statement.end - statement.start or 2 * overlap >= end - start):
            hits.append(statement)
    return hits


def _sources(known: Known, returned: ParsedProject):
    """Each returned source Meervoud exported, with a map from its offsets to Meervoud's (None:
    its text changed, so its codings cannot be placed on statements)."""
    for source in returned.sources:
        mine = known.sources.get(source.guid)
        if mine is not None and source.text is not None:
            yield source, mine, _offset_map(source.text, mine.text)


def _main_theme(code) -> str:
    """The theme a code of Meervoud counts as: a sub-theme's code as its main theme."""
    return code.parent or code.theme


def compare(known: Known, returned: ParsedProject) -> Comparison:
    result = Comparison()
    for code in returned.codes:
        mine = known.codes.get(code.guid)
        if mine and code.name.strip() and code.name.strip() != mine.title:
            result.renames.append(Rename(mine.theme, mine.title, code.name.strip()))

    coded: dict[str, set[str]] = {}
    new_coded: dict[str, list[str]] = {}
    statements: list[KnownStatement] = []
    for source, mine, translate in _sources(known, returned):
        if translate is None:
            result.changed_sources.append(mine.name)
            continue
        result.compared_sources += 1
        statements.extend(mine.statements)
        for coding in source.codings:
            hits = _covered(mine.statements, translate(coding.start), translate(coding.end))
            if not hits:
                result.unmatched += 1
            for statement in hits:
                if coding.code in known.codes:
                    coded.setdefault(statement.key, set()).add(_main_theme(known.codes[coding.code]))
                elif statement.key not in new_coded.setdefault(coding.code, []):
                    new_coded[coding.code].append(statement.key)

    in_new_code = {key for keys in new_coded.values() for key in keys}
    for statement in statements:
        now = coded.get(statement.key, set())
        if statement.theme in now:
            result.moves += [Move(statement.key, statement.theme, target, True)
                             for target in sorted(now - {statement.theme})]
        elif now:
            result.moves += [Move(statement.key, statement.theme, target, False) for target in sorted(now)]
        elif statement.theme and statement.key not in in_new_code:
            result.removals.append(Removal(statement.key, statement.theme))

    for code in returned.codes:
        if code.guid in known.codes:
            continue
        if new_coded.get(code.guid):
            result.new_themes.append(NewTheme(code.guid, code.name.strip(),
                                              code.description, new_coded[code.guid]))
        else:
            result.empty_codes.append(code.name)
    return result


@dataclass
class OwnCoding:
    """The codes a statement she coded herself carries in her project: the (main) themes of
    Meervoud's codes, by key, and the GUIDs of codes that are no theme."""

    themes: set[str] = field(default_factory=set)
    new_codes: set[str] = field(default_factory=set)


def own_codings(known: Known, returned: ParsedProject, *, exported_guid: Callable[[str, str], str],
                exporter: str) -> dict[str, OwnCoding]:
    """The statements she coded herself, by key, each with every code it carries in her project
    (hers, and Meervoud's she kept beside them).

    A coding is Meervoud's, not hers, when it is the one the export wrote: its GUID is derived
    from the statement and the code's theme (``exported_guid(statement_key, theme_key)``), so a
    code she changed no longer matches. A program that gives codings new GUIDs may still name
    Meervoud (``exporter``) as who made them; such a coding with the code the statement had is
    Meervoud's too. Her untouched export is the engine's coding: counted as hers, she would
    agree with the computer on every statement she never looked at."""
    carried: dict[str, OwnCoding] = {}
    hers: set[str] = set()
    for source, mine, translate in _sources(known, returned):
        if translate is None:
            continue  # its text changed: ``compare`` reports it
        for coding in source.codings:
            code = known.codes.get(coding.code)
            for statement in _covered(mine.statements, translate(coding.start), translate(coding.end)):
                found = carried.setdefault(statement.key, OwnCoding())
                if code is None:
                    found.new_codes.add(coding.code)
                    hers.add(statement.key)
                    continue
                theme = _main_theme(code)
                found.themes.add(theme)
                exported = coding.guid == exported_guid(statement.key, code.theme) or (
                    coding.user == exporter and theme == statement.theme)
                if not exported:
                    hers.add(statement.key)
    return {key: carried[key] for key in sorted(hers)}


def still_open(comparison: Comparison, now: Known) -> Comparison:
    """What the researcher changed that Meervoud has not done since the export (``now``: what it
    would export today). Curators may have made the same change meanwhile, or moved on: a
    proposal never asks for what is already so, nor names statements that are gone."""
    titles = {code.theme: code.title for code in now.codes.values()}
    theme_now = {statement.key: statement.theme for source in now.sources.values()
                 for statement in source.statements}
    result = Comparison(
        renames=[r for r in comparison.renames if titles.get(r.theme) != r.new],
        moves=[replace(move, source_theme=theme_now[move.statement]) for move in comparison.moves
               if move.statement in theme_now and theme_now[move.statement] != move.target],
        removals=[r for r in comparison.removals
                  if r.statement in theme_now and theme_now[r.statement] == r.theme],
        unmatched=comparison.unmatched, changed_sources=comparison.changed_sources,
        empty_codes=list(comparison.empty_codes), compared_sources=comparison.compared_sources)
    for new in comparison.new_themes:
        keys = [key for key in new.statements if key in theme_now]
        if keys:
            result.new_themes.append(NewTheme(new.guid, new.name, new.description, keys))
        else:
            result.empty_codes.append(new.name)
    return result
