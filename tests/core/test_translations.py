"""Everything a user reads is Dutch first, with an English translation: the English catalogue must
hold every template string, translate each one, and be compiled from the current .po file.

No gettext tools are needed (a fresh Debian machine need not have them): the .po file is read here.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "meervoud"
PO = SRC / "locale" / "en" / "LC_MESSAGES" / "django.po"
# Dutch only for library messages whose own Dutch catalogue lacks them (DRF's validation errors)
LIBRARY_NL_PO = SRC / "locale" / "nl" / "LC_MESSAGES" / "django.po"

# {% translate "…" %} and {% translate '…' %}, optionally with "as var" or "context"
TEMPLATE_STRING = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.*?)\1(?:\s+[^%]*)?%\}""", re.S)


def _entries(po: Path = PO) -> list[dict]:
    """The .po file's entries: flags, msgctxt, msgid, msgid_plural, msgstr (all forms joined)."""
    entries, current, key = [], None, None
    for line in po.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current:
                entries.append(current)
            current, key = None, None
            continue
        current = current or {"flags": "", "msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": []}
        if line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key == "msgstr":
                current["msgstr"][-1] += value
            else:
                current[key] += value
        else:
            word, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if word.startswith("msgstr"):
                key = "msgstr"
                current["msgstr"].append(value)
            else:
                key = word
                current[key] = value
    return [e for e in entries if e["msgid"] or e["msgctxt"]]  # the header has an empty msgid


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = _entries()
    assert len(entries) > 1000
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    empty = [e["msgid"] for e in entries if not all(e["msgstr"])]
    assert not fuzzy, f"fuzzy (guessed) translations: {fuzzy[:5]}"
    assert not empty, f"untranslated: {empty[:5]}"


def test_every_template_string_is_in_the_catalogue():
    known = {e["msgid"] for e in _entries()}
    missing = sorted({(path.relative_to(SRC).as_posix(), text)
                      for path in SRC.rglob("*.html")
                      for _q, text in TEMPLATE_STRING.findall(path.read_text(encoding="utf-8"))
                      # Django looks a template literal up with every "%" doubled
                      if text.replace("%", "%%") not in known})
    assert not missing, f"run makemessages in src/meervoud and translate: {missing[:5]}"


@pytest.mark.parametrize("po", [PO, LIBRARY_NL_PO], ids=["en", "nl"])
def test_the_compiled_catalogue_matches_the_po_file(po):
    with po.with_suffix(".mo").open("rb") as f:
        catalogue = gettext.GNUTranslations(f)
    stale = []
    for e in _entries(po):
        if e["msgid_plural"] is not None:
            got = catalogue.ngettext(e["msgid"], e["msgid_plural"], 1)
        elif e["msgctxt"] is not None:
            got = catalogue.pgettext(e["msgctxt"], e["msgid"])
        else:
            got = catalogue.gettext(e["msgid"])
        if got != e["msgstr"][0]:
            stale.append(e["msgid"])
    assert not stale, f"compilemessages was not run after editing the .po file: {stale[:5]}"
