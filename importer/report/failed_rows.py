"""The ``--failed-rows`` file: the rows to fix, in the input's own format, ready to import again.

The file keeps the input's columns in order plus one error column (see
``importer.read.FAILED_ROWS_ERROR_HEADERS``), which the reader drops when
the file is read back. So a user fixes the cells in place and runs the same
command with the same mapping on this file. Title lines above the original
header are not reproduced, so the header is row 1.

The file is meant to be opened in a spreadsheet program, so no cell may run
as a formula there. A CSV cell that starts with a formula character gets a
leading apostrophe (see ``importer.read.apostrophes``), which the reader
removes again because the error column marks the file. XLSX cells are
string cells, which are never evaluated, so they need no apostrophe.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable
from pathlib import Path

from importer.errors import InputFileError
from importer.i18n import current_language
from importer.read import (
    FAILED_ROWS_ERROR_HEADER_EN,
    FAILED_ROWS_ERROR_HEADER_PT,
    SourceInfo,
)
from importer.read.apostrophes import add_apostrophe
from importer.report.columns import describe_issue
from importer.report.model import RowResult
from importer.report.writers import open_private
from importer.status import RowStatus

# Rows the user can fix in the spreadsheet. A duplicate is fixed by deleting
# it, so it has no place in a file meant to be imported again.
FAILED_ROW_STATUSES = frozenset({RowStatus.INVALID, RowStatus.FAILED, RowStatus.NEEDS_REVIEW})
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
WORKBOOK_SUFFIXES = (".xlsx",)
_ENCODE_ERROR_HANDLER = "perfex-import-failed-rows"


def _encode_c1_or_replace(error: UnicodeError) -> tuple[bytes, int]:
    """Write a C1 control character as its own byte, anything else unencodable as "?".

    The cp1252 reader decodes the five bytes cp1252 leaves undefined as these
    characters, so writing them back as bytes restores the original file's bytes.
    """
    if not isinstance(error, UnicodeEncodeError):
        raise error
    character = error.object[error.start]
    if 0x80 <= ord(character) <= 0x9F:
        return bytes([ord(character)]), error.start + 1
    return b"?", error.start + 1


codecs.register_error(_ENCODE_ERROR_HANDLER, _encode_c1_or_replace)


def error_column_header() -> str:
    """Return the error column header in the interface language; the reader drops both spellings."""
    return FAILED_ROWS_ERROR_HEADER_EN if current_language() == "en" else FAILED_ROWS_ERROR_HEADER_PT


def is_failed(result: RowResult) -> bool:
    """Return whether ``result`` belongs in the failed-rows file."""
    return result.status in FAILED_ROW_STATUSES


def error_text(result: RowResult) -> str:
    """Return the row's errors as one cell; a row in doubt without errors shows its detail."""
    text = " | ".join(describe_issue(issue) for issue in result.errors)
    return text or (result.detail or "")


class FailedRowsWriter:
    """Write failed rows one by one as the pipeline yields them; ``close()`` finishes the file.

    A file without a header row (the mapping names its ``columns:``) gets
    neither a header nor the error column, because the reader would take the
    extra field for data: the errors of such rows are in the report only.

    NOTE: without the error column nothing marks a headerless CSV file as a
    failed-rows file, so its apostrophes stay in the cells when it is imported
    again ("'+55 11 3456-7890"). They are still written, so that no cell runs
    as a formula when the file is opened.
    """

    def __init__(self, path: str | Path, input_format: SourceInfo, headers: list[str]) -> None:
        self.path = Path(path)
        self.rows_written = 0
        self._width = len(headers)
        self._with_header = input_format.header_row is not None
        _check_suffix(self.path, input_format.format == "csv")
        # A CSV input may get its rows back as CSV (same encoding and separator) or as XLSX.
        self._is_csv = self.path.suffix.lower() in CSV_SUFFIXES
        header = list(headers) + [error_column_header()] if self._with_header else None
        if self._is_csv:
            self._sink = _CsvSink(self.path, input_format, header)
        else:
            self._sink = _XlsxSink(self.path, header, input_format.sheet)

    def write(self, result: RowResult) -> None:
        """Write ``result`` when its status is one the user must fix; ignore it otherwise."""
        if not is_failed(result):
            return
        cells = list(result.source or [])[: self._width]
        cells += [""] * (self._width - len(cells))
        if self._with_header:
            cells.append(error_text(result))
        self._sink.write(cells)
        self.rows_written += 1

    def close(self) -> None:
        self._sink.close()


def write_failed_rows(
    path: str | Path, input_format: SourceInfo, headers: list[str], results: Iterable[RowResult]
) -> int:
    """Write the invalid, failed and in-doubt rows of ``results`` to ``path``; return how many.

    ``input_format`` is the reader's ``SourceInfo``: a CSV input gives a CSV
    file with the same encoding and separator, any workbook gives an XLSX
    file. ``headers`` are the reader's headers, in column order. The file is
    created with mode 0600, because it contains CPF/CNPJ and phones.
    """
    writer = FailedRowsWriter(path, input_format, headers)
    try:
        for result in results:
            writer.write(result)
    finally:
        writer.close()
    return writer.rows_written


def _check_suffix(path: Path, is_csv: bool) -> None:
    """Reject a file name whose extension would make the reader take it for another format."""
    expected = CSV_SUFFIXES + WORKBOOK_SUFFIXES if is_csv else WORKBOOK_SUFFIXES
    if path.suffix.lower() not in expected:
        raise InputFileError(
            "failed_rows_extension", path=str(path), extensions=", ".join(expected)
        )


class _CsvSink:
    """CSV with the input's encoding and separator, and an apostrophe before formula-like cells."""

    def __init__(self, path: Path, info: SourceInfo, header: list[str] | None) -> None:
        # A UTF-8 input with a byte order mark keeps it; "utf-16" writes its own.
        encoding = info.encoding or "utf-8"
        self._file = open_private(path, "w", encoding=encoding, errors=_ENCODE_ERROR_HANDLER, newline="")
        self._writer = csv.writer(self._file, delimiter=info.delimiter or ",")
        if header is not None:
            self.write(header)

    def write(self, cells: list[str]) -> None:
        self._writer.writerow([add_apostrophe(cell) for cell in cells])

    def close(self) -> None:
        self._file.close()


class _XlsxSink:
    """XLSX in openpyxl's write-only mode; every cell is a string, so nothing is run as a formula.

    The sheet keeps the input's sheet name, because the mapping may select it by name.
    """

    def __init__(self, path: Path, header: list[str] | None, sheet: str | None) -> None:
        from openpyxl import Workbook

        self._path = path
        self._workbook = Workbook(write_only=True)
        self._sheet = self._workbook.create_sheet(sheet)
        if header is not None:
            self._sheet.append(self._cells(header))

    def _cells(self, texts: list[str]) -> list:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for text in texts:
            # Only a text that starts with an apostrophe gets one more, because the reader
            # removes one from any formula-like cell of a failed-rows file.
            if text.startswith("'"):
                text = add_apostrophe(text)
            cell = WriteOnlyCell(self._sheet, value=text)
            cell.data_type = "s"  # "=SUM(A1)" stays the text the user typed
            cells.append(cell)
        return cells

    def write(self, cells: list[str]) -> None:
        self._sheet.append(self._cells(cells))

    def close(self) -> None:
        with open_private(self._path, "wb") as target:
            self._workbook.save(target)
