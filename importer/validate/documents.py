"""CPF and CNPJ (Brazilian tax ids): cleaning, check digits, formatting and samples.

Both use modulus-11 check digits. A CNPJ may be alphanumeric: its first 12
characters are digits or upper-case letters and the last 2 are check digits,
computed with each character worth its ASCII code minus 48. A numeric CNPJ is
the special case where every character is a digit.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Sequence

import numpy as np

from importer.textnorm import clean_text
from importer.validate.outcome import EMPTY, Outcome

CPF_LENGTH = 11
CNPJ_LENGTH = 14

_CPF_WEIGHTS = (11, 10, 9, 8, 7, 6, 5, 4, 3, 2)
_CNPJ_WEIGHTS = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)

# Punctuation and spaces of the usual masks: 123.456.789-09 and 12.345.678/0001-95.
_MASK_CHARACTERS = re.compile(r"[\s./-]")
_DOCUMENT_CHARACTERS = re.compile(r"[0-9A-Z]+")
_CNPJ_PATTERN = re.compile(r"[0-9A-Z]{12}[0-9]{2}")
# Excel's display of a long number kept as a float: 1,23457E+13 or 1.23457E+13.
_SCIENTIFIC_NOTATION = re.compile(r"\d(?:[.,]\d+)?[eE][+-]?\d+")
# A number cell read as text keeps its float suffix: 12345678000195.0
_FLOAT_SUFFIX = re.compile(r"(\d+)[.,]0+")
# Lengths of an all-digit text that most likely lost leading zeros in a number cell.
_TEXT_LENGTHS_TO_PAD = {CPF_LENGTH - 1: CPF_LENGTH, CNPJ_LENGTH - 1: CNPJ_LENGTH}


def _check_digit(characters: str, weights: Sequence[int]) -> str:
    total = sum((ord(char) - 48) * weight for char, weight in zip(characters, weights[-len(characters):]))
    remainder = total % 11
    return "0" if remainder < 2 else str(11 - remainder)


def _append_check_digits(base: str, weights: Sequence[int]) -> str:
    first = _check_digit(base, weights)
    return base + first + _check_digit(base + first, weights)


def _strip_mask(text: str) -> str:
    return _MASK_CHARACTERS.sub("", clean_text(text)).upper()


def _is_repeated(compact: str) -> bool:
    return compact == compact[0] * len(compact)


def _has_valid_cpf_digits(compact: str) -> bool:
    return _append_check_digits(compact[:9], _CPF_WEIGHTS) == compact


def _has_valid_cnpj_digits(compact: str) -> bool:
    return _append_check_digits(compact[:12], _CNPJ_WEIGHTS) == compact


def is_valid_cpf(text: str) -> bool:
    """Return whether ``text``, masked or not, is a CPF with matching check digits."""
    compact = _strip_mask(text)
    return (
        len(compact) == CPF_LENGTH
        and compact.isdigit()
        and not _is_repeated(compact)
        and _has_valid_cpf_digits(compact)
    )


def is_valid_cnpj(text: str) -> bool:
    """Return whether ``text``, masked or not, is a numeric or alphanumeric CNPJ with matching check digits."""
    compact = _strip_mask(text)
    return (
        _CNPJ_PATTERN.fullmatch(compact) is not None
        and not _is_repeated(compact)
        and _has_valid_cnpj_digits(compact)
    )


def generate_cpf(rng: random.Random) -> str:
    """Return a random valid CPF as 11 bare digits."""
    while True:
        base = "".join(rng.choices(string.digits, k=9))
        if not _is_repeated(base):
            return _append_check_digits(base, _CPF_WEIGHTS)


def generate_cnpj(rng: random.Random, alphanumeric: bool = False) -> str:
    """Return a random valid CNPJ as 14 bare characters, with letters when ``alphanumeric``."""
    alphabet = string.digits + string.ascii_uppercase if alphanumeric else string.digits
    while True:
        base = "".join(rng.choices(alphabet, k=12))
        if not _is_repeated(base):
            return _append_check_digits(base, _CNPJ_WEIGHTS)


def format_cpf(value: str) -> str:
    """Return an 11-digit CPF masked as 123.456.789-09."""
    compact = _strip_mask(value)
    return f"{compact[:3]}.{compact[3:6]}.{compact[6:9]}-{compact[9:]}"


def format_cnpj(value: str) -> str:
    """Return a 14-character CNPJ masked as 12.345.678/0001-95 (or 12.ABC.345/01DE-35)."""
    compact = _strip_mask(value)
    return f"{compact[:2]}.{compact[2:5]}.{compact[5:8]}/{compact[8:12]}-{compact[12:]}"


def valid_numeric_documents(values: np.ndarray, length: int) -> np.ndarray:
    """Return, for an array of ``length``-character documents without mask, which are valid.

    Each value is ASCII digits, or for a CNPJ 12 ASCII digits or upper-case
    letters and then 2 digits. This is the vectorized path for the common case of thousands
    of documents: the check digits of every value are computed at once.
    """
    if len(values) == 0:
        return np.zeros(0, dtype=bool)
    weights = np.array(_CPF_WEIGHTS if length == CPF_LENGTH else _CNPJ_WEIGHTS, dtype=np.int64)
    encoded = "".join(values).encode("ascii")
    digits = (np.frombuffer(encoded, dtype=np.uint8).reshape(len(values), length) - 48).astype(np.int64)
    base_length = length - 2

    first_remainder = (digits[:, :base_length] @ weights[1:]) % 11
    first = np.where(first_remainder < 2, 0, 11 - first_remainder)
    second_remainder = (digits[:, :base_length] @ weights[:-1] + first * weights[-1]) % 11
    second = np.where(second_remainder < 2, 0, 11 - second_remainder)

    repeated = (digits == digits[:, :1]).all(axis=1)
    return (digits[:, base_length] == first) & (digits[:, base_length + 1] == second) & ~repeated


def _store(compact: str, vat_format: str) -> str:
    if vat_format != "masked":
        return compact
    return format_cpf(compact) if len(compact) == CPF_LENGTH else format_cnpj(compact)


def _restore_leading_zeros(digits: str, from_number: bool) -> str | None:
    """Return the padded CPF or CNPJ when exactly one padded form is valid, else None.

    A value that came from a number cell may have lost any number of zeros,
    so both lengths are tried. Typed text is padded only when it is one digit
    short, the usual sign of a column that Excel turned into numbers.
    """
    if from_number:
        targets = [length for length in (CPF_LENGTH, CNPJ_LENGTH) if len(digits) < length]
    else:
        targets = [_TEXT_LENGTHS_TO_PAD[len(digits)]] if len(digits) in _TEXT_LENGTHS_TO_PAD else []
    candidates = [digits.zfill(length) for length in targets]
    valid = [
        candidate
        for candidate in candidates
        if (is_valid_cpf(candidate) if len(candidate) == CPF_LENGTH else is_valid_cnpj(candidate))
    ]
    # Both lengths valid happens for about 1 value in 100; guessing could attach the wrong client.
    return valid[0] if len(valid) == 1 else None


def _check_full_length(compact: str) -> str:
    """Return the error code of an 11- or 14-character document, or "" when it is valid."""
    if len(compact) == CPF_LENGTH:
        if not compact.isdigit():
            return "cpf_cnpj_characters"
        if _is_repeated(compact):
            return "cpf_cnpj_repeated"
        return "" if _has_valid_cpf_digits(compact) else "cpf_check_digits"
    if _CNPJ_PATTERN.fullmatch(compact) is None:
        return "cpf_cnpj_characters"
    if _is_repeated(compact):
        return "cpf_cnpj_repeated"
    return "" if _has_valid_cnpj_digits(compact) else "cnpj_check_digits"


def normalize_vat(text: str, from_number: bool, vat_format: str, vat_required: bool) -> Outcome:
    """Normalize one CPF/CNPJ cell; ``from_number`` is True when the cell was a number cell."""
    cleaned = clean_text(text)
    if not cleaned:
        return Outcome(None, "vat_required") if vat_required else EMPTY
    if _SCIENTIFIC_NOTATION.fullmatch(cleaned):
        return Outcome(None, "cpf_cnpj_scientific_notation")

    float_suffix = _FLOAT_SUFFIX.fullmatch(cleaned)
    if float_suffix:
        compact = float_suffix.group(1)
        from_number = True
    else:
        compact = _strip_mask(cleaned)
    if _DOCUMENT_CHARACTERS.fullmatch(compact) is None:
        return Outcome(None, "cpf_cnpj_characters")

    if len(compact) in (CPF_LENGTH, CNPJ_LENGTH):
        code = _check_full_length(compact)
        return Outcome(None, code) if code else Outcome(_store(compact, vat_format))

    if compact.isdigit() and (from_number or compact == cleaned):
        restored = _restore_leading_zeros(compact, from_number)
        if restored is not None:
            stored = _store(restored, vat_format)
            return Outcome(stored, "cpf_cnpj_zeros_restored", {"restored": stored})
    return Outcome(None, "cpf_cnpj_length", {"length": len(compact)})
