"""Choosing a source for each Perfex field from the header names and the sampled values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from importer.suggest import sniff
from importer.suggest.synonyms import ADDRESS_PARTS, AREA_CODE_NAMES, rank
from importer.textnorm import clean_text, normalize_header_name

BRAZIL = "Brasil"
# Patterns of the "CIDADE / UF" form, as in the ERP mapping shipped in mappings/.
CITY_PATTERN = r"^(.*?) */ *[A-Za-z]{2}$"
STATE_PATTERN = r"/ *([A-Za-z]{2})$"
# Keeps the last of two statuses, as in "Ativo / Inativo" (person / client).
LAST_STATUS_PATTERN = r"/ *(\w+) *$"
# Receita Federal "situação cadastral" codes: 02 is active; 01, 03, 04 and 08 are not.
RECEITA_STATUS = {"02": 1, "01": 0, "03": 0, "04": 0, "08": 0}
MAX_STATUS_VALUES = 6
# Status words that name a client's state rather than yes or no.
ACTIVE_WORDS = ("ativo", "ativa", "inativo", "inativa")


@dataclass
class Column:
    """One column of the sample: its position, its name in the mapping and its sampled values."""

    position: int
    name: str
    values: list[str]
    role: str | None = None  # what the values showed, for naming columns of a headerless file


@dataclass
class Choices:
    """The source of each field, as the mapping's YAML data, with a note to comment it."""

    fields: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # field -> note code of suggest.messages
    used: set[int] = field(default_factory=set)  # positions of the columns some field reads

    def take(self, field_name: str, spec: Any, columns: list[Column], note: str | None = None) -> None:
        self.fields[field_name] = spec
        self.used.update(column.position for column in columns)
        if note is not None:
            self.notes[field_name] = note


def choose_fields(columns: list[Column], *, has_header: bool) -> Choices:
    """Return a source for every field the columns can fill.

    A column of valid CPFs/CNPJs is ``vat`` whatever its name; the other
    fields come from the header names first, then from the values.
    """
    choices = Choices()
    _choose_vat(columns, choices)
    _choose_phone(columns, choices)
    _choose_city_and_state(columns, choices)
    _choose_simple(columns, choices, "zip", sniff.is_masked_cep if has_header else _any_cep)
    _choose_address(columns, choices)
    _choose_company(columns, choices)
    _choose_simple(columns, choices, "website", sniff.is_website)
    _choose_active(columns, choices)
    _choose_country(columns, choices)
    return choices


def _free(columns: list[Column], choices: Choices) -> list[Column]:
    return [column for column in columns if column.position not in choices.used]


def _by_name(columns: list[Column], choices: Choices, field_name: str) -> list[Column]:
    """Return the free columns named as ``field_name``, best name first."""
    ranked = [(rank(field_name, column.name), column) for column in _free(columns, choices)]
    return [column for position, column in sorted((r for r in ranked if r[0] is not None), key=lambda r: (r[0], r[1].position))]


def _by_values(columns: list[Column], choices: Choices, test) -> Column | None:
    for column in _free(columns, choices):
        if sniff.filled(column.values) and sniff.fits(column.values, test):
            return column
    return None


def _any_cep(value: str) -> bool:
    return sniff.is_masked_cep(value) or sniff.is_bare_cep(value)


def _choose_vat(columns: list[Column], choices: Choices) -> None:
    column = _by_values(columns, choices, sniff.is_document)
    if column is not None:
        column.role = "cpf_cnpj"
        choices.take("vat", column.name, [column])
        return
    split = _split_cnpj(columns)
    if split is not None:
        for column, role in zip(split, ("cnpj_basico", "cnpj_ordem", "cnpj_dv")):
            column.role = role
        choices.take("vat", {"join": [column.name for column in split], "sep": ""}, split, "note_cnpj_split")
        return
    named = _by_name(columns, choices, "vat")
    if named:
        choices.take("vat", named[0].name, [named[0]])


