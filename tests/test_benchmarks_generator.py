"""The benchmark file generator, checked with the real ``perfex-import validate``."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from importer.cli import main

REPO_ROOT = Path(__file__).resolve().parents[1]
MAPPING = REPO_ROOT / "mappings" / "exemplo.yaml"
ROWS = 500

# benchmarks/ is a folder of scripts, not a package, so the module is loaded from its file.
_spec = importlib.util.spec_from_file_location("benchmarks_generate", REPO_ROOT / "benchmarks" / "generate.py")
generate = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = generate  # dataclasses look the module up while the class is built
_spec.loader.exec_module(generate)

# Error codes that validation reports for each defect the generator writes.
DEFECT_CODES = {
    "check_digits": {"cpf_check_digits", "cnpj_check_digits"},
    "short_cpf": {"cpf_cnpj_length"},
    "missing_company": {"company_required"},
    "bad_uf": {"uf_invalid"},
    "bad_cep": {"cep_invalid"},
}


def validate_report(path: Path, tmp_path: Path) -> dict:
    report = tmp_path / f"{path.stem}-report.json"
    main(["validate", str(path), "-m", str(MAPPING), "-q", "-r", str(report)])
    return json.loads(report.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=generate.FORMATS)
def generated(request, tmp_path_factory) -> tuple[generate.GeneratedFile, dict]:
    folder = tmp_path_factory.mktemp(request.param)
    result = generate.generate(folder / f"clientes.{request.param}", ROWS, request.param)
    return result, validate_report(result.path, folder)


def test_generated_invalid_share_is_two_percent(generated):
    result, _ = generated
    assert result.invalid_rows == ROWS // 50


def test_validate_counts_requested_rows(generated):
    _, report = generated
    assert report["summary"]["total"] == ROWS


def test_validate_finds_every_defect(generated):
    result, report = generated
    assert report["summary"]["invalid"] == result.invalid_rows


def test_validate_finds_no_duplicate(generated):
    _, report = generated
    assert report["summary"]["duplicate"] == 0


def test_valid_rows_have_no_warning(generated):
    _, report = generated
    warned = [row["row"] for row in report["rows"] if row["status"] == "valid" and row["warnings"]]
    assert warned == []


@pytest.mark.parametrize("defect", generate.DEFECTS)
def test_defect_gets_its_error_code(generated, defect):
    result, report = generated
    codes = Counter(
        error["code"]
        for row in report["rows"]
        for error in row["errors"]
        if error["code"] in DEFECT_CODES[defect]
    )
    assert sum(codes.values()) == result.defects[defect]


def test_csv_header_matches_sample(tmp_path):
    path = generate.generate(tmp_path / "clientes.csv", 10, "csv").path
    sample_header = (REPO_ROOT / "samples" / "clientes.csv").read_bytes().split(b"\r\n")[0]
    assert path.read_bytes().split(b"\r\n")[0] == sample_header


def test_csv_row_count(tmp_path):
    path = generate.generate(tmp_path / "clientes.csv", 123, "csv").path
    with path.open(encoding="cp1252", newline="") as handle:
        lines = list(csv.reader(handle, delimiter=";"))
    assert len(lines) == 124


def test_csv_same_seed_same_bytes(tmp_path):
    first = generate.generate(tmp_path / "first.csv", 200, "csv", seed=7).path
    second = generate.generate(tmp_path / "second.csv", 200, "csv", seed=7).path
    assert first.read_bytes() == second.read_bytes()


def test_csv_other_seed_other_rows(tmp_path):
    first = generate.generate(tmp_path / "first.csv", 200, "csv", seed=7).path
    second = generate.generate(tmp_path / "second.csv", 200, "csv", seed=8).path
    assert first.read_bytes() != second.read_bytes()


def test_xlsx_row_count(tmp_path):
    path = generate.generate(tmp_path / "clientes.xlsx", 123, "xlsx").path
    workbook = openpyxl.load_workbook(path, read_only=True)
    # A write-only workbook stores no dimension, so max_row is None and the rows are counted.
    rows = sum(1 for _ in workbook["Clientes"].iter_rows(values_only=True))
    assert rows == 124


def test_xlsx_documents_are_text(tmp_path):
    path = generate.generate(tmp_path / "clientes.xlsx", 50, "xlsx").path
    workbook = openpyxl.load_workbook(path, read_only=True)
    documents = [row[1] for row in workbook["Clientes"].iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(document, str) for document in documents)


def test_cached_file_is_reused(tmp_path):
    first = generate.cached_file(20, "csv", data_dir=tmp_path)
    modified = first.stat().st_mtime_ns
    second = generate.cached_file(20, "csv", data_dir=tmp_path)
    assert second.stat().st_mtime_ns == modified


def test_cached_file_name_has_size_and_seed(tmp_path):
    path = generate.cached_file(20, "xlsx", seed=3, data_dir=tmp_path)
    assert path.name == "clientes-20-seed3.xlsx"


def test_unknown_format_is_rejected(tmp_path):
    with pytest.raises(ValueError, match="unknown format"):
        generate.generate(tmp_path / "clientes.ods", 10, "ods")
