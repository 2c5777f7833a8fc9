"""The pipeline on real files: which reader issues make a row invalid."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from importer.errors import MappingError
from importer.issues import Issue
from importer.pipeline import drop_unmapped_cell_issues, iter_validated, prepare_import
from importer.status import RowStatus

MAPPING = """\
skip_rows:
  - {column: Situação, equals: Excluído}
fields:
  company: Nome
  vat: CNPJ
"""


@pytest.fixture
def results(tmp_path: Path) -> dict[int, object]:
    """Validate a workbook whose formulas, as openpyxl writes them, have no stored result."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Clientes"
    sheet.append(["Nome", "CNPJ", "Situação", "Total", "Conferência"])
    # Row 2: formulas only in columns the mapping does not read.
    sheet.append(["Ana Ltda", "11.222.333/0001-81", "Ativo", "=1+1", "#N/A"])
    # Row 3: a formula in a mapped field column.
    sheet.append(["=B3", "11.222.333/0001-81", "Ativo", None, None])
    # Row 4: an error value in the column of a skip rule.
    sheet.append(["Bia Ltda", "11.444.777/0001-61", "#REF!", None, None])
    path = tmp_path / "clientes.xlsx"
    workbook.save(path)
    mapping = tmp_path / "mapa.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return {result.row: result for result in iter_validated(prepare_import(path, mapping))}


def test_unmapped_formulas_leave_row_valid(results):
    assert results[2].status is RowStatus.VALID


def test_unmapped_formulas_leave_no_issue(results):
    assert results[2].issues == []


def test_mapped_formula_makes_row_invalid(results):
    assert results[3].status is RowStatus.INVALID
    assert "formula_without_value" in [issue.code for issue in results[3].errors]


def test_skip_rule_column_error_counts(results):
    assert results[4].status is RowStatus.INVALID
    assert [issue.code for issue in results[4].errors] == ["formula_error"]


def test_other_reader_issues_kept_anywhere():
    too_wide = Issue(code="too_many_fields", params={"expected": 2, "found": 3})
    formula = Issue(code="formula_error", column="Total", value="#N/A", params={"cell": "D2"})
    kept = drop_unmapped_cell_issues({2: [too_wide, formula], 3: [formula]}, {"Nome"})
    assert kept == {2: [too_wide]}


def test_columns_count_mismatch_stops_before_rows(tmp_path):
    path = tmp_path / "sem_cabecalho.csv"
    path.write_text("11222333000181;Ana Ltda;SP\n", encoding="utf-8")
    mapping = tmp_path / "mapa.yaml"
    mapping.write_text("columns: [cnpj, nome]\nfields:\n  company: nome\n  vat: cnpj\n", encoding="utf-8")
    with pytest.raises(MappingError) as caught:
        prepare_import(path, mapping)
    assert caught.value.code == "columns_count_mismatch"


@pytest.fixture
def nul_results(tmp_path: Path) -> dict[int, object]:
    """Validate a CSV file with a stray NUL in a mapped column and in an unmapped one."""
    path = tmp_path / "clientes.csv"
    path.write_bytes(
        b"Nome;CNPJ;Obs\n"
        + b"Ana Ltda;11.222.333/0001-81\x00;ok\n"
        + b"Bia Ltda;11.444.777/0001-61;o\x00k\n"
    )
    mapping = tmp_path / "mapa.yaml"
    mapping.write_text("fields:\n  company: Nome\n  vat: CNPJ\n", encoding="utf-8")
    return {result.row: result for result in iter_validated(prepare_import(path, mapping))}


def test_nul_in_mapped_column_warns(nul_results):
    assert nul_results[2].status is RowStatus.VALID
    assert [issue.code for issue in nul_results[2].warnings] == ["nul_removed"]
    assert nul_results[2].values["vat"] == "11222333000181"


def test_nul_in_unmapped_column_is_silent(nul_results):
    assert nul_results[3].status is RowStatus.VALID
    assert nul_results[3].issues == []
