"""Types of the read stage: options, what was detected, and the chunks of rows."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from importer.issues import Issue

DEFAULT_CHUNK_SIZE = 50_000


@dataclass(frozen=True)
class ReadOptions:
    """How to read a source file; every ``None`` means "detect it"."""

    # XLSX sheet name, or 0-based index in workbook order (hidden sheets count);
    # None = first visible sheet.
    sheet: str | int | None = None
    # CSV only. A Latin-1 name is decoded as cp1252; None = detect.
    encoding: str | None = None
    # CSV only; None = detect among "," ";" tab and "|".
    delimiter: str | None = None
    # 1-based row number as the spreadsheet program shows it; None = search for it.
    header_row: int | None = None
    # Names for the columns of a file WITHOUT a header row; no header is then
    # searched and header_row is ignored.
    columns: tuple[str, ...] | None = None
    # Column names the mapping refers to, used to recognise the header row.
    expected_columns: tuple[str, ...] = ()
    chunk_size: int = DEFAULT_CHUNK_SIZE


@dataclass(frozen=True)
class SourceInfo:
    """Settings a file was read with: format, encoding, separator, sheet and header row."""

    path: Path
    format: str  # "csv", "xlsx", "xlsm", "xls", "ods"
    encoding: str | None  # codec name used to decode ("utf-8", "utf-8-sig", "cp1252")
    delimiter: str | None
    sheet: str | None
    header_row: int | None  # None when ReadOptions.columns named the columns


@dataclass
class SourceChunk:
    """A block of data rows, every cell as text.

    ``frame`` has the columns in file order and str values ("" = empty); its
    index, named "row", is the row number the spreadsheet program shows.
    """

    frame: pd.DataFrame
    cell_issues: dict[int, list[Issue]] = field(default_factory=dict)
    # frame column -> rows whose cell was stored as a number (XLSX/XLS/ODS only).
    number_cells: dict[str, set[int]] = field(default_factory=dict)


class SourceReader(ABC):
    """A source file opened for reading: detected settings, headers and a stream of chunks.

    ``headers[i]`` is the original header text of ``frame.columns[i]``, and
    ``labels[i]`` its unique label. A label is the header with whitespace
    cleaned up. A blank header becomes "Column <letter>", after the column
    letter in the spreadsheet. A repeated label, compared ignoring case, gets
    " (2)", " (3)"... appended.
    """

    info: SourceInfo
    headers: list[str]
    labels: list[str]
    rows_read: int

    @abstractmethod
    def chunks(self) -> Iterator[SourceChunk]:
        """Yield the data rows in blocks of at most ``chunk_size``; blank rows are skipped."""
