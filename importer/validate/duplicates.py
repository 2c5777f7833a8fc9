"""Repeated clients within one file, found across the chunks it is processed in."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from importer.issues import Issue, Severity
from importer.textnorm import clean_text

# Every character that is not alphanumeric in the sense of str.isalnum(): Python's
# \w is exactly isalnum() plus the underscore.
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


class _CombiningMarks(dict[int, int | None]):
    """A str.translate table that deletes combining marks and keeps every other character.

    It learns each character on first sight, so a file pays for
    ``unicodedata.combining`` once per distinct character, not once per cell.
    """

    def __missing__(self, code_point: int) -> int | None:
        kept = None if unicodedata.combining(chr(code_point)) else code_point
        self[code_point] = kept
        return kept


_COMBINING_MARKS = _CombiningMarks()


def _document_key(vat: str) -> str:
    # Masked and bare forms of the same CPF/CNPJ are the same client.
    return _NOT_ALPHANUMERIC.sub("", vat).upper()


def _company_key(company: str) -> str:
    """Return ``strip_accents(clean_text(company)).casefold()`` without a Python step per character."""
    cleaned = clean_text(company)
    if cleaned.isascii():
        # ASCII has no accents to strip, and its casefold is its lower case.
        return cleaned.lower()
    return unicodedata.normalize("NFKD", cleaned).translate(_COMBINING_MARKS).casefold()


def _hashes(keys: list[str]) -> np.ndarray:
    """Return a 64-bit hash of each key; collisions become likely only near 2**32 distinct keys."""
    return pd.util.hash_array(np.array(keys, dtype=object), categorize=False)


class _FirstRows:
    """The first row number of each 64-bit key, as two sorted arrays of 16 bytes per key."""

    def __init__(self) -> None:
        self._keys = np.empty(0, dtype=np.uint64)
        self._rows = np.empty(0, dtype=np.int64)

    def first_rows(self, keys: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Return, for each key, the first row that has it, this call's ``keys`` included.

        ``keys`` and ``rows`` are in file order, after every row already stored.
        """
        unique_keys, first_positions = np.unique(keys, return_index=True)
        first = rows[first_positions][np.searchsorted(unique_keys, keys)]

        positions = np.searchsorted(self._keys, keys)
        positions[positions == len(self._keys)] = 0
        known = self._keys[positions] == keys if len(self._keys) else np.zeros(len(keys), dtype=bool)
        first[known] = self._rows[positions[known]]
        return first

    def add(self, keys: np.ndarray, rows: np.ndarray) -> None:
        """Store the keys not seen before, each with the row of its first occurrence in ``keys``."""
        unique_keys, first_positions = np.unique(keys, return_index=True)
        new = ~np.isin(unique_keys, self._keys, assume_unique=True)
        merged_keys = np.concatenate([self._keys, unique_keys[new]])
        merged_rows = np.concatenate([self._rows, rows[first_positions[new]]])
        order = np.argsort(merged_keys, kind="stable")
        self._keys = merged_keys[order]
        self._rows = merged_rows[order]


class DuplicateTracker:
    """Remember the CPF/CNPJ and company names of the valid rows seen so far.

    Keeps state across calls, so a file checked in chunks finds a repeat of a
    row from an earlier chunk. Only a 64-bit hash of each distinct key and its
    first row number are stored: 16 bytes per CPF/CNPJ and 16 per company name.
    """

    def __init__(self) -> None:
        self._documents = _FirstRows()
        self._companies = _FirstRows()

    def check(
        self, values: pd.DataFrame, valid: pd.Series, *, columns: dict[str, str] | None = None
    ) -> dict[int, Issue]:
        """Return an issue for each valid row that repeats an earlier valid row.

        A repeated CPF/CNPJ is an error (``duplicate_vat``). A row without
        CPF/CNPJ whose company name matches an earlier row, ignoring case,
        accents and spaces, gets a warning (``duplicate_company``). Rows are
        taken in index order; call this on chunks in file order. ``columns``
        names the source column of each field, as for ``validate_frame``.
        """
        columns = columns or {}
        rows = values.index.to_numpy(dtype=np.int64)
        is_valid = valid.reindex(values.index, fill_value=False).to_numpy(dtype=bool)
        vats = _texts(values, "vat")
        companies = _texts(values, "company")
        # Missing values are None in validate_frame's output but NaN in a str column.
        has_vat = is_valid & np.array([isinstance(vat, str) and vat != "" for vat in vats], dtype=bool)
        has_company = is_valid & np.array(
            [isinstance(company, str) and company != "" for company in companies], dtype=bool
        )

        found: dict[int, Issue] = {}
        repeated_vat = self._check_documents(rows, vats, has_vat, columns.get("vat", "vat"), found)
        self._check_companies(
            rows, companies, has_company, has_vat, repeated_vat, columns.get("company", "company"), found
        )
        return dict(sorted(found.items()))

    def _check_documents(
        self, rows: np.ndarray, vats: np.ndarray, has_vat: np.ndarray, column: str, found: dict[int, Issue]
    ) -> np.ndarray:
        """Add a ``duplicate_vat`` issue per repeated CPF/CNPJ and return a mask of those rows."""
        positions = np.flatnonzero(has_vat)
        keys = _hashes([_document_key(vat) for vat in vats[positions]])
        first = self._documents.first_rows(keys, rows[positions])
        repeats = first != rows[positions]
        for position, first_row in zip(positions[repeats], first[repeats]):
            vat = vats[position]
            found[int(rows[position])] = Issue(
                code="duplicate_vat", field="vat", column=column, value=vat, params={"first_row": int(first_row)}
            )
        self._documents.add(keys, rows[positions])

        repeated = np.zeros(len(rows), dtype=bool)
        repeated[positions[repeats]] = True
        return repeated

    def _check_companies(
        self,
        rows: np.ndarray,
        companies: np.ndarray,
        has_company: np.ndarray,
        has_vat: np.ndarray,
        repeated_vat: np.ndarray,
        column: str,
        found: dict[int, Issue],
    ) -> None:
        """Add a ``duplicate_company`` warning per row without CPF/CNPJ whose name came before.

        Every valid row with a name counts as an earlier occurrence, except a
        row whose CPF/CNPJ repeats an earlier one.
        """
        positions = np.flatnonzero(has_company & ~repeated_vat)
        keys = _hashes([_company_key(company) for company in companies[positions]])
        first = self._companies.first_rows(keys, rows[positions])
        repeats = (first != rows[positions]) & ~has_vat[positions]
        for position, first_row in zip(positions[repeats], first[repeats]):
            found[int(rows[position])] = Issue(
                code="duplicate_company",
                severity=Severity.WARNING,
                field="company",
                column=column,
                value=companies[position],
                params={"first_row": int(first_row)},
            )
        self._companies.add(keys, rows[positions])


def _texts(values: pd.DataFrame, field: str) -> np.ndarray:
    """Return the cells of ``field`` as an object array, all None when the field is absent."""
    if field not in values:
        return np.full(len(values), None, dtype=object)
    return values[field].to_numpy(dtype=object)
