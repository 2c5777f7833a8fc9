"""Repeated clients within one file, found across the chunks it is processed in."""

from __future__ import annotations

import hashlib

import pandas as pd

from importer.issues import Issue, Severity
from importer.textnorm import clean_text, strip_accents


def _compact_key(text: str) -> int:
    """Return a 64-bit digest of ``text``; collisions become likely only near 2**32 distinct keys."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def _document_key(vat: str) -> str:
    # Masked and bare forms of the same CPF/CNPJ are the same client.
    return "".join(char for char in vat if char.isalnum()).upper()


def _company_key(company: str) -> str:
    return strip_accents(clean_text(company)).casefold()


class DuplicateTracker:
    """Remember the CPF/CNPJ and company names of the valid rows seen so far.

    Keeps state across calls, so a file checked in chunks finds a repeat of a
    row from an earlier chunk. Only 64-bit digests of the keys and the first
    row numbers are stored, an estimated 100 to 200 bytes per client.
    """

    def __init__(self) -> None:
        self._first_row_by_document: dict[int, int] = {}
        self._first_row_by_company: dict[int, int] = {}

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
        vats = values["vat"] if "vat" in values else pd.Series(None, index=values.index, dtype=object)
        companies = values["company"] if "company" in values else pd.Series(None, index=values.index, dtype=object)
        issues: dict[int, Issue] = {}
        for row, vat, company, is_valid in zip(values.index, vats, companies, valid.reindex(values.index, fill_value=False)):
            if not is_valid:
                continue
            # Missing values are None in validate_frame's output but NaN in a str column.
            company_key = _compact_key(_company_key(company)) if isinstance(company, str) and company else None
            if isinstance(vat, str) and vat:
                issue = self._check_document(int(row), vat, columns.get("vat", "vat"))
                if issue is not None:
                    issues[int(row)] = issue
                    continue
            elif company_key is not None and company_key in self._first_row_by_company:
                issues[int(row)] = Issue(
                    code="duplicate_company",
                    severity=Severity.WARNING,
                    field="company",
                    column=columns.get("company", "company"),
                    value=company,
                    params={"first_row": self._first_row_by_company[company_key]},
                )
            if company_key is not None:
                self._first_row_by_company.setdefault(company_key, int(row))
        return issues

    def _check_document(self, row: int, vat: str, column: str) -> Issue | None:
        key = _compact_key(_document_key(vat))
        first_row = self._first_row_by_document.setdefault(key, row)
        if first_row == row:
            return None
        return Issue(code="duplicate_vat", field="vat", column=column, value=vat, params={"first_row": first_row})
