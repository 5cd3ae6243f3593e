"""Rows of (theme, narrator, text) through a labeler, for the label tests."""

from __future__ import annotations

import random


def run(labeler, rows):
    """rows: (theme, narrator, text)."""
    return labeler.label([t for _, _, t in rows], [c for c, _, _ in rows], narrators=[n for _, n, _ in rows])


def two_levels(labeler, rows):
    """Labels of themes and of sub-themes (each theme one sub-theme ``<theme>.1``) at once."""
    return labeler.label_levels([t for *_, t in rows], [([c for c, *_ in rows], None),
                                                        ([c + ".1" for c, *_ in rows], None)],
                                narrators=[n for _, n, _ in rows])


def assert_order_free(labeler, rows, expected) -> None:
    """The same labels, on one level and on two, in three other orders of the same rows."""
    levels = two_levels(labeler, rows)
    for seed in range(3):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        assert run(labeler, shuffled) == expected
        assert two_levels(labeler, shuffled) == levels
