"""The teaching module's content (learning goals, texts, assignments) from `data/module.json`."""

import copy
import json
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "module.json"


@lru_cache(maxsize=None)
def _module() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def module() -> dict:
    return copy.deepcopy(_module())


def assignment_choices() -> list[tuple[int, str]]:
    return [(a["number"], f"Opdracht {a['number']}: {a['title']}") for a in _module()["assignments"]]
