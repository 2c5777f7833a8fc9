"""Cell text for CSV and XLSX reports, safe to open in a spreadsheet program."""

from __future__ import annotations

# A spreadsheet program runs a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize_formula(text: str) -> str:
    """Prefix ``text`` with an apostrophe when a spreadsheet would run it as a formula.

    The apostrophe is the OWASP-recommended guard: Excel and LibreOffice read
    the rest of the cell as plain text.
    """
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def needs_neutralizing(text: str) -> bool:
    """True when ``text`` would be read as a formula."""
    return text.startswith(FORMULA_PREFIXES)
