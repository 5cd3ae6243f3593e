"""The whole pipeline with deduce: names, places, organisations, merging, numbering."""

import pytest

from meervoud.deidentify import Annotation, Deidentifier, Result


def kinds(result):
    return [(a.kind, a.text) for a in result.annotations]


def texts(result, kind):
    return [a.text for a in result.annotations if a.kind == kind]


# ---------------------------------------------------------------- public API


def test_result_shape(deid):
    result = deid("Jan de Vries woont in Ezinge.")
    assert isinstance(result, Result)
    assert all(isinstance(a, Annotation) for a in result.annotations)
    assert result.text == "[PERSOON-1] woont in [LOCATIE-1]."
    assert result.counts == {"location": 1, "person": 1}
    assert result.to_dict()["annotations"][0] == {"start": 0, "end": 12, "kind": "person", "text": "Jan de Vries"}


def test_unknown_language_is_refused(deid):
    with pytest.raises(ValueError):
        deid("tekst", lang="fr")


def test_story_offsets_are_on_the_original_text(deid):
    text = (
        "Ik ben Petra (43) en woon sinds 3 maart 2021 in Ezinge, Hoofdstraat 12a, 9711 AB. "
        "Mijn ex Kees belde me op 06-12345678. Ik ging naar het Leger des Heils en naar Lentis."
    )
    result = deid(text, known_names=["Petra", "Kees"])
    for ann in result.annotations:
        assert text[ann.start : ann.end] == ann.text
    for left, right in zip(result.annotations, result.annotations[1:]):
        assert left.end <= right.start
    assert {a.kind for a in result.annotations} >= {
        "person", "age", "date", "location", "address", "postcode", "phone", "organisation"
    }
    for original in ("Petra", "43", "Ezinge", "Hoofdstraat", "9711", "Kees", "06-12345678", "Lentis", "Heils"):
        assert original not in result.text


# ---------------------------------------------------------------- names


def test_names_found_by_deduce(deid):
    result = deid("Mijn moeder Truus en meneer Bakker gingen mee.")
    assert texts(result, "person") == ["Truus", "Bakker"]
    assert result.text == "Mijn moeder [PERSOON-1] en meneer [PERSOON-2] gingen mee."


def test_common_words_that_look_like_names_stay(deid):
    text = "Pas later begreep ik het. Mooi was het niet. Volgens mij had ik hoop en geluk nodig."
    result = deid(text)
    assert result.annotations == []
    assert result.text == text


def test_relation_word_before_unknown_name(deid):
    result = deid("Mijn zus Dewayna en mijn begeleider Ruud hielpen me.")
    assert texts(result, "person") == ["Dewayna", "Ruud"]


def test_name_is_not_cut_in_half(deid):
    result = deid("Gisteren sprak ik Jan de Vries.", known_names=["Jan"])
    assert texts(result, "person") == ["Jan de Vries"]
    assert "Vries" not in result.text


def test_place_after_van_is_not_a_person(deid):
    result = deid("Ik woonde in het station van Luik.")
    assert kinds(result) == [("location", "Luik")]


def test_lone_surname_repeated_after_full_name(deid):
    result = deid("Ik sprak Henk Pietersmaat. Later belde Pietersmaat terug.")
    assert result.text == "Ik sprak [PERSOON-1]. Later belde [PERSOON-1] terug."


# ---------------------------------------------------------------- numbering


def test_same_name_same_number_other_name_other_number(deid):
    result = deid("Kees belde. Daarna kwam Truus. Kees bleef. Ik woonde in Ezinge en later in Winsum en weer in Ezinge.")
    assert result.text == (
        "[PERSOON-1] belde. Daarna kwam [PERSOON-2]. [PERSOON-1] bleef. Ik woonde in [LOCATIE-1] "
        "en later in [LOCATIE-2] en weer in [LOCATIE-1]."
    )


def test_first_name_alone_joins_the_full_name(deid):
    result = deid("Jan de Vries was mijn buurman. Jan hielp me vaak.")
    assert result.text == "[PERSOON-1] was mijn buurman. [PERSOON-1] hielp me vaak."


def test_numbering_restarts_per_text(deid):
    assert deid("Truus belde.").text == "[PERSOON-1] belde."
    assert deid("Kees belde.").text == "[PERSOON-1] belde."


# ---------------------------------------------------------------- organisations


