"""Names given at intake (known_names)."""

import pytest

from meervoud.deidentify import deidentify


def persons(result):
    return [a.text for a in result.annotations if a.kind == "person"]


def test_known_name_any_case_on_word_boundaries(patterns_only):
    result = patterns_only("PETRA belde. Toen kwam petra. Petrakova en Petrus niet.", ["Petra"])
    assert persons(result) == ["PETRA", "petra"]
    assert result.text == "[PERSOON-1] belde. Toen kwam [PERSOON-1]. Petrakova en Petrus niet."


@pytest.mark.parametrize("text, surface", [
    ("Jans fiets was weg.", "Jans"),
    ("Petra's moeder belde.", "Petra's"),
    ("Petra’s moeder belde.", "Petra’s"),
    ("Kees' hond blafte.", "Kees'"),
])
def test_possessive_forms(patterns_only, text, surface):
    result = patterns_only(text, ["Jan", "Petra", "Kees"])
    assert persons(result) == [surface]
    assert result.text.startswith("[PERSOON-")


def test_nickname_and_child_names(patterns_only):
    result = patterns_only("Mijn zoon Bram en mijn dochtertje Fleur waren bij Opa Henkie.", ["Bram", "Fleur", "Henkie"])
    assert persons(result) == ["Bram", "Fleur", "Henkie"]
    assert result.text == "Mijn zoon [PERSOON-1] en mijn dochtertje [PERSOON-2] waren bij Opa [PERSOON-3]."


def test_full_name_also_matches_its_parts_with_one_number(patterns_only):
    text = "Jan de Vries kwam. Jan lachte. De Vries ook. Later zei meneer de Vries niets."
    result = patterns_only(text, ["Jan de Vries"])
    assert persons(result) == ["Jan de Vries", "Jan", "De Vries", "de Vries"]
    assert set(result.text.split("[PERSOON-")[1:]) <= {"1] kwam. ", "1] lachte. ", "1] ook. Later zei meneer ", "1] niets."}


def test_parts_of_full_names_only_count_when_capitalised(patterns_only):
    result = patterns_only("Ik at wit brood met Anna de Wit.", ["Anna de Wit"])
    assert persons(result) == ["Anna de Wit"]
    assert "wit brood" in result.text


def test_given_first_name_matches_lowercase_but_is_not_part_of_a_word(patterns_only):
    result = patterns_only("roos belde. Een rozenstruik en de Roosevelt-laan.", ["Roos"])
    assert persons(result) == ["roos"]


def test_empty_and_tiny_names_are_ignored(patterns_only):
    text = "Ik zag a en b."
    assert patterns_only(text, ["", " ", "a"]).annotations == []


def test_a_single_string_is_one_name(patterns_only):
    assert persons(patterns_only("Ik zag Jan.", "Jan")) == ["Jan"]


def test_known_name_beats_place_with_same_spelling(deid):
    result = deid("Sofia en ik gingen naar Ezinge.", known_names=["Sofia"])
    assert [(a.kind, a.text) for a in result.annotations] == [("person", "Sofia"), ("location", "Ezinge")]


def test_known_name_and_deduce_name_share_a_number(deid):
    result = deid("Ik ben Marieke. Mijn vriendin Marieke heet ook zo.", known_names=["marieke"])
    assert result.text == "Ik ben [PERSOON-1]. Mijn vriendin [PERSOON-1] heet ook zo."


def test_numbers_already_in_a_text_are_not_given_to_someone_else():
    result = deidentify("[PERSOON-1] belde met Piet de Vries over [LOCATIE-2]. Ik ging naar Amsterdam.")
    assert result.text == "[PERSOON-1] belde met [PERSOON-2] over [LOCATIE-2]. Ik ging naar [LOCATIE-3]."


def test_texts_of_one_story_share_their_numbers():
    numbers: dict = {}
    assert deidentify("Mijn zus Dewayna hielp.", numbers=numbers).text == "Mijn zus [PERSOON-1] hielp."
    second = deidentify("Mijn buurman Karel en mijn zus Dewayna.", numbers=numbers)
    assert second.text == "Mijn buurman [PERSOON-2] en mijn zus [PERSOON-1]."
    assert "numbers" not in second.to_dict()
