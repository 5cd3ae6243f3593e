"""Kappa and alpha where they are undefined (one category only), and what they rest on."""

import math

from meervoud.engine import agreement_report, cohen_kappa, krippendorff_alpha
from meervoud.engine.agreement import pairable_units, shared_units

N = None


def test_one_category_only_is_undefined_not_perfect():
    assert math.isnan(cohen_kappa(["a", "a", "a"], ["a", "a", "a"]))
    assert math.isnan(cohen_kappa([1, 1], [1, 1], weights="linear"))
    for level in ("nominal", "ordinal", "interval", "ratio"):
        assert math.isnan(krippendorff_alpha([[1, 1, 1], [1, 1, N]], level))


def test_two_categories_in_agreement_are_still_perfect():
    assert cohen_kappa(["a", "b"], ["a", "b"]) == 1.0
    assert krippendorff_alpha([["a", "b"], ["a", "b"]]) == 1.0


def test_the_report_says_on_how_many_items_each_figure_rests():
    report = agreement_report({"ann": ["a", "b", "a", N], "bob": [N, "b", "a", "b"], "cas": [N, N, N, "b"]})
    assert report["pair_units"] == {"ann~bob": 2, "ann~cas": 0, "bob~cas": 1}
    assert report["alpha_units"] == 3
    assert math.isnan(report["cohen_kappa"]["ann~cas"])
    assert shared_units(["a", N], ["a", "b"]) == 1
    assert pairable_units([["a", N], [N, "b"]]) == 0
