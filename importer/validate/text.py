"""Free-text fields: company, city, address, and state or zip outside Brazil."""

from __future__ import annotations

from importer.textnorm import clean_text
from importer.validate.options import FIELD_MAX_LENGTHS
from importer.validate.outcome import EMPTY, Outcome


def normalize_text(text: str, field: str) -> Outcome:
    """Clean a text cell (spaces only; accents and case stay) and enforce the column length."""
    cleaned = clean_text(text)
    if not cleaned:
        return EMPTY
    max_length = FIELD_MAX_LENGTHS[field]
    if len(cleaned) > max_length:
        return Outcome(None, "too_long", {"length": len(cleaned), "max_length": max_length})
    return Outcome(cleaned)


def normalize_company(text: str) -> Outcome:
    """Clean the company name, which Perfex requires."""
    outcome = normalize_text(text, "company")
    if outcome.value is None and not outcome.code:
        return Outcome(None, "company_required")
    return outcome
