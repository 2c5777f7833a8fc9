"""Evaluate every field of a frame of cells into normalized values and finding codes.

The rules in the field modules work on one cell. Here they run once per
distinct cell (spreadsheets repeat cities, states and countries), and clean
values of the commonest shapes take vectorized shortcuts, so a chunk of
100,000 rows needs no Python loop over rows for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from importer.textnorm import INVISIBLE_SPACES
from importer.validate.countries import BRAZIL_COUNTRY_ID, normalize_country
from importer.validate.documents import CNPJ_LENGTH, CPF_LENGTH, normalize_vat, valid_numeric_documents
from importer.validate.flags import normalize_active
from importer.validate.options import FIELD_MAX_LENGTHS, ValidationOptions
from importer.validate.outcome import Outcome
from importer.validate.phones import brazilian_phone_shortcut, normalize_phone
from importer.validate.postal import normalize_cep, normalize_foreign_zip
from importer.validate.states import normalize_state
from importer.validate.text import normalize_company, normalize_text
from importer.validate.websites import SIMPLE_WEBSITE, normalize_website

# Every character clean_text drops or turns into a space, written literally so that
# any regex engine pandas uses reads the class the same way.
_SPACE_CHARACTERS = "".join(sorted({chr(code) for code in range(0x3001) if chr(code).isspace()} | set(INVISIBLE_SPACES)))
_VISIBLE = f"[^{_SPACE_CHARACTERS}]"
# Text that clean_text would return unchanged: single spaces between visible characters.
_CLEAN_TEXT = re.compile(f"{_VISIBLE}+(?: {_VISIBLE}+)*")
# "https://" is 8 characters, so a bare domain of up to 142 still fits the website column.
MAX_BARE_WEBSITE_LENGTH = FIELD_MAX_LENGTHS["website"] - len("https://")
_DOCUMENT_MASK = r"[ ./-]"
# ASCII digits only: \d would also take other scripts' digits, which the check digits cannot read.
_NUMERIC_DOCUMENT = r"[0-9]{11}|[0-9]{14}"
# A CNPJ whose first 12 characters may be upper-case letters, without its mask.
_ALPHANUMERIC_CNPJ = r"[0-9A-Z]{12}[0-9]{2}"
# Text of a number cell: a float suffix ("1234567890123.0") or scientific notation ("1.2345678901E23").
_EXCEL_NUMBER_TEXT = r"\s*(?:[0-9]+[.,]0+|[0-9](?:[.,][0-9]+)?[eE][+-]?[0-9]+)\s*"


@dataclass
class FieldOutcomes:
    """Per-row results of one field, aligned with the frame's rows."""

    values: np.ndarray  # object: normalized value or None
    codes: np.ndarray  # object: finding code, "" when the cell is fine
    params: np.ndarray  # object: params dict of the finding

    @classmethod
    def empty(cls, length: int) -> FieldOutcomes:
        return cls(
            values=np.full(length, None, dtype=object),
            codes=np.full(length, "", dtype=object),
            params=np.full(length, None, dtype=object),
        )

    def fill(self, positions: np.ndarray, other: FieldOutcomes) -> None:
        """Copy ``other``, computed for the rows at ``positions``, into those rows."""
        self.values[positions] = other.values
        self.codes[positions] = other.codes
        self.params[positions] = other.params


def outcomes_per_distinct(cells: pd.Series, normalize: Callable[[str], Outcome]) -> FieldOutcomes:
    """Run ``normalize`` once per distinct cell and spread the outcomes over the rows."""
    row_codes, uniques = pd.factorize(cells)
    outcomes = [normalize(cell) for cell in uniques]
    values = np.array([outcome.value for outcome in outcomes] + [None], dtype=object)
    codes = np.array([outcome.code for outcome in outcomes] + [""], dtype=object)
    params = np.array([outcome.params for outcome in outcomes] + [None], dtype=object)
    # factorize gives -1 for a missing cell, which picks the trailing empty outcome.
    return FieldOutcomes(values[row_codes], codes[row_codes], params[row_codes])


def outcomes_by_flag(
    cells: pd.Series, flags: np.ndarray, normalize: Callable[[str, bool], Outcome]
) -> FieldOutcomes:
    """Like ``outcomes_per_distinct`` for a rule that also depends on a per-row flag."""
    result = FieldOutcomes.empty(len(cells))
    for flag in (False, True):
        positions = np.flatnonzero(flags == flag)
        if len(positions):
            result.fill(positions, outcomes_per_distinct(cells.iloc[positions], partial(_call_with_flag, normalize, flag)))
    return result


def _call_with_flag(normalize: Callable[[str, bool], Outcome], flag: bool, cell: str) -> Outcome:
    return normalize(cell, flag)


