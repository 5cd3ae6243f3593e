"""Lemmas in labels (session 22): the inflections of a word ("wachtlijst", "wachtlijsten"; "debt",
"debts") are one term, so five narrators who use the word in either form name a theme together,
and every function that finds keywords in a text finds them in all their inflections."""

from __future__ import annotations

import random

import pytest

from meervoud.engine import keyword_share, keyword_spans
from meervoud.engine.label import CtfidfLabeler, keyword_form, keyword_line
from meervoud.engine.lemma import lemma
from tests.engine.label_rows import assert_order_free, run

LEMMA = CtfidfLabeler(min_narrators=5, strict_narrators=True, lemmatize=True)
PLAIN = CtfidfLabeler(min_narrators=5, strict_narrators=True)




def _wachtlijst_rows():
    # three narrators say "wachtlijst", two "wachtlijsten": neither form alone has five
    rows = [("a", f"n{i}", "Ik stond op de wachtlijst.") for i in range(3)]
    rows += [("a", f"n{i}", "De wachtlijsten waren lang.") for i in range(3, 5)]
    rows += [("b", f"m{i}", "De nachtopvang was vol.") for i in range(5)]
    return rows


def test_inflections_pool_into_one_term_of_k_narrators():
    rows = _wachtlijst_rows()
    assert run(PLAIN, rows)["a"][1] == ()  # without lemmas: 3 + 2 narrators, no keyword
    label, keywords = run(LEMMA, rows)["a"]
    # shown as the theme's narrators say it most (three "wachtlijst", two "wachtlijsten")
    assert keywords == ("wachtlijst",) and label == "Wachtlijst"
    assert run(LEMMA, rows)["b"][1][0] == "nachtopvang"


def test_a_label_shows_the_form_most_used_ties_alphabetically():
    rows = [("a", f"n{i}", "Ik had schulden.") for i in range(3)]
    rows += [("a", f"n{i}", "Die schuld bleef.") for i in range(3, 5)]
    rows += [("b", f"m{i}", "De nachtopvang was vol.") for i in range(5)]
    assert run(LEMMA, rows)["a"] == ("Schulden", ("schulden",))
    rows[2] = ("a", "n2", "Die schuld bleef.")  # now three "schuld", two "schulden"
    assert run(LEMMA, rows)["a"] == ("Schuld", ("schuld",))
    tie = [("a", f"n{i}", "Ik had schulden.") for i in range(2)] + [("a", f"n{i}", "Die schuld.") for i in range(2, 4)]
    tie += [("a", "n4", "Schuld en schulden.")]
    tie += [("b", f"m{i}", "De nachtopvang was vol.") for i in range(5)]
    assert run(LEMMA, tie)["a"][1] == ("schuld",)  # three each: alphabetical


def test_a_word_and_its_compound_are_two_keywords_with_lemmas():
    """With lemmas the inflections are one term already; "schuld" and "schuldhulp" are not."""
    rows = [("a", f"n{i}", "Mijn schulden en de schuldhulp.") for i in range(6)]
    rows += [("b", f"m{i}", "De nachtopvang was vol.") for i in range(5)]
    keywords = run(LEMMA, rows)["a"][1]
    assert "schuldhulp" in keywords and "schulden" in keywords


def test_english_inflections_pool_too():
    rows = [("a", f"n{i}", "My debt kept growing.") for i in range(3)]
    rows += [("a", f"n{i}", "The debts piled up.") for i in range(3, 5)]
    rows += [("b", f"m{i}", "The shelter was full.") for i in range(5)]
    assert run(PLAIN, rows)["a"][1] == ()
    assert run(LEMMA, rows)["a"] == ("Debt", ("debt",))
    assert [("debts")[a:b] for a, b in keyword_spans("debts", ["debt"])] == ["debts"]
    assert keyword_share(["The debts piled up.", "No money."], ["debt"]) == 0.5


@pytest.mark.parametrize(("text", "keyword", "marked"), [
    ("Twee wachtlijsten, één wachtlijst.", "wachtlijst", ["wachtlijsten", "wachtlijst"]),
    ("Twee wachtlijsten, één wachtlijst.", "wachtlijsten", ["wachtlijsten", "wachtlijst"]),
    ("De Lange Wachtlijsten en een lange wachtlijst.", "lange wachtlijst", ["Lange Wachtlijsten", "lange wachtlijst"]),
    ("Mijn schulden, zijn schuld.", "schuld", ["schulden", "schuld"]),
    ("Schuldhulp hielp.", "schuld", []),  # a compound is another word
])
def test_keyword_spans_mark_every_inflection(text, keyword, marked):
    assert [text[a:b] for a, b in keyword_spans(text, [keyword])] == marked


def test_share_line_and_spans_agree_on_inflections():
    texts = ["De wachtlijsten.", "Lange wachtlijst!", "Ik wachtte.", "Een lange wachtlijsten",
             "schulden", "[PERSOON-1] schuld", "De debts.", "", "Schuldhulp."]
    for keywords in (["wachtlijst"], ["wachtlijsten"], ["lange wachtlijst"], ["schuld"], ["debt"],
                     ["schulden", "wachtlijst"]):
        marked = [bool(keyword_spans(text, keywords)) for text in texts]
        lines = [keyword_line(text) for text in texts]
        said = [any(keyword_form(k) in line for k in keywords) for line in lines]
        assert said == marked, keywords
        assert keyword_share(texts, keywords) == pytest.approx(sum(marked) / len(texts)), keywords
        assert keyword_share(lines, keywords, prepared=True) == pytest.approx(sum(marked) / len(texts)), keywords
    assert keyword_share(texts, ["wachtlijst"]) == pytest.approx(3 / 9)


