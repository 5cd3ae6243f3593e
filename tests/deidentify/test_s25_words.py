"""Session 25: villages whose name is also a word, ages written in words, care providers named by
what they are ("Stichting ..."), and names that lost their first word. Each rule is checked both
ways: what must go, and the ordinary Dutch that must stay (a story loses meaning when words
vanish)."""

import pytest

from meervoud.deidentify.number_words import cardinals, ordinals

# ---------------------------------------------------------------- villages that are also words


@pytest.mark.parametrize("text, place", [
    ("Na de scheiding woonde ik in Haren, boven een garage.", "Haren"),
    ("Ik kreeg een flatje in Leek.", "Leek"),
    ("Mijn moeder woont nog in Spier, bij Beilen.", "Spier"),
    ("Daarna zat ik een jaar in Loon bij Assen.", "Loon"),
])
def test_a_village_that_is_also_a_word_goes_where_its_capital_proves_it(deid, text, place):
    result = deid(text)
    assert place not in result.text.replace("[LOCATIE-1]", ""), result.text
    assert "[LOCATIE-1]" in result.text


@pytest.mark.parametrize("text", [
    "Ik had lange haren en niemand zag me staan.",
    "Het leek alsof niemand luisterde.",
    "Leek het maar zo, dacht ik toen.",  # at a sentence start the capital proves nothing
    "Mijn loon was te laag voor de huur.",
    "Ik had pijn in elke spier.",
])
def test_the_ordinary_word_stays(deid, text):
    assert deid(text).text == text


# ---------------------------------------------------------------- ages written in words


@pytest.mark.parametrize("text, expected", [
    ("Toen ik zestien was, zette mijn stiefvader me op straat.",
     "Toen ik [LEEFTIJD] was, zette mijn stiefvader me op straat."),
    ("Op mijn achttiende moest ik weg uit de jeugdzorg.",
     "Op mijn [LEEFTIJD] moest ik weg uit de jeugdzorg."),
    ("Ik ben vierendertig jaar en heb nu een eigen huurcontract.",
     "Ik ben [LEEFTIJD] jaar en heb nu een eigen huurcontract."),
    ("Ik dronk al vanaf mijn twaalfde.", "Ik dronk al vanaf mijn [LEEFTIJD]."),
    ("Mijn zoon is tweeëntwintig.", "Mijn zoon is [LEEFTIJD]."),
    ("Ik was een meisje van veertien.", "Ik was een meisje van [LEEFTIJD]."),
    ("Als zestienjarige stond ik op straat.", "Als [LEEFTIJD]jarige stond ik op straat."),
    ("Er was een elfjarig meisje bij.", "Er was een [LEEFTIJD]jarig meisje bij."),
    ("Van mijn zesde tot mijn veertiende woonde ik bij mijn oma.",
     "Van mijn [LEEFTIJD] tot mijn [LEEFTIJD] woonde ik bij mijn oma."),
    ("Op mijn twaalfde heeft mijn oom het gedaan.", "Op mijn [LEEFTIJD] heeft mijn oom het gedaan."),
    ("Milan is negen en hij is al twee jaar in onderzoek.",
     "[PERSOON-1] is [LEEFTIJD] en hij is al twee jaar in onderzoek."),
    # a range is one age: both numbers go
    ("Ik was zestien of zeventien toen het begon.", "Ik was [LEEFTIJD] toen het begon."),
])
def test_an_age_in_words_goes_where_a_number_would(deid, text, expected):
    assert deid(text).text == expected



def test_every_age_from_two_to_a_hundred_in_words_is_found(patterns_only):
    for word in cardinals():
        assert patterns_only(f"Toen ik {word} was, ging het mis.").text == "Toen ik [LEEFTIJD] was, ging het mis."
    for word in ordinals():
        assert patterns_only(f"Op mijn {word} moest ik weg.").text == "Op mijn [LEEFTIJD] moest ik weg.", word

