import math

import pytest

from meervoud.engine import agreement_report, cohen_kappa, krippendorff_alpha, mapped_labels

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", worked example C.
RELIABILITY = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


@pytest.mark.parametrize("level,expected", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849),
                                            ("ratio", 0.797)])
def test_krippendorff_alpha_matches_published_values(level, expected):
    assert krippendorff_alpha(RELIABILITY, level) == pytest.approx(expected, abs=0.0005)


def test_krippendorff_alpha_perfect_and_missing():
    assert krippendorff_alpha([["a", "b", "c"], ["a", "b", "c"]]) == 1.0
    assert math.isnan(krippendorff_alpha([["a", N], [N, "b"]]))


def test_cohen_kappa_known_value():
    # 2x2 table [[20, 5], [10, 15]]: po = 0.7, pe = 0.5 -> kappa = 0.4
    a = ["y"] * 25 + ["n"] * 25
    b = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(a, a) == 1.0


def test_people_versus_engine_with_other_label_names():
    people = ["wachtlijst", "wachtlijst", "schulden", "schulden", "lotgenoten", "lotgenoten"]
    engine = ["t1", "t1", "t7", "t7", "t3", None]
    mapped = mapped_labels(people, engine)
    assert mapped == ["wachtlijst", "wachtlijst", "schulden", "schulden", "lotgenoten", None]
    rep = agreement_report({"ed1": people, "engine": mapped})
    assert rep["cohen_kappa"]["ed1~engine"] == pytest.approx(1.0)
    assert rep["krippendorff_alpha"] == pytest.approx(1.0)