def test_every_stored_keyword_is_found_again_by_k_narrators():
    rng = random.Random(3)
    forms = [("wachtlijst", "wachtlijsten"), ("schuld", "schulden"), ("uitkering", "uitkeringen"),
             ("gemeente", "gemeenten"), ("brief", "brieven"), ("kind", "kinderen")]
    rows = [(f"t{rng.randrange(3)}", f"n{rng.randrange(15)}",
             f"De {rng.choice(rng.choice(forms))} en de {rng.choice(rng.choice(forms))}. Nog {rng.choice(rng.choice(forms))}.")
            for _ in range(200)]
    labels = run(LEMMA, rows)
    assert any(keywords for _, keywords in labels.values())
    for theme, (label, keywords) in labels.items():
        for word in keywords:
            users = {n for c, n, text in rows if c == theme and keyword_form(word) in keyword_line(text)}
            assert len(users) >= 5, (theme, word, users)
            assert any(keyword_spans(text, [word]) for c, _, text in rows if c == theme)


def test_lemma_is_deterministic_and_idempotent():
    for word in ("wachtlijsten", "schulden", "boetes", "wachtte", "debts", "children", "onbekendwoordje"):
        assert lemma(lemma(word)) == lemma(word)
    assert lemma("wachtlijsten") == lemma("wachtlijst") and lemma("debts") == lemma("debt")
    assert lemma("boetes") == lemma("boete")  # simplemma's own lemma is followed to its end
    assert lemma("onbekendwoordje") == "onbekendwoordje"


def test_lemma_labels_do_not_depend_on_input_order_and_repeat():
    rng = random.Random(11)
    words = ["wachtlijst", "wachtlijsten", "schuld", "schulden", "uitkering", "uitkeringen", "tolk", "tolken"]
    rows = [(f"t{rng.randrange(3)}", f"n{rng.randrange(12)}",
             f"De {rng.choice(words)} en de {rng.choice(words)} waren er. Ik zag de {rng.choice(words)}.")
            for _ in range(150)]
    expected = run(LEMMA, rows)
    assert any(keywords for _, keywords in expected.values())
    assert run(LEMMA, rows) == expected
    assert_order_free(LEMMA, rows, expected)


def test_the_name_says_it_lemmatises():
    assert "lemma" in LEMMA.name and "lemma" not in PLAIN.name


# Session 23: ``lemmatize="nouns"`` pools only the words the corpus uses as nouns (their forms
# together follow a determiner or preposition often enough); a verb keeps its forms apart.
NOUNS = CtfidfLabeler(min_narrators=5, strict_narrators=True, lemmatize="nouns")


def _verb_rows():
    # five narrators use "kijken" in three forms, never after a determiner: pooled, it would have 5
    rows = [("a", f"n{i}", "Toen keek ik weg.") for i in range(2)]
    rows += [("a", f"n{i}", "Ik kijk niet meer.") for i in range(2, 4)]
    rows += [("a", "n4", "Zij heeft gekeken.")]
    rows += [("b", f"m{i}", "De nachtopvang was vol.") for i in range(5)]
    return rows


def test_nouns_option_pools_the_inflections_of_a_noun():
    rows = _wachtlijst_rows()
    assert run(PLAIN, rows)["a"][1] == ()
    assert run(NOUNS, rows)["a"] == ("Wachtlijst", ("wachtlijst",))
    rows = [("a", f"n{i}", "Ik had veel schulden.") for i in range(3)]
    rows += [("a", f"n{i}", "Die schuld bleef.") for i in range(3, 5)]
    rows += [("b", f"m{i}", "De nachtopvang was vol.") for i in range(5)]
    assert run(NOUNS, rows)["a"] == ("Schulden", ("schulden",))


def test_nouns_option_keeps_the_forms_of_a_verb_apart():
    rows = _verb_rows()
    assert len({lemma(w) for w in ("keek", "kijk", "gekeken")}) == 1  # one lemma: pooling would name it
    assert run(LEMMA, rows)["a"][1] == ("keek",)
    keywords = run(NOUNS, rows)["a"][1]
    assert keywords == ()  # no form of five narrators: the verb names nothing (its label is a hint)
    # a noun next to it in the same corpus is still pooled
    rows += [("a", f"n{i}", "Ik stond op de wachtlijst.") for i in range(3)]
    rows += [("a", f"n{i}", "De wachtlijsten waren lang.") for i in range(3, 5)]
    assert run(NOUNS, rows)["a"][1] == ("wachtlijst",)


def test_nouns_option_does_not_depend_on_input_order():
    rng = random.Random(23)
    nouns = ["wachtlijst", "wachtlijsten", "schuld", "schulden", "uitkering", "uitkeringen"]
    verbs = ["keek", "kijk", "gekeken", "wachtte", "wacht", "gewacht"]
    rows = [(f"t{rng.randrange(3)}", f"n{rng.randrange(12)}",
             f"De {rng.choice(nouns)} was er. Ik {rng.choice(verbs)} lang. Geen {rng.choice(nouns)}.")
            for _ in range(150)]
    expected = run(NOUNS, rows)
    assert any(keywords for _, keywords in expected.values())
    assert expected != run(LEMMA, rows)  # the option makes a difference here
    assert_order_free(NOUNS, rows, expected)


def test_the_name_says_which_words_it_lemmatises():
    assert len({PLAIN.name, LEMMA.name, NOUNS.name}) == 3
    assert "lemma-nouns" in NOUNS.name and "lemma-nouns" not in LEMMA.name
    with pytest.raises(ValueError):
        CtfidfLabeler(lemmatize="verbs")
