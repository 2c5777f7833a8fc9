"""validate_frame over whole frames: values, issues, validity, messages and duplicates."""

from __future__ import annotations

import random
import string

import pandas as pd
import pandera.pandas as pa
import pytest

from importer.errors import ConfigurationError
from importer.i18n import set_language
from importer.issues import Severity
from importer.messages import render_issue
from importer.validate import (
    BRAZIL_COUNTRY_ID,
    UF_CODES,
    ValidationOptions,
    build_schema,
    format_cnpj,
    generate_cnpj,
    generate_cpf,
    validate_frame,
)
from importer.validate.duplicates import DuplicateTracker
from importer.messages import render
from importer.validate.messages import MESSAGES

CPF_CNPJ_LENGTH_PT_BR = "CPF/CNPJ inválido. Deve ter 11 dígitos (CPF) ou 14 dígitos (CNPJ)"


def _frame(rows: dict[str, list[str]], first_row: int = 2) -> pd.DataFrame:
    length = len(next(iter(rows.values())))
    return pd.DataFrame(rows, index=pd.RangeIndex(first_row, first_row + length, name="row"))


@pytest.fixture
def result():
    frame = _frame(
        {
            "company": ["  Padaria  São João ", "", "Acme Ltda"],
            "vat": ["123.456.789-09", "12345", "1,23457E+13"],
            "phonenumber": ["(11) 3333-4444 / 3333-5555", "(11) 98765-4321", "123"],
            "country": ["", "EUA", "Brasil"],
            "city": ["São Paulo", "New York", "x" * 101],
            "zip": ["1310100", "10001", "0131"],
            "state": ["sao paulo", "New York", "Narnia"],
            "address": ["Av.\u00a0Paulista, 1000", "", ""],
            "website": ["empresa.com.br", "contato@acme.com", ""],
            "active": ["Sim", "não", "talvez"],
        }
    )
    return validate_frame(
        frame,
        ValidationOptions(),
        columns={"vat": "CNPJ/CPF", "company": "Razão Social"},
        from_number={"vat": pd.Series([False, False, True], index=frame.index)},
    )


def test_frame_values_of_valid_row(result):
    assert result.values.loc[2].to_dict() == {
        "company": "Padaria São João",
        "vat": "12345678909",
        "phonenumber": "+551133334444",
        "country": BRAZIL_COUNTRY_ID,
        "city": "São Paulo",
        "zip": "01310-100",
        "state": "SP",
        "address": "Av. Paulista, 1000",
        "website": "https://empresa.com.br",
        "active": 1,
    }


def test_frame_values_keep_python_types(result):
    assert type(result.values.at[2, "country"]) is int
    assert type(result.values.at[3, "active"]) is int
    assert result.values.at[3, "address"] is None


def test_frame_foreign_row_keeps_zip_and_state(result):
    assert result.values.at[3, "zip"] == "10001"
    assert result.values.at[3, "state"] == "New York"


def test_frame_valid_rows(result):
    assert result.valid.tolist() == [True, False, False]


def test_frame_issue_codes_in_field_order(result):
    codes = {row: [issue.code for issue in issues] for row, issues in result.issues.items()}
    assert codes[2] == ["phone_multiple", "cep_zero_restored"]
    assert codes[3] == ["company_required", "website_invalid"]
    assert codes[4] == [
        "cpf_cnpj_scientific_notation",
        "phone_invalid",
        "too_long",
        "cep_invalid",
        "uf_invalid",
        "active_invalid",
    ]


def _short_vat_issue():
    frame = _frame({"company": ["Acme"], "vat": ["12345"]})
    return validate_frame(frame, ValidationOptions(), columns={"vat": "CNPJ/CPF"}).issues[2][0]


def test_frame_foreign_vat_kept_as_given(result):
    assert result.values.at[3, "vat"] == "12345"


def test_frame_issue_details():
    issue = _short_vat_issue()
    assert issue.field == "vat"
    assert issue.column == "CNPJ/CPF"
    assert issue.value == "12345"
    assert issue.severity is Severity.ERROR


def test_frame_issue_params(result):
    too_long = result.issues[4][2]
    assert too_long.params == {"length": 101, "max_length": 100}


def test_frame_warning_severity(result):
    assert result.issues[2][0].severity is Severity.WARNING


def test_frame_column_defaults_to_field(result):
    assert result.issues[2][0].column == "phonenumber"


def test_cpf_cnpj_length_message_english():
    set_language("en")
    assert render_issue(_short_vat_issue()) == "Invalid CPF/CNPJ. It must have 11 digits (CPF) or 14 digits (CNPJ)"


def test_cpf_cnpj_length_message_pt_br():
    set_language("pt_BR")
    assert render_issue(_short_vat_issue()) == CPF_CNPJ_LENGTH_PT_BR


def test_every_message_renders_in_pt_br():
    set_language("en")
    english = {code: render(code) for code in MESSAGES}
    set_language("pt_BR")
    assert [code for code in MESSAGES if render(code) == english[code]] == []


def test_pt_br_keeps_placeholders():
    # Rendering without params leaves each {placeholder} visible, so both languages can be compared.
    set_language("en")
    english = {code: sorted(_placeholders(render(code))) for code in MESSAGES}
    set_language("pt_BR")
    for code in MESSAGES:
        assert sorted(_placeholders(render(code))) == english[code], code


