"""Checksums that separate real identifiers from numbers that merely look like them."""

from __future__ import annotations

import re

# Lengths per country (ISO 13616 registry). Unknown countries fall back to the
# general bounds, so a valid foreign IBAN is never missed for lack of an entry.
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BA": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24,
    "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27,
    "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MA": 28, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25,
    "RO": 24, "RS": 22, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SY": 31, "TR": 26,
    "UA": 29,
}


def digits_only(text: str) -> str:
    return re.sub(r"\D", "", text)


def is_bsn(text: str) -> bool:
    """Dutch citizen service number: 9 digits passing the 11-proef
    (weights 9..2 and -1 for the last digit; the sum must be a non-zero multiple of 11)."""
    digits = digits_only(text)
    if len(digits) != 9 or digits == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(d) * w for d, w in zip(digits, weights))
    return total % 11 == 0 and total != 0


def is_iban(text: str) -> bool:
    """ISO 13616 check: the right length for the country and mod 97 == 1."""
    iban = re.sub(r"[\s-]", "", text).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    expected = IBAN_LENGTHS.get(iban[:2])
    if expected is not None and len(iban) != expected:
        return False
    if iban[:2] == "NL" and not re.fullmatch(r"NL\d{2}[A-Z]{4}\d{10}", iban):
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1
