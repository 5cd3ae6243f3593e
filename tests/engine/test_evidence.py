import datetime as dt
import itertools
import math

import numpy as np
import pytest

from meervoud.engine import Document, EvidenceCounter, SaturationAnalysis, Statement, wilson_interval
from meervoud.engine.evidence import expected_themes_curve


def _st(sid, doc, text="x"):
    return Statement(id=sid, document_id=doc, text=text, lang="nl", start=0, end=1, content_hash=sid)


def test_narrator_with_three_stories_counts_once():
    docs = [
        Document(id="a1", text="", narrator="A", municipality="Assen", life_domains=("verslaving",),
                 date=dt.date(2020, 1, 1)),
        Document(id="a2", text="", narrator="A", municipality="Emmen", date=dt.date(2021, 1, 1)),
        Document(id="a3", text="", narrator="A", municipality="Assen", date=dt.date(2022, 6, 1)),
        Document(id="b1", text="", narrator="B", municipality="Assen", life_domains=("verslaving",)),
        Document(id="c1", text="", narrator="C", municipality="Emmen"),
    ]
    statements = [_st("s1", "a1"), _st("s2", "a2"), _st("s3", "a3"), _st("s4", "a3"), _st("s5", "b1"),
                  _st("s6", "c1")]
    assignment = {"s1": "T", "s2": "T", "s3": "T", "s4": "T", "s5": "T", "s6": None}
    kinds = {"s1": "helped", "s2": "helped", "s3": "hindered", "s4": "helped", "s5": "helped"}
    ev = EvidenceCounter().compute(docs, statements, assignment, kinds)
    e = ev["T"]
    assert (e.narrators, e.stories, e.statements) == (2, 4, 5)
    assert e.municipalities == {"Assen": 2, "Emmen": 1}  # distinct narrators per municipality
    assert e.life_domains == {"verslaving": 2}
    assert e.kinds_narrators["helped"] == 2 and e.kinds_narrators["hindered"] == 1
    assert e.kinds_statements["helped"] == 4
    assert e.share == pytest.approx(2 / 3)
    assert (e.first_date, e.last_date) == (dt.date(2020, 1, 1), dt.date(2022, 6, 1))
    assert "None" not in ev and None not in ev  # outliers have no evidence row


# Newcombe (1998), Stat Med 17:857-872, table I (Wilson score interval), plus two textbook cases.
@pytest.mark.parametrize("x,n,low,high", [
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718),
    (0, 10, 0.0, 0.2775), (5, 10, 0.2366, 0.7634),
])
def test_wilson_interval_known_values(x, n, low, high):
    ci = wilson_interval(x, n)
    assert ci.low == pytest.approx(low, abs=1e-4)
    assert ci.high == pytest.approx(high, abs=1e-4)


def test_expected_curve_equals_enumeration_over_all_orders():
    narrator_themes = {"A": {"t1", "t2"}, "B": {"t1"}, "C": {"t3"}, "D": set()}
    names = sorted(narrator_themes)
    sums = np.zeros(len(names))
    perms = list(itertools.permutations(names))
    for p in perms:
        seen = set()
        for k, name in enumerate(p):
            seen |= narrator_themes[name]
            sums[k] += len(seen)
    brute = sums / len(perms)
    coverage = [2, 1, 1]  # t1 by A,B; t2 by A; t3 by C
    assert np.allclose(expected_themes_curve(coverage, 4), brute)


def test_saturation_shape():
    rng = np.random.default_rng(0)
    # 40 narrators; theme popularity falls off, so late narrators bring few new themes
    table = {f"N{i:02d}": {f"t{j}" for j in range(12) if rng.random() < 0.6 / (1 + j)} | {"t0"} for i in range(40)}
    curve = SaturationAnalysis(orders=30, seed=3).curve("*", table)
    assert curve.narrators == 40 and curve.themes == len(set().union(*table.values()))
    assert np.all(np.diff(curve.expected) >= -1e-12)  # never decreases
    assert curve.expected[-1] == pytest.approx(curve.themes)
    assert curve.new_per_narrator[0] > curve.new_per_narrator[-1]  # diminishing returns
    assert np.all(curve.low <= curve.high)
    inside = (curve.low <= curve.expected + 1e-9) & (curve.expected <= curve.high + 1e-9)
    assert inside.mean() > 0.8  # the 10-90% band of sampled orders mostly holds the exact mean
    again = SaturationAnalysis(orders=30, seed=3).curve("*", dict(reversed(list(table.items()))))
    assert np.array_equal(curve.low, again.low) and np.array_equal(curve.high, again.high)


def test_saturation_per_life_domain():
    docs = [Document(id=f"d{i}", text="", narrator=f"N{i}", life_domains=("verslaving",) if i < 4 else ())
            for i in range(6)]
    st = [_st(f"s{i}", f"d{i}") for i in range(6)]
    assignment = {f"s{i}": ("A" if i % 2 else "B") for i in range(6)}
    curves = SaturationAnalysis(orders=5, min_narrators=3).compute(docs, st, assignment)
    assert set(curves) == {"*", "domain:verslaving"}
    assert curves["domain:verslaving"].narrators == 4
    assert math.isclose(curves["*"].expected[-1], 2)
