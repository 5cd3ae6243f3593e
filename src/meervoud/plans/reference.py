"""The handbook's reference content, read from `data/*.json` (written from the Dutch sources).

Callers get deep copies, so they may change what they receive without touching the cache.
"""

import copy
import json
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")


@lru_cache(maxsize=None)
def _load(name: str):
    return json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


def load(name: str):
    return copy.deepcopy(_load(name))


def plan_format() -> dict:
    """Bijlage 1: header fields, background and structure questions, the three goal tables."""
    return load("plan_format")


def roadmap() -> dict:
    """Kotter's eight steps in three phases with the handbook's suggestions (§3.1–3.3)."""
    return load("roadmap")


def checklists() -> list[dict]:
    """Ten tips for municipalities, do's and don'ts (§6), handvatten of chapters 3–5."""
    return load("checklists")["checklists"]


def programme(kind: str) -> dict:
    """Bijlage 2 ("training") or Bijlage 3 ("workshop") as sessions of timed blocks."""
    return load("programmes")[kind]


def table_format(key: str) -> dict:
    for table in _load("plan_format")["tables"]:
        if table["key"] == key:
            return copy.deepcopy(table)
    raise KeyError(key)


def question_fields() -> list[str]:
    return [q["field"] for section in _load("plan_format")["sections"]
            for q in section["questions"]]
