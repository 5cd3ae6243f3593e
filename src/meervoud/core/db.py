"""Database helpers shared by the apps."""

from collections.abc import Iterable, Iterator

# Keeps every IN (...) list well under SQLite's parameter limit (999 before SQLite 3.32, 32,766 since).
IN_LIST_SIZE = 500


def in_chunks(values: Iterable, size: int = IN_LIST_SIZE) -> Iterator[list]:
    """``values``, sorted (so the queries repeat exactly), in lists short enough for one IN (...)."""
    items = sorted(values)
    for start in range(0, len(items), size):
        yield items[start:start + size]
