"""suggest-mapping: write a first mapping for a spreadsheet from its header names and values.

``suggest_mapping`` reads the first rows, finds the header below any title
lines (or decides the file has none), samples up to 500 data rows, picks a
source for each Perfex field and returns commented YAML that
``importer.mapping.parse_mapping`` accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from importer.i18n import _
from importer.mapping import MappingFile, parse_mapping
from importer.mapping.model import PERFEX_FIELDS
from importer.suggest.choose import Choices, Column, choose_fields, role_names
from importer.suggest.header import find_header_row
from importer.suggest.messages import COMMENTS
from importer.suggest.sample import RawSample, read_raw_sample
from importer.textnorm import clean_text, normalize_header_name

__all__ = ["Suggestion", "suggest_mapping"]

SAMPLE_DATA_ROWS = 500
# Encodings the reader detects by itself; any other is written in the mapping.
DETECTED_ENCODINGS = ("utf-8", "utf-8-sig")


@dataclass(frozen=True)
class Suggestion:
    """A suggested mapping: the YAML text to save and the parsed model."""

    text: str
    mapping: MappingFile
    header_row: int | None  # 1-based; None for a file without a header row
    unmapped: tuple[str, ...]


def suggest_mapping(path: str | Path) -> Suggestion:
    """Suggest a mapping for ``path``; raise InputFileError when the file cannot be read."""
    sample = read_raw_sample(Path(path))
    position = find_header_row(sample.rows)
    if position is None:
        columns = _headerless_columns(sample.rows)
        choices = choose_fields(columns, has_header=False)
        names = role_names(columns)
        renames = {column.name: name for column, name in zip(columns, names)}
        choices.fields = {key: _renamed(spec, renames) for key, spec in choices.fields.items()}
        for column, name in zip(columns, names):
            column.name = name
    else:
        columns = _header_columns(sample.rows, position)
        choices = choose_fields(columns, has_header=True)
    if "company" not in choices.fields and columns:
        # Perfex requires a name, and a mapping without company does not load: name a column to edit.
        choices.take("company", columns[0].name, [columns[0]], "note_company_guessed")

    header_row = None if position is None else position + 1
    unmapped = tuple(
        column.name for column in columns if column.position not in choices.used and column.name.strip()
    )
    text = render_yaml(sample, choices, columns, header_row=header_row, has_header=position is not None, unmapped=unmapped)
    mapping = parse_mapping(text, source=f"suggested mapping for {sample.path}")
    return Suggestion(text=text, mapping=mapping, header_row=header_row, unmapped=unmapped)


def _header_columns(rows: list[list[str]], position: int) -> list[Column]:
    """Return the columns under the header; blank and repeated header names are left out.

    A repeated name would make the mapping ambiguous, so such columns are
    never suggested (the reader would reject the mapping).
    """
    header = rows[position]
    data = [row for row in rows[position + 1 : position + 1 + SAMPLE_DATA_ROWS] if any(cell.strip() for cell in row)]
    counts: dict[str, int] = {}
    for name in header:
        key = normalize_header_name(name)
        counts[key] = counts.get(key, 0) + 1
    columns = []
    for index, name in enumerate(header):
        if not clean_text(name) or counts[normalize_header_name(name)] > 1:
            continue
        values = [clean_text(row[index]) if index < len(row) else "" for row in data]
        columns.append(Column(position=index, name=clean_text(name), values=values))
    return columns


def _headerless_columns(rows: list[list[str]]) -> list[Column]:
    data = [row for row in rows[:SAMPLE_DATA_ROWS] if any(cell.strip() for cell in row)]
    width = max((len(row) for row in data), default=0)
    return [
        Column(
            position=index,
            name=f"col_{index + 1}",
            values=[clean_text(row[index]) if index < len(row) else "" for row in data],
        )
        for index in range(width)
    ]


def _renamed(spec: Any, renames: dict[str, str]) -> Any:
    """Return ``spec`` with the provisional column names replaced, at any depth."""
    if isinstance(spec, str):
        return renames.get(spec, spec)
    if isinstance(spec, list):
        return [_renamed(item, renames) for item in spec]
    if isinstance(spec, dict):
        return {key: (_renamed(value, renames) if key in ("column", "columns", "join") else value) for key, value in spec.items()}
    return spec


def _flow(value: Any) -> str:
    """Return ``value`` as one line of YAML flow style, quoted where YAML needs it."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=1 << 20)
    return text.strip().removesuffix("...").strip()


def _scalar(value: Any) -> str:
    return _flow([value])[1:-1]


def _comment(code: str, **params: Any) -> str:
    return "# " + _(COMMENTS[code]).format(**params)


def render_yaml(
    sample: RawSample,
    choices: Choices,
    columns: list[Column],
    *,
    header_row: int | None,
    has_header: bool,
    unmapped: tuple[str, ...],
) -> str:
    """Return the commented YAML text of the mapping."""
    lines = [_comment("title", file=sample.path.name)]
    if sample.sheet is not None and sample.sheet_count > 1:
        lines.append(f"sheet: {_scalar(sample.sheet)}")
    if sample.encoding is not None and sample.encoding not in DETECTED_ENCODINGS:
        lines.append(f"encoding: {_scalar(sample.encoding)}")
    if sample.delimiter is not None and sample.delimiter != ",":
        lines.append(f"delimiter: {_scalar(sample.delimiter)}")
    if not has_header:
        lines.append(_comment("no_header"))
        lines.append(f"columns: {_flow([column.name for column in columns])}")
    elif header_row is not None and header_row != 1:
        lines.append(_comment("header_row", row=header_row))
        lines.append(f"# header_row: {header_row}")

    lines.append(_comment("fields"))
    lines.append("fields:")
    for field_name in PERFEX_FIELDS:
        if field_name not in choices.fields:
            continue
        spec = choices.fields[field_name]
        value = _scalar(spec) if isinstance(spec, str) else _flow(spec)
        line = f"  {field_name}: {value}"
        note = choices.notes.get(field_name)
        if note is not None:
            line += "  " + _comment(note)
        lines.append(line)
    if unmapped:
        lines.append(_comment("unmapped", columns=", ".join(unmapped)))
    return "\n".join(lines) + "\n"
