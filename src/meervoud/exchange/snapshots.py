"""The snapshot an export leaves behind, as plain data, and the stamp that names it in the file.

A snapshot holds what the comparison needs and nothing a reader could use: per code its theme
key, title and parent; per source the story id, field, name and its statements (key, offsets,
theme). The texts stay in the stories: a returned source is compared with today's text, and
when that text is the one exported, the snapshot's offsets still hold.

The stamp is derived from the snapshot, so exporting unchanged data twice gives the same file.
It is written into the project's own description, which QDA programs keep with the project.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid

from django.utils.translation import gettext as _

from meervoud.exchange.compare import Known, KnownCode, KnownSource, KnownStatement

VERSION = 1
STAMP_NAMESPACE = uuid.UUID("0c7f3a52-54a4-4d0f-9a43-3c3f0b6f2f41")
# The machine-readable part stays the same in every language, so a translation cannot break it.
_MARK = "meervoud-export"
_STAMP = re.compile(_MARK + r"[\s:]+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})", re.I)


def as_json(known: Known) -> dict:
    return {
        "version": VERSION,
        "codes": {guid: [code.theme, code.title, code.parent] for guid, code in known.codes.items()},
        "sources": {guid: {"story": source.story, "field": source.field, "name": source.name,
                           "statements": [[s.key, s.start, s.end, s.theme] for s in source.statements]}
                    for guid, source in known.sources.items()},
    }


def stamp_of(snapshot: dict) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return str(uuid.uuid5(STAMP_NAMESPACE, hashlib.sha256(canonical.encode("utf-8")).hexdigest()))


def description(stamp: str, about=()) -> str:
    """The project's description: ``about`` (where the codes came from), the stamp, and why it
    must stay."""
    return "\n".join([
        *about,
        _("Gemaakt met Meervoud. Laat de regel hieronder staan: als je je codering terugstuurt, "
          "vergelijkt Meervoud je project met deze export."),
        f"{_MARK} {stamp}",
    ])


def read_stamp(text: str) -> str | None:
    found = _STAMP.search(text or "")
    return found.group(1).lower() if found else None


def exported_stories(snapshot: dict) -> dict[str, int]:
    """Source GUID -> story id, for every source the export held."""
    return {guid: source["story"] for guid, source in snapshot.get("sources", {}).items()
            if source.get("story") is not None}


def as_known(snapshot: dict, now: Known) -> Known:
    """The export as the comparison sees it: its codes and codings, on the sources Meervoud still
    exports today (with today's text). A source or code the export did not hold (the project
    mixes in another export) is taken as it is now."""
    codes = dict(now.codes)
    codes.update({guid: KnownCode(theme, title, parent)
                  for guid, (theme, title, parent) in snapshot.get("codes", {}).items()})
    sources = {}
    for guid, current in now.sources.items():
        exported = snapshot.get("sources", {}).get(guid)
        if exported is None:
            sources[guid] = current
            continue
        statements = [KnownStatement(key, start, end, theme)
                      for key, start, end, theme in exported["statements"]]
        sources[guid] = KnownSource(name=current.name, text=current.text, statements=statements,
                                    story=current.story, field=current.field)
    return Known(codes=codes, sources=sources)