@pytest.mark.parametrize("text", [
    "Ik had nog zestien euro voor de hele week.",
    "Ik was zestien weken zwanger toen hij wegging.",
    "Ik ben twee of drie keer opgenomen.",
    "Ik ben drie keer verhuisd in een jaar.",
    "Na mijn tweede kind kreeg ik een huis.",
    "Na mijn tweede kind mijn baan kwijt.",
    "Na mijn tweede en derde opname ging het beter.",
    "Ik volgde een tweejarige opleiding.",
    "De koers bereikte driejarige hoogtepunten.",
    # a duration of something, not the age of a person
    "De WW was twee jaar en die jaren gingen snel.",
    "Mijn contract was twee jaar en toen stopte het.",
    "Toen ik drie jaar verder was, had ik een baan.",
])
def test_numbers_in_words_that_are_no_age_stay(deid, text):
    assert deid(text).text == text


# ---------------------------------------------------------------- care providers by their kind


@pytest.mark.parametrize("text, expected", [
    ("Ik werd begeleid door Stichting Sterk Huis, twee keer per week.",
     "Ik werd begeleid door [INSTELLING-1], twee keer per week."),
    ("Ik woonde in Zorgcentrum De Wijde Wereld, op een kamer met een ander.",
     "Ik woonde in [INSTELLING-1], op een kamer met een ander."),
    # the kind word in lower case is no part of the name: it stays, the name goes
    ("Ik zat bij de stichting Sterk Huis in Leek.", "Ik zat bij de stichting [INSTELLING-1] in [LOCATIE-1]."),
    # before: "Zorggroep De [INSTELLING-1]", "Woonzorgcentrum Het [INSTELLING-1]"
    ("Ik zat bij Zorggroep De Noorderbrug.", "Ik zat bij [INSTELLING-1]."),
    ("Oma woonde in Woonzorgcentrum Het Zonnehuis.", "Oma woonde in [INSTELLING-1]."),
    # before: a person ("Zorgcentrum [PERSOON-1]")
    ("Ik woonde in Zorgcentrum De Brink.", "Ik woonde in [INSTELLING-1]."),
    # a new clause after a forgotten full stop is no part of the name
    ("Ik volg een cursus bij de stichting Centrum voor Zelfregie en Participatie.",
     "Ik volg een cursus bij de stichting [INSTELLING-1]."),
    ("Ik ging naar het verpleeghuis Zonnehoek Daarna ging het beter.",
     "Ik ging naar het verpleeghuis [INSTELLING-1] Daarna ging het beter."),
])
def test_a_capitalised_name_after_a_kind_of_care_provider_goes(deid, text, expected):
    assert deid(text).text == expected


def test_the_provider_named_again_without_its_kind_is_the_same_provider(deid):
    result = deid("Ik kwam bij Stichting Sterk Huis. Bij Sterk Huis had ik eindelijk rust.")
    assert result.text == "Ik kwam bij [INSTELLING-1]. Bij [INSTELLING-1] had ik eindelijk rust."


@pytest.mark.parametrize("text", [
    "De stichting hielp me niet.",
    "Zorgcentrum, verpleeghuis, opvang: ik heb ze allemaal gezien.",
    "Ik ging naar het zorgcentrum. Ik was blij dat ik er was.",
    "Bij de stichting Ik weet niet meer hoe die heette.",
])
def test_the_kind_word_without_a_name_stays(deid, text):
    assert deid(text).text == text


# ---------------------------------------------------------------- the whole name goes


@pytest.mark.parametrize("text, expected", [
    ("Ik woonde in Nieuwe Buinen bij mijn oom.", "Ik woonde in [LOCATIE-1] bij mijn oom."),
    ("Ik zat bij De Noorderbrug en later bij Lentis.", "Ik zat bij [INSTELLING-1] en later bij [INSTELLING-2]."),
    ("Mijn vader kwam uit Oost-Groningen.", "Mijn vader kwam uit [LOCATIE-1]."),
])
def test_no_word_of_a_name_is_left_before_it(deid, text, expected):
    assert deid(text).text == expected



def test_a_country_stays_whole_when_a_word_before_it_makes_it_one(deid):
    # deduce knows "Zeeland" (a province); with "Nieuw-" it is a country, and countries stay
    text = "Mijn buurvrouw kwam uit Nieuw-Zeeland."
    assert deid(text).text == text
