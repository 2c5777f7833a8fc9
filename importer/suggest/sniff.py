"""Recognising what a column contains from its values: CPF/CNPJ, CEP, UF, phones, status words."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from importer.textnorm import clean_text, normalize_header_name

# Share of the non-empty sample values that must fit for a column to be recognised.
MATCH_SHARE = 0.8

_CEP_MASKED = re.compile(r"^\d{5}-\d{3}$")
_EIGHT_DIGITS = re.compile(r"^\d{8}$")
_DATE_DIGITS = re.compile(r"^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")
_CITY_UF = re.compile(r"^(.+?)\s*/\s*([A-Za-z]{2})$")
_PHONE = re.compile(r"^\+?[\d\s().-]{8,20}$")
_WEBSITE = re.compile(r"^(https?://|www\.)\S+$|^[\w-]+(\.[\w-]+)*\.(com|net|org|br|pt)(\.br)?/?\S*$", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?[\d.,/\s-]+$")
_STATUS_PAIR = re.compile(r"^(\w+)\s*/\s*(\w+)$")

ACTIVE_WORDS = {"ativo", "ativa", "sim", "s", "active", "yes", "true"}
INACTIVE_WORDS = {"inativo", "inativa", "nao", "n", "inactive", "no", "false", "bloqueado", "suspenso", "cancelado"}
STREET_TYPES = {
    "rua", "r", "avenida", "av", "travessa", "tv", "estrada", "est", "rodovia", "rod", "alameda", "al",
    "praca", "pc", "largo", "viela", "quadra", "via", "setor", "beco", "ladeira", "servidao", "vila",
}  # fmt: skip


def filled(values: Sequence[str]) -> list[str]:
    """Return the non-empty values, cleaned of surrounding and invisible spaces."""
    return [text for text in (clean_text(value) for value in values) if text]


def share(values: Sequence[str], test: Callable[[str], bool]) -> float:
    """Return the share of non-empty ``values`` that pass ``test`` (0 for an empty column)."""
    present = filled(values)
    if not present:
        return 0.0
    return sum(1 for value in present if test(value)) / len(present)


def fits(values: Sequence[str], test: Callable[[str], bool]) -> bool:
    return share(values, test) >= MATCH_SHARE


def is_document(value: str) -> bool:
    """Return whether ``value`` is a valid CPF or CNPJ, also once leading zeros lost by a number cell are restored."""
    from importer.validate import is_valid_cnpj, is_valid_cpf

    if is_valid_cnpj(value) or is_valid_cpf(value):
        return True
    digits = re.sub(r"\D", "", value)
    if digits != value:
        return False
    return (len(digits) in (9, 10) and is_valid_cpf(digits.zfill(11))) or (
        len(digits) in (12, 13) and is_valid_cnpj(digits.zfill(14))
    )


def is_masked_cep(value: str) -> bool:
    return _CEP_MASKED.match(value) is not None


def is_bare_cep(value: str) -> bool:
    """Eight digits that are not a YYYYMMDD date, as CEPs are written in headerless exports."""
    return _EIGHT_DIGITS.match(value) is not None and _DATE_DIGITS.match(value) is None


def is_uf(value: str) -> bool:
    from importer.validate import UF_CODES

    return value.upper() in UF_CODES


def city_and_uf(value: str) -> bool:
    """Return whether ``value`` reads "CIDADE / UF", such as "SAO PAULO / SP"."""
    match = _CITY_UF.match(value)
    return match is not None and is_uf(match.group(2))


def is_phone(value: str) -> bool:
    """Return whether ``value`` reads like a phone number; a masked CEP ("01310-100") does not."""
    digits = re.sub(r"\D", "", value)
    return _PHONE.match(value) is not None and 8 <= len(digits) <= 13 and not is_masked_cep(value)


def is_subscriber_number(value: str) -> bool:
    """Eight or nine digits: a phone number without its area code."""
    digits = re.sub(r"[\s.-]", "", value)
    return digits.isdigit() and len(digits) in (8, 9)


def is_area_code(value: str) -> bool:
    return value.isdigit() and len(value) == 2 and 11 <= int(value) <= 99


def is_website(value: str) -> bool:
    return "@" not in value and _WEBSITE.match(value) is not None


def is_number(value: str) -> bool:
    """Return whether a cell contains a number, a code or a date rather than words."""
    return _NUMBER.match(value) is not None


def is_street_type(value: str) -> bool:
    return normalize_header_name(value).rstrip(".") in STREET_TYPES


def status_word(value: str) -> int | None:
    """Return 1 or 0 for a status word such as Ativo or Inativo, else None."""
    key = normalize_header_name(value)
    if key in ACTIVE_WORDS:
        return 1
    if key in INACTIVE_WORDS:
        return 0
    return None


def is_status(value: str) -> bool:
    return status_word(value) is not None


def is_status_pair(value: str) -> bool:
    """Return whether ``value`` reads "Ativo / Inativo": two statuses, of which the last one counts."""
    match = _STATUS_PAIR.match(value)
    return match is not None and is_status(match.group(1)) and is_status(match.group(2))
