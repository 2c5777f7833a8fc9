"""The import pipeline: read, map, validate, (send), report, one chunk at a time.

Every stage is callable on its own. This module wires them so that each data
row of the input ends in exactly one status and no row is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from importer.i18n import _
from importer.issues import Issue
from importer.mapping import (
    MappingFile,
    ResolvedMapping,
    apply_mapping,
    load_mapping,
    resolve_columns,
)
from importer.read import ReadOptions, SourceReader, open_source
from importer.report.model import RowResult
from importer.status import RowStatus
from importer.validate import ValidationOptions, ValidationResult, validate_frame
from importer.validate.duplicates import DuplicateTracker

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int], None]  # called with the number of rows just finished

# Reader issues about one cell's content, which count only in the columns the mapping reads.
CELL_CONTENT_CODES = frozenset({"formula_error", "formula_without_value", "nul_removed"})


@dataclass
class PreparedImport:
    """An input file opened with its mapping resolved, ready to stream rows."""

    input_path: Path
    mapping_path: Path
    mapping: MappingFile
    reader: SourceReader
    resolved: ResolvedMapping
    validation: ValidationOptions


def prepare_import(input_path: str | Path, mapping_path: str | Path, *, chunk_size: int = 50_000) -> PreparedImport:
    """Load the mapping, open the input and match the mapping's columns to it.

    Raises MappingError or InputFileError before any row is processed.
    """
    input_path = Path(input_path)
    mapping_path = Path(mapping_path)
    mapping = load_mapping(mapping_path)
    options = ReadOptions(
        sheet=mapping.sheet,
        encoding=mapping.encoding,
        delimiter=mapping.delimiter,
        header_row=mapping.header_row,
        columns=mapping.columns,
        expected_columns=mapping.referenced_columns(),
        chunk_size=chunk_size,
    )
    reader = open_source(input_path, options)
    resolved = resolve_columns(
        mapping, reader.headers, reader.labels, path=input_path, mapping_path=mapping_path
    )
    return PreparedImport(
        input_path=input_path,
        mapping_path=mapping_path,
        mapping=mapping,
        reader=reader,
        resolved=resolved,
        validation=validation_options(mapping),
    )


def validation_options(mapping: MappingFile) -> ValidationOptions:
    """Collect the validation options that the mapping sets on its fields."""
    specs = mapping.field_specs()
    settings: dict[str, object] = {}
    if "vat" in specs:
        if specs["vat"].required is not None:
            settings["vat_required"] = specs["vat"].required
        if specs["vat"].format is not None:
            settings["vat_format"] = specs["vat"].format
    if "zip" in specs and specs["zip"].format is not None:
        settings["zip_format"] = specs["zip"].format
    if "phonenumber" in specs:
        if specs["phonenumber"].format is not None:
            settings["phone_format"] = specs["phonenumber"].format
        if specs["phonenumber"].invalid is not None:
            settings["phone_invalid"] = specs["phonenumber"].invalid
    return ValidationOptions(**settings)


def iter_validated(prepared: PreparedImport, *, on_progress: ProgressCallback | None = None) -> Iterator[RowResult]:
    """Yield one RowResult per data row, in file order: valid, invalid, skipped or duplicate."""
    tracker = DuplicateTracker()
    for chunk in prepared.reader.chunks():
        yield from _validate_chunk(prepared, chunk.frame, chunk.cell_issues, chunk.number_cells, tracker)
        if on_progress is not None:
            on_progress(len(chunk.frame))


def _validate_chunk(
    prepared: PreparedImport,
    frame: pd.DataFrame,
    cell_issues: dict[int, list[Issue]],
    number_cells: dict[str, set[int]],
    tracker: DuplicateTracker,
) -> Iterator[RowResult]:
    cell_issues = drop_unmapped_cell_issues(cell_issues, set(prepared.resolved.frame_columns.values()))

    # Map: source columns to Perfex fields, and which rows the skip rules take out.
    mapped = apply_mapping(prepared.resolved, frame, number_cells)
    kept = ~frame.index.isin(list(mapped.skipped))

    # Validate: the pandera schema with the Brazilian rules, on the rows not skipped.
    fields = mapped.fields[kept]
    from_number = {name: flags[kept] for name, flags in mapped.from_number.items()}
    validation = validate_frame(
        fields, prepared.validation, columns=prepared.resolved.labels, from_number=from_number
    )
    reading_errors = {row: list(issues) for row, issues in cell_issues.items()}
    for row, issues in mapped.issues.items():
        reading_errors.setdefault(row, []).extend(issues)
    valid = validation.valid.copy()
    for row in reading_errors:
        if row in valid.index and any(issue.is_error for issue in reading_errors[row]):
            valid[row] = False

    # Duplicates: a CPF/CNPJ already seen on an earlier valid row of the file.
    duplicates = tracker.check(validation.values, valid, columns=prepared.resolved.labels)

    yield from _row_results(frame, mapped.skipped, cell_issues, reading_errors, validation, valid, duplicates)


def drop_unmapped_cell_issues(cell_issues: dict[int, list[Issue]], mapped_columns: set[str]) -> dict[int, list[Issue]]:
    """Return ``cell_issues`` without the cell-content issues of columns outside ``mapped_columns``.

    ``mapped_columns`` are frame labels read by a field or a skip rule. A cell
    outside them never reaches Perfex, so its formula or NUL cannot make the
    row wrong. A formula issue is dropped rather than kept as a warning,
    because a computed column the mapping ignores, such as a total, would
    repeat that warning on every row and bury the warnings that matter.
    """
    kept: dict[int, list[Issue]] = {}
    for row, issues in cell_issues.items():
        relevant = [
            issue for issue in issues if issue.code not in CELL_CONTENT_CODES or issue.column in mapped_columns
        ]
        if relevant:
            kept[row] = relevant
    return kept


def _row_results(
    frame: pd.DataFrame,
    skipped: dict[int, str],
    cell_issues: dict[int, list[Issue]],
    reading_errors: dict[int, list[Issue]],
    validation: ValidationResult,
    valid: pd.Series,
    duplicates: dict[int, Issue],
) -> Iterator[RowResult]:
    """Assemble one result per row of ``frame``, in file order.

    The frames are turned into NumPy object arrays once per chunk, because
    reading pandas string arrays cell by cell boxes every cell through
    several calls, about a quarter of validate's time under cProfile. Each
    row becomes lists only when its result is built, so the lists die young
    and the garbage collector's full collections stay rare.
    """
    fields = list(validation.values.columns)
    # The validated rows are the rows of ``frame`` not in ``skipped``, in the same order.
    validated = zip(
        validation.values.to_numpy(dtype=object),
        valid.reindex(validation.values.index).to_numpy(dtype=bool).tolist(),
    )
    for row, source_array in zip(frame.index.tolist(), frame.to_numpy(dtype=object)):
        source_cells = source_array.tolist()
        if row in skipped:
            yield RowResult(
                row=row,
                status=RowStatus.SKIPPED,
                issues=list(cell_issues.get(row, [])),
                source=source_cells,
                detail=skipped[row],
            )
            continue
        row_values, row_valid = next(validated)
        issues = reading_errors.get(row, []) + validation.issues.get(row, [])
        values = {field: value for field, value in zip(fields, row_values.tolist()) if value is not None}
        duplicate = duplicates.get(row)
        if duplicate is not None:
            issues.append(duplicate)
        if not row_valid:
            status = RowStatus.INVALID
        elif duplicate is not None and duplicate.is_error:
            status = RowStatus.DUPLICATE
        else:
            status = RowStatus.VALID
        detail = None
        if duplicate is not None and "first_row" in duplicate.params:
            detail = _("repeats row {first_row}").format(first_row=duplicate.params["first_row"])
        yield RowResult(row=row, status=status, issues=issues, values=values, source=source_cells, detail=detail)
