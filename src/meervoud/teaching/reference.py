"""The teaching module's content (learning goals, texts, assignments) from `data/module.json`.

Translated as the handbook's reference content is (`meervoud.plans.reference`): the Dutch texts
are their own msgids, listed for makemessages in `msgids.py`; run
`python -m meervoud.teaching.reference` after changing the data.
"""

import copy
import json
import sys
from functools import lru_cache
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from meervoud.plans.reference import msgids_module, translated, write_msgids

DATA_FILE = Path(__file__).with_name("data") / "module.json"


@lru_cache(maxsize=None)
def _source() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _module(language: str) -> dict:
    return translated(_source())


def module() -> dict:
    """The module in the interface language; the slug and keys stay as they are."""
    return copy.deepcopy(_module(get_language() or ""))


def assignment_choices() -> list[tuple[int, str]]:
    return [(a["number"], _("Opdracht %(n)s: %(title)s") % {"n": a["number"], "title": a["title"]})
            for a in _module(get_language() or "")["assignments"]]


def msgids_source() -> str:
    """What `msgids.py` must say for the data as it is now."""
    return msgids_module([_source()], "the teaching module (teaching/data/module.json)")


if __name__ == "__main__":
    sys.stdout.write(f"{write_msgids(__file__, msgids_source)}\n")
