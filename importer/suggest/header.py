"""Finding the header row of a file from its first rows, without knowing the column names."""

from __future__ import annotations

from collections.abc import Sequence

from importer.suggest.sniff import filled, is_number

HEADER_SEARCH_ROWS = 50
# Share of a header's cells that must differ from one another; data rows often repeat a value.
DISTINCT_SHARE = 0.9


def looks_like_header(cells: Sequence[str], widest: int) -> bool:
    """Return whether a row reads like a header: filled, distinct names, no numbers, e-mails or dates."""
    present = filled(cells)
    if not present or 2 * len(present) < widest:
        return False
    if any(is_number(cell) or "@" in cell for cell in present):
        return False
    distinct = {cell.casefold() for cell in present}
    return len(distinct) >= DISTINCT_SHARE * len(present)


def find_header_row(rows: Sequence[Sequence[str]]) -> int | None:
    """Return the 0-based position of the header among ``rows``, or None when every row looks like data.

    Title lines above the header hold one or two cells, so they are skipped
    because they fill less than half as many cells as the widest row.
    """
    searched = rows[:HEADER_SEARCH_ROWS]
    widest = max((len(filled(row)) for row in rows), default=0)
    for position, cells in enumerate(searched):
        if looks_like_header(cells, widest):
            return position
    return None
