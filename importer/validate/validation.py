"""Validate a frame of mapped client fields and turn pandera's failure cases into issues."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from importer.issues import Issue, Severity
from importer.validate.options import PERFEX_FIELDS, ValidationOptions
from importer.validate.outcome import severity_of
from importer.validate.schema import (
    CODE_SUFFIX,
    FIELD_CODES,
    FROM_NUMBER_FIELDS,
    FROM_NUMBER_SUFFIX,
    PARAMS_SUFFIX,
    VALUE_SUFFIX,
    build_schema,
)

logger = logging.getLogger(__name__)

_FIELD_ORDER = {field: position for position, field in enumerate(PERFEX_FIELDS)}


@dataclass
class ValidationResult:
    """Normalized values, issues and validity of every row of a validated frame."""

    values: pd.DataFrame  # same index; str, int or None per field, ready for the JSON body
    issues: dict[int, list[Issue]]  # row to its errors and warnings, in field order
    valid: pd.Series  # bool per row: True when the row has no error


def _prepare(frame: pd.DataFrame, from_number: dict[str, pd.Series] | None) -> pd.DataFrame:
    """Return the cells as str (an empty cell as "") plus the hidden from-number columns."""
    prepared = pd.DataFrame(index=frame.index)
    for field in PERFEX_FIELDS:
        if field in frame:
            prepared[field] = frame[field].fillna("").astype(str)
    for field in FROM_NUMBER_FIELDS:
        if from_number and field in from_number:
            flags = from_number[field].reindex(frame.index, fill_value=False)
            prepared[field + FROM_NUMBER_SUFFIX] = flags.fillna(False).astype(bool)
    return prepared


def _issues_from_failures(
    failures: pd.DataFrame,
    prepared: pd.DataFrame,
    parsed: pd.DataFrame,
    options: ValidationOptions,
    columns: dict[str, str],
) -> dict[int, list[Issue]]:
    """Build one Issue per failure case, with the original cell and the finding's params."""
    found: list[tuple[int, int, Issue]] = []
    for column, field_failures in failures.groupby("column", sort=False):
        field = str(column).removesuffix(CODE_SUFFIX)
        positions = parsed.index.get_indexer(field_failures["index"])
        # Cells and params are gathered per field: a lookup per failure is slow for 100,000 warnings.
        cells = prepared[field].to_numpy(dtype=object)[positions] if field in prepared else [""] * len(positions)
        params = parsed[field + PARAMS_SUFFIX].to_numpy(dtype=object)[positions]
        rows = parsed.index.to_numpy()[positions]
        for code, row, cell, finding_params in zip(field_failures["check"], rows, cells, params, strict=True):
            issue = Issue(
                code=code,
                severity=severity_of(code, options.phone_invalid),
                field=field,
                column=columns.get(field, field),
                value=cell,
                params=dict(finding_params or {}),
            )
            found.append((int(row), _FIELD_ORDER[field], issue))

    issues: dict[int, list[Issue]] = {}
    for row, _, issue in sorted(found, key=lambda item: (item[0], item[1])):
        issues.setdefault(row, []).append(issue)
    return issues


def _check_failures_are_issues(errors: pa.errors.SchemaErrors) -> None:
    """Re-raise when pandera failed on something other than a rule, such as a column's dtype."""
    failures = errors.failure_cases
    known_codes = {code for codes in FIELD_CODES.values() for code in codes}
    unexpected = ~failures["check"].isin(known_codes) | ~failures["column"].astype(str).str.endswith(CODE_SUFFIX)
    if unexpected.any():
        logger.error("Validation schema failed outside the rules: %s", failures[unexpected].head(5).to_dict("records"))
        raise errors


def _valid_rows(parsed: pd.DataFrame, options: ValidationOptions) -> pd.Series:
    error_codes = [
        code
        for codes in FIELD_CODES.values()
        for code in codes
        if severity_of(code, options.phone_invalid) is Severity.ERROR
    ]
    has_error = np.zeros(len(parsed), dtype=bool)
    for field in FIELD_CODES:
        if field + CODE_SUFFIX in parsed:
            has_error |= parsed[field + CODE_SUFFIX].isin(error_codes).to_numpy(dtype=bool)
    return pd.Series(~has_error, index=parsed.index, name="valid")


def validate_frame(
    frame: pd.DataFrame,
    options: ValidationOptions,
    *,
    columns: dict[str, str] | None = None,
    from_number: dict[str, pd.Series] | None = None,
) -> ValidationResult:
    """Normalize and validate the mapped Perfex fields of every row of ``frame``.

    ``frame`` is indexed by spreadsheet row number and contains text cells ("" for
    an empty cell). ``columns`` names the source column of each field for the
    messages. ``from_number`` flags, for vat and zip, the cells that were
    number cells in the spreadsheet. Raises ConfigurationError when the
    default country is unknown.
    """
    schema = build_schema(options)
    prepared = _prepare(frame, from_number)
    try:
        parsed = schema.validate(prepared, lazy=True)
        issues: dict[int, list[Issue]] = {}
    except pa.errors.SchemaErrors as errors:
        _check_failures_are_issues(errors)
        parsed = errors.data
        issues = _issues_from_failures(errors.failure_cases, prepared, parsed, options, columns or {})

    fields = [field for field in PERFEX_FIELDS if field in prepared or field == "country"]
    values = pd.DataFrame(
        {field: parsed[field + VALUE_SUFFIX] for field in fields},
        index=frame.index,
    )
    return ValidationResult(values=values, issues=issues, valid=_valid_rows(parsed, options))
