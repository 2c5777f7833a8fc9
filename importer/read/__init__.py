"""Read stage: CSV and workbook files into pandas frames where every cell is text.

Every cell stays text so that nothing is lost before validation: CNPJ, CPF,
CEP and phone numbers keep their leading zeros, and a number cell becomes the
digits a person would type, never "1.23457E+13".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from importer.errors import InputFileError
from importer.i18n import _, ngettext
from importer.read import messages
from importer.read.csv_reader import CsvReader
from importer.read.excel_reader import WorkbookReader
from importer.read.header import (
    FAILED_ROWS_ERROR_HEADER_EN,
    FAILED_ROWS_ERROR_HEADER_PT,
    FAILED_ROWS_ERROR_HEADERS,
)
from importer.read.model import ReadOptions, SourceChunk, SourceInfo, SourceReader

__all__ = [
    "FAILED_ROWS_ERROR_HEADERS",
    "FAILED_ROWS_ERROR_HEADER_EN",
    "FAILED_ROWS_ERROR_HEADER_PT",
    "ReadOptions",
    "SourceChunk",
    "SourceInfo",
    "SourceReader",
    "describe",
    "open_source",
    "read_source",
]

# File extension -> SourceInfo.format; .txt and .tsv are read as delimited text.
FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsm",
    ".xls": "xls",
    ".ods": "ods",
}


def open_source(path: str | Path, options: ReadOptions = ReadOptions()) -> SourceReader:
    """Open ``path``, detect its settings and find its header; rows are read by ``chunks()``.

    Raises ``InputFileError`` when the file is missing, empty, of an
    unsupported type, undecodable, or has no such sheet or header row.
    """
    path = Path(path)
    file_format = FORMATS.get(path.suffix.lower())
    if not path.is_file():
        raise InputFileError("file_not_found", path=str(path))
    if file_format is None:
        raise InputFileError(
            "unsupported_extension",
            path=str(path),
            extension=path.suffix,
            supported=", ".join(sorted(FORMATS)),
        )
    if path.stat().st_size == 0:
        raise InputFileError("empty_file", path=str(path))
    if file_format == "csv":
        return CsvReader(path, options)
    return WorkbookReader(path, file_format, options)


def read_source(path: str | Path, options: ReadOptions = ReadOptions()) -> SourceChunk:
    """Read the whole file into one chunk; meant for small files and tests."""
    reader = open_source(path, options)
    frames: list[pd.DataFrame] = []
    merged = SourceChunk(frame=pd.DataFrame(columns=reader.labels, dtype=str))
    for chunk in reader.chunks():
        frames.append(chunk.frame)
        merged.cell_issues.update(chunk.cell_issues)
        for label, rows in chunk.number_cells.items():
            merged.number_cells.setdefault(label, set()).update(rows)
    if frames:
        merged.frame = pd.concat(frames)
    merged.frame.index.name = "row"
    return merged


def describe(info: SourceInfo, rows: int) -> str:
    """Return one translated line saying how the file was read."""
    details = [info.format.upper()]
    if info.encoding:
        details.append(_(messages.DESCRIBE_ENCODING).format(encoding=info.encoding))
    if info.delimiter:
        shown = _(messages.DESCRIBE_TAB) if info.delimiter == "\t" else f"'{info.delimiter}'"
        details.append(_(messages.DESCRIBE_DELIMITER).format(delimiter=shown))
    if info.sheet:
        details.append(_(messages.DESCRIBE_SHEET).format(sheet=info.sheet))
    if info.header_row is None:
        details.append(_(messages.DESCRIBE_NO_HEADER))
    else:
        details.append(_(messages.DESCRIBE_HEADER_ROW).format(row=info.header_row))
    details.append(
        ngettext(messages.DESCRIBE_ROWS_SINGULAR, messages.DESCRIBE_ROWS_PLURAL, rows).format(
            count=rows
        )
    )
    return _(messages.DESCRIBE_LINE).format(details=", ".join(details))
