"""Repeated clients within one file, found across the chunks it is processed in."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from importer.issues import Issue, Severity
from importer.textnorm import INVISIBLE_SPACES, clean_text, strip_accents

# Every character that is not alphanumeric in the sense of str.isalnum(): Python's
# \w is exactly isalnum() plus the underscore.
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
# Joins keys into one string. It is not alphanumeric, not whitespace, and NFKD,
# casefold and upper leave it as it is.
_SEPARATOR = "\x00"
# Whitespace runs that clean_text collapses. re's \s and str.isspace() agree, and U+3000 is the last.
_WHITESPACE_RUN = re.compile(r"\s+")
_WHITESPACE_BUT_SPACE = tuple(chr(code) for code in range(0x3001) if chr(code).isspace() and chr(code) != " ")
_ASCII_BYTES = bytes(range(128))
_ASCII_NOT_ALPHANUMERIC = bytes(code for code in range(1, 128) if not chr(code).isalnum())


def _document_key(vat: str) -> str:
    # Masked and bare forms of the same CPF/CNPJ are the same client.
    return _NOT_ALPHANUMERIC.sub("", vat).upper()


def _document_keys(vats: list[str]) -> list[str]:
    """Return ``_document_key`` of every CPF/CNPJ, in one step when all of them are ASCII."""
    text = _SEPARATOR.join(vats)
    if not vats or not text.isascii() or text.count(_SEPARATOR) != len(vats) - 1:
        return [_document_key(vat) for vat in vats]
    kept = text.encode("ascii").translate(None, _ASCII_NOT_ALPHANUMERIC).upper()
    return kept.decode("ascii").split(_SEPARATOR)


def _company_key(company: str) -> str:
    return strip_accents(clean_text(company)).casefold()


def _company_keys(companies: list[str]) -> list[str]:
    """Return ``_company_key`` of every name, computed on all names joined into one string.

    Each step of ``_company_key`` works on characters or on whitespace runs,
    and the separator is neither whitespace nor changed by any step, so the
    joined steps give the same keys. One string costs a few C calls, while a
    call per name costs about 3 µs, which is most of a chunk's duplicate search.
    """
    text = _SEPARATOR + _SEPARATOR.join(companies) + _SEPARATOR
    if not companies or text.count(_SEPARATOR) != len(companies) + 1:
        return [_company_key(company) for company in companies]

    # clean_text: invisible spaces, then whitespace runs to one space, then strip each name.
    if not text.isascii():
        for character, replacement in INVISIBLE_SPACES.items():
            if character in text:
                text = text.replace(character, replacement)
    if "  " in text or any(character in text for character in _WHITESPACE_BUT_SPACE):
        text = _WHITESPACE_RUN.sub(" ", text)
    text = text.replace(" " + _SEPARATOR, _SEPARATOR).replace(_SEPARATOR + " ", _SEPARATOR)

    # strip_accents: decompose, then delete the combining marks that occur.
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        for character in _non_ascii_characters(text):
            if unicodedata.combining(character):
                text = text.replace(character, "")
    return text.casefold().split(_SEPARATOR)[1:-1]


def _non_ascii_characters(text: str) -> set[str]:
    """Return the distinct non-ASCII characters of ``text``."""
    # UTF-8 encodes a non-ASCII character with bytes of 0x80 and above only.
    encoded = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return set(encoded.decode("utf-8", "surrogatepass"))


def _hashes(keys: list[str]) -> np.ndarray:
    """Return a 64-bit hash of each key; collisions become likely only near 2**32 distinct keys."""
    return pd.util.hash_array(np.array(keys, dtype=object), categorize=False)


class _FirstRows:
    """The first row number of each 64-bit key, as two sorted arrays of 16 bytes per key."""

    def __init__(self) -> None:
        self._keys = np.empty(0, dtype=np.uint64)
        self._rows = np.empty(0, dtype=np.int64)

    def record(self, keys: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Return the first row of each key, earlier calls included, and store the keys new here.

        ``keys`` and ``rows`` are in file order, after the rows of earlier calls.
        """
        unique_keys, first_positions, inverse = np.unique(keys, return_index=True, return_inverse=True)
        first_rows = rows[first_positions]

        positions = np.searchsorted(self._keys, unique_keys)
        known = np.zeros(len(unique_keys), dtype=bool)
        inside = positions < len(self._keys)
        known[inside] = self._keys[positions[inside]] == unique_keys[inside]
        first_rows[known] = self._rows[positions[known]]

        # Inserting at the searchsorted positions keeps both arrays sorted by key.
        new = ~known
        self._keys = np.insert(self._keys, positions[new], unique_keys[new])
        self._rows = np.insert(self._rows, positions[new], first_rows[new])
        return first_rows[inverse]


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
        keys = _hashes(_document_keys(vats[positions].tolist()))
        first = self._documents.record(keys, rows[positions])
        repeats = first != rows[positions]
        for position, first_row in zip(positions[repeats], first[repeats]):
            vat = vats[position]
            found[int(rows[position])] = Issue(
                code="duplicate_vat", field="vat", column=column, value=vat, params={"first_row": int(first_row)}
            )

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
        keys = _hashes(_company_keys(companies[positions].tolist()))
        first = self._companies.record(keys, rows[positions])
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


def _texts(values: pd.DataFrame, field: str) -> np.ndarray:
    """Return the cells of ``field`` as an object array, all None when the field is absent."""
    if field not in values:
        return np.full(len(values), None, dtype=object)
    return values[field].to_numpy(dtype=object)
