"""The --failed-rows file: invalid rows in the input's own format, ready to fix and import again."""

from __future__ import annotations

import csv
import random
import stat
from pathlib import Path

import openpyxl
import pytest

from importer.api import WonClient
from importer.cli import main
from importer.pipeline import iter_validated, prepare_import
from importer.read import (
    FAILED_ROWS_ERROR_HEADER_EN,
    FAILED_ROWS_ERROR_HEADER_PT,
    ReadOptions,
    SourceInfo,
    apostrophes,
    open_source,
    read_source,
)
from importer.report import cells as report_cells
from importer.report.failed_rows import write_failed_rows
from importer.report.model import RowResult
from importer.status import RowStatus
from importer.validate import format_cnpj, generate_cnpj

from conftest import MAPPINGS, SAMPLES

SAMPLE_CSV = SAMPLES / "clientes.csv"
SAMPLE_XLSX = SAMPLES / "clientes.xlsx"
MAPPING = MAPPINGS / "exemplo.yaml"


def invalid_rows(path: Path) -> int:
    """Return how many rows of ``path`` fail validation with the example mapping."""
    return sum(result.status is RowStatus.INVALID for result in iter_validated(prepare_import(path, MAPPING)))


def read_csv(path: Path, encoding: str = "cp1252", delimiter: str = ";") -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as stream:
        return list(csv.reader(stream, delimiter=delimiter))


def validate(*arguments: str) -> int:
    return main(["validate", *arguments, "-q"])


@pytest.fixture
def failed_csv(tmp_path) -> Path:
    path = tmp_path / "falhas.csv"
    assert validate(str(SAMPLE_CSV), "-m", str(MAPPING), "--failed-rows", str(path)) == 3
    return path


def test_csv_keeps_header_and_columns(failed_csv):
    header = read_csv(failed_csv)[0]
    assert header[:2] == ["Razão Social", "CNPJ/CPF"]
    assert header[-1] == FAILED_ROWS_ERROR_HEADER_PT


def test_csv_holds_only_invalid_rows(failed_csv):
    assert len(read_csv(failed_csv)) == 1 + invalid_rows(SAMPLE_CSV)


def test_csv_keeps_encoding_and_delimiter(failed_csv):
    raw = failed_csv.read_bytes()
    assert "Razão".encode("cp1252") in raw
    assert raw.count(b";") > 10


def test_csv_rows_carry_their_errors(failed_csv):
    rows = read_csv(failed_csv)
    assert all(row[-1] for row in rows[1:])


def test_file_is_private(failed_csv):
    assert stat.S_IMODE(failed_csv.stat().st_mode) == 0o600


def test_english_header_with_lang_en(tmp_path):
    path = tmp_path / "failed.csv"
    main(["--lang", "en", "validate", str(SAMPLE_CSV), "-m", str(MAPPING), "--failed-rows", str(path), "-q"])
    assert read_csv(path)[0][-1] == FAILED_ROWS_ERROR_HEADER_EN


def test_revalidating_keeps_the_same_rows(failed_csv, tmp_path):
    again = tmp_path / "again.csv"
    assert validate(str(failed_csv), "-m", str(MAPPING), "--failed-rows", str(again)) == 3
    assert read_csv(again)[1:] == read_csv(failed_csv)[1:]


def test_error_column_is_not_read_as_data(failed_csv, tmp_path):
    prepared = prepare_import(failed_csv, MAPPING)
    assert FAILED_ROWS_ERROR_HEADER_PT not in prepared.reader.headers


def test_xlsx_keeps_sheet_name(tmp_path):
    path = tmp_path / "falhas.xlsx"
    assert validate(str(SAMPLE_XLSX), "-m", str(MAPPING), "--failed-rows", str(path)) == 3
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Clientes"]


def test_xlsx_revalidates_with_same_mapping(tmp_path):
    path = tmp_path / "falhas.xlsx"
    validate(str(SAMPLE_XLSX), "-m", str(MAPPING), "--failed-rows", str(path))
    assert validate(str(path), "-m", str(MAPPING)) == 3


def test_xlsx_cells_are_text(tmp_path):
    path = tmp_path / "falhas.xlsx"
    validate(str(SAMPLE_XLSX), "-m", str(MAPPING), "--failed-rows", str(path))
    sheet = openpyxl.load_workbook(path).active
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value is not None)


def test_wrong_extension_is_usage_error(tmp_path):
    assert validate(str(SAMPLE_CSV), "-m", str(MAPPING), "--failed-rows", str(tmp_path / "falhas.json")) == 2


