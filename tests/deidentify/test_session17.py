"""Session 17: names typed in lower case after a naming cue, and contact details in everyday
notation (e-mail with (at)/[at]/"at ... dot", phone numbers with dots)."""

from __future__ import annotations

import pytest

# ---------------------------------------------------------------- lower-case names after a cue


@pytest.mark.parametrize("text,gone", [
    ("ik heet pieter bakker en ik woon al jaren met schulden", ["pieter", "bakker"]),
    ("mijn naam is fatima el amrani zei mijn buurvrouw", ["fatima", "amrani"]),
    ("hoi! ik heet mohammed, ik ben 40", ["mohammed"]),
    ("sinds mijn scheiding heet ik sanne visser weer", ["sanne", "visser"]),
    ("noem me maar kees, dat doet iedereen", ["kees"]),
    ("ik heet anne-marie de jong en ik ben moeder", ["anne-marie", "jong"]),
    ("ik heet jan van der berg", ["jan", "berg"]),
    ("mijn roepnaam is tesfay", ["tesfay"]),  # data/first_names.txt, in lower case
    ("ik heet kees en mijn vrouw heet ria", ["kees", "ria"]),  # two cues in a row
    # a capitalised first name with the surname in lower case
    ("Ik heet Pieter bakker.", ["Pieter", "bakker"]),
])
def test_a_name_after_a_naming_cue_is_replaced_in_lower_case(deid, text, gone):
    result = deid(text)
    for word in gone:
        assert word not in result.text, result.text
    assert result.counts.get("person"), result.text


def test_a_lower_case_name_found_after_a_cue_is_replaced_where_it_comes_back(deid):
    result = deid("ik heet mohammed yilmaz. mohammed is een naam die veel voorkomt, yilmaz ook.")
    assert "mohammed" not in result.text.casefold() and "yilmaz" not in result.text.casefold()
    assert result.text.count("[PERSOON-1]") == 3, result.text  # one person, one number


@pytest.mark.parametrize("text", [
    "ik heet je welkom in de groep",
    "wij heten u van harte welkom",
    "mijn naam is niet belangrijk, het gaat om het verhaal",
    "Mijn naam is niet belangrijk.",
    "hoe heet je eigenlijk?",
    "vroeger heette ik anders",
    "het water was heet en de soep ook",
    "de koffie was heet vandaag",
    "ze noemden me lui en dom op school",
    "een land genaamd israël bestaat voor hen niet",  # a country stays (docs/deidentify.md)
])
def test_ordinary_words_after_a_naming_cue_stay(deid, text):
    result = deid(text)
    assert result.text == text, result.text


@pytest.mark.parametrize("text,kept", [
    ("ik heet anna de hele dag al moe", "de hele dag al moe"),  # "de" + no surname: no particle
    ("ik heet fatima al jaren zo", "al jaren zo"),
    ("mijn naam is sanne en ik woon hier", "en ik woon hier"),
])
def test_the_name_after_a_cue_stops_before_ordinary_words(deid, text, kept):
    result = deid(text)
    assert result.text.endswith(kept), result.text
    assert "[PERSOON-1]" in result.text


def test_english_lower_case_names_after_a_cue(deid):
    result = deid("hello my name is jake i am 17 and my friend is named theo", lang="en")
    assert "jake" not in result.text and "theo" not in result.text, result.text
    for text in ("a place called home", "my name is not important", "she was named after her grandma"):
        assert deid(text, lang="en").text == text


def test_the_capitalised_cue_patterns_know_the_new_cues(patterns_only):
    # without deduce: only the cue patterns can find these
    assert "Kees" not in patterns_only("Noem me maar Kees, dat doet iedereen.").text
    assert "Sanne" not in patterns_only("Sinds mijn trouwen heet ik Sanne.").text
    assert "Dewi" not in patterns_only("Haar naam was Dewi, zei de juf.").text


def test_lower_case_names_need_no_deduce_instance(patterns_only):
    """The name lists are read from deduce's files, not from the (slow) deduce instance."""
    result = patterns_only("ik heet pieter bakker")
    assert result.text == "ik heet [PERSOON-1]", result.text


# ---------------------------------------------------------------- e-mail in everyday notation


@pytest.mark.parametrize("address", [
    "pieter.bakker(at)gmail.com",
    "pieter.bakker[at]gmail.com",
    "pieter.bakker (at) gmail.com",
    "pieter.bakker{at}gmail.com",
    "pieter.bakker(AT)gmail.com",
    "pieter.bakker[at]gmail[dot]com",
    "pieter.bakker(at)ziggo(punt)nl",
    "pieter.bakker @ gmail.com",
    "pieter dot bakker at gmail dot com",
    "pieter.bakker apenstaartje kpnmail punt nl",
    "pieter at gmail.com",
])
def test_e_mail_in_everyday_notation_is_replaced_whole(patterns_only, address):
    text = f"Mail me gerust op {address} als je vragen hebt."
    result = patterns_only(text)
    assert result.text == "Mail me gerust op [E-MAIL] als je vragen hebt.", result.text


@pytest.mark.parametrize("text,lang", [
    ("ik at bij oma en daarna gingen we naar huis", "nl"),  # "at": I ate
    ("look at him dot dot dot", "en"),
    ("I work at google.com now", "en"),  # the domain is a URL, "work at" no address
])
def test_at_and_dot_words_alone_make_no_e_mail(patterns_only, text, lang):
    assert "email" not in patterns_only(text, lang=lang).counts


# ---------------------------------------------------------------- phone numbers with dots


@pytest.mark.parametrize("number", ["06.12.34.56.78", "050.123.45.67", "0612.345.678", "06.1234.5678",
                                    "+31.6.12.34.56.78"])
def test_a_phone_number_with_dots_is_a_phone_number(deid, number):
    result = deid(f"Bel me op {number} als je ook met de deurwaarder te maken hebt.")
    assert result.text == "Bel me op [TELEFOON] als je ook met de deurwaarder te maken hebt.", result.text
    assert result.counts == {"phone": 1}


@pytest.mark.parametrize("date", ["12.03.2024", "06.12.2024", "1.3.24", "12.3.24"])
def test_a_date_with_dots_is_still_a_date(deid, date):
    result = deid(f"Op {date} kwam de deurwaarder.")
    assert result.counts == {"date": 1}, result.annotations


def test_a_date_and_a_time_with_dots_are_no_phone_number(deid):
    result = deid("Het gesprek was op 01.12.2023 10.30 uur bij het wijkteam.")
    assert "phone" not in result.counts, result.annotations
    assert "10.30 uur" in result.text


@pytest.mark.parametrize("text", ["Het kostte 1.234.567 euro.", "Versie 2.10.3 van de app."])
def test_numbers_with_dots_that_are_no_phone_number_stay_no_phone(patterns_only, text):
    assert "phone" not in patterns_only(text).counts



@pytest.mark.parametrize("text,gone", [
    ("mijn achternaam is bakker en ik woon in een flat", ["bakker"]),  # also a word: the cue says
    ("mijn achternaam is de vries, zei ik", ["vries"]),
    ("haar achternaam was el amrani", ["amrani"]),
])
def test_a_surname_alone_after_achternaam_is_replaced_in_lower_case(deid, text, gone):
    result = deid(text)
    for word in gone:
        assert word not in result.text, result.text
    assert result.counts.get("person"), result.text


def test_an_ordinary_word_after_achternaam_is_stays(deid):
    text = "mijn achternaam is niet belangrijk, het gaat om het verhaal"
    assert deid(text).text == text