def evaluate_text(cells: pd.Series, normalize: Callable[[str], Outcome], max_length: int) -> FieldOutcomes:
    """Evaluate a text field; cells already clean and short enough are kept without a Python call."""
    already_clean = (cells.str.fullmatch(_CLEAN_TEXT) & (cells.str.len() <= max_length)).to_numpy(dtype=bool)
    result = FieldOutcomes.empty(len(cells))
    result.values[already_clean] = cells.to_numpy(dtype=object)[already_clean]
    others = np.flatnonzero(~already_clean)
    if len(others):
        result.fill(others, outcomes_per_distinct(cells.iloc[others], normalize))
    return result


def evaluate_vat(cells: pd.Series, from_number: np.ndarray, options: ValidationOptions) -> FieldOutcomes:
    """Evaluate CPF/CNPJ cells; valid documents have their check digits computed with numpy."""
    compact = cells.str.replace(_DOCUMENT_MASK, "", regex=True)
    numeric = compact.str.fullmatch(_NUMERIC_DOCUMENT).to_numpy(dtype=bool)
    lengths = compact.str.len().to_numpy()
    result = FieldOutcomes.empty(len(cells))
    handled = np.zeros(len(cells), dtype=bool)

    for length, formatter in ((CPF_LENGTH, _mask_cpfs), (CNPJ_LENGTH, _mask_cnpjs)):
        positions = np.flatnonzero(numeric & (lengths == length))
        _store_valid_documents(cells, compact, positions, length, formatter, options, result, handled)
    # Alphanumeric CNPJs are about 1 in 20 of the benchmark's documents, and the full rule takes 10 µs each.
    others = np.flatnonzero(~numeric)
    alphanumeric = compact.iloc[others].str.fullmatch(_ALPHANUMERIC_CNPJ).to_numpy(dtype=bool)
    _store_valid_documents(cells, compact, others[alphanumeric], CNPJ_LENGTH, _mask_cnpjs, options, result, handled)

    # Invalid, lower-case, padded and odd values go through the full rule, which names the problem.
    others = np.flatnonzero(~handled)
    if len(others):
        rule = partial(normalize_vat, vat_format=options.vat_format, vat_required=options.vat_required)
        result.fill(
            others,
            outcomes_by_flag(cells.iloc[others], from_number[others], lambda cell, flag: rule(cell, from_number=flag)),
        )
    return result


def _store_valid_documents(
    cells: pd.Series,
    compact: pd.Series,
    positions: np.ndarray,
    length: int,
    formatter: Callable[[pd.Series], pd.Series],
    options: ValidationOptions,
    result: FieldOutcomes,
    handled: np.ndarray,
) -> None:
    """Store the documents at ``positions`` whose check digits are right, and mark them handled.

    ``compact`` contains the cells without mask. A cell that Excel turned into
    a number ("1234567890123.0", "1.2345678901E23") is left to the full rule,
    which reads it as a number cell instead of taking its dot for a mask.
    """
    valid = positions[valid_numeric_documents(compact.to_numpy(dtype=object)[positions], length)]
    valid = valid[~cells.iloc[valid].str.fullmatch(_EXCEL_NUMBER_TEXT).to_numpy(dtype=bool)]
    stored = compact.iloc[valid]
    if options.vat_format == "masked":
        stored = formatter(stored)
    result.values[valid] = stored.to_numpy(dtype=object)
    handled[valid] = True


def evaluate_vat_by_country(
    cells: pd.Series, from_number: np.ndarray, is_brazil: np.ndarray, options: ValidationOptions
) -> FieldOutcomes:
    """Apply the CPF/CNPJ rule to Brazilian rows; keep another country's tax id as given.

    A Portuguese NIF or an Argentine CUIT is not a CPF or CNPJ, so foreign
    rows only get the text cleanup and the column length of ``vat``.
    """
    result = FieldOutcomes.empty(len(cells))
    brazilian = np.flatnonzero(is_brazil)
    foreign = np.flatnonzero(~is_brazil)
    if len(brazilian):
        result.fill(brazilian, evaluate_vat(cells.iloc[brazilian], from_number[brazilian], options))
    if len(foreign):
        result.fill(
            foreign,
            evaluate_text(cells.iloc[foreign], partial(normalize_text, field="vat"), FIELD_MAX_LENGTHS["vat"]),
        )
    return result


def _mask_cpfs(digits: pd.Series) -> pd.Series:
    return digits.str[:3] + "." + digits.str[3:6] + "." + digits.str[6:9] + "-" + digits.str[9:]