def _split_cnpj(columns: list[Column]) -> list[Column] | None:
    """Find three neighbouring columns of 8, 4 and 2 digits that form CNPJs, as in Receita Federal files."""
    from importer.validate import is_valid_cnpj

    for first, second, third in zip(columns, columns[1:], columns[2:]):
        rows = list(zip(first.values, second.values, third.values))
        joined = [a + b + c for a, b, c in rows if a and b and c]
        shapes = all(len(a) == 8 and len(b) == 4 and len(c) == 2 for a, b, c in rows if a and b and c)
        if joined and shapes and sum(map(is_valid_cnpj, joined)) >= sniff.MATCH_SHARE * len(joined):
            return [first, second, third]
    return None


def _choose_phone(columns: list[Column], choices: Choices) -> None:
    # An area code column followed by the number: both are needed for a phone.
    for index, column in enumerate(columns[:-1]):
        named = normalize_header_name(column.name) in AREA_CODE_NAMES
        if column.position in choices.used or not (named or sniff.fits(column.values, sniff.is_area_code)):
            continue
        number = columns[index + 1]
        if number.position in choices.used or not sniff.fits(number.values, sniff.is_subscriber_number):
            continue
        column.role, number.role = "ddd", "telefone"
        spec = {"join": [column.name, number.name], "sep": " ", "all_required": True}
        choices.take("phonenumber", spec, [column, number], "note_area_code")
        return
    named = _by_name(columns, choices, "phonenumber")
    if len(named) == 1:
        choices.take("phonenumber", named[0].name, named)
    elif named:
        choices.take("phonenumber", [column.name for column in named[:3]], named[:3], "note_first_phone")
    else:
        column = _by_values(columns, choices, sniff.is_phone)
        if column is not None:
            column.role = "telefone"
            choices.take("phonenumber", column.name, [column])


def _choose_city_and_state(columns: list[Column], choices: Choices) -> None:
    cities = _by_name(columns, choices, "city")
    states = _by_name(columns, choices, "state")
    city = cities[0] if cities else None
    if city is not None and sniff.fits(city.values, sniff.city_and_uf):
        choices.take("city", {"column": city.name, "pattern": CITY_PATTERN}, [city], "note_city_pattern")
        if not states:
            choices.take("state", {"column": city.name, "pattern": STATE_PATTERN}, [city], "note_state_pattern")
    elif city is not None:
        choices.take("city", city.name, [city])
    if "state" not in choices.fields:
        state = states[0] if states else _by_values(columns, choices, sniff.is_uf)
        if state is not None:
            state.role = "uf"
            choices.take("state", state.name, [state])


def _choose_simple(columns: list[Column], choices: Choices, field_name: str, test) -> None:
    named = _by_name(columns, choices, field_name)
    column = named[0] if named else _by_values(columns, choices, test)
    if column is not None:
        column.role = column.role or {"zip": "cep", "website": "site"}.get(field_name)
        choices.take(field_name, column.name, [column])


def _choose_address(columns: list[Column], choices: Choices) -> None:
    parts: list[Column] = []
    for names in ADDRESS_PARTS.values():
        found = [column for column in _free(columns, choices) if normalize_header_name(column.name) in names]
        if found:
            parts.append(found[0])
    sep = ", "
    if not parts:
        parts = _street_run(columns, choices)
        sep = " "
    if len(parts) == 1:
        choices.take("address", parts[0].name, parts)
    elif parts:
        choices.take("address", {"join": [column.name for column in parts], "sep": sep}, parts, "note_address")


def _street_run(columns: list[Column], choices: Choices) -> list[Column]:
    """Find a street type column (RUA, AVENIDA...) and the street, number, complement and district after it."""
    roles = ("tipo_logradouro", "logradouro", "numero", "complemento", "bairro")
    for index, column in enumerate(columns):
        if column.position in choices.used or not sniff.fits(column.values, sniff.is_street_type):
            continue
        run = [part for part in columns[index : index + len(roles)] if part.position not in choices.used]
        for part, role in zip(run, roles):
            part.role = role
        return run
    return []


