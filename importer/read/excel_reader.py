"""Reading workbooks (XLSX, XLSM, XLS, ODS) with python-calamine, every cell as text."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from itertools import chain, islice
from pathlib import Path

import pandas as pd
import python_calamine
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from importer.errors import InputFileError
from importer.issues import Issue
from importer.read.cells import CellValue, cell_text, is_number
from importer.read.frames import shape_frame
from importer.read.header import (
    HEADER_SEARCH_ROWS,
    check_column_count,
    error_column_positions,
    find_header_row,
    make_labels,
    restore_header,
)
from importer.read.model import ReadOptions, SourceChunk, SourceInfo, SourceReader
from importer.read.xlsx_formulas import FormulaProblem, find_formula_problems
from importer.textnorm import normalize_header_name

logger = logging.getLogger(__name__)

# Formats whose XML the formula scan understands.
_XML_WORKBOOK_FORMATS = {"xlsx", "xlsm"}


def _open_workbook(path: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except (python_calamine.CalamineError, OSError) as error:
        raise InputFileError("unreadable_workbook", path=str(path), reason=str(error)) from None


def choose_sheet(workbook: CalamineWorkbook, requested: str | int | None, path: Path) -> str:
    """Return the name of the sheet to read.

    ``None`` picks the first visible worksheet, because templates often keep
    a hidden helper sheet in front. A name matches exactly, else ignoring
    case and accents. An index counts every sheet in workbook order, hidden
    ones included, as pandas and openpyxl do.
    """
    names: list[str] = list(workbook.sheet_names)
    if requested is None:
        for metadata in workbook.sheets_metadata:
            if metadata.visible == SheetVisibleEnum.Visible:
                return metadata.name
        if names:
            return names[0]
    elif isinstance(requested, int):
        if 0 <= requested < len(names):
            return names[requested]
    elif requested in names:
        return requested
    else:
        key = normalize_header_name(requested)
        for name in names:
            if normalize_header_name(name) == key:
                return name
    raise InputFileError(
        "sheet_not_found", path=str(path), sheet=str(requested), sheets=", ".join(names)
    )


class WorkbookReader(SourceReader):
    """One sheet of a workbook.

    NOTE: calamine loads the whole sheet into memory when the sheet is opened,
    so memory grows with the sheet. Only the text frames are built chunk by
    chunk.
    """

    def __init__(self, path: Path, file_format: str, options: ReadOptions) -> None:
        workbook = _open_workbook(path)
        sheet_name = choose_sheet(workbook, options.sheet, path)
        try:
            sheet = workbook.get_sheet_by_name(sheet_name)
        except python_calamine.CalamineError as error:
            raise InputFileError("unreadable_workbook", path=str(path), reason=str(error)) from None
        self._path = path
        self._chunk_size = options.chunk_size
        self._first_column = sheet.start[1] if sheet.start else 0
        # python-calamine 0.9 starts iter_rows at sheet row 1 even when the data
        # starts lower, but at the first used column; tests check both.
        self._rows = enumerate(sheet.iter_rows(), start=1)

        header_row, headers = self._locate_header(options)
        self._next_row = (header_row or 0) + 1
        if options.columns is None:
            headers = restore_header(headers)
        dropped = set(error_column_positions(headers)) if options.columns is None else set()
        self._failed_rows_file = bool(dropped)
        self._header_width = len(headers)
        self._keep = [position for position in range(len(headers)) if position not in dropped]
        all_labels = make_labels(headers, self._first_column)
        self.labels = [all_labels[position] for position in self._keep]
        self.headers = [headers[position] for position in self._keep]
        self._problems = self._formula_problems(path, file_format, sheet_name)
        self.rows_read = 0
        self.info = SourceInfo(
            path=path,
            format=file_format,
            encoding=None,
            delimiter=None,
            sheet=sheet_name,
            header_row=header_row,
        )
        logger.debug("Opened %s: %s", path, self.info)

    def _text_rows(self) -> Iterator[tuple[int, list[str]]]:
        for row_number, values in self._rows:
            yield row_number, [cell_text(value) for value in values]

    def _locate_header(self, options: ReadOptions) -> tuple[int | None, list[str]]:
        if options.columns is not None:
            first_rows = list(islice(self._rows, HEADER_SEARCH_ROWS))
            # The rows are data: put them back in front.
            self._rows = chain(first_rows, self._rows)
            texts = [[cell_text(value) for value in values] for _, values in first_rows]
            check_column_count(options.columns, texts, str(self._path))
            return None, list(options.columns)
        if options.header_row is not None:
            found = list(islice(self._text_rows(), options.header_row))
            if len(found) < options.header_row:
                raise InputFileError(
                    "header_row_out_of_range",
                    path=str(self._path),
                    header_row=options.header_row,
                    last_row=len(found),
                )
            return found[-1]
        searched = list(islice(self._rows, HEADER_SEARCH_ROWS))
        texts = [(row_number, [cell_text(value) for value in values]) for row_number, values in searched]
        position = find_header_row(texts, options.expected_columns, str(self._path))
        # Rows read past the header during the search are data: put them back in front.
        self._rows = chain(searched[position + 1 :], self._rows)
        return texts[position]

    def _formula_problems(
        self, path: Path, file_format: str, sheet_name: str
    ) -> dict[int, list[tuple[int, FormulaProblem]]]:
        """Return the error and uncomputed formula cells by row."""
        if file_format not in _XML_WORKBOOK_FORMATS:
            # NOTE: error values and formulas without a result are not flagged
            # in XLS and ODS files, because only XLSX XML is scanned.
            return {}
        by_row: dict[int, list[tuple[int, FormulaProblem]]] = {}
        for (row, column), problem in sorted(find_formula_problems(str(path), sheet_name).items()):
            position = column - self._first_column
            if row < self._next_row or not 0 <= position < self._header_width:
                continue
            by_row.setdefault(row, []).append((position, problem))
        return by_row

    def chunks(self) -> Iterator[SourceChunk]:
        """Yield the data rows in chunks of at most ``chunk_size``; blank rows are skipped."""
        while True:
            batch = list(islice(self._rows, self._chunk_size))
            if not batch:
                return
            chunk = self._chunk(batch)
            if len(chunk.frame):
                yield chunk

    def _chunk(self, batch: Sequence[tuple[int, list[CellValue]]]) -> SourceChunk:
        first_row = batch[0][0]
        width = max(self._header_width, max(len(values) for _, values in batch))
        texts: list[list[str]] = []
        numbers: dict[int, set[int]] = {}
        for row_number, values in batch:
            row_texts = [cell_text(value) for value in values]
            row_texts.extend([""] * (width - len(row_texts)))
            texts.append(row_texts)
            for position, value in enumerate(values):
                if is_number(value):
                    numbers.setdefault(position, set()).add(row_number)
        frame = pd.DataFrame(texts, columns=list(range(width)), dtype=str)
        shaped, issues = shape_frame(
            frame, first_row, self._header_width, self._keep, self.labels, failed_rows_file=self._failed_rows_file
        )
        self.rows_read += len(shaped)

        label_at = dict(zip(self._keep, self.labels, strict=True))
        number_cells = {
            label_at[position]: rows for position, rows in numbers.items() if position in label_at
        }
        for row_number in shaped.index:
            for position, problem in self._problems.get(row_number, ()):
                issues.setdefault(row_number, []).append(
                    Issue(
                        code=problem.code,
                        column=label_at.get(position),
                        value=problem.value,
                        params={"cell": problem.cell},
                    )
                )
        return SourceChunk(frame=shaped, cell_issues=issues, number_cells=number_cells)