@pytest.mark.parametrize(
    "name",
    ["Leger des Heils", "Lentis", "VNN", "Ixta Noa", "GGZ Friesland", "Humanitas", "Stjoer", "UWV",
     "Moviera", "Veilig Thuis", "Accare", "'s Heeren Loo"],
)
def test_named_organisations_are_replaced(deid, name):
    result = deid(f"Ik kreeg hulp van {name} toen het slecht ging.")
    assert texts(result, "organisation") == [name]
    assert name not in result.text


@pytest.mark.parametrize(
    "text",
    [
        "Ik ging naar de voedselbank en het wijkteam.",
        "De ggz had een wachtlijst, dus ik belde de huisarts.",
        "De schuldhulpverlening en de reclassering waren streng.",
        "Ik ben fier op mezelf en mijn verhaal is intact.",
        "Ik zag perspectief. Veilig thuis komen was alles.",
    ],
)
def test_generic_phrases_and_ordinary_words_stay(deid, text):
    result = deid(text)
    assert result.annotations == []
    assert result.text == text


def test_lowercase_organisation_name_is_replaced(deid):
    assert texts(deid("Ik zat bij lentis in behandeling."), "organisation") == ["lentis"]


def test_same_organisation_same_number(deid):
    result = deid("Lentis hielp. Daarna het Leger des Heils. Toen weer lentis.")
    assert result.text == "[INSTELLING-1] hielp. Daarna het [INSTELLING-2]. Toen weer [INSTELLING-1]."


# ---------------------------------------------------------------- places


@pytest.mark.parametrize("place", ["Ezinge", "Drachten", "Ljouwert", "Ezumazijl", "Lewenborg", "Antwerpen", "Pieterburen"])
def test_villages_and_neighbourhoods(deid, place):
    result = deid(f"Ik ben opgegroeid in {place} bij mijn oma.")
    assert texts(result, "location") == [place]


def test_named_street_without_number(deid):
    assert texts(deid("Ik sliep maanden in de Kalverstraat."), "location") == ["Kalverstraat"]


def test_countries_stay_unless_asked(deid):
    text = "Ik ben gevlucht uit Eritrea naar Nederland."
    assert deid(text).text == text
    replaced = Deidentifier(replace_countries=True)(text)
    assert replaced.text == "Ik ben gevlucht uit [LOCATIE-1] naar [LOCATIE-2]."


# ---------------------------------------------------------------- social-domain switch


def test_social_domain_additions_can_be_switched_off(deid):
    text = "Ik ging naar Stjoer in Ezumazijl."
    with_additions = deid(text)
    without = deid(text, social_domain=False)
    assert kinds(with_additions) == [("organisation", "Stjoer"), ("location", "Ezumazijl")]
    assert without.annotations == []


def test_patterns_work_without_social_domain(deid):
    result = deid("Bel 06-12345678.", social_domain=False)
    assert kinds(result) == [("phone", "06-12345678")]


# ---------------------------------------------------------------- English


def test_english_text(deid):
    text = (
        "I was 17 when I left home. On March 3, 2021 my sister Anna called me at +44 20 7946 0958 "
        "and mailed me at anna@example.com. I stayed with the Salvation Army in Groningen."
    )
    result = deid(text, lang="en")
    assert kinds(result) == [
        ("age", "17"),
        ("date", "March 3, 2021"),
        ("person", "Anna"),
        ("phone", "+44 20 7946 0958"),
        ("email", "anna@example.com"),
        ("organisation", "Salvation Army"),
        ("location", "Groningen"),
    ]


def test_english_common_words_are_not_names(deid):
    text = "My mom said: Well, just go. Does it matter? Most days I can cope."
    result = deid(text, lang="en")
    assert result.annotations == []


# ---------------------------------------------------------------- social-domain names


@pytest.mark.parametrize("name", ["Tesfay", "Yonas", "Olena", "Oksana", "Dmytro", "Senait"])
def test_first_names_deduce_misses(deid, name):
    result = deid(f"Gisteren kwam {name} bij ons eten.")
    assert texts(result, "person") == [name]


def test_extra_first_name_takes_the_surname_along(deid):
    result = deid("Ik ging met Yonas Haile naar de markt.")
    assert texts(result, "person") == ["Yonas Haile"]


def test_surname_that_is_a_common_word_at_sentence_start_stays(deid):
    text = "Kern van het verhaal is hoop. Bron: mijn dagboek."
    assert deid(text).text == text


def test_relation_word_with_non_latin_letters(deid):
    result = deid("Mijn buurman Paweł en mijn vriendin Ayşe hielpen.")
    assert texts(result, "person") == ["Paweł", "Ayşe"]
