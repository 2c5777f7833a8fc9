"""Mapping files: YAML forms, errors with line numbers, column matching, field rules."""

from __future__ import annotations

import pandas as pd
import pytest

from importer.errors import MappingError
from importer.mapping import apply_mapping, load_mapping, parse_mapping, resolve_columns
from importer.messages import render

from conftest import MAPPINGS

HEADERS = ["COD.", "Razão Social", "TIPO", "CIDADE", "Telefone", "Celular", "Logradouro", "Número", "Situação"]


def frame(*rows: list[str]) -> pd.DataFrame:
    index = pd.Index(range(2, 2 + len(rows)), name="row")
    return pd.DataFrame(list(rows), columns=HEADERS, index=index, dtype=object)


def mapped(text: str, data: pd.DataFrame, number_cells=None):
    mapping = parse_mapping(text)
    resolved = resolve_columns(mapping, HEADERS, HEADERS, path="clientes.csv")
    return apply_mapping(resolved, data, number_cells)


ROW = ["1", "Padaria Pão de Ouro", "J", "SAO PAULO / SP", "", "11 98765-4321", "Rua A", "10", "Ativo / Inativo"]


def test_column_name_matches_without_accents_and_case():
    result = mapped("fields:\n  company: RAZAO SOCIAL \n", frame(ROW))
    assert result.fields.loc[2, "company"] == "Padaria Pão de Ouro"


def test_first_non_empty_of_several_columns():
    result = mapped("fields:\n  company: Razão Social\n  phonenumber: [Telefone, Celular]\n", frame(ROW))
    assert result.fields.loc[2, "phonenumber"] == "11 98765-4321"


def test_join_with_separator():
    text = "fields:\n  company: Razão Social\n  address: {join: [Logradouro, Número], sep: ', '}\n"
    assert mapped(text, frame(ROW)).fields.loc[2, "address"] == "Rua A, 10"


def test_join_all_required_leaves_field_empty():
    text = "fields:\n  company: Razão Social\n  phonenumber: {join: [Telefone, Celular], all_required: true}\n"
    assert mapped(text, frame(ROW)).fields.loc[2, "phonenumber"] == ""


def test_constant_value():
    text = "fields:\n  company: Razão Social\n  state: {value: SP}\n"
    assert mapped(text, frame(ROW)).fields.loc[2, "state"] == "SP"


def test_pattern_keeps_first_group():
    text = "fields:\n  company: Razão Social\n  city: {column: CIDADE, pattern: '^(.*?) */ *[A-Z]{2}$'}\n"
    assert mapped(text, frame(ROW)).fields.loc[2, "city"] == "SAO PAULO"


def test_pattern_mismatch_is_row_error():
    text = "fields:\n  company: Razão Social\n  city: {column: CIDADE, pattern: '^(.*?) */ *[A-Z]{2}$'}\n"
    row = list(ROW)
    row[3] = "ASUNCION"
    result = mapped(text, frame(row))
    assert [issue.code for issue in result.issues[2]] == ["pattern_no_match"]


def test_values_translate_second_half_of_cell():
    text = (
        "fields:\n  company: Razão Social\n"
        "  active: {column: Situação, pattern: '/ *(\\w+)$', values: {Ativo: 1, Inativo: 0}}\n"
    )
    assert mapped(text, frame(ROW)).fields.loc[2, "active"] == "0"


def test_default_fills_empty_cell():
    text = "fields:\n  company: Razão Social\n  country: {column: Telefone, default: Brasil}\n"
    assert mapped(text, frame(ROW)).fields.loc[2, "country"] == "Brasil"


@pytest.mark.parametrize(
    ("rule", "cell", "skipped"),
    [
        ("{column: TIPO, not_in: [J, F]}", "X", True),
        ("{column: TIPO, not_in: [J, F]}", "J", False),
        ("{column: TIPO, in: [X]}", "x", True),
        ("{column: Razão Social, matches: '^Total'}", "Total geral", True),
        ("{column: COD., empty: true}", "", True),
        ("{column: COD., empty: true}", "7", False),
        ("{column: TIPO, equals: J}", "J", True),
    ],
)
def test_skip_rules(rule, cell, skipped):
    row = list(ROW)
    column = rule.split("column: ")[1].split(",")[0]
    row[HEADERS.index(column)] = cell
    result = mapped(f"skip_rows:\n  - {rule}\nfields:\n  company: Razão Social\n", frame(row))
    assert (2 in result.skipped) is skipped


def test_number_cell_flag_follows_vat_column():
    text = "fields:\n  company: Razão Social\n  vat: COD.\n"
    result = mapped(text, frame(ROW, ROW), {"COD.": {3}})
    assert result.from_number["vat"].tolist() == [False, True]


def test_missing_column_lists_closest():
    mapping = parse_mapping("fields:\n  company: Razao Socail\n")
    with pytest.raises(MappingError) as caught:
        resolve_columns(mapping, HEADERS, HEADERS, path="clientes.csv")
    assert caught.value.code == "column_not_found"
    assert "'Razão Social'" in caught.value.params["suggestions"]


def test_two_headers_with_same_name_are_ambiguous():
    headers = ["Nome", "NOME "]
    mapping = parse_mapping("fields:\n  company: nome\n")
    with pytest.raises(MappingError) as caught:
        resolve_columns(mapping, headers, ["Nome", "NOME (2)"], path="clientes.csv")
    assert caught.value.code == "column_ambiguous"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("fields:\n  company: A\n  foo: B\n", 3),
        ("fields:\n  company: A\n  vat: {column: B, format: bad}\n", 3),
        ("fields:\n  company: A\n  zip:\n    colum: CEP\n", 4),
        ("skip_rows:\n  - {column: A}\nfields:\n  company: A\n", 2),
        ("fields:\n  company: A\n  city: {column: B, pattern: '(['}\n", 3),
    ],
)
def test_mapping_error_names_line(text, line):
    with pytest.raises(MappingError) as caught:
        parse_mapping(text)
    assert caught.value.params["line"] == line


def test_company_must_be_mapped():
    with pytest.raises(MappingError) as caught:
        parse_mapping("fields:\n  vat: CNPJ\n")
    assert "company" in render(caught.value.code, **caught.value.params)


def test_yaml_syntax_error_is_mapping_error():
    with pytest.raises(MappingError) as caught:
        parse_mapping("fields: [\n")
    assert caught.value.code == "mapping_yaml_syntax"


def test_yaml_tags_cannot_build_objects():
    with pytest.raises(MappingError):
        parse_mapping("fields: !!python/object/apply:os.system ['true']\n")


def test_missing_mapping_file(tmp_path):
    with pytest.raises(MappingError) as caught:
        load_mapping(tmp_path / "nao-existe.yaml")
    assert caught.value.code == "mapping_not_found"


@pytest.mark.parametrize("path", sorted(MAPPINGS.glob("*.yaml")), ids=lambda path: path.name)
def test_shipped_mappings_load(path):
    assert "company" in load_mapping(path).fields


def test_repeated_key_is_mapping_error():
    with pytest.raises(MappingError) as caught:
        parse_mapping("fields:\n  company: Nome\n  company: Doc\n")
    assert caught.value.code == "mapping_duplicate_key"
    assert caught.value.params["line"] == 3


def test_pattern_without_group_is_rejected():
    with pytest.raises(MappingError) as caught:
        parse_mapping("fields:\n  company: {column: Nome, pattern: Empresa}\n")
    assert caught.value.params["location"] == "fields.company.pattern"
