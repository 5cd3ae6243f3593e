"""Names typed in lower case after a relation cue ("mijn dochter lisa", "my son jake"), measured
in benchmarks/deidentify_relation_cues.py; the ordinary words after such a cue stay."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,gone", [
    ("mijn dochter lisa is net 6 geworden", ["lisa"]),
    ("ik woon tijdelijk bij mijn zus fatima in de flat", ["fatima"]),
    ("mijn man kees werkt in de haven", ["kees"]),
    ("mijn ex-vriend mo bleef maar appen", ["mo"]),
    ("mijn begeleider sandra van het wijkteam hielp me", ["sandra"]),
    ("mijn buurvrouw ans deed boodschappen voor me", ["ans"]),
    ("mijn moeder, yvonne, heeft nooit iets gezegd", ["yvonne"]),
    ("mijn oudste bram heeft autisme en de jongste sem adhd", ["bram", "sem"]),
    ("m’n zus fatima el amrani belde", ["fatima el amrani"]),  # curly apostrophe, with surname
    ("bij het leger des heils kreeg ik een begeleider, joyce.", ["joyce"]),
])
def test_a_lower_case_name_after_a_relation_cue_is_replaced(deid, text, gone):
    result = deid(text)
    for word in " ".join(gone).split():
        if word not in {"el", "van", "de"}:
            assert word not in result.text.split(), result.text
    assert result.counts.get("person") == len(gone), result.annotations


@pytest.mark.parametrize("text,gone", [
    ("my son jake is 7 and doesn't get why we keep moving", ["jake"]),
    ("my girlfriend sarah and i both have debts", ["sarah"]),
    ("my sister, rachel, took the kids for the weekend", ["rachel"]),
])
def test_english_lower_case_names_after_a_relation_cue(deid, text, gone):
    result = deid(text, lang="en")
    for word in gone:
        assert word not in result.text, result.text
    assert result.counts.get("person") == len(gone), result.annotations


def test_the_name_is_replaced_where_the_text_repeats_it(deid):
    result = deid("ik woon nu bij mijn zus fatima in de flat, fatima slaapt op de bank")
    assert result.text == "ik woon nu bij mijn zus [PERSOON-1] in de flat, [PERSOON-1] slaapt op de bank"


def test_a_verb_after_the_name_is_no_surname_and_is_not_repeated(deid):
    result = deid("my therapist linda said i should write things down. she said it helps", lang="en")
    assert result.text == "my therapist [PERSOON-1] said i should write things down. she said it helps"


@pytest.mark.parametrize("text", [
    "toen mijn man pas later thuis kwam was het eten koud",
    "mijn zoon kan niet meer naar school",
    "mijn vriend mag niet weten dat ik hier ben",
    "mijn ex bleef maar bellen",
    "mijn dochter heeft het zwaar",
    "mijn vader dronk en mijn moeder deed alsof er niks was",
    "mijn zus ook niet, die had het te druk",
    # on the first-name lists, but after a relation word mostly a verb or adverb
    "mijn vader koos altijd voor de fles",
    "dat mijn man constant aan het drinken was zag iedereen",
    "mijn moeder ken je wel, die is heel streng",
    "mijn zoon max twee uur per dag op zijn telefoon",
    "mijn zoon leen ik geen geld meer",
    "mijn man wierd steeds bozer",
])
def test_ordinary_words_after_a_relation_cue_stay(deid, text):
    assert deid(text).text == text


@pytest.mark.parametrize("text", [
    "my mom said i could stay with her",
    "my dad may lose his job",
    "my ex ran off with our savings",
    "my baby boy is 2 months old",
    "my son ate nothing today",
    "my husband and i fight a lot",
    "my therapist thinks i have ptsd",
])
def test_english_ordinary_words_after_a_relation_cue_stay(deid, text):
    assert deid(text, lang="en").text == text


def test_a_capitalised_name_after_a_relation_cue_is_found_as_before(patterns_only):
    assert patterns_only("Mijn zus Dewayna belde.").text == "Mijn zus [PERSOON-1] belde."


def test_the_verb_like_list_leaves_the_naming_cues_alone(patterns_only):
    assert patterns_only("ik heet koos").text == "ik heet [PERSOON-1]"


def test_lower_case_names_after_a_relation_cue_need_no_deduce_instance(patterns_only):
    assert patterns_only("mijn dochter lisa").text == "mijn dochter [PERSOON-1]"
