"""What the REFI-QDA schema check found, said in the user's language.

xmlschema words its findings in English and in the schema's own terms. A researcher who sends a
project back needs to know which element, on which line, and what to change; the common findings
are rephrased here, anything else keeps the library's wording inside a translated sentence.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

_LOCAL = re.compile(r"\{[^}]*\}")


def _local(name: str) -> str:
    return _LOCAL.sub("", name)


def _reason(reason: str) -> str:
    if m := re.match(r"missing required attribute '([^']+)'", reason):
        return _("het verplichte attribuut %(attr)s ontbreekt") % {"attr": m[1]}
    if m := re.match(r"'([^']+)' attribute not allowed", reason):
        return _("het attribuut %(attr)s hoort hier niet") % {"attr": m[1]}
    if m := re.match(r"attribute guid='([^']*)'", reason):
        return _("'%(value)s' is geen geldige GUID") % {"value": m[1]}
    if m := re.match(r"attribute (\w+)='([^']*)': '[^']*' is not a boolean", reason):
        return _("%(attr)s moet true of false zijn, niet '%(value)s'") % {"attr": m[1], "value": m[2]}
    if m := re.match(r"attribute (\w+)='([^']*)': Invalid datetime", reason):
        return _("%(attr)s moet een datum en tijd zijn (zoals 2026-01-31T12:00:00Z), niet '%(value)s'") % {
            "attr": m[1], "value": m[2]}
    if m := re.match(r"attribute (\w+)='([^']*)'", reason):
        return _("de waarde '%(value)s' van %(attr)s is niet toegestaan") % {"attr": m[1], "value": m[2]}
    if m := re.match(r"Unexpected child with tag '([^']+)'", reason):
        return _("het element %(tag)s hoort hier niet, of staat op de verkeerde plaats") % {"tag": _local(m[1])}
    if m := re.match(r"The content of element '[^']+' is not complete\. Tag '([^']+)' expected", reason):
        return _("hier ontbreekt het element %(tag)s") % {"tag": _local(m[1])}
    if reason.startswith("character data between child elements not allowed"):
        return _("hier hoort geen losse tekst tussen de elementen")
    return _("dit voldoet niet aan de standaard (melding van de controle: %(reason)s)") % {
        "reason": _local(reason)}


def describe(error) -> str:
    """One finding as "element X (line n): what is wrong"."""
    elem = getattr(error, "elem", None)
    tag = _local(getattr(elem, "tag", "") or "") if elem is not None else ""
    line = getattr(elem, "sourceline", None) or getattr(error, "sourceline", None)
    reason = _reason(str(error.reason or error.message))
    if tag and line:
        return _("element %(tag)s op regel %(line)s: %(reason)s") % {"tag": tag, "line": line, "reason": reason}
    if tag:
        return _("element %(tag)s: %(reason)s") % {"tag": tag, "reason": reason}
    return reason
