"""Reading the first rows of a file as text, with the encoding, separator and sheet the reader would use."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from importer.errors import InputFileError
from importer.read import FORMATS
from importer.read.cells import cell_text

# Rows read for the suggestion: up to 50 title lines and the header, then the value sample.
SAMPLE_ROWS = 550


@dataclass
class RawSample:
    """The first rows of a file, every cell as text, and how they were read."""

    path: Path
    format: str  # "csv", "xlsx", "xlsm", "xls" or "ods"
    rows: list[list[str]]
    encoding: str | None = None  # CSV only: the codec the reader detected
    delimiter: str | None = None  # CSV only
    sheet: str | None = None  # workbooks only
    sheet_count: int = 1


def read_raw_sample(path: Path, max_rows: int = SAMPLE_ROWS) -> RawSample:
    """Return the first ``max_rows`` rows of ``path``; raise InputFileError as the reader does."""
    file_format = FORMATS.get(path.suffix.lower())
    if not path.is_file():
        raise InputFileError("file_not_found", path=str(path))
    if file_format is None:
        raise InputFileError(
            "unsupported_extension", path=str(path), extension=path.suffix, supported=", ".join(sorted(FORMATS))
        )
    if path.stat().st_size == 0:
        raise InputFileError("empty_file", path=str(path))
    if file_format == "csv":
        return _csv_sample(path, max_rows)
    return _workbook_sample(path, file_format, max_rows)


def _csv_sample(path: Path, max_rows: int) -> RawSample:
    from importer.read.detect import check_is_text, detect_delimiter, detect_encoding, read_sample

    check_is_text(path)
    encoding = detect_encoding(path)
    text, _complete = read_sample(path, encoding)
    delimiter = detect_delimiter(text)
    with path.open(encoding=encoding.name, errors=encoding.errors, newline="") as stream:
        reader = csv.reader(stream, delimiter=delimiter, strict=False)
        try:
            rows = [list(row) for row in islice(reader, max_rows)]
        except csv.Error as error:
            raise InputFileError("malformed_csv", path=str(path), line=reader.line_num, reason=str(error)) from None
    return RawSample(path=path, format="csv", rows=rows, encoding=encoding.name, delimiter=delimiter)


def _workbook_sample(path: Path, file_format: str, max_rows: int) -> RawSample:
    from importer.read.excel_reader import _open_workbook, choose_sheet

    workbook = _open_workbook(path)
    sheet_name = choose_sheet(workbook, None, path)
    sheet = workbook.get_sheet_by_name(sheet_name)
    rows = [[cell_text(value) for value in values] for values in islice(sheet.iter_rows(), max_rows)]
    return RawSample(
        path=path, format=file_format, rows=rows, sheet=sheet_name, sheet_count=len(workbook.sheet_names)
    )
