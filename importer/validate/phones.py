"""Phone numbers, parsed with the phonenumbers library as Brazilian by default."""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

from importer.textnorm import clean_text
from importer.validate.options import FIELD_MAX_LENGTHS
from importer.validate.outcome import EMPTY, Outcome

DEFAULT_REGION = "BR"
BRAZIL_CALLING_CODE = 55
# What people type between two numbers in one cell: "(11) 3333-4444 / 3333-5555", "... ou ...".
_NUMBER_SEPARATORS = re.compile(r"\s*(?:[/;|,]|\s(?:ou|or|e)\s)\s*", re.IGNORECASE)


def _format(number: phonenumbers.PhoneNumber, phone_format: str) -> str:
    if phone_format == "e164":
        return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    # The national format of a foreign number drops its country code, so it is stored international.
    if number.country_code != BRAZIL_CALLING_CODE:
        return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)


def _parse_valid(text: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _invalid(cleaned: str, phone_invalid: str) -> Outcome:
    """Keep an invalid number as typed when it is only a warning and fits the column."""
    if phone_invalid == "error":
        return Outcome(None, "phone_invalid")
    if len(cleaned) > FIELD_MAX_LENGTHS["phonenumber"]:
        return Outcome(None, "phone_invalid_omitted", {"max_length": FIELD_MAX_LENGTHS["phonenumber"]})
    return Outcome(cleaned, "phone_invalid")


def normalize_phone(text: str, phone_format: str, phone_invalid: str) -> Outcome:
    """Store a phone in E.164 (+5511987654321) or national format; keep the first of several numbers."""
    cleaned = clean_text(text)
    if not cleaned:
        return EMPTY
    parts = [part for part in _NUMBER_SEPARATORS.split(cleaned) if part]
    number = _parse_valid(parts[0]) if parts else None
    if number is None:
        return _invalid(cleaned, phone_invalid)

    stored = _format(number, phone_format)
    if len(parts) > 1:
        return Outcome(stored, "phone_multiple", {"kept": stored})
    return Outcome(stored)
