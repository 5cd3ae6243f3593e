"""Theme labels name what a theme is about, not how its narrators talk.

On the demo stories several labels were words of style ("Niks, hoef, snapte"): colloquial fillers,
modal verbs, a narrator's favourite verb. The labeler now keeps candidate terms to content words,
prefers words the corpus uses as nouns ("de deurwaarder", "zonder adres"), builds two-word terms
only from words that stand side by side, and, given the narrators, wants a term from two of them.
"""

from __future__ import annotations

import random

import pytest

from meervoud.engine.label import CtfidfLabeler, is_function_word, is_number_word

DEBT_NL = [
    # one narrator's verb ("snapte") is the most frequent word of the theme; the content is the bailiff
    "Ik snapte de brief van de deurwaarder niet.",
    "Snapte ik het maar, ik snapte er echt niks van.",
    "De deurwaarder stond weer voor de deur en ik snapte het niet.",
    "Ik snapte niet waarom de deurwaarder alweer kwam.",
    "Toen kwam de deurwaarder met een betalingsregeling.",
    "Ik snapte pas later dat de deurwaarder beslag had gelegd.",
    "Mijn schulden bij de deurwaarder groeiden, ik snapte het gewoon niet.",
]
SHELTER_NL = [
    "In de nachtopvang moest ik om acht uur weer weg.",
    "Zonder adres kreeg ik geen uitkering van de gemeente.",
    "De nachtopvang was vol, dus sliep ik buiten.",
    "Ik had geen adres en de nachtopvang kon niets regelen.",
    "Om acht uur sluit de nachtopvang, twintig jaar lang hetzelfde.",
    "Een briefadres kreeg ik pas na drie maanden zonder adres.",
    "Acht uur buiten, twintig mannen op een zaal in de nachtopvang.",
]
EVICTION_EN = [
    "I panicked when the landlord sent the eviction notice.",
    "Honestly I panicked, I panicked every single day.",
    "Then the landlord called and I panicked again.",
    "The eviction was set for Monday and I panicked.",
    "I panicked because my landlord never explained the eviction.",
    "The eviction notice came from the landlord and I panicked.",
]
THERAPY_EN = [
    "The waiting list for therapy was over a year.",
    "My therapist left and I went back on the waiting list.",
    "During the waiting list nobody called me about therapy.",
    "The intake for therapy took months.",
    "A therapist at the intake said the waiting list was long.",
    "After the intake I waited for a therapist again.",
]


def labels_of(groups: dict[str, list[str]], labeler: CtfidfLabeler | None = None, lang: str = "nl",
              narrators: dict[str, list[str]] | None = None):
    texts, keys, who = [], [], []
    for key, sentences in groups.items():
        texts += sentences
        keys += [key] * len(sentences)
        who += (narrators or {}).get(key, [f"{key}-{i}" for i in range(len(sentences))])
    return (labeler or CtfidfLabeler()).label(texts, keys, lang, narrators=who if narrators else None)


def first_term(label: str) -> str:
    return label.split(",")[0].strip().lower()


def test_a_narrators_verb_does_not_label_the_theme_but_the_noun_does():
    labels = labels_of({"debt": DEBT_NL, "shelter": SHELTER_NL})
    debt_label, debt_keywords = labels["debt"]
    # "snapte" is the most frequent word of the theme (9 times against 7), but it is a verb
    assert first_term(debt_label) == "deurwaarder", debt_label
    assert not any("snapte" in k for k in debt_keywords[:3]), debt_keywords
    shelter_label, _ = labels["shelter"]
    assert first_term(shelter_label) == "nachtopvang", shelter_label


def test_english_verbs_give_way_to_english_nouns():
    labels = labels_of({"eviction": EVICTION_EN, "therapy": THERAPY_EN}, lang="en")
    eviction_label, eviction_keywords = labels["eviction"]
    assert first_term(eviction_label) in {"landlord", "eviction", "eviction notice"}, eviction_label
    assert "panicked" not in eviction_label.lower(), eviction_label
    assert first_term(labels["therapy"][0]) in {"therapy", "therapist", "waiting list", "intake"}


