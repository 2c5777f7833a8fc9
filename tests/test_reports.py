"""The report writers, read back with openpyxl, csv and json."""

from __future__ import annotations

import csv
import json
import stat
from datetime import datetime, timezone
from pathlib import Path

import openpyxl
import pytest

from importer.i18n import set_language
from importer.issues import Issue
from importer.report import open_report
from importer.report.model import RowResult, RunSummary
from importer.report.xlsx import STATUS_FILLS
from importer.status import RowStatus

HEADERS = ["Razão Social", "CNPJ"]
FORMULAS = ["=SUM(A1)", "+55 11", "-1", "@cmd", "\tx", "\rx"]


def summary() -> RunSummary:
    started = datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)
    return RunSummary(
        input_path=Path("in.csv"), mapping_path=Path("m.yaml"), mode="validate", started_at=started, finished_at=started
    )


def results() -> list[RowResult]:
    return [
        RowResult(row=2, status=RowStatus.VALID, source=["Padaria", "11.222.333/0001-81"]),
        RowResult(
            row=3,
            status=RowStatus.INVALID,
            source=["Mercado", "123"],
            issues=[Issue(code="cpf_cnpj_length", field="vat", column="CNPJ", value="123")],
        ),
        RowResult(row=4, status=RowStatus.DUPLICATE, source=["Padaria", "11.222.333/0001-81"], detail="repete a linha 2"),
    ]


def write(path: Path, rows: list[RowResult]) -> Path:
    writer = open_report(path, HEADERS)
    run = summary()
    for result in rows:
        writer.write(result)
        run.add(result)
    writer.close(run)
    return path


def formula_rows() -> list[RowResult]:
    return [RowResult(row=index + 2, status=RowStatus.VALID, source=[text, ""]) for index, text in enumerate(FORMULAS)]


@pytest.fixture
def csv_report(tmp_path) -> Path:
    return write(tmp_path / "relatorio.csv", results())


@pytest.fixture
def xlsx_report(tmp_path) -> Path:
    return write(tmp_path / "relatorio.xlsx", results())


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream, delimiter=";"))


def test_csv_starts_with_bom(csv_report):
    assert csv_report.read_bytes().startswith(b"\xef\xbb\xbf")


def test_csv_uses_semicolon(csv_report):
    first_line = csv_report.read_text(encoding="utf-8-sig").splitlines()[0]
    assert first_line.startswith("Razão Social;CNPJ;")


def test_csv_has_one_line_per_row(csv_report):
    assert len(read_csv(csv_report)) == 1 + len(results())


def test_csv_status_translated(csv_report):
    assert read_csv(csv_report)[2][3] == "inválida"


def test_csv_comma_delimiter_option(tmp_path):
    path = tmp_path / "r.csv"
    writer = open_report(path, HEADERS, csv_delimiter=",")
    writer.close(summary())
    assert path.read_text(encoding="utf-8-sig").startswith("Razão Social,CNPJ,")


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_neutralises_formula(tmp_path, text):
    path = write(tmp_path / "r.csv", [RowResult(row=2, status=RowStatus.VALID, source=[text, ""])])
    assert read_csv(path)[1][0] == "'" + text


def test_csv_is_private(csv_report):
    assert stat.S_IMODE(csv_report.stat().st_mode) == 0o600


def test_csv_existing_file_made_private(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o644)
    write(path, results())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_xlsx_sheets_rows_and_summary(xlsx_report):
    assert openpyxl.load_workbook(xlsx_report).sheetnames == ["Linhas", "Resumo"]


def test_xlsx_english_summary_sheet(tmp_path):
    set_language("en")
    path = write(tmp_path / "r.xlsx", results())
    assert openpyxl.load_workbook(path).sheetnames == ["Rows", "Summary"]


def test_xlsx_header_frozen(xlsx_report):
    assert openpyxl.load_workbook(xlsx_report)["Linhas"].freeze_panes == "A2"


def test_xlsx_autofilter_covers_rows(xlsx_report):
    sheet = openpyxl.load_workbook(xlsx_report)["Linhas"]
    assert sheet.auto_filter.ref == "A1:H4"


def test_xlsx_header_bold(xlsx_report):
    sheet = openpyxl.load_workbook(xlsx_report)["Linhas"]
    assert sheet["A1"].font.b is True


@pytest.mark.parametrize(("row", "status"), [(2, RowStatus.VALID), (3, RowStatus.INVALID), (4, RowStatus.DUPLICATE)])
def test_xlsx_status_colour(xlsx_report, row, status):
    sheet = openpyxl.load_workbook(xlsx_report)["Linhas"]
    assert sheet.cell(row=row, column=4).fill.fgColor.rgb.endswith(STATUS_FILLS[status])


def test_xlsx_source_cells_not_coloured(xlsx_report):
    sheet = openpyxl.load_workbook(xlsx_report)["Linhas"]
    assert sheet.cell(row=3, column=1).fill.fill_type is None


def test_xlsx_errors_column_has_message(xlsx_report):
    sheet = openpyxl.load_workbook(xlsx_report)["Linhas"]
    assert "123" in sheet.cell(row=3, column=6).value


def test_xlsx_formulas_stay_text(tmp_path):
    path = write(tmp_path / "r.xlsx", formula_rows())
    sheet = openpyxl.load_workbook(path)["Linhas"]
    cells = [sheet.cell(row=index + 2, column=1) for index in range(len(FORMULAS))]
    # An XML parser reads a bare CR in cell text as LF, so "\rx" comes back as "\nx".
    assert [cell.value for cell in cells] == [text.replace("\r", "\n") for text in FORMULAS]
    assert {cell.data_type for cell in cells} == {"s"}


def test_xlsx_summary_counts(xlsx_report):
    sheet = openpyxl.load_workbook(xlsx_report)["Resumo"]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    assert values["Total de linhas"] == 3
    assert values["inválida"] == 1


def test_xlsx_is_private(xlsx_report):
    assert stat.S_IMODE(xlsx_report.stat().st_mode) == 0o600


def test_json_summary_and_rows(tmp_path):
    path = write(tmp_path / "r.json", results())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["summary"]["total"] == 3
    assert data["summary"]["invalid"] == 1
    assert [row["status"] for row in data["rows"]] == ["valid", "invalid", "duplicate"]


def test_json_keeps_error_code(tmp_path):
    path = write(tmp_path / "r.json", results())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["rows"][1]["errors"][0]["code"] == "cpf_cnpj_length"


def test_json_is_private(tmp_path):
    path = write(tmp_path / "r.json", results())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_json_without_rows_is_valid(tmp_path):
    path = write(tmp_path / "r.json", [])
    assert json.loads(path.read_text(encoding="utf-8"))["rows"] == []


def test_xlsx_row_and_client_id_are_numbers(tmp_path):
    from datetime import datetime

    from openpyxl import load_workbook

    from importer.report import RowResult, RunSummary, open_report
    from importer.status import RowStatus

    path = tmp_path / "r.xlsx"
    writer = open_report(path, ["Nome"])
    writer.write(RowResult(row=7, status=RowStatus.CREATED, client_id=42, source=["Acme"]))
    summary = RunSummary(input_path=tmp_path / "in.csv", mapping_path=tmp_path / "m.yaml", mode="run",
                         started_at=datetime.now().astimezone())
    summary.finished_at = summary.started_at
    writer.close(summary)
    rows = list(load_workbook(path).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert rows[0][1] == 7
    assert rows[0][3] == 42
