"""Reading CSV and other delimited text files with pandas' C parser, every cell as text."""

from __future__ import annotations

import csv
import io
import logging
import re
import warnings
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pandas as pd

from importer.errors import InputFileError
from importer.read.detect import (
    canonical_encoding,
    check_decodable,
    check_is_text,
    detect_delimiter,
    detect_encoding,
    may_contain_nul,
    read_sample,
)
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

logger = logging.getLogger(__name__)

# pandas reports a row wider than the expected columns as
# "Expected 16 fields in line 7, saw 18"; the reader then starts again, wider.
_FIELDS_SEEN = re.compile(r"saw (\d+)")
# A limit on restarts so that a binary or broken file cannot loop for long.
MAX_COLUMNS = 16_384


class CsvReader(SourceReader):
    """A delimited text file: CSV, TSV or TXT."""

    def __init__(self, path: Path, options: ReadOptions) -> None:
        check_is_text(path)
        if options.encoding:
            encoding = canonical_encoding(options.encoding, path)
            check_decodable(path, encoding)
        else:
            encoding = detect_encoding(path)
        sample, _ = read_sample(path, encoding)
        delimiter = options.delimiter or detect_delimiter(sample)
        self._path = path
        self._encoding = encoding
        self._delimiter = delimiter
        self._chunk_size = options.chunk_size
        self._remove_nul = may_contain_nul(path, encoding)

        header_row, headers, first_data = self._locate_header(options)
        # Records before the first data row: the title lines and the header.
        self._skip_records = header_row or 0
        self._width = max(len(headers), len(first_data), _widest_record(sample, delimiter))
        self.headers = headers
        self._header_width = len(headers)
        if options.columns is None:
            headers = restore_header(headers)
        dropped = set(error_column_positions(headers)) if options.columns is None else set()
        self._failed_rows_file = bool(dropped)
        self._keep = [position for position in range(len(headers)) if position not in dropped]
        all_labels = make_labels(headers)
        self.labels = [all_labels[position] for position in self._keep]
        self.headers = [headers[position] for position in self._keep]
        self.rows_read = 0
        self.info = SourceInfo(
            path=path,
            format="csv",
            encoding=encoding.name,
            delimiter=delimiter,
            sheet=None,
            header_row=header_row,
        )
        logger.debug("Opened %s: %s", path, self.info)

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        """Yield (row number, fields) for each record from the start of the file."""
        with self._path.open(
            encoding=self._encoding.name, errors=self._encoding.errors, newline=""
        ) as stream:
            reader = csv.reader(stream, delimiter=self._delimiter, strict=False)
            try:
                for row_number, cells in enumerate(reader, start=1):
                    if self._remove_nul:
                        # NOTE: a NUL in a header or title cell is removed without a warning.
                        cells = [cell.replace("\x00", "") for cell in cells]
                    yield row_number, cells
            except csv.Error as error:
                raise InputFileError(
                    "malformed_csv", path=str(self._path), line=reader.line_num, reason=str(error)
                ) from None

    def _locate_header(self, options: ReadOptions) -> tuple[int | None, list[str], list[str]]:
        """Return the header row number, the header cells and the first data record's fields."""
        records = self._records()
        try:
            if options.columns is not None:
                first_rows = [cells for _, cells in islice(records, HEADER_SEARCH_ROWS)]
                check_column_count(options.columns, first_rows, str(self._path))
                return None, list(options.columns), first_rows[0] if first_rows else []
            if options.header_row is not None:
                found = list(islice(records, options.header_row))
                if len(found) < options.header_row:
                    raise InputFileError(
                        "header_row_out_of_range",
                        path=str(self._path),
                        header_row=options.header_row,
                        last_row=len(found),
                    )
                header_row, headers = found[-1]
            else:
                found = list(islice(records, HEADER_SEARCH_ROWS + 1))
                position = find_header_row(found, options.expected_columns, str(self._path))
                header_row, headers = found[position]
                if position + 1 < len(found):
                    return header_row, headers, found[position + 1][1]
            first = next(records, (0, []))[1]
        finally:
            records.close()
        return header_row, headers, first

    def chunks(self) -> Iterator[SourceChunk]:
        """Yield the data rows in chunks; a row wider than expected restarts the parser wider."""
        width = self._width
        consumed = 0  # data records already yielded, blank ones included
        while True:
            try:
                for frame in self._frames(width, self._skip_records + consumed):
                    first_row = self._skip_records + consumed + 1
                    consumed += len(frame)
                    shaped, issues = shape_frame(
                        frame, first_row, self._header_width, self._keep, self.labels,
                        failed_rows_file=self._failed_rows_file,
                        remove_nul=self._remove_nul,
                    )
                    self.rows_read += len(shaped)
                    if len(shaped) == 0:
                        continue  # every row of this block was blank
                    yield SourceChunk(frame=shaped, cell_issues=issues, number_cells={})
                return
            except (pd.errors.ParserError, pd.errors.ParserWarning) as error:
                width = self._wider(width, error, first_row=self._skip_records + consumed + 1)

    def _wider(self, width: int, error: Exception, first_row: int) -> int:
        """Return the column count to restart with after ``error``, or raise if too wide."""
        seen = _FIELDS_SEEN.search(str(error))
        if isinstance(error, pd.errors.ParserWarning):
            wider = width * 2
        elif seen:
            wider = max(width * 2, int(seen.group(1)))
        else:
            wider = MAX_COLUMNS + 1  # not a width problem, such as a quote never closed
        if wider > MAX_COLUMNS:
            raise InputFileError(
                "malformed_csv", path=str(self._path), line=first_row, reason=str(error).strip()
            )
        logger.debug("Row wider than %d fields after row %d; reading with %d", width, first_row, wider)
        return wider

    def _frames(self, width: int, skip_records: int) -> Iterator[pd.DataFrame]:
        """Yield raw frames of ``width`` text columns, starting after ``skip_records`` records.

        A ParserWarning is raised as an error: pandas emits one when the first
        row read is wider than ``width`` and then drops its extra fields.
        """
        # Blank lines are kept so that the row numbers match the file; they are
        # dropped later, once numbered.
        read_options = dict(
            sep=self._delimiter,
            header=None,
            names=list(range(width)),
            index_col=False,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            skiprows=skip_records,
            quotechar='"',
            doublequote=True,
            encoding=self._encoding.name,
            encoding_errors=self._encoding.errors,
            chunksize=self._chunk_size,
            engine="c",
        )
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            try:
                reader = pd.read_csv(self._path, **read_options)
            except pd.errors.EmptyDataError:
                return  # nothing after the header
        with reader:
            while True:
                with warnings.catch_warnings():
                    warnings.simplefilter("error", pd.errors.ParserWarning)
                    try:
                        frame = next(reader)
                    except StopIteration:
                        return
                yield frame


def _widest_record(sample: str, delimiter: str) -> int:
    """Return the largest field count among the records of ``sample``."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, strict=False)
    try:
        return max((len(record) for record in reader), default=0)
    except csv.Error:
        return 0