def test_spelled_out_numbers_and_time_words_are_no_label():
    labels = labels_of({"debt": DEBT_NL, "shelter": SHELTER_NL})
    _, shelter_keywords = labels["shelter"]
    # "acht" and "uur" are the shelter theme's most frequent words after "nachtopvang"
    for word in ("acht", "twintig", "drie", "uur", "maanden"):
        assert not any(word in k.split() for k in shelter_keywords), shelter_keywords
    assert {"adres", "nachtopvang"} <= set(shelter_keywords)


@pytest.mark.parametrize("word", ["acht", "achttien", "achtenvijftig", "twintig", "tweede", "veertiende",
                                  "tweehonderd", "drieëntwintig", "anderhalf", "twenty-five", "seventh",
                                  "sixteen", "twentieth", "Acht"])
def test_number_words(word):
    assert is_number_word(word)


@pytest.mark.parametrize("word", ["achten", "tiener", "health", "month", "jaar", "de", "ste", "tweedehands",
                                  "tientallen", "weken", "deurwaarder", "ervaringsdeskundige"])
def test_no_number_words(word):
    assert not is_number_word(word)


@pytest.mark.parametrize("word,expected", [("ervan", True), ("daarmee", True), ("waarover", True),
                                           ("hiervoor", True), ("daarna", True), ("erf", False), ("ervaring", False),
                                           ("opvang", False), ("achttien", True)])
def test_function_words_by_form(word, expected):
    assert is_function_word(word) is expected


def test_colloquial_fillers_never_label_a_theme():
    filler = [  # the demo's "Niks, hoef, snapte": every statement is filler around one content word
        "Niks, ik hoef niks, echt nergens meer naartoe, zei de huisarts.",
        "Ik hoef het niet uit te leggen, niks, nergens, zo'n gevoel bij de huisarts.",
        "Je hoeft niks te zeggen, zei ik tegen de huisarts, helemaal niks.",
        "Nergens hoefde ik heen, niks, alleen naar de huisarts.",
        "Ik hoef niks meer, nergens voor, behalve de huisarts.",
    ]
    labels = labels_of({"gp": filler, "shelter": SHELTER_NL})
    gp_label, gp_keywords = labels["gp"]
    assert first_term(gp_label) == "huisarts", gp_label
    for word in ("niks", "nergens", "hoef", "hoeft", "hoefde", "zo'n", "echt", "helemaal"):
        assert not any(word in k.split() for k in gp_keywords), gp_keywords


def test_two_word_terms_are_words_that_stand_side_by_side():
    fines = [  # "boete" and "betalen" never stand side by side: only stopwords lie between
        "Ik moest de boete toch betalen.",
        "De boete kon ik niet betalen.",
        "Die boete moest ik zelf betalen.",
        "Weer een boete om te betalen.",
    ]
    other = [  # both words are common elsewhere, so the pair alone is rare: c-TF-IDF would favour it
        "Betalen deed ik met de pinpas.",
        "De boete van de bibliotheek.",
        "Betalen lukte niet.",
        "Een boete voor zwartrijden.",
        "Betalen via de app.",
        "Slechte nachten en weer slechte nachten.",
    ]
    groups = {"fines": fines, "other": other}
    labels = labels_of(groups, CtfidfLabeler(n_keywords=20))
    lowered = " ".join(t.lower() for t in fines + other)
    for _, keywords in labels.values():
        for k in keywords:
            if " " in k:
                assert k in lowered, k
    assert "boete betalen" not in labels["fines"][1], labels["fines"]
    assert "slechte nachten" in labels["other"][1], labels["other"]


def test_one_narrators_pet_word_needs_a_second_narrator():
    """Given the narrators, a word that only one of them uses is no theme, however often it says it."""
    debt = [
        "Het gedoe, het gedoe, en weer het gedoe.",   # narrator A, a noun of style
        "Het gedoe met het gedoe, met het gedoe.",    # narrator A
        "Het gedoe van het gedoe, het gedoe.",        # narrator A
        "Het gedoe, het gedoe, altijd het gedoe.",    # narrator A
        "De deurwaarder kwam aan de deur.",           # narrator B
        "Een brief van de deurwaarder.",              # narrator C
        "De deurwaarder wilde een betalingsregeling.",  # narrator D
    ]
    who = {"debt": ["A", "A", "A", "A", "B", "C", "D"], "shelter": [f"S{i}" for i in range(len(SHELTER_NL))]}
    groups = {"debt": debt, "shelter": SHELTER_NL}
    without = labels_of(groups)
    assert first_term(without["debt"][0]) == "gedoe"  # counted by statement, A's word wins
    with_narrators = labels_of(groups, narrators=who)
    label, keywords = with_narrators["debt"]
    assert first_term(label) == "deurwaarder", label
    assert "gedoe" not in keywords, keywords


