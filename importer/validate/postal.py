"""CEP (Brazilian postal code) and postal codes of other countries."""

from __future__ import annotations

import re

from importer.textnorm import clean_text
from importer.validate.options import FIELD_MAX_LENGTHS
from importer.validate.outcome import EMPTY, Outcome

CEP_LENGTH = 8
_CEP_MASK_CHARACTERS = re.compile(r"[\s.-]")
# A number cell read as text keeps its float suffix: 1310100.0
_FLOAT_SUFFIX = re.compile(r"(\d+)[.,]0+")


def format_cep(digits: str) -> str:
    """Return an 8-digit CEP masked as 01310-100."""
    return f"{digits[:5]}-{digits[5:]}"


def normalize_cep(text: str, zip_format: str) -> Outcome:
    """Normalize a Brazilian CEP; a 7-digit value gets back the leading zero a number cell dropped."""
    cleaned = clean_text(text)
    if not cleaned:
        return EMPTY
    float_suffix = _FLOAT_SUFFIX.fullmatch(cleaned)
    digits = float_suffix.group(1) if float_suffix else _CEP_MASK_CHARACTERS.sub("", cleaned)
    if not digits.isdecimal() or len(digits) not in (CEP_LENGTH - 1, CEP_LENGTH):
        return Outcome(None, "cep_invalid")
    if not digits.isascii():
        # Digits of another script (Arabic-Indic, full-width) are stored as the ASCII digits they stand for.
        digits = "".join(str(int(char)) for char in digits)

    stored = digits.zfill(CEP_LENGTH)
    if zip_format == "masked":
        stored = format_cep(stored)
    if len(digits) < CEP_LENGTH:
        return Outcome(stored, "cep_zero_restored", {"restored": stored})
    return Outcome(stored)


def normalize_foreign_zip(text: str) -> Outcome:
    """Keep a postal code of another country as given, trimmed, within the column length."""
    cleaned = clean_text(text)
    if not cleaned:
        return EMPTY
    max_length = FIELD_MAX_LENGTHS["zip"]
    if len(cleaned) > max_length:
        return Outcome(None, "too_long", {"length": len(cleaned), "max_length": max_length})
    return Outcome(cleaned)
