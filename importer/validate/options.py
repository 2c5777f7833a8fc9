"""Perfex client fields that the validator checks, their column lengths and the validation options."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Fields of tblclients the importer fills, in the order issues are listed.
PERFEX_FIELDS = (
    "company",
    "vat",
    "phonenumber",
    "country",
    "city",
    "zip",
    "state",
    "address",
    "website",
    "active",
)

# varchar lengths of those tblclients columns; country and active are int columns.
FIELD_MAX_LENGTHS = {
    "company": 191,
    "vat": 50,
    "phonenumber": 30,
    "city": 100,
    "zip": 15,
    "state": 50,
    "address": 191,
    "website": 150,
}


@dataclass(frozen=True)
class ValidationOptions:
    """Choices that change how values are stored or how strictly they are checked."""

    vat_required: bool = False
    vat_format: Literal["digits", "masked"] = "digits"  # stored form of a numeric CPF/CNPJ
    zip_format: Literal["masked", "digits"] = "masked"  # NNNNN-NNN or 8 digits
    phone_format: Literal["e164", "national"] = "e164"
    phone_invalid: Literal["warning", "error"] = "warning"
    default_country: str = "Brasil"  # any accepted country form, resolved once per schema
