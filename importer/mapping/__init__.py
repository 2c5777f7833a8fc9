"""Mapping stage: a YAML file names the spreadsheet columns that fill each Perfex client field."""

from importer.mapping.apply import (
    MappedChunk,
    ResolvedMapping,
    apply_mapping,
    resolve_columns,
)
from importer.mapping.load import load_mapping, parse_mapping
from importer.mapping.model import PERFEX_FIELDS, FieldSpec, MappingFile, SkipRule

__all__ = [
    "PERFEX_FIELDS",
    "FieldSpec",
    "MappedChunk",
    "MappingFile",
    "ResolvedMapping",
    "SkipRule",
    "apply_mapping",
    "load_mapping",
    "parse_mapping",
    "resolve_columns",
]
