"""Brazilian normalization and validation of mapped client fields (CPF/CNPJ, CEP, UF, phones, ...).

``validate_frame`` runs the pandera schema from ``build_schema`` over a frame
of text cells and returns normalized values, issues and row validity.
``DuplicateTracker`` finds repeated clients across the chunks of one file.
"""

from importer.validate.countries import BRAZIL_COUNTRY_ID, resolve_country
from importer.validate.documents import (
    format_cnpj,
    format_cpf,
    generate_cnpj,
    generate_cpf,
    is_valid_cnpj,
    is_valid_cpf,
)
from importer.validate.options import FIELD_MAX_LENGTHS, PERFEX_FIELDS, ValidationOptions
from importer.validate.schema import build_schema
from importer.validate.states import UF_CODES
from importer.validate.validation import ValidationResult, validate_frame

__all__ = [
    "BRAZIL_COUNTRY_ID",
    "FIELD_MAX_LENGTHS",
    "PERFEX_FIELDS",
    "UF_CODES",
    "ValidationOptions",
    "ValidationResult",
    "build_schema",
    "format_cnpj",
    "format_cpf",
    "generate_cnpj",
    "generate_cpf",
    "is_valid_cnpj",
    "is_valid_cpf",
    "resolve_country",
    "validate_frame",
]
