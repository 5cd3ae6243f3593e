"""Pattern recognisers, without deduce: positive and negative examples per kind."""

import pytest



def kinds(result):
    return [(a.kind, a.text) for a in result.annotations]


def found(deidentifier, text, kind):
    return [a.text for a in deidentifier(text).annotations if a.kind == kind]


# ---------------------------------------------------------------- numbers


def test_bsn_passing_check_is_bsn(patterns_only):
    result = patterns_only("Mijn BSN is 123456782.")
    assert kinds(result) == [("bsn", "123456782")]
    assert result.text == "Mijn BSN is [BSN]."


def test_bsn_with_dots_is_bsn(patterns_only):
    assert found(patterns_only, "bsn 1234.56.782 graag", "bsn") == ["1234.56.782"]


def test_nine_digits_failing_check_is_generic_number(patterns_only):
    result = patterns_only("Mijn nummer is 123456789.")
    assert kinds(result) == [("id_number", "123456789")]
    assert result.text == "Mijn nummer is [NUMMER]."


def test_amount_with_dots_failing_check_is_kept(patterns_only):
    assert patterns_only("Er ging 123.456.789 euro naartoe.").annotations == []


def test_short_numbers_are_kept(patterns_only):
    text = "Ik had 3 kinderen, 12 schulden en 4500 euro huur achterstand."
    assert patterns_only(text).annotations == []


def test_valid_iban(patterns_only):
    result = patterns_only("Maak het over op NL91 ABNA 0417 1643 00 graag.")
    assert kinds(result) == [("iban", "NL91 ABNA 0417 1643 00")]
    assert "[IBAN]" in result.text


def test_foreign_iban(patterns_only):
    assert found(patterns_only, "rekening DE89370400440532013000.", "iban") == ["DE89370400440532013000"]


def test_invalid_iban_is_not_iban_but_still_hidden(patterns_only):
    result = patterns_only("Rekening NL91ABNA0417164301 klopt niet.")
    assert kinds(result) == [("id_number", "NL91ABNA0417164301")]


def test_case_number_after_keyword(patterns_only):
    assert found(patterns_only, "Mijn dossiernummer: ZK-2021-0457.", "id_number") == ["ZK-2021-0457"]


# ---------------------------------------------------------------- contact


@pytest.mark.parametrize(
    "phone",
    ["06-12345678", "06 1234 5678", "0612345678", "+31 6 12345678", "+31 (0)6 1234 5678",
     "0031 6 12345678", "050-1234567", "(050) 123 45 67", "0511-123456", "050 - 123 45 67",
     "0800-1234", "+32 470 12 34 56"],
)
def test_phone_numbers(patterns_only, phone):
    result = patterns_only(f"Bel me op {phone}, dan praten we.")
    assert kinds(result) == [("phone", phone)]
    assert result.text == "Bel me op [TELEFOON], dan praten we."


@pytest.mark.parametrize("text", ["Ik heb 06-1234 gebeld.", "Het kostte 050,50 euro.", "Om 12-15 uur."])
def test_not_phone_numbers(patterns_only, text):
    assert found(patterns_only, text, "phone") == []


def test_email_and_url(patterns_only):
    result = patterns_only("Mail piet.jansen+zorg@gmail.com of kijk op https://example.org/a?b=1, of www.meervoud.nl.")
    assert kinds(result) == [
        ("email", "piet.jansen+zorg@gmail.com"),
        ("url", "https://example.org/a?b=1"),
        ("url", "www.meervoud.nl"),
    ]
    assert result.text == "Mail [E-MAIL] of kijk op [URL], of [URL]."


def test_bare_domain_is_url_but_sentence_end_is_not(patterns_only):
    assert found(patterns_only, "Zie lentis.nl voor meer.", "url") == ["lentis.nl"]
    assert found(patterns_only, "Ik was moe.Daarna sliep ik.", "url") == []


# ---------------------------------------------------------------- places with a shape


@pytest.mark.parametrize("postcode", ["9711 AB", "9711AB", "1012 JS"])
def test_postcodes(patterns_only, postcode):
    assert found(patterns_only, f"Mijn postcode is {postcode} sinds kort.", "postcode") == [postcode]


@pytest.mark.parametrize("text", ["Ik woog 1500kg.", "In 2019 EU-breed.", "Dat was 9711 meter.", "nummer 1234 SS"])
def test_not_postcodes(patterns_only, text):
    assert found(patterns_only, text, "postcode") == []


