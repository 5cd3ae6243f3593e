"""Session 21: the labeler's strict option. With ``strict_narrators`` a term used by fewer than
``min_narrators`` of a theme's narrators never names it, however often it is said: a theme without
a term of enough narrators gets no keywords, and as its label only a hint of the words fewer
narrators use, for whoever names it (the web app labels this way, k = 5, and never stores the
hint as a label)."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meervoud.engine.label import CtfidfLabeler, keyword_form, keyword_line
from tests.engine.label_rows import assert_order_free, run

STRICT = CtfidfLabeler(min_narrators=5, strict_narrators=True)


def test_a_word_of_k_minus_one_narrators_never_names_a_theme_however_often_it_is_said():
    rows = [("a", f"rare-{i}", "Als Eritrese vrouw. " * 40 + "Eritrese tolk, Eritrese buren.") for i in range(4)]
    rows += [("a", f"many-{i}", "De wachtlijst was lang.") for i in range(5)]
    rows += [("b", f"other-{i}", "De nachtopvang was vol.") for i in range(5)]
    label, keywords = run(STRICT, rows)["a"]
    assert "wachtlijst" in keywords
    assert not any("eritrese" in term for term in keywords) and "eritrese" not in label.lower()
    # leniently (the engine's default) the same four narrators are enough for a theme without
    # a better word; strictly such a theme gets no keywords, only a hint
    only_rare = [row for row in rows if row[1].startswith(("rare", "other"))]
    lenient = CtfidfLabeler(min_narrators=5).label(
        [t for *_, t in only_rare], [c for c, *_ in only_rare], narrators=[n for _, n, _ in only_rare])
    assert "eritrese" in lenient["a"][0].lower()
    assert run(STRICT, only_rare)["a"] == (lenient["a"][0], ())
    assert run(STRICT, only_rare)["b"][1][0] == "nachtopvang"


def test_a_theme_with_fewer_than_k_narrators_gets_no_label_even_if_all_share_a_word():
    rows = [("a", f"n{i}", "De deurwaarder kwam weer.") for i in range(4)]
    rows += [("b", f"m{i}", "De nachtopvang was vol.") for i in range(6)]
    labels = run(STRICT, rows)
    assert labels["a"] == ("Deurwaarder", ())  # a hint: no keywords
    assert labels["b"][1][0] == "nachtopvang"


def test_a_phrase_of_fewer_narrators_does_not_replace_its_word():
    """"warme overdracht" stands for "overdracht" only when k narrators say the phrase."""
    rows = [("a", f"n{i}", "Er was een warme overdracht naar het team.") for i in range(4)]
    rows += [("a", "n4", "De overdracht naar het team ging goed.")]
    rows += [("b", f"m{i}", "De nachtopvang was vol.") for i in range(5)]
    assert run(STRICT, rows)["a"] == ("Overdracht, team", ("overdracht", "team"))
    rows[-6] = ("a", "n4", "Ook bij mij een warme overdracht naar het team.")
    assert run(STRICT, rows)["a"][1][0] == "warme overdracht"


def test_only_stopwords_strictly_give_no_label():
    rows = [("a", f"n{i}", "Dat weet ik niet meer.") for i in range(6)]
    assert run(STRICT, rows) == {"a": ("", ())}


def test_strict_needs_the_narrators():
    with pytest.raises(ValueError):
        STRICT.label(["De wachtlijst."] * 5, ["a"] * 5)


def test_the_name_says_it_is_strict():
    assert "strict" in STRICT.name and "strict" not in CtfidfLabeler().name


def test_strict_labels_do_not_depend_on_input_order():
    rng = random.Random(7)
    words = ["wachtlijst", "deurwaarder", "nachtopvang", "tolk", "uitkering", "schulden", "huisarts", "buren"]
    rows = [(f"t{rng.randrange(3)}", f"n{rng.randrange(12)}",
             f"De {rng.choice(words)} en de {rng.choice(words)} waren er. Ik zag de {rng.choice(words)}.")
            for _ in range(120)]
    expected = run(STRICT, rows)
    assert any(keywords for _, keywords in expected.values())
    assert_order_free(STRICT, rows, expected)


def test_both_levels_are_strict_in_one_pass():
    rows = [("a", f"n{i}", "De wachtlijst was lang.") for i in range(6)]
    rows += [("b", f"m{i}", "De nachtopvang was vol, een Eritrese tolk hielp.") for i in range(6)]
    subs = ["a.1"] * 6 + ["b.1"] * 3 + ["b.2"] * 3
    themes, subthemes = STRICT.label_levels([t for *_, t in rows], [([c for c, *_ in rows], None), (subs, None)],
                                            narrators=[n for _, n, _ in rows])
    assert themes["b"][1] and subthemes["a.1"][1][0] == "wachtlijst"
    assert subthemes["b.1"][1] == subthemes["b.2"][1] == ()  # three narrators each


VOCAB = ["wachtlijst", "deurwaarder", "nachtopvang", "tolk", "eritrese", "schulden", "warme", "overdracht"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 9),
                          st.lists(st.sampled_from(VOCAB), min_size=1, max_size=5)),
                min_size=1, max_size=60),
       st.integers(2, 6))
def test_every_term_strictly_chosen_is_said_by_k_narrators(rows, k):
    labeler = CtfidfLabeler(min_narrators=k, strict_narrators=True)
    texts = [" ".join(words) + "." for _, _, words in rows]
    labels = labeler.label(texts, [c for c, _, _ in rows], narrators=[f"n{n}" for _, n, _ in rows])
    for theme, (label, keywords) in labels.items():
        assert not keywords or label  # a hint may stand without keywords, never keywords without a label
        for term in keywords:
            users = {n for (c, n, _), text in zip(rows, texts)
                     if c == theme and keyword_form(term) in keyword_line(text)}
            assert len(users) >= k, (theme, term, users)
