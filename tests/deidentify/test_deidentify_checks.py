import pytest

from meervoud.deidentify.checks import is_bsn, is_iban


@pytest.mark.parametrize("number", ["123456782", "111222333", "999999990", "1234.56.782"])
def test_bsn_passing_the_11_proef(number):
    assert is_bsn(number)


@pytest.mark.parametrize("number", ["123456789", "111222334", "000000000", "12345678", "1234567820"])
def test_bsn_failing_the_11_proef(number):
    assert not is_bsn(number)


@pytest.mark.parametrize(
    "iban",
    ["NL91ABNA0417164300", "NL91 ABNA 0417 1643 00", "nl91abna0417164300",
     "DE89370400440532013000", "BE68539007547034", "GB82WEST12345698765432"],
)
def test_valid_iban(iban):
    assert is_iban(iban)


@pytest.mark.parametrize(
    "iban",
    ["NL91ABNA0417164301", "NL91ABNA041716430", "NL12ABNA0417164300", "DE8937040044053201300", "XX00"],
)
def test_invalid_iban(iban):
    assert not is_iban(iban)
