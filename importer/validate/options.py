"""Perfex client fields that the validator checks, their column lengths and the validation options."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Re-exported here because the validator's callers import them from importer.validate.
from importer.fields import FIELD_MAX_LENGTHS, PERFEX_FIELDS  # noqa: F401


@dataclass(frozen=True)
class ValidationOptions:
    """Choices that change how values are stored or how strictly they are checked."""

    vat_required: bool = False
    vat_format: Literal["digits", "masked"] = "digits"  # stored form of a numeric CPF/CNPJ
    zip_format: Literal["masked", "digits"] = "masked"  # NNNNN-NNN or 8 digits
    phone_format: Literal["e164", "national"] = "e164"
    phone_invalid: Literal["warning", "error"] = "warning"
    default_country: str = "Brasil"  # any accepted country form, resolved once per schema
