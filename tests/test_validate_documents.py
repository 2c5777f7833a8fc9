"""CPF and CNPJ rules: masks, check digits, leading zeros and number-cell damage."""

from __future__ import annotations

import random
import string

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from importer.validate.documents import (
    format_cnpj,
    format_cpf,
    generate_cnpj,
    generate_cpf,
    is_valid_cnpj,
    is_valid_cpf,
    normalize_vat,
    valid_numeric_documents,
)

OFFICIAL_ALPHANUMERIC_CNPJ = "12.ABC.345/01DE-35"


@pytest.mark.parametrize(
    "text",
    ["123.456.789-09", "12345678909", " 123.456.789-09 ", "000.000.001-91", "529.982.247-25"],
)
def test_cpf_valid_forms(text):
    assert is_valid_cpf(text)


@pytest.mark.parametrize(
    "text",
    ["123.456.789-00", "12345678900", "000.000.000-00", "111.111.111-11", "1234567890", "1234567890A"],
)
def test_cpf_invalid_forms(text):
    assert not is_valid_cpf(text)


@pytest.mark.parametrize(
    "text",
    [
        "12.345.678/0001-95",
        "12345678000195",
        " 12345678000195 ",
        "00.000.000/0001-91",
        OFFICIAL_ALPHANUMERIC_CNPJ,
        "12ABC34501DE35",
        "12.abc.345/01de-35",
    ],
)
def test_cnpj_valid_forms(text):
    assert is_valid_cnpj(text)


@pytest.mark.parametrize(
    "text",
    ["12.345.678/0001-96", "11111111111111", "00000000000000", "12.ABC.345/01DE-36", "12ABC34501DEA5"],
)
def test_cnpj_invalid_forms(text):
    assert not is_valid_cnpj(text)


@pytest.mark.parametrize(
    ("text", "vat_format", "stored"),
    [
        ("123.456.789-09", "digits", "12345678909"),
        ("12345678909", "masked", "123.456.789-09"),
        ("12.345.678/0001-95", "digits", "12345678000195"),
        ("12345678000195", "masked", "12.345.678/0001-95"),
        (" 12345678000195 ", "digits", "12345678000195"),
        ("12 345 678 0001 95", "digits", "12345678000195"),
        ("12.abc.345/01de-35", "digits", "12ABC34501DE35"),
        ("12abc34501de35", "masked", OFFICIAL_ALPHANUMERIC_CNPJ),
        ("12345678000195.0", "digits", "12345678000195"),
        ("000.000.001-91", "digits", "00000000191"),
    ],
)
def test_vat_stored_form(text, vat_format, stored):
    outcome = normalize_vat(text, from_number=False, vat_format=vat_format, vat_required=False)
    assert outcome.code == ""
    assert outcome.value == stored


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("123.456.789-00", "cpf_check_digits"),
        ("12.345.678/0001-96", "cnpj_check_digits"),
        ("12.ABC.345/01DE-36", "cnpj_check_digits"),
        ("000.000.000-00", "cpf_cnpj_repeated"),
        ("11111111111111", "cpf_cnpj_repeated"),
        ("1234567890A", "cpf_cnpj_characters"),
        ("12ABC34501DEA5", "cpf_cnpj_characters"),
        ("123_456_789_09", "cpf_cnpj_characters"),
        ("12345", "cpf_cnpj_length"),
        ("123456789012", "cpf_cnpj_length"),
        ("123456789012345", "cpf_cnpj_length"),
        ("1,23457E+13", "cpf_cnpj_scientific_notation"),
        ("1.23457E+13", "cpf_cnpj_scientific_notation"),
        ("1.23457e13", "cpf_cnpj_scientific_notation"),
    ],
)
def test_vat_error_codes(text, code):
    outcome = normalize_vat(text, from_number=False, vat_format="digits", vat_required=False)
    assert outcome.code == code
    assert outcome.value is None


def test_vat_empty_is_fine():
    assert normalize_vat("  ", from_number=False, vat_format="digits", vat_required=False).code == ""


def test_vat_empty_when_required():
    assert normalize_vat("", from_number=False, vat_format="digits", vat_required=True).code == "vat_required"


@pytest.mark.parametrize(
    ("text", "from_number", "restored"),
    [
        ("1234567890", False, "01234567890"),  # CPF text one digit short
        ("123456789", True, None),  # the padded CPF 00123456789 is invalid
        ("4567890000107", False, None),  # CNPJ 04567890000107 has wrong check digits
        ("9876543000189", True, None),
        ("1234567890.0", False, "01234567890"),  # float suffix of a number cell
    ],
)
def test_vat_leading_zeros(text, from_number, restored):
    outcome = normalize_vat(text, from_number=from_number, vat_format="digits", vat_required=False)
    if restored is None:
        assert outcome.code == "cpf_cnpj_length"
    else:
        assert outcome.code == "cpf_cnpj_zeros_restored"
        assert outcome.value == restored
        assert outcome.params == {"restored": restored}


def test_vat_zeros_restored_for_generated_cnpj():
    rng = random.Random(11)
    cnpj = next(value for value in (generate_cnpj(rng) for _ in range(1000)) if value.startswith("0") and value[1] != "0")
    outcome = normalize_vat(cnpj[1:], from_number=False, vat_format="masked", vat_required=False)
    assert outcome.code == "cpf_cnpj_zeros_restored"
    assert outcome.value == format_cnpj(cnpj)


