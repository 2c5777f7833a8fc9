"""Phone numbers, parsed with the phonenumbers library as Brazilian by default."""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat
from phonenumbers.phonemetadata import PhoneMetadata

from importer.textnorm import clean_text
from importer.validate.options import FIELD_MAX_LENGTHS
from importer.validate.outcome import EMPTY, Outcome

DEFAULT_REGION = "BR"
BRAZIL_CALLING_CODE = 55
# Separators typed between two numbers in one cell: "(11) 3333-4444 / 3333-5555", "... ou ...".
_NUMBER_SEPARATORS = re.compile(r"\s*(?:[/;|,]|\s(?:ou|or|e)\s)\s*", re.IGNORECASE)


# Typed Brazilian numbers of the usual shapes, "+55 (11) 98765-4321", "11 3333-4444",
# "(11)987654321": an optional +55, a two-digit DDD, then 8 or 9 digits.
_USUAL_SHAPE = r"(?:\+55 ?)?\(?[1-9]{2}\)? ?\d{4,5}[ .-]?\d{4}"
_NOT_DIGITS = r"\D"


@cache
def _brazilian_number_patterns() -> tuple[str, str]:
    """Return phonenumbers' own patterns for any Brazilian number and for fixed or mobile lines."""
    metadata = PhoneMetadata.metadata_for_region(DEFAULT_REGION)
    line_patterns = (metadata.fixed_line.national_number_pattern, metadata.mobile.national_number_pattern)
    return metadata.general_desc.national_number_pattern, "|".join(f"(?:{pattern})" for pattern in line_patterns)


def brazilian_phone_shortcut(cells: pd.Series, phone_format: str) -> tuple[np.ndarray, pd.Series]:
    """Format, for a whole column at once, the cells that are valid Brazilian numbers of the usual shapes.

    Returns which cells were settled and their stored values. It matches the
    national number against the fixed-line and mobile patterns of
    phonenumbers' metadata, which is the test ``is_valid_number`` applies to
    such numbers, so a settled cell gets what ``normalize_phone`` would give.
    Every other cell is left to ``normalize_phone``.
    """
    # re.ASCII: \d must not take other scripts' digits, which normalize_phone turns into ASCII ones.
    usual = cells.str.fullmatch(_USUAL_SHAPE, flags=re.ASCII)
    national = cells.str.replace(_NOT_DIGITS, "", regex=True, flags=re.ASCII)
    national = national.where(~cells.str.startswith("+55"), national.str[2:])
    general_pattern, line_pattern = _brazilian_number_patterns()
    settled = (
        usual
        & national.str.fullmatch(general_pattern, flags=re.ASCII)
        & national.str.fullmatch(line_pattern, flags=re.ASCII)
    ).to_numpy(dtype=bool)

    if phone_format == "e164":
        return settled, "+55" + national
    area_code, subscriber = national.str[:2], national.str[2:]
    return settled, "(" + area_code + ") " + subscriber.str[:-4] + "-" + subscriber.str[-4:]


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
