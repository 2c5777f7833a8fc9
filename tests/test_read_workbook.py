"""Read stage on XLSX fixtures: number and date cells, sheets, formulas and error values.

The fixtures come from tests/fixtures/make_workbooks.py; what python-calamine
returns for each cell was checked against them.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from importer.errors import InputFileError, MappingError
from importer.read import ReadOptions, open_source, read_source

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CELLS = FIXTURES / "cells.xlsx"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="module")
def cells():
    return read_source(CELLS)


def test_first_visible_sheet_by_default():
    assert open_source(CELLS).info.sheet == "Dados"


def test_sheet_by_name():
    assert open_source(CELLS, ReadOptions(sheet="dados")).info.sheet == "Dados"


def test_sheet_by_index_counts_hidden():
    assert open_source(CELLS, ReadOptions(sheet=1)).info.sheet == "Dados"
    assert open_source(CELLS, ReadOptions(sheet=0)).info.sheet == "Ajuda"


@pytest.mark.parametrize("sheet", ["Clientes", 5])
def test_sheet_not_found_lists_sheets(sheet):
    with pytest.raises(InputFileError) as caught:
        open_source(CELLS, ReadOptions(sheet=sheet))
    assert caught.value.code == "sheet_not_found"
    assert caught.value.params["sheets"] == "Ajuda, Dados"


def test_big_number_cell_as_digits(cells):
    assert cells.frame.loc[2, "CNPJ"] == "12345678000195"


def test_cpf_number_lost_zero(cells):
    assert cells.frame.loc[2, "CPF"] == "1234567890"
    assert 2 in cells.number_cells["CPF"]


def test_text_cell_keeps_zero(cells):
    assert cells.frame.loc[3, "CPF"] == "01234567890"
    assert 3 not in cells.number_cells["CPF"]


@pytest.mark.parametrize(
    ("row", "column", "text"),
    [
        (2, "Nascimento", "1990-05-17"),
        (2, "Cadastro", "2024-01-31 13:05:00"),
        (2, "Ativo", "TRUE"),
        (3, "Ativo", "FALSE"),
        (2, "Valor", "1234.5"),
        (3, "Valor", "0.1"),
        (5, "Valor", "3"),
    ],
)
def test_cell_text(cells, row, column, text):
    assert cells.frame.loc[row, column] == text


def test_dates_not_number_cells(cells):
    assert "Nascimento" not in cells.number_cells


def test_blank_row_skipped_numbering_kept(cells):
    assert list(cells.frame.index) == [2, 3, 5]


def test_formula_cached_value(cells):
    assert cells.frame.loc[3, "Calculado"] == "12345678000196"
    assert 3 not in cells.cell_issues


def test_formula_error_value(cells):
    issue = cells.cell_issues[2][0]
    assert issue.code == "formula_error"
    assert issue.value == "#DIV/0!"
    assert issue.column == "Calculado"
    assert issue.params == {"cell": "H2"}


def test_formula_without_value(cells):
    codes = {issue.code: issue for issue in cells.cell_issues[5]}
    assert codes["formula_without_value"].value == "G2*2"
    assert cells.frame.loc[5, "Calculado"] == ""


def test_typed_error_value(cells):
    codes = {issue.code: issue for issue in cells.cell_issues[5]}
    assert codes["formula_error"].value == "#N/A"
    assert codes["formula_error"].column == "Column I"


def test_data_below_title_offset():
    reader = open_source(FIXTURES / "offset.xlsx", ReadOptions(expected_columns=("Nome",)))
    chunk = read_source(FIXTURES / "offset.xlsx", ReadOptions(expected_columns=("Nome",)))
    assert reader.info.header_row == 3
    assert reader.labels == ["Column A", "Column B", "Nome", "UF"]
    assert chunk.frame.loc[4, "Nome"] == "Ana"


def test_workbook_chunks():
    reader = open_source(CELLS, ReadOptions(chunk_size=1))
    sizes = [len(chunk.frame) for chunk in reader.chunks()]
    assert sizes == [1, 1, 1]
    assert reader.rows_read == 3


def test_damaged_workbook(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(InputFileError) as caught:
        open_source(path)
    assert caught.value.code == "unreadable_workbook"


def test_sample_xlsx_matches_csv():
    csv_chunk = read_source(SAMPLES / "clientes.csv")
    xlsx_chunk = read_source(SAMPLES / "clientes.xlsx")
    assert list(xlsx_chunk.frame.index) == list(csv_chunk.frame.index)
    assert list(xlsx_chunk.frame["Razão Social"]) == list(csv_chunk.frame["Razão Social"])


def test_sample_xlsx_cep_number():
    chunk = read_source(SAMPLES / "clientes.xlsx")
    assert chunk.frame.loc[23, "CEP"] == "9080500"
    assert chunk.number_cells["CEP"] == {23}


@pytest.fixture
def headerless_xlsx(tmp_path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([11222333000181, "Ana Ltda", "SP"])
    sheet.append([11444777000161, "Bia Ltda", "RJ"])
    path = tmp_path / "sem_cabecalho.xlsx"
    workbook.save(path)
    return path


@pytest.mark.parametrize("names", [("cnpj", "nome"), ("cnpj", "nome", "uf", "cidade")])
def test_columns_count_mismatch(headerless_xlsx, names):
    with pytest.raises(MappingError) as caught:
        open_source(headerless_xlsx, ReadOptions(columns=names))
    assert caught.value.code == "columns_count_mismatch"
    assert caught.value.params["actual"] == 3


def test_columns_count_matches_keeps_first_row(headerless_xlsx):
    chunk = read_source(headerless_xlsx, ReadOptions(columns=("cnpj", "nome", "uf")))
    assert list(chunk.frame.index) == [1, 2]
    assert chunk.frame.loc[1, "cnpj"] == "11222333000181"
