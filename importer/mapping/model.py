"""The mapping file's structure, validated with pydantic before any row is read."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from importer.fields import PERFEX_FIELDS


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _compile_pattern(pattern: str | None) -> str | None:
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as error:
            raise PydanticCustomError(
                "bad_pattern", "invalid regular expression {pattern!r}: {problem}",
                {"pattern": pattern, "problem": str(error)},
            ) from None
    return pattern


class FieldSpec(_Strict):
    """Source and transformation of one Perfex field.

    Exactly one source: ``column`` (one column), ``columns`` (the first
    non-empty of several), ``join`` (several columns joined with ``sep``) or
    ``value`` (a constant). Then, in order: ``pattern`` keeps the first group
    of a regular expression, ``values`` translates whole values, ``default``
    fills an empty result.
    """

    column: str | None = None
    columns: tuple[str, ...] | None = None
    join: tuple[str, ...] | None = None
    sep: str = " "
    all_required: bool = False  # join only: empty unless every joined column has a value
    value: str | int | None = None
    pattern: str | None = None
    values: dict[str, str | int] | None = None
    default: str | int | None = None
    # Field-specific options, checked against the field in MappingFile.
    required: bool | None = None
    format: str | None = None
    invalid: Literal["warning", "error"] | None = None

    @field_validator("pattern")
    @classmethod
    def _check_pattern(cls, pattern: str | None) -> str | None:
        pattern = _compile_pattern(pattern)
        if pattern is not None and re.compile(pattern).groups == 0:
            # Without a group the whole match would be kept, which silently cuts values short.
            raise PydanticCustomError("pattern_without_group", "pattern has no group", {"pattern": pattern})
        return pattern

    @model_validator(mode="after")
    def _one_source(self) -> FieldSpec:
        sources = [
            name
            for name in ("column", "columns", "join", "value")
            if getattr(self, name) is not None
        ]
        if len(sources) != 1:
            raise PydanticCustomError("one_source", "give exactly one of column, columns, join or value")
        if self.pattern is not None and self.value is not None:
            raise PydanticCustomError("pattern_on_value", "pattern applies to columns, not to a constant value")
        return self

    def source_columns(self) -> tuple[str, ...]:
        """Return the source column names this field reads, in order."""
        if self.column is not None:
            return (self.column,)
        return self.columns or self.join or ()

    def label(self) -> str:
        """Return how the source is named in messages, e.g. "Logradouro + Número"."""
        if self.value is not None:
            return repr(self.value)
        if self.join:
            return " + ".join(self.join)
        return " | ".join(self.source_columns())


class SkipRule(_Strict):
    """A rule that marks matching rows as skipped (never imported)."""

    column: str
    in_: tuple[str, ...] | None = Field(default=None, alias="in")
    not_in: tuple[str, ...] | None = None
    matches: str | None = None
    empty: bool | None = None
    equals: str | None = None

    @field_validator("matches")
    @classmethod
    def _check_pattern(cls, pattern: str | None) -> str | None:
        return _compile_pattern(pattern)

    @model_validator(mode="after")
    def _one_test(self) -> SkipRule:
        tests = [name for name in ("in_", "not_in", "matches", "empty", "equals") if getattr(self, name) is not None]
        if len(tests) != 1:
            raise PydanticCustomError("one_skip_test", "give exactly one of in, not_in, matches, empty or equals")
        return self

    def describe(self) -> str:
        """Return the rule as written in the mapping, for reports."""
        if self.in_ is not None:
            return f"{self.column} in {list(self.in_)}"
        if self.not_in is not None:
            return f"{self.column} not_in {list(self.not_in)}"
        if self.matches is not None:
            return f"{self.column} matches {self.matches!r}"
        if self.equals is not None:
            return f"{self.column} equals {self.equals!r}"
        return f"{self.column} empty: {str(self.empty).lower()}"


# Options a field accepts besides its source, with the accepted `format` values.
FIELD_FORMATS: dict[str, tuple[str, ...]] = {
    "vat": ("digits", "masked"),
    "zip": ("masked", "digits"),
    "phonenumber": ("e164", "national"),
}
FIELDS_WITH_INVALID_OPTION = ("phonenumber",)
FIELDS_WITH_REQUIRED_OPTION = ("vat",)

class MappingFile(_Strict):
    """A whole mapping file: how to read the spreadsheet and where each field comes from."""

    sheet: str | int | None = None
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int | None = Field(default=None, ge=1)
    columns: tuple[str, ...] | None = None
    skip_rows: tuple[SkipRule, ...] = ()
    fields: dict[str, FieldSpec]

    @field_validator("delimiter")
    @classmethod
    def _check_delimiter(cls, delimiter: str | None) -> str | None:
        if delimiter is not None:
            delimiter = {"\\t": "\t", "tab": "\t"}.get(delimiter, delimiter)
            if len(delimiter) != 1:
                raise PydanticCustomError("bad_delimiter", "delimiter must be one character", {"delimiter": delimiter})
        return delimiter

    @field_validator("encoding")
    @classmethod
    def _check_encoding(cls, encoding: str | None) -> str | None:
        if encoding is not None:
            import codecs

            try:
                codecs.lookup(encoding)
            except LookupError:
                raise PydanticCustomError("bad_encoding", "unknown encoding", {"encoding": encoding}) from None
        return encoding

    @field_validator("fields", mode="before")
    @classmethod
    def _check_field_names(cls, fields: Any) -> Any:
        if isinstance(fields, dict):
            unknown = [name for name in fields if name not in PERFEX_FIELDS]
            if unknown:
                raise PydanticCustomError(
                    "unknown_field", "unknown field {name}", {"name": unknown[0], "fields": ", ".join(PERFEX_FIELDS), "location": f"fields.{unknown[0]}"}
                )
            # The short forms: a column name, or a list of columns (first non-empty wins).
            expanded = {}
            for name, entry in fields.items():
                if isinstance(entry, str):
                    entry = {"column": entry}
                elif isinstance(entry, list):
                    entry = {"columns": entry}
                expanded[name] = entry
            fields = expanded
        return fields

    @model_validator(mode="after")
    def _check_options(self) -> MappingFile:
        if "company" not in self.fields:
            raise PydanticCustomError("company_not_mapped", "the field company must be mapped")
        if self.columns is not None and self.header_row is not None:
            raise PydanticCustomError("columns_and_header_row", "give either columns or header_row, not both")
        for name, spec in self.field_specs().items():
            if spec.format is not None and spec.format not in FIELD_FORMATS.get(name, ()):
                accepted = ", ".join(FIELD_FORMATS.get(name, ())) or "-"
                raise PydanticCustomError(
                    "bad_format", "format not accepted", {"field": name, "format": spec.format, "accepted": accepted, "location": f"fields.{name}.format"}
                )
            if spec.invalid is not None and name not in FIELDS_WITH_INVALID_OPTION:
                raise PydanticCustomError("option_not_for_field", "option not accepted", {"field": name, "option": "invalid", "location": f"fields.{name}.invalid"})
            if spec.required is not None and name not in FIELDS_WITH_REQUIRED_OPTION:
                raise PydanticCustomError("option_not_for_field", "option not accepted", {"field": name, "option": "required", "location": f"fields.{name}.required"})
        return self

    def field_specs(self) -> dict[str, FieldSpec]:
        """Return every mapped field as a FieldSpec, in Perfex field order."""
        return {name: self.fields[name] for name in PERFEX_FIELDS if name in self.fields}

    def referenced_columns(self) -> tuple[str, ...]:
        """Return every source column the mapping names, without repeats, in order."""
        names: list[str] = []
        for spec in self.field_specs().values():
            names.extend(spec.source_columns())
        names.extend(rule.column for rule in self.skip_rows)
        return tuple(dict.fromkeys(names))
