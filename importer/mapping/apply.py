"""Apply a mapping to a chunk of the spreadsheet: source columns in, Perfex fields out."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from importer.errors import MappingError
from importer.issues import Issue
from importer.mapping.model import FieldSpec, MappingFile, SkipRule
from importer.textnorm import normalize_header_name

# Fields whose value may have lost leading zeros when the spreadsheet stored it as a number.
NUMBER_SENSITIVE_FIELDS = ("vat", "zip")


@dataclass(frozen=True)
class ResolvedMapping:
    """A mapping whose column names have been matched to the columns of one file."""

    mapping: MappingFile
    specs: dict[str, FieldSpec]
    frame_columns: dict[str, str]  # column name as written in the mapping -> frame column label
    labels: dict[str, str]  # field -> source label for messages, e.g. "Logradouro + Número"


@dataclass
class MappedChunk:
    """Perfex field values of one chunk, with the rows that rules skipped and mapping issues."""

    fields: pd.DataFrame  # index = row numbers, one str column per mapped field
    skipped: dict[int, str] = field(default_factory=dict)  # row -> the rule that matched
    issues: dict[int, list[Issue]] = field(default_factory=dict)
    from_number: dict[str, pd.Series] = field(default_factory=dict)


def resolve_columns(
    mapping: MappingFile,
    headers: list[str],
    frame_columns: list[str],
    *,
    path: str | Path,
    mapping_path: str | Path = "mapping",
) -> ResolvedMapping:
    """Match every column the mapping names to one header of the file.

    A name matches ignoring case, accents and surrounding spaces. A name with
    no match, or with more than one, raises MappingError listing the columns
    that exist and the closest ones.
    """
    positions: dict[str, list[int]] = {}
    for position, header in enumerate(headers):
        positions.setdefault(normalize_header_name(header), []).append(position)

    specs = mapping.field_specs()
    owners = {name: field_name for field_name, spec in specs.items() for name in spec.source_columns()}
    owners.update({rule.column: "skip_rows" for rule in mapping.skip_rows if rule.column not in owners})

    resolved: dict[str, str] = {}
    for name in mapping.referenced_columns():
        matches = positions.get(normalize_header_name(name), [])
        if len(matches) == 1:
            resolved[name] = frame_columns[matches[0]]
            continue
        visible = [header for header in headers if header.strip()]
        if not matches:
            closest = difflib.get_close_matches(name, visible, n=3, cutoff=0.5) or difflib.get_close_matches(
                normalize_header_name(name), [normalize_header_name(h) for h in visible], n=3, cutoff=0.5
            )
            raise MappingError(
                "column_not_found",
                column=name,
                field=owners[name],
                path=str(path),
                mapping=str(mapping_path),
                suggestions=", ".join(repr(c) for c in closest) or "-",
                available=", ".join(repr(h) for h in visible),
            )
        raise MappingError(
            "column_ambiguous",
            column=name,
            field=owners[name],
            path=str(path),
            count=len(matches),
            matches=", ".join(repr(headers[p]) for p in matches),
        )

    labels = {field_name: spec.label() for field_name, spec in specs.items()}
    return ResolvedMapping(mapping=mapping, specs=specs, frame_columns=resolved, labels=labels)


def apply_mapping(
    resolved: ResolvedMapping, frame: pd.DataFrame, number_cells: dict[str, set[int]] | None = None
) -> MappedChunk:
    """Compute every mapped field of ``frame`` and evaluate the skip rules."""
    number_cells = number_cells or {}
    result = MappedChunk(fields=pd.DataFrame(index=frame.index))

    for field_name, spec in resolved.specs.items():
        values, chosen = _source_values(resolved, spec, frame)
        values = _apply_pattern(field_name, spec, values, resolved.labels[field_name], result.issues)
        values = _apply_value_map(spec, values)
        if spec.default is not None:
            values = values.mask(values == "", str(spec.default))
        result.fields[field_name] = values

        if field_name in NUMBER_SENSITIVE_FIELDS and chosen is not None:
            result.from_number[field_name] = _number_flags(frame.index, chosen, number_cells)

    for rule in resolved.mapping.skip_rows:
        column = frame[resolved.frame_columns[rule.column]]
        for row in frame.index[_rule_matches(rule, column)]:
            result.skipped.setdefault(int(row), rule.describe())
    return result


def _source_values(
    resolved: ResolvedMapping, spec: FieldSpec, frame: pd.DataFrame
) -> tuple[pd.Series, pd.Series | None]:
    """Return the raw text of a field, and for single-cell sources the label of the column used."""
    if spec.value is not None:
        return pd.Series(str(spec.value), index=frame.index, dtype=object), None

    labels = [resolved.frame_columns[name] for name in spec.source_columns()]
    if spec.column is not None:
        values = _stripped(frame[labels[0]])
        return values, pd.Series(labels[0], index=frame.index, dtype=object)

    parts = [_stripped(frame[label]) for label in labels]
    if spec.columns is not None:
        # First non-empty of several columns; remember which one, for number-cell flags.
        values = parts[0].copy()
        chosen = pd.Series(labels[0], index=frame.index, dtype=object)
        for label, part in zip(labels[1:], parts[1:]):
            take = (values == "") & (part != "")
            values = values.mask(take, part)
            chosen = chosen.mask(take, label)
        return values, chosen

    joined = []
    for cells in zip(*parts):
        present = [cell for cell in cells if cell]
        if spec.all_required and len(present) < len(cells):
            joined.append("")
        else:
            joined.append(spec.sep.join(present))
    return pd.Series(joined, index=frame.index, dtype=object), None


def _stripped(cells: pd.Series) -> pd.Series:
    """Return ``cells.astype(object).str.strip()``, with one list pass when every cell is text."""
    try:
        stripped = [cell.strip() for cell in cells.to_numpy(dtype=object)]
    except AttributeError:
        # A cell that is not text takes pandas' path, which keeps None and turns the rest into NaN.
        return cells.astype(object).str.strip()
    return pd.Series(stripped, index=cells.index, dtype=object)


def _apply_pattern(
    field_name: str, spec: FieldSpec, values: pd.Series, label: str, issues: dict[int, list[Issue]]
) -> pd.Series:
    """Keep the first group of ``spec.pattern`` (or the whole match when it has no group)."""
    if spec.pattern is None:
        return values
    compiled = re.compile(spec.pattern)
    extracted = values.str.extract(f"({spec.pattern})" if compiled.groups == 0 else spec.pattern, expand=True)[0]
    missed = extracted.isna() & (values != "")
    for row, value in values[missed].items():
        issues.setdefault(int(row), []).append(
            Issue(
                code="pattern_no_match",
                field=field_name,
                column=label,
                value=value,
                params={"pattern": spec.pattern},
            )
        )
    return extracted.fillna("").astype(object).str.strip()


def _apply_value_map(spec: FieldSpec, values: pd.Series) -> pd.Series:
    """Translate whole values through ``spec.values``; a value not listed passes through."""
    if not spec.values:
        return values
    table = {normalize_header_name(key): str(target) for key, target in spec.values.items()}
    keys = _header_names(values)
    return keys.map(table).where(keys.isin(table.keys()), values)


def _header_names(cells: pd.Series) -> pd.Series:
    """Return ``normalize_header_name`` of every cell, computed once per distinct cell.

    Columns such as a status repeat a few values over thousands of rows.
    """
    codes, uniques = pd.factorize(cells)
    names = np.array([normalize_header_name(cell) for cell in uniques] + [""], dtype=object)[codes]
    # factorize gives -1 for None and NaN alike, but str() turns them into
    # different text, so those cells go one by one.
    missing = np.flatnonzero(codes == -1)
    names[missing] = [normalize_header_name(cell) for cell in cells.to_numpy(dtype=object)[missing]]
    return pd.Series(names, index=cells.index)


def _number_flags(index: pd.Index, chosen: pd.Series, number_cells: dict[str, set[int]]) -> pd.Series:
    """Return True where the chosen cell was a number cell in the spreadsheet."""
    flags = pd.Series(False, index=index)
    for label, rows in number_cells.items():
        if rows:
            flags |= (chosen == label) & index.isin(list(rows))
    return flags


def _rule_matches(rule: SkipRule, column: pd.Series) -> pd.Series:
    """Return a boolean mask of the rows that ``rule`` skips."""
    text = _stripped(column)
    if rule.empty is not None:
        return (text == "") if rule.empty else (text != "")
    if rule.matches is not None:
        compiled = re.compile(rule.matches)
        return text.map(lambda cell: compiled.search(cell) is not None).astype(bool)
    keys = _header_names(text)
    if rule.equals is not None:
        return keys == normalize_header_name(rule.equals)
    listed = {normalize_header_name(value) for value in (rule.in_ or rule.not_in or ())}
    inside = keys.isin(listed)
    return inside if rule.in_ is not None else ~inside
