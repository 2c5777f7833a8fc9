"""The apostrophe that ``--failed-rows`` puts before formula-like cells, and its removal on reading.

A spreadsheet program runs a cell that starts with one of ``FORMULA_PREFIXES``
as a formula, so the failed-rows CSV file writes such a cell with one leading
apostrophe, as the CSV report does. The reader removes that apostrophe again
from files that carry the failed-rows error column, so a fixed file imports
the text the user typed. A cell that already starts with apostrophes before a
formula character gets one more, so every text survives the round trip.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

# The same characters as importer.report.cells.FORMULA_PREFIXES; a test keeps the two equal.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A cell that ``add_apostrophe`` changed: apostrophes, then a formula character.
_ESCAPED = "'+[" + re.escape("".join(FORMULA_PREFIXES)) + "]"


def is_formula_like(text: str) -> bool:
    """Return whether ``text``, after any leading apostrophes, starts with a formula character."""
    return text.lstrip("'").startswith(FORMULA_PREFIXES)


def add_apostrophe(text: str) -> str:
    """Prefix ``text`` with an apostrophe when it is formula-like; ``remove_apostrophe`` undoes it."""
    return "'" + text if is_formula_like(text) else text


def remove_apostrophe(text: str) -> str:
    """Remove the apostrophe that ``add_apostrophe`` put before a formula-like text."""
    if text.startswith("'") and is_formula_like(text):
        return text[1:]
    return text


def remove_apostrophes(cells: Sequence[str]) -> list[str]:
    """Return ``cells`` with ``remove_apostrophe`` applied to each."""
    return [remove_apostrophe(cell) for cell in cells]


def remove_frame_apostrophes(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with ``remove_apostrophe`` applied to every cell, column by column."""
    restored = frame.copy()
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        escaped = column.str.match(_ESCAPED).to_numpy(dtype=bool)
        if escaped.any():
            restored.iloc[escaped, position] = column[escaped].str[1:].to_numpy(dtype=object)
    return restored