@pytest.mark.parametrize(
    "address",
    ["Hoofdstraat 12a", "Oosterstraat 3-II", "Van Speijkstraat 5", "Kerklaan 7 bis",
     "Burgemeester de Withstraat 14", "Oude Ebbingestraat 45", "Tsjerkestrjitte 8"],
)
def test_addresses(patterns_only, address):
    result = patterns_only(f"Ik woonde op de {address} in een kamer.")
    assert found(patterns_only, f"Ik woonde op de {address} in een kamer.", "address") == [address]
    assert "[ADRES]" in result.text


def test_no_address_without_house_number_or_street_word(patterns_only):
    assert found(patterns_only, "Ik woonde 12 jaar in de stad. Kamer 12 was vrij.", "address") == []


@pytest.mark.parametrize(
    "plate", ["12-ABC-3", "AB-123-C", "1-ABC-23", "XX-99-99", "99-XX-99", "AB-12-CD", "G-123-BB", "123-AB-4"]
)
def test_licence_plates(patterns_only, plate):
    result = patterns_only(f"Mijn auto met kenteken {plate} werd weggesleept.")
    assert kinds(result) == [("licence_plate", plate)]
    assert "[KENTEKEN]" in result.text


@pytest.mark.parametrize("text", ["Het was 12-3-21 koud.", "Een 2-1-overwinning.", "AB-1234 is een code."])
def test_not_licence_plates(patterns_only, text):
    assert found(patterns_only, text, "licence_plate") == []


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "date",
    ["3 maart 2021", "03-03-2021", "3-3-2021", "03/03/21", "2021-03-03", "maart 2021", "3 maart",
     "3 mrt. 2021", "maandag 3 maart", "12 december '19", "1e januari 2020"],
)
def test_dutch_dates(patterns_only, date):
    result = patterns_only(f"Het gebeurde op {date} bij ons thuis.")
    assert kinds(result) == [("date", date)]
    assert "[DATUM]" in result.text


@pytest.mark.parametrize(
    "text",
    ["Vorig jaar ging het mis.", "In de winter was het koud.", "Sinds maart gaat het beter.",
     "Ik was in 2019 dakloos.", "Elke maandag ga ik erheen.", "Drie jaar geleden."],
)
def test_vague_time_words_stay(patterns_only, text):
    result = patterns_only(text)
    assert result.annotations == []
    assert result.text == text


# ---------------------------------------------------------------- ages


@pytest.mark.parametrize(
    "text, age",
    [
        ("Ik ben 43 jaar en woon alleen.", "43"),
        ("Ik ben 43.", "43"),
        ("Toen ik 17 was, liep ik weg.", "17"),
        ("Het begon toen ik 12 jaar oud was.", "12"),
        ("Ze is een 52-jarige vrouw.", "52"),
        ("Als 16-jarige stond ik op straat.", "16"),
        ("Jan (43) vertelt.", "43"),
        ("Op mijn 18e moest ik weg.", "18"),
        ("Mijn dochter is 17.", "17"),
        ("Ik was toen pas 15 jaar.", "15"),
        ("Een jongen van 14 jaar.", "14"),
        ("Was ik 20 toen?", "20"),
    ],
)
def test_ages(patterns_only, text, age):
    result = patterns_only(text)
    assert found(patterns_only, text, "age") == [age]
    assert "[LEEFTIJD]" in result.text


@pytest.mark.parametrize(
    "text",
    [
        "Ik heb 10 jaar op straat geleefd.",
        "Ik was 10 jaar verslaafd.",
        "Sinds 3 jaar ben ik clean.",
        "Een 2-jarige opleiding tot ervaringsdeskundige.",
        "Ik ben 3 keer opgenomen.",
        "Een vader van 3 kinderen.",
        "Het is 5 uur.",
    ],
)
def test_durations_and_counts_are_not_ages(patterns_only, text):
    assert found(patterns_only, text, "age") == []


# ---------------------------------------------------------------- output contract


def test_offsets_point_into_the_original_text(patterns_only):
    text = "Bel 06-12345678 of mail a@b.nl op 3 maart 2021. Ik ben 43."
    result = patterns_only(text)
    assert result.annotations, "expected annotations"
    for ann in result.annotations:
        assert text[ann.start : ann.end] == ann.text
    starts = [a.start for a in result.annotations]
    assert starts == sorted(starts)
    for left, right in zip(result.annotations, result.annotations[1:]):
        assert left.end <= right.start


def test_counts(patterns_only):
    result = patterns_only("Bel 06-12345678 of 050-1234567, mail a@b.nl.")
    assert result.counts == {"email": 1, "phone": 2}


def test_empty_text(patterns_only):
    result = patterns_only("")
    assert (result.text, result.annotations, result.counts) == ("", [], {})