def test_csv_input_may_get_xlsx_failed_rows(tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "falhas.xlsx"
    validate(str(SAMPLE_CSV), "-m", str(MAPPING), "--failed-rows", str(target))
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert len(rows) == 4  # the header and the sample's three invalid rows


def test_failed_rows_over_input_is_refused(tmp_path):
    import shutil

    copy = tmp_path / "clientes.csv"
    shutil.copy(SAMPLE_CSV, copy)
    before = copy.read_bytes()
    assert validate(str(copy), "-m", str(MAPPING), "--failed-rows", str(copy)) == 2
    assert copy.read_bytes() == before


def test_duplicates_and_valid_rows_left_out(tmp_path):
    info = SourceInfo(path=tmp_path / "in.csv", format="csv", encoding="utf-8", delimiter=",", sheet=None, header_row=1)
    results = [
        RowResult(row=2, status=RowStatus.VALID, source=["a"]),
        RowResult(row=3, status=RowStatus.DUPLICATE, source=["b"]),
        RowResult(row=4, status=RowStatus.FAILED, source=["c"], detail="HTTP 500"),
        RowResult(row=5, status=RowStatus.NEEDS_REVIEW, source=["d"], detail="timeout"),
        RowResult(row=6, status=RowStatus.SKIPPED, source=["e"]),
    ]
    path = tmp_path / "out.csv"
    assert write_failed_rows(path, info, ["Nome"], results) == 2
    assert read_csv(path, "utf-8", ",") == [["Nome", FAILED_ROWS_ERROR_HEADER_PT], ["c", "HTTP 500"], ["d", "timeout"]]


def test_headerless_input_gets_no_error_column(tmp_path):
    info = SourceInfo(path=tmp_path / "in.csv", format="csv", encoding="cp1252", delimiter=";", sheet=None, header_row=None)
    path = tmp_path / "out.csv"
    write_failed_rows(path, info, ["a", "b"], [RowResult(row=1, status=RowStatus.INVALID, source=["x", "ç"])])
    assert read_csv(path) == [["x", "ç"]]


def test_utf8_bom_is_kept(tmp_path):
    info = SourceInfo(path=tmp_path / "in.csv", format="csv", encoding="utf-8-sig", delimiter=",", sheet=None, header_row=1)
    path = tmp_path / "out.csv"
    write_failed_rows(path, info, ["a"], [RowResult(row=2, status=RowStatus.INVALID, source=["x"])])
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_fixed_rows_import_into_sandbox(failed_csv, sandbox):
    # Fix the file as a user would: a valid CNPJ and a name on every row.
    rng = random.Random(7)
    rows = read_csv(failed_csv)
    for number, row in enumerate(rows[1:], start=1):
        row[1] = format_cnpj(generate_cnpj(rng))
        row[0] = row[0] or f"Empresa Corrigida {number}"
    with failed_csv.open("w", encoding="cp1252", newline="") as stream:
        csv.writer(stream, delimiter=";").writerows(rows)

    prepared = prepare_import(failed_csv, MAPPING)
    results = list(iter_validated(prepared))
    assert [result.status for result in results] == [RowStatus.VALID] * (len(rows) - 1)

    client = WonClient(sandbox.url, sandbox.options.token)
    for result in results:
        client.create_client(result.values)
    assert len(sandbox.stored_clients()) == len(rows) - 1


FORMULA_CELLS = ['=HYPERLINK("http://x","y")', "+55 11 3456-7890", "-abc", "@SUM(1)"]
# Texts that already start with apostrophes, and ones that only look close to a formula.
TRICKY_CELLS = ["'=1+1", "''-x", "'plain", "a=b", "\tTab", ""]
FORMULA_HEADERS = ["Nome", "Telefone", "Obs", "Soma"]


def write_formula_row(tmp_path: Path, name: str, cells: list[str], headers: list[str] = FORMULA_HEADERS) -> Path:
    file_format = "csv" if name.endswith(".csv") else "xlsx"
    info = SourceInfo(
        path=tmp_path / f"in.{file_format}",
        format=file_format,
        encoding="utf-8" if file_format == "csv" else None,
        delimiter=";" if file_format == "csv" else None,
        sheet=None if file_format == "csv" else "Clientes",
        header_row=1,
    )
    path = tmp_path / name
    write_failed_rows(path, info, headers, [RowResult(row=2, status=RowStatus.INVALID, source=cells)])
    return path


def read_back(path: Path) -> list[str]:
    return read_source(path).frame.iloc[0].tolist()


def test_csv_formula_cells_get_apostrophe(tmp_path):
    path = write_formula_row(tmp_path, "falhas.csv", FORMULA_CELLS)
    row = read_csv(path, "utf-8", ";")[1]
    assert row[:4] == ["'" + cell for cell in FORMULA_CELLS]


def test_csv_formula_cells_read_back_unchanged(tmp_path):
    path = write_formula_row(tmp_path, "falhas.csv", FORMULA_CELLS)
    assert read_back(path) == FORMULA_CELLS


def test_csv_apostrophe_cells_read_back_unchanged(tmp_path):
    headers = [f"c{number}" for number in range(len(TRICKY_CELLS))]
    path = write_formula_row(tmp_path, "falhas.csv", TRICKY_CELLS, headers)
    assert read_back(path) == TRICKY_CELLS


def test_csv_formula_header_read_back_unchanged(tmp_path):
    path = write_formula_row(tmp_path, "falhas.csv", ["Ana"], ["-Nome"])
    assert read_csv(path, "utf-8", ";")[0][0] == "'-Nome"
    assert open_source(path, ReadOptions(expected_columns=("-Nome",))).headers == ["-Nome"]


def test_apostrophe_kept_outside_failed_rows_files(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("Nome;Obs\n'=1+1;'-x\n", encoding="utf-8")
    assert read_back(path) == ["'=1+1", "'-x"]


def test_xlsx_formula_cells_are_strings(tmp_path):
    path = write_formula_row(tmp_path, "falhas.xlsx", FORMULA_CELLS)
    sheet = openpyxl.load_workbook(path).active
    cells = next(sheet.iter_rows(min_row=2, max_row=2, max_col=4))
    assert [cell.value for cell in cells] == FORMULA_CELLS
    assert [cell.data_type for cell in cells] == ["s"] * 4


def test_xlsx_formula_cells_read_back_unchanged(tmp_path):
    path = write_formula_row(tmp_path, "falhas.xlsx", FORMULA_CELLS)
    assert read_back(path) == FORMULA_CELLS


def test_xlsx_apostrophe_cells_read_back_unchanged(tmp_path):
    headers = [f"c{number}" for number in range(len(TRICKY_CELLS))]
    path = write_formula_row(tmp_path, "falhas.xlsx", TRICKY_CELLS, headers)
    assert read_back(path) == TRICKY_CELLS


def test_reader_and_report_share_formula_prefixes():
    assert apostrophes.FORMULA_PREFIXES == report_cells.FORMULA_PREFIXES