def _placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def test_zeros_restored_message_pt_br():
    set_language("pt_BR")
    assert "zeros à esquerda restaurados" in render("cpf_cnpj_zeros_restored")


def test_frame_without_country_uses_default():
    result = validate_frame(_frame({"company": ["Acme"], "state": ["RJ"]}), ValidationOptions(default_country="USA"))
    assert result.values.at[2, "country"] == 236
    assert result.values.at[2, "state"] == "RJ"


def test_frame_options_change_stored_forms():
    options = ValidationOptions(vat_format="masked", zip_format="digits", phone_format="national")
    frame = _frame({"company": ["Acme"], "vat": ["12345678000195"], "zip": ["01310-100"], "phonenumber": ["11987654321"]})
    values = validate_frame(frame, options).values.loc[2]
    assert values["vat"] == "12.345.678/0001-95"
    assert values["zip"] == "01310100"
    assert values["phonenumber"] == "(11) 98765-4321"


def test_frame_phone_invalid_as_error():
    frame = _frame({"company": ["Acme"], "phonenumber": ["123"]})
    result = validate_frame(frame, ValidationOptions(phone_invalid="error"))
    assert not result.valid.at[2]
    assert result.issues[2][0].severity is Severity.ERROR


def test_frame_vat_required():
    result = validate_frame(_frame({"company": ["Acme"], "vat": [""]}), ValidationOptions(vat_required=True))
    assert result.issues[2][0].code == "vat_required"


def test_frame_missing_cells_are_empty():
    frame = _frame({"company": ["Acme", None], "vat": [None, "12345678909"]})
    result = validate_frame(frame, ValidationOptions())
    assert result.values.at[2, "vat"] is None
    assert result.issues[3][0].code == "company_required"


def test_unknown_default_country_raises():
    with pytest.raises(ConfigurationError) as raised:
        build_schema(ValidationOptions(default_country="Atlântida"))
    assert raised.value.code == "default_country_unknown"


def test_schema_names_checks_by_code():
    frame = _frame({"company": [""]})
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        build_schema(ValidationOptions()).validate(frame, lazy=True)
    assert raised.value.failure_cases["check"].tolist() == ["company_required"]


def _generated_frame(rows: int) -> pd.DataFrame:
    rng = random.Random(7)
    return _frame(
        {
            "company": [f"Empresa {number} Ltda" for number in range(rows)],
            "vat": [format_cnpj(generate_cnpj(rng)) if number % 2 else generate_cpf(rng) for number in range(rows)],
            "phonenumber": [f"(11) 9{rng.randrange(10**7, 10**8)}" for _ in range(rows)],
            "country": [rng.choice(["Brasil", "BR", ""]) for _ in range(rows)],
            "city": [rng.choice(["São Paulo", "Rio de Janeiro", "Recife"]) for _ in range(rows)],
            "zip": [f"{rng.randrange(1_000_000, 99_999_999):08d}" for _ in range(rows)],
            "state": [rng.choice(UF_CODES) for _ in range(rows)],
            "address": [f"Rua {number}, {number % 999}" for number in range(rows)],
            "website": [f"www.empresa{number}.com.br" for number in range(rows)],
            "active": [rng.choice(["Sim", "Não", ""]) for _ in range(rows)],
        }
    )


def test_frame_of_100000_rows_validates():
    result = validate_frame(_generated_frame(100_000), ValidationOptions())
    assert result.valid.all()
    assert len(result.values) == 100_000


def test_duplicate_vat_across_chunks():
    tracker = DuplicateTracker()
    first = _frame({"company": ["Acme"], "vat": ["12345678909"]})
    second = _frame({"company": ["Acme Filial"], "vat": ["123.456.789-09"]}, first_row=50_002)
    tracker.check(first, pd.Series(True, index=first.index))
    issues = tracker.check(second, pd.Series(True, index=second.index), columns={"vat": "CNPJ/CPF"})
    assert issues[50_002].code == "duplicate_vat"
    assert issues[50_002].params == {"first_row": 2}
    assert issues[50_002].column == "CNPJ/CPF"


def test_duplicate_company_without_vat_warns():
    tracker = DuplicateTracker()
    frame = _frame({"company": ["Padaria São João", "PADARIA  SAO JOAO"], "vat": [None, None]})
    issues = tracker.check(frame, pd.Series(True, index=frame.index))
    assert issues[3].code == "duplicate_company"
    assert issues[3].severity is Severity.WARNING
    assert issues[3].params == {"first_row": 2}


def test_duplicate_of_invalid_row_is_ignored():
    tracker = DuplicateTracker()
    frame = _frame({"company": ["Acme", "Acme"], "vat": ["12345678909", "12345678909"]})
    issues = tracker.check(frame, pd.Series([False, True], index=frame.index))
    assert issues == {}


def test_company_with_vat_is_not_compared_by_name():
    tracker = DuplicateTracker()
    frame = _frame({"company": ["Acme", "Acme"], "vat": ["12345678909", "52998224725"]})
    issues = tracker.check(frame, pd.Series(True, index=frame.index))
    assert issues == {}
