"""Steps shared by the CSV and workbook readers to turn raw rows into a chunk."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from importer.issues import Issue, Severity
from importer.read.apostrophes import remove_frame_apostrophes

ROW_INDEX_NAME = "row"


def blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """Return a boolean mask of the rows whose cells are all empty or whitespace."""
    has_text = np.zeros(len(frame), dtype=bool)
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        nonempty = column.ne("").to_numpy(dtype=bool)
        # Only non-empty cells can hold whitespace, so strip just those.
        candidates = nonempty & ~has_text
        if candidates.any():
            stripped = column[candidates].str.strip().ne("").to_numpy(dtype=bool)
            has_text[candidates] = stripped
    return ~has_text


def too_many_fields_issues(
    extra: pd.DataFrame, expected: int
) -> dict[int, list[Issue]]:
    """Return a ``too_many_fields`` issue for each row of ``extra`` that has a value.

    ``extra`` contains the fields past the header's width, indexed by row number.
    Empty extra fields, such as those of a trailing separator, are ignored.
    """
    issues: dict[int, list[Issue]] = {}
    if extra.shape[1] == 0:
        return issues
    filled = extra.ne("").to_numpy(dtype=bool)
    for position in np.flatnonzero(filled.any(axis=1)):
        values = extra.iloc[position].tolist()
        last = max(index for index, value in enumerate(values) if value != "")
        kept = values[: last + 1]
        row = int(extra.index[position])
        issues[row] = [
            Issue(
                code="too_many_fields",
                value=" | ".join(kept),
                params={"expected": expected, "found": expected + len(kept)},
            )
        ]
    return issues


def remove_nul_characters(frame: pd.DataFrame, labels: dict[int, str]) -> dict[int, list[Issue]]:
    """Remove NUL characters from every cell of ``frame``, in place, and return a warning per cell.

    ``frame`` is indexed by row number, and ``labels`` maps a column position
    to its label. A cell in a column without a label, such as a field past
    the header or the failed-rows error column, is cleaned without an issue.
    """
    issues: dict[int, list[Issue]] = {}
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        found = column.str.contains("\x00", regex=False).to_numpy(dtype=bool)
        if not found.any():
            continue
        cleaned = column[found].str.replace("\x00", "", regex=False)
        counts = column[found].str.count("\x00")
        frame.iloc[found, position] = cleaned.to_numpy(dtype=object)
        label = labels.get(position)
        if label is None:
            continue
        for row, value, count in zip(cleaned.index.tolist(), cleaned.tolist(), counts.tolist(), strict=True):
            issues.setdefault(int(row), []).append(
                Issue(
                    code="nul_removed",
                    severity=Severity.WARNING,
                    column=label,
                    value=value,
                    params={"count": int(count)},
                )
            )
    return issues


def shape_frame(
    frame: pd.DataFrame,
    first_row: int,
    header_width: int,
    keep: Sequence[int],
    labels: Sequence[str],
    *,
    failed_rows_file: bool = False,
    remove_nul: bool = False,
) -> tuple[pd.DataFrame, dict[int, list[Issue]]]:
    """Number the rows, drop blank ones, and keep the header's columns under their labels.

    ``frame`` contains consecutive rows starting at spreadsheet row ``first_row``
    and at least ``header_width`` columns. ``keep`` lists the positions to keep
    (the header minus the ``--failed-rows`` error column) and ``labels`` their
    names. Fields past ``header_width`` become ``too_many_fields`` issues.
    In a ``failed_rows_file``, the apostrophe before formula-like cells is removed.
    With ``remove_nul``, NUL characters are removed and each cell that had one
    gets a ``nul_removed`` warning.
    """
    frame.index = pd.RangeIndex(first_row, first_row + len(frame), name=ROW_INDEX_NAME)
    nul_issues = remove_nul_characters(frame, dict(zip(keep, labels, strict=True))) if remove_nul else {}
    frame = frame[~blank_rows(frame)]
    issues = too_many_fields_issues(frame.iloc[:, header_width:], expected=header_width)
    # A row left blank once its NULs are gone is dropped, and its warning with it.
    for row, found in nul_issues.items():
        if row in frame.index:
            issues.setdefault(row, []).extend(found)
    shaped = frame.iloc[:, list(keep)].copy()
    shaped.columns = list(labels)
    if failed_rows_file:
        shaped = remove_frame_apostrophes(shaped)
    return shaped, issues
