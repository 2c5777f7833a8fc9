"""Result of normalizing one cell: the stored value and at most one finding."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from importer.issues import Severity


@dataclass(frozen=True, slots=True)
class Outcome:
    """Normalized value of a cell, with the code of its error or warning if any.

    ``code`` is "" when the cell is fine. Each rule reports at most one
    finding per cell, the one that matters most to the user.
    """

    value: Any
    code: str = ""
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


EMPTY = Outcome(None)

# Codes after which the row is still sent; every other code blocks the row.
WARNING_CODES = frozenset(
    {
        "cpf_cnpj_zeros_restored",
        "cep_zero_restored",
        "phone_multiple",
        "phone_invalid_omitted",
        "website_invalid",
        "duplicate_company",
    }
)


def severity_of(code: str, phone_invalid: str) -> Severity:
    """Return whether ``code`` blocks the row; ``phone_invalid`` is the option of that name."""
    if code == "phone_invalid":
        return Severity.ERROR if phone_invalid == "error" else Severity.WARNING
    return Severity.WARNING if code in WARNING_CODES else Severity.ERROR