def test_a_theme_of_one_narrator_still_gets_a_label():
    who = {"debt": ["A"] * len(DEBT_NL), "shelter": ["B"] * 3 + ["C"] * (len(SHELTER_NL) - 3)}
    labels = labels_of({"debt": DEBT_NL, "shelter": SHELTER_NL}, narrators=who)
    assert first_term(labels["debt"][0]) == "deurwaarder", labels["debt"]
    assert first_term(labels["shelter"][0]) == "nachtopvang", labels["shelter"]


def test_labels_do_not_depend_on_input_order():
    groups = {"debt": DEBT_NL, "shelter": SHELTER_NL, "eviction": EVICTION_EN, "therapy": THERAPY_EN}
    pairs = [(t, k) for k, ts in groups.items() for t in ts]
    expected = CtfidfLabeler().label([t for t, _ in pairs], [k for _, k in pairs], "mixed")
    for seed in range(3):
        shuffled = pairs[:]
        random.Random(seed).shuffle(shuffled)
        got = CtfidfLabeler().label([t for t, _ in shuffled], [k for _, k in shuffled], "mixed")
        assert got == expected


def test_without_cues_a_rare_word_keeps_a_middling_weight():
    """Tiny corpora: a word seen once is neither favoured nor excluded for lack of evidence."""
    labels = labels_of({"a": ["Volkstuin."], "b": ["Bibliotheek."]})
    assert labels["a"][0] == "Volkstuin" and labels["b"][0] == "Bibliotheek"


def test_keyword_share_counts_statements_that_name_a_keyword_as_whole_words():
    from meervoud.engine import keyword_share

    texts = ["De wachtlijst was lang.", "Een lange wachtlijst bij de ggz.", "Ik wachtte [PERSOON-1] af.",
             "Mijn man en ik.", "Op een manier wel."]
    assert keyword_share(texts, ["wachtlijst"]) == pytest.approx(2 / 5)
    assert keyword_share(texts, ["man"]) == pytest.approx(1 / 5)  # not "manier"
    assert keyword_share(texts, ["lange wachtlijst"]) == pytest.approx(1 / 5)
    assert keyword_share(texts, ["persoon"]) == 0.0  # a de-identification tag names nothing
    assert keyword_share([], ["x"]) == 0.0 and keyword_share(texts, []) == 0.0


def test_keyword_spans_say_where_a_statement_names_a_keyword():
    from meervoud.engine import keyword_spans

    text = "Bij [PERSOON-1] stond ik op de wachtlijst. De Lange Wachtlijst, zei mijn man’s zus."
    found = [text[a:b] for a, b in keyword_spans(text, ["wachtlijst", "lange wachtlijst", "man's", "persoon"])]
    assert found == ["wachtlijst", "Lange Wachtlijst", "man’s"]  # longest first, no tag, offsets kept
    assert keyword_spans(text, ["manier", " "]) == [] and keyword_spans("", ["x"]) == []


def test_the_keyword_share_counts_exactly_the_statements_with_a_marked_keyword():
    from meervoud.engine import keyword_share, keyword_spans
    from meervoud.engine.label import keyword_line

    texts = ["De wachtlijst.", "Lange  wachtlijst!", "[PERSOON-1] wachtte.", "Mijn man’s zus.", "Man, man.",
             "wachtlijst", "Een lange", "lange [LOCATIE-1] wachtlijst", ""]
    for keywords in (["wachtlijst"], ["lange wachtlijst"], ["man's", "zus"], ["persoon"], ["lange", "een lange"]):
        marked = sum(1 for text in texts if keyword_spans(text, keywords)) / len(texts)
        assert keyword_share(texts, keywords) == pytest.approx(marked), keywords
        assert keyword_share([keyword_line(t) for t in texts], keywords, prepared=True) == pytest.approx(marked), keywords