def _choose_company(columns: list[Column], choices: Choices) -> None:
    named = _by_name(columns, choices, "company")
    if named:
        choices.take("company", named[0].name, [named[0]])
        return
    for column in _free(columns, choices):
        present = sniff.filled(column.values)
        wordy = [value for value in present if re.search(r"[^\W\d_]{2}", value) and not sniff.is_number(value)]
        if not present or len(wordy) < sniff.MATCH_SHARE * len(present):
            continue
        if any("@" in value for value in present) or sniff.fits(present, sniff.is_uf) or sniff.fits(present, sniff.is_status):
            continue
        if len(set(present)) >= 0.5 * len(present):
            column.role = "nome"
            choices.take("company", column.name, [column], "note_company_guessed")
            return


def _choose_active(columns: list[Column], choices: Choices) -> None:
    candidates = _by_name(columns, choices, "active") + _free(columns, choices)
    seen: set[int] = set()
    for column in candidates:
        if column.position in seen:
            continue
        seen.add(column.position)
        spec = _status_spec(column)
        if spec is not None:
            column.role = "situacao"
            choices.take("active", spec, [column], "note_active")
            return


def _status_spec(column: Column) -> dict[str, Any] | None:
    """Return the active field's source when the column contains status words or Receita status codes.

    A few stray values (a row shifted by a separator) do not stop the match;
    they stay unmapped and the validation reports them.
    """
    present = sniff.filled(column.values)
    if not present:
        return None
    default = {"default": 1} if len(present) < len(column.values) else {}
    if sniff.fits(present, lambda value: value in RECEITA_STATUS) and "02" in present:
        return {"column": column.name, "values": dict(RECEITA_STATUS)}
    words = _distinct_matching(present, sniff.is_status)
    # Two or more yes/no words, or Ativo/Inativo alone: a lone "S" or "1" is not enough.
    if words and (len(words) >= 2 or all(normalize_header_name(word) in ACTIVE_WORDS for word in words)):
        return {"column": column.name, "values": _status_values(words), **default}
    pairs = _distinct_matching(present, sniff.is_status_pair)
    if pairs:
        last = [re.split(r"\s*/\s*", value)[-1] for value in pairs]
        return {"column": column.name, "pattern": LAST_STATUS_PATTERN, "values": _status_values(last), **default}
    return None


def _distinct_matching(present: list[str], test) -> list[str]:
    """Return the distinct values passing ``test`` when they are most of the column and few."""
    if not sniff.fits(present, test):
        return []
    distinct = list(dict.fromkeys(value for value in present if test(value)))
    return distinct if len(distinct) <= MAX_STATUS_VALUES else []


def _status_values(words: list[str]) -> dict[str, int]:
    values: dict[str, int] = {}
    for word in words:
        key = clean_text(word)
        flag = sniff.status_word(key)
        if flag is not None and normalize_header_name(key) not in {normalize_header_name(k) for k in values}:
            values[key] = flag
    return values


def _choose_country(columns: list[Column], choices: Choices) -> None:
    named = _by_name(columns, choices, "country")
    if named:
        choices.take("country", {"column": named[0].name, "default": BRAZIL}, named[:1])
    elif "state" in choices.fields or "zip" in choices.fields:
        choices.take("country", {"value": BRAZIL}, [], "note_country_brazil")


def role_names(columns: list[Column]) -> list[str]:
    """Return names for the columns of a headerless file: the role the values showed, else col_N."""
    names: list[str] = []
    used_names: set[str] = set()
    for column in columns:
        base = column.role or _plain_role(column) or f"col_{column.position + 1}"
        name, copy = base, 2
        while name in used_names:
            name = f"{base}_{copy}"
            copy += 1
        used_names.add(name)
        names.append(name)
    return names


def _plain_role(column: Column) -> str | None:
    present = sniff.filled(column.values)
    if present and sniff.fits(present, lambda value: "@" in value):
        return "email"
    return None
