"""Masking personal data (LGPD) in console output and log files.

A person's CPF, e-mail address and phone number are partly hidden; a
company's CNPJ is public record and stays readable. Report files and
journals keep the real values, because the user needs them to fix rows, and
they are created readable by the user only.
"""

from __future__ import annotations

import re

MASK = "*"
CPF_LENGTH = 11
CNPJ_LENGTH = 14
# Digits kept visible at the start and end of a phone number, after the area code.
PHONE_VISIBLE_START = 1
PHONE_VISIBLE_END = 2
EMAIL_VISIBLE_CHARS = 2

_EMAIL = r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
# Masked CNPJ, numeric or alphanumeric (letters allowed in the first 12 characters since 2026).
_CNPJ_MASKED = r"(?P<cnpj>[0-9A-Z]{2}\.[0-9A-Z]{3}\.[0-9A-Z]{3}/[0-9A-Z]{4}-\d{2})"
_CNPJ_BARE = r"(?P<cnpj_bare>(?<![\d])\d{14}(?!\d))"
_CPF_MASKED = r"(?P<cpf>(?<![\d.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\d]))"
# Brazilian phones: optional +55, optional area code in brackets or not, then 8 or 9 digits.
# Without an area code a separator is required, so that a CEP ("01310-100") or a
# plain number is not taken for a phone.
_PHONE = (
    r"(?P<phone>(?<![\w+])"
    r"(?:(?:\+?55[\s.-]?)?(?:\(\d{2}\)\s?|\d{2}[\s.-]?)\d{4,5}[\s.-]?\d{4}"
    r"|\d{4,5}[\s.-]\d{4})"
    r"(?!\d))"
)
_PERSONAL = re.compile("|".join((_EMAIL, _CNPJ_MASKED, _CNPJ_BARE, _CPF_MASKED, _PHONE)))


def mask_document(vat: str) -> str:
    """Return a CPF as ``***.456.789-**``; a CNPJ (14 characters) stays as it is.

    Any other value with at least 6 digits, such as a mistyped CPF, has its
    first 3 and last 2 digits hidden, because it may be a person's document.
    """
    compact = re.sub(r"[.\-/\s]", "", vat)
    if len(compact) == CNPJ_LENGTH:
        return vat
    if len(compact) == CPF_LENGTH and compact.isdigit():
        return f"{MASK * 3}.{compact[3:6]}.{compact[6:9]}-{MASK * 2}"
    digit_positions = [index for index, char in enumerate(vat) if char.isdigit()]
    if len(digit_positions) < 6:
        return vat
    hidden = set(digit_positions[:3] + digit_positions[-2:])
    return "".join(MASK if index in hidden else char for index, char in enumerate(vat))


def mask_email(email: str) -> str:
    """Return ``jo***@gmail.com`` for ``joao.silva@gmail.com``: the domain stays readable."""
    local, _, domain = email.partition("@")
    visible = local[: min(EMAIL_VISIBLE_CHARS, max(len(local) - 1, 1))]
    return f"{visible}{MASK * 3}@{domain}"


def mask_phone(phone: str) -> str:
    """Return ``(11) 9****-**21`` for ``(11) 98765-4321``: area code, first and last 2 digits stay.

    The country code 55 and the area code are kept when present (10 or more
    digits); the separators of the original are kept too.
    """
    digits = [index for index, char in enumerate(phone) if char.isdigit()]
    prefix = 0
    if len(digits) >= 12 and phone[digits[0] : digits[1] + 1] == "55":
        prefix = 2  # country code
    if len(digits) - prefix >= 10:
        prefix += 2  # area code (DDD)
    subscriber = digits[prefix:]
    visible = set(digits[:prefix] + subscriber[:PHONE_VISIBLE_START] + subscriber[-PHONE_VISIBLE_END:])
    return "".join(MASK if index in digits and index not in visible else char for index, char in enumerate(phone))


def _mask_match(match: re.Match[str]) -> str:
    text = match.group(0)
    if match.group("email"):
        return mask_email(text)
    if match.group("cnpj") or match.group("cnpj_bare"):
        return text
    if match.group("cpf"):
        return mask_document(text)
    digits = re.sub(r"\D", "", text)
    # Eleven bare digits are a mobile number with area code or a CPF: the check digits decide.
    if len(digits) == CPF_LENGTH and digits == text and _is_valid_cpf(digits):
        return mask_document(text)
    return mask_phone(text)


def _is_valid_cpf(digits: str) -> bool:
    from importer.validate.documents import is_valid_cpf

    return is_valid_cpf(digits)


def mask_personal(text: str) -> str:
    """Hide CPFs, e-mail addresses and phone numbers found anywhere in ``text``.

    NOTE: a bare run of 10 or 11 digits that is neither a CPF nor a phone
    (an order number, a Unix time) is masked as a phone too. That errs on
    the safe side for a log that may be shared.
    """
    if not text:
        return text
    return _PERSONAL.sub(_mask_match, text)