def _mask_cnpjs(digits: pd.Series) -> pd.Series:
    return (
        digits.str[:2] + "." + digits.str[2:5] + "." + digits.str[5:8] + "/" + digits.str[8:12] + "-" + digits.str[12:]
    )


def evaluate_with_shortcut(
    cells: pd.Series,
    shortcut: Callable[[pd.Series], tuple[np.ndarray, pd.Series]],
    normalize: Callable[[str], Outcome],
) -> FieldOutcomes:
    """Take the values ``shortcut`` settles for whole columns; run ``normalize`` on the other cells.

    ``shortcut`` returns which cells it settled (no finding) and their stored values.
    """
    settled, stored = shortcut(cells)
    result = FieldOutcomes.empty(len(cells))
    result.values[settled] = stored.to_numpy(dtype=object)[settled]
    others = np.flatnonzero(~settled)
    if len(others):
        result.fill(others, outcomes_per_distinct(cells.iloc[others], normalize))
    return result


def _simple_websites(cells: pd.Series) -> tuple[np.ndarray, pd.Series]:
    settled = (cells.str.fullmatch(SIMPLE_WEBSITE, case=False) & (cells.str.len() <= MAX_BARE_WEBSITE_LENGTH)).to_numpy(
        dtype=bool
    )
    has_scheme = cells.str.match(r"https?://", case=False)
    return settled, cells.where(has_scheme, "https://" + cells)


def evaluate_zip(cells: pd.Series, is_brazil: np.ndarray, options: ValidationOptions) -> FieldOutcomes:
    """Evaluate postal codes: a CEP for Brazilian rows, free text for the others."""
    result = FieldOutcomes.empty(len(cells))
    brazilian = np.flatnonzero(is_brazil)
    foreign = np.flatnonzero(~is_brazil)
    if len(brazilian):
        result.fill(
            brazilian,
            evaluate_with_shortcut(
                cells.iloc[brazilian],
                partial(_well_formed_ceps, zip_format=options.zip_format),
                partial(normalize_cep, zip_format=options.zip_format),
            ),
        )
    if len(foreign):
        result.fill(foreign, outcomes_per_distinct(cells.iloc[foreign], normalize_foreign_zip))
    return result


def _well_formed_ceps(cells: pd.Series, zip_format: str) -> tuple[np.ndarray, pd.Series]:
    settled = cells.str.fullmatch(r"[0-9]{5}-?[0-9]{3}").to_numpy(dtype=bool)
    digits = cells.str.replace("-", "", regex=False)
    if zip_format == "digits":
        return settled, digits
    return settled, digits.str[:5] + "-" + digits.str[5:]


def evaluate_fields(
    frame: pd.DataFrame,
    options: ValidationOptions,
    default_country_id: int,
    from_number: dict[str, np.ndarray],
) -> dict[str, FieldOutcomes]:
    """Evaluate every field present in ``frame``, and the country even when it is absent.

    ``from_number`` holds, per field, which cells were number cells. Only vat
    uses it: a CEP that lost its leading zero is 7 digits whatever the cell type.
    """
    rows = len(frame)
    outcomes: dict[str, FieldOutcomes] = {}

    countries = frame["country"] if "country" in frame else pd.Series("", index=frame.index, dtype=object)
    outcomes["country"] = outcomes_per_distinct(countries, partial(normalize_country, default_id=default_country_id))
    is_brazil = outcomes["country"].values == BRAZIL_COUNTRY_ID

    if "company" in frame:
        outcomes["company"] = evaluate_text(frame["company"], normalize_company, FIELD_MAX_LENGTHS["company"])
    if "vat" in frame:
        outcomes["vat"] = evaluate_vat_by_country(
            frame["vat"], from_number.get("vat", np.zeros(rows, dtype=bool)), is_brazil, options
        )
    if "phonenumber" in frame:
        outcomes["phonenumber"] = evaluate_with_shortcut(
            frame["phonenumber"],
            partial(brazilian_phone_shortcut, phone_format=options.phone_format),
            partial(normalize_phone, phone_format=options.phone_format, phone_invalid=options.phone_invalid),
        )
    for field in ("city", "address"):
        if field in frame:
            outcomes[field] = evaluate_text(frame[field], partial(normalize_text, field=field), FIELD_MAX_LENGTHS[field])
    if "zip" in frame:
        outcomes["zip"] = evaluate_zip(frame["zip"], is_brazil, options)
    if "state" in frame:
        outcomes["state"] = outcomes_by_flag(frame["state"], is_brazil, normalize_state)
    if "website" in frame:
        outcomes["website"] = evaluate_with_shortcut(frame["website"], _simple_websites, normalize_website)
    if "active" in frame:
        outcomes["active"] = outcomes_per_distinct(frame["active"], normalize_active)
    return outcomes