def test_vat_from_number_restores_several_zeros():
    outcome = normalize_vat("1234567890", from_number=True, vat_format="digits", vat_required=False)
    assert outcome.value == "01234567890"


def test_vat_short_text_is_not_padded():
    # Typed text that is two digits short is not a lost-zero case unless it came from a number.
    outcome = normalize_vat("191", from_number=False, vat_format="digits", vat_required=False)
    assert outcome.code == "cpf_cnpj_length"


def test_vat_ambiguous_padding_is_rejected():
    # 191 pads to both a valid CPF (000.000.001-91) and a valid CNPJ (00.000.000/0001-91).
    outcome = normalize_vat("191", from_number=True, vat_format="digits", vat_required=False)
    assert outcome.code == "cpf_cnpj_length"


def test_format_cpf_masks_digits():
    assert format_cpf("12345678909") == "123.456.789-09"


def test_format_cnpj_masks_alphanumeric():
    assert format_cnpj("12abc34501de35") == OFFICIAL_ALPHANUMERIC_CNPJ


def test_vectorized_check_digits_match_scalar():
    rng = random.Random(5)
    cpfs = [generate_cpf(rng) for _ in range(200)] + ["12345678900", "11111111111"]
    cnpjs = [generate_cnpj(rng) for _ in range(200)] + ["12345678000196", "00000000000000"]
    cpf_result = valid_numeric_documents(np.array(cpfs, dtype=object), 11)
    cnpj_result = valid_numeric_documents(np.array(cnpjs, dtype=object), 14)
    assert cpf_result.tolist() == [is_valid_cpf(value) for value in cpfs]
    assert cnpj_result.tolist() == [is_valid_cnpj(value) for value in cnpjs]


seeds = st.integers(min_value=0, max_value=2**32)


def _change_one(value: str, position: int, replacement_index: int, alphabet: str) -> str:
    choices = [char for char in alphabet if char != value[position]]
    return value[:position] + choices[replacement_index % len(choices)] + value[position + 1 :]


def _reference_check_digit(characters: str, first_weight: int) -> int:
    """Textbook modulus 11, written apart from the library: weights run down to 2, then wrap to 9 for CNPJ."""
    weights = list(range(first_weight, 1, -1))
    if len(weights) < len(characters):
        weights = list(range(len(characters) - 7, 1, -1)) + list(range(9, 1, -1))
    total = sum((ord(char) - 48) * weight for char, weight in zip(characters, weights))
    digit = 11 - total % 11
    return 0 if digit >= 10 else digit


def _reference_is_valid(value: str) -> bool:
    base_length = len(value) - 2
    first_weight = base_length + 1 if len(value) == 11 else 0
    first = _reference_check_digit(value[:base_length], first_weight)
    second = _reference_check_digit(value[:base_length] + str(first), first_weight + 1 if first_weight else 0)
    return value[-2:] == f"{first}{second}" and len(set(value)) > 1


@given(seed=seeds)
def test_generated_cpf_is_valid(seed):
    assert is_valid_cpf(generate_cpf(random.Random(seed)))


@given(seed=seeds, alphanumeric=st.booleans())
def test_generated_cnpj_is_valid(seed, alphanumeric):
    assert is_valid_cnpj(generate_cnpj(random.Random(seed), alphanumeric=alphanumeric))


@given(seed=seeds, position=st.integers(9, 10), replacement=st.integers(0, 100))
def test_cpf_changed_check_digit_fails(seed, position, replacement):
    cpf = generate_cpf(random.Random(seed))
    assert not is_valid_cpf(_change_one(cpf, position, replacement, string.digits))


@given(seed=seeds, alphanumeric=st.booleans(), position=st.integers(12, 13), replacement=st.integers(0, 100))
def test_cnpj_changed_check_digit_fails(seed, alphanumeric, position, replacement):
    cnpj = generate_cnpj(random.Random(seed), alphanumeric=alphanumeric)
    assert not is_valid_cnpj(_change_one(cnpj, position, replacement, string.digits))


# Modulus 11 cannot catch every change of one base character: remainders 0 and 1 both give
# check digit 0, and in an alphanumeric CNPJ two characters 11 apart in value (3 and I) weigh
# the same. So a changed base character is checked against an independent implementation.
@given(seed=seeds, position=st.integers(0, 8), replacement=st.integers(0, 100))
def test_cpf_changed_digit_matches_reference(seed, position, replacement):
    changed = _change_one(generate_cpf(random.Random(seed)), position, replacement, string.digits)
    assert is_valid_cpf(changed) == _reference_is_valid(changed)


@given(seed=seeds, alphanumeric=st.booleans(), position=st.integers(0, 11), replacement=st.integers(0, 100))
def test_cnpj_changed_character_matches_reference(seed, alphanumeric, position, replacement):
    cnpj = generate_cnpj(random.Random(seed), alphanumeric=alphanumeric)
    changed = _change_one(cnpj, position, replacement, string.digits + string.ascii_uppercase)
    assert is_valid_cnpj(changed) == _reference_is_valid(changed)


def test_cpf_undetectable_change_is_valid():
    # 11896603505 and 01896603505 differ in one digit and both pass, as the official algorithm gives.
    assert is_valid_cpf("11896603505")
    assert is_valid_cpf("01896603505")


def test_cnpj_letter_eleven_apart_is_valid():
    # "3" is worth 3 and "I" is worth 25: 22 apart, a multiple of 11, so the check digits agree.
    assert is_valid_cnpj("88311442841595")
    assert is_valid_cnpj("88I11442841595")
