"""validate_frame's vectorized shortcuts give what the per-cell rules give.

validate_frame settles the commonest shapes of CPF/CNPJ, phone and CEP
cells for a whole column at once and leaves the other cells to the per-cell
rules. These tests pin cases where the two once disagreed, and compare them
on a few thousand generated cells.
"""

from __future__ import annotations

import random
import string

import pandas as pd
import pytest

from importer.validate import (
    ValidationOptions,
    format_cnpj,
    format_cpf,
    generate_cnpj,
    generate_cpf,
    is_valid_cnpj,
    is_valid_cpf,
    validate_frame,
)
from importer.validate.documents import normalize_vat
from importer.validate.phones import normalize_phone
from importer.validate.postal import normalize_cep

ARABIC_INDIC_DIGITS = str.maketrans(string.digits, "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH_DIGITS = str.maketrans(string.digits, "０１２３４５６７８９")
GENERATED_CELLS = 3000
OPTION_SETS = [
    ValidationOptions(),
    ValidationOptions(vat_format="masked", zip_format="digits", phone_format="national", phone_invalid="error"),
]


def validate_column(field: str, cells: list[str], options: ValidationOptions | None = None):
    frame = pd.DataFrame({field: cells}, index=pd.RangeIndex(2, 2 + len(cells), name="row"))
    return validate_frame(frame, options or ValidationOptions())


def field_codes(result, field: str) -> list[str]:
    """Return the finding code of ``field`` on every row, "" where it has none."""
    codes = []
    for row in result.values.index:
        found = [issue.code for issue in result.issues.get(row, []) if issue.field == field]
        codes.append(found[0] if found else "")
    return codes


def cnpj_ending_in_zero(rng: random.Random) -> str:
    while True:
        cnpj = generate_cnpj(rng)
        if cnpj.endswith("0"):
            return cnpj


def cpf_ending_in_zero(rng: random.Random) -> str:
    while True:
        cpf = generate_cpf(rng)
        if cpf.endswith("0"):
            return cpf


# Pinned cases


@pytest.mark.parametrize("cell", ["18724467014", "187.244.670-14"], ids=["bare", "masked"])
def test_arabic_indic_cpf_is_invalid(cell):
    result = validate_column("vat", [cell.translate(ARABIC_INDIC_DIGITS)])
    assert result.valid.tolist() == [False]
    assert field_codes(result, "vat") == ["cpf_cnpj_characters"]
    assert result.values["vat"].tolist() == [None]


def test_number_text_dot_is_not_a_mask():
    # "1234567890123.0" is a 13-digit number cell, not the 14-digit CNPJ "12345678901230".
    result = validate_column("vat", ["1234567890123.0"])
    assert field_codes(result, "vat") == ["cpf_cnpj_length"]
    assert result.issues[2][0].params == {"length": 13}


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("make_document", [cnpj_ending_in_zero, cpf_ending_in_zero], ids=["cnpj", "cpf"])
def test_number_text_dot_not_read_as_mask(make_document, seed):
    # Read with its dot as a mask, "D.0" would be the valid document D + "0". As a number
    # cell it is one digit short, which the rule may pad with a leading zero instead.
    document = make_document(random.Random(seed))
    cell = document[:-1] + ".0"
    expected = normalize_vat(cell, False, "digits", False)
    result = validate_column("vat", [cell])
    assert result.values["vat"].tolist() == [expected.value]
    assert field_codes(result, "vat") == [expected.code]
    assert result.values["vat"].tolist() != [document]


def test_number_text_of_full_cnpj_is_read():
    result = validate_column("vat", ["11222333000181.0"])
    assert result.values["vat"].tolist() == ["11222333000181"]
    assert result.issues == {}


@pytest.mark.parametrize("digits", [ARABIC_INDIC_DIGITS, FULLWIDTH_DIGITS], ids=["arabic_indic", "fullwidth"])
@pytest.mark.parametrize("area", ["(11) ", "+55 11 "], ids=["ddd", "country_code"])
def test_phone_other_script_digits_stored_ascii(area, digits):
    # Only the last digits are in another script, so the number still fits the patterns of
    # phonenumbers' metadata, whose leading digits are literal ASCII classes.
    result = validate_column("phonenumber", [area + "98765-" + "4321".translate(digits)])
    assert result.values["phonenumber"].tolist() == ["+5511987654321"]


def test_phone_shortcut_stores_ascii_digits():
    cells = ["(11) 98765-4321", "+55 11 3456-7890", "11987654321"]
    stored = validate_column("phonenumber", cells).values["phonenumber"].tolist()
    assert stored == ["+5511987654321", "+551134567890", "+5511987654321"]
    assert all(value.isascii() for value in stored)


# Generated cells: the shortcuts agree with the per-cell rules


def _other_digits(rng: random.Random, text: str) -> str:
    return text.translate(rng.choice([ARABIC_INDIC_DIGITS, FULLWIDTH_DIGITS]))


def _random_junk(rng: random.Random) -> str:
    alphabet = string.digits + string.ascii_letters + " .-/()+,;" + "\u00a0\u200bº٣"
    return "".join(rng.choices(alphabet, k=rng.randint(0, 20)))


def _vat_cell(rng: random.Random) -> str:
    cpf, cnpj = generate_cpf(rng), generate_cnpj(rng, alphanumeric=rng.random() < 0.3)
    document = rng.choice([cpf, cnpj])
    wrong_digit = document[:-1] + str((int(document[-1]) + 1) % 10)
    shapes = [
        document,
        format_cpf(cpf),
        format_cnpj(cnpj),
        cnpj.lower(),
        wrong_digit,
        document[1:],  # a lost leading zero, or simply too short
        document[:-1] + ".0",
        document + ".0",
        f"{cpf[0]}.{cpf[1:6]}E+10",
        f"  {document} ",
        _other_digits(rng, document),
        document[0] * len(document),
        _random_junk(rng),
        "",
    ]
    return rng.choice(shapes)


def _phone_cell(rng: random.Random) -> str:
    area = rng.choice(["11", "21", "47", "85", "20", "01"])
    mobile = "9" + "".join(rng.choices(string.digits, k=8))
    landline = rng.choice("2345") + "".join(rng.choices(string.digits, k=7))
    subscriber = rng.choice([mobile, landline])
    split = len(subscriber) - 4
    shapes = [
        f"({area}) {subscriber[:split]}-{subscriber[split:]}",
        f"+55 {area} {subscriber[:split]}-{subscriber[split:]}",
        f"+55{area}{subscriber}",
        f"{area}{subscriber}",
        f"{area} {subscriber[:split]}.{subscriber[split:]}",
        f"({area}){subscriber}",
        f"({area}) {subscriber} / ({area}) {landline}",
        _other_digits(rng, f"({area}) {subscriber[:split]}-{subscriber[split:]}"),
        f"({area}) {subscriber[:split]}-" + _other_digits(rng, subscriber[split:]),
        f"+55 {area} {subscriber[:2]}" + _other_digits(rng, subscriber[2:]),
        "+1 415 555 0132",
        "+351 21 234 5678",
        subscriber,
        _random_junk(rng),
        "",
    ]
    return rng.choice(shapes)


def _zip_cell(rng: random.Random) -> str:
    digits = "".join(rng.choices(string.digits, k=8))
    shapes = [
        digits,
        f"{digits[:5]}-{digits[5:]}",
        f"{digits[:2]}.{digits[2:5]}-{digits[5:]}",
        digits[1:],
        digits[1:] + ".0",
        digits[:6],
        f" {digits} ",
        _other_digits(rng, f"{digits[:5]}-{digits[5:]}"),
        _random_junk(rng),
        "",
    ]
    return rng.choice(shapes)


def per_cell_outcomes(field: str, cells: list[str], options: ValidationOptions):
    if field == "vat":
        return [normalize_vat(cell, False, options.vat_format, options.vat_required) for cell in cells]
    if field == "phonenumber":
        return [normalize_phone(cell, options.phone_format, options.phone_invalid) for cell in cells]
    return [normalize_cep(cell, options.zip_format) for cell in cells]


@pytest.fixture(scope="module")
def generated_cells() -> dict[str, list[str]]:
    rng = random.Random(20240601)
    makers = {"vat": _vat_cell, "phonenumber": _phone_cell, "zip": _zip_cell}
    return {field: [make(rng) for _ in range(GENERATED_CELLS)] for field, make in makers.items()}


@pytest.mark.parametrize("options", OPTION_SETS, ids=["defaults", "masked_national"])
@pytest.mark.parametrize("field", ["vat", "phonenumber", "zip"])
def test_shortcut_values_match_rules(generated_cells, field, options):
    cells = generated_cells[field]
    result = validate_column(field, cells, options)
    expected = [outcome.value for outcome in per_cell_outcomes(field, cells, options)]
    mismatches = [
        (cell, stored, wanted)
        for cell, stored, wanted in zip(cells, result.values[field].tolist(), expected, strict=True)
        if stored != wanted
    ]
    assert mismatches == []


@pytest.mark.parametrize("options", OPTION_SETS, ids=["defaults", "masked_national"])
@pytest.mark.parametrize("field", ["vat", "phonenumber", "zip"])
def test_shortcut_codes_match_rules(generated_cells, field, options):
    cells = generated_cells[field]
    result = validate_column(field, cells, options)
    expected = [outcome.code for outcome in per_cell_outcomes(field, cells, options)]
    mismatches = [
        (cell, code, wanted)
        for cell, code, wanted in zip(cells, field_codes(result, field), expected, strict=True)
        if code != wanted
    ]
    assert mismatches == []


def test_generated_cells_reach_both_paths(generated_cells):
    # Without valid documents and invalid ones both, the comparison would test one path only.
    valid = [cell for cell in generated_cells["vat"] if is_valid_cpf(cell) or is_valid_cnpj(cell)]
    assert len(valid) > GENERATED_CELLS // 10
    assert len(valid) < GENERATED_CELLS // 2


def test_cep_other_script_digits_stored_ascii():
    result = validate_column("zip", ["01310-100".translate(ARABIC_INDIC_DIGITS)])
    assert result.values["zip"].tolist() == ["01310-100"]
