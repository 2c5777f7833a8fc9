"""Finding the header row and turning header texts into unique column labels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from importer.errors import InputFileError, MappingError
from importer.read.apostrophes import remove_apostrophes
from importer.textnorm import clean_text, normalize_header_name

# Rows searched for the header when the mapping does not give header_row.
HEADER_SEARCH_ROWS = 50
# Rows and cells quoted in the header_not_found error, so the user can spot the header.
PREVIEW_ROWS = 5
PREVIEW_CELLS = 8

# Header of the column that ``--failed-rows`` appends with each row's errors.
# A file written that way can be fixed and imported again, so this column is
# dropped on input instead of being mistaken for data.
FAILED_ROWS_ERROR_HEADER_PT = "Erros (perfex-import)"
FAILED_ROWS_ERROR_HEADER_EN = "Errors (perfex-import)"
FAILED_ROWS_ERROR_HEADERS = frozenset(
    normalize_header_name(name)
    for name in (FAILED_ROWS_ERROR_HEADER_PT, FAILED_ROWS_ERROR_HEADER_EN)
)


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index: 0 -> "A", 27 -> "AB"."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def is_blank(cells: Iterable[str]) -> bool:
    """Return whether every cell is empty or whitespace."""
    return all(not cell.strip() for cell in cells)


def make_labels(headers: Sequence[str], first_column: int = 0) -> list[str]:
    """Return unique frame labels for ``headers`` (see ``SourceReader`` for the rules).

    ``first_column`` is the 0-based sheet column of ``headers[0]``, used for the
    letter of a blank header.
    """
    labels: list[str] = []
    taken: set[str] = set()
    for position, header in enumerate(headers):
        base = clean_text(header) or f"Column {column_letter(first_column + position)}"
        label = base
        copy = 2
        while label.casefold() in taken:
            label = f"{base} ({copy})"
            copy += 1
        taken.add(label.casefold())
        labels.append(label)
    return labels


def error_column_positions(headers: Sequence[str]) -> list[int]:
    """Return the positions of columns added by ``--failed-rows``."""
    return [
        position
        for position, header in enumerate(headers)
        if normalize_header_name(header) in FAILED_ROWS_ERROR_HEADERS
    ]


def is_failed_rows_header(cells: Sequence[str]) -> bool:
    """Return whether a header row has the error column that ``--failed-rows`` adds."""
    return bool(error_column_positions(cells))


def restore_header(cells: Sequence[str]) -> list[str]:
    """Return a header row without the apostrophes that ``--failed-rows`` adds, when it is one of its files."""
    if is_failed_rows_header(cells):
        return remove_apostrophes(cells)
    return list(cells)


def _filled_width(cells: Sequence[str]) -> int:
    """Return the number of fields up to the last non-empty one."""
    for position in range(len(cells) - 1, -1, -1):
        if cells[position].strip():
            return position + 1
    return 0


def check_column_count(names: Sequence[str], rows: Sequence[Sequence[str]], path: str) -> None:
    """Raise ``MappingError("columns_count_mismatch")`` when ``columns:`` does not fit the file's first rows.

    ``rows`` are the first rows of a file without a header row, blank ones
    included. There are too many names when no row has as many fields.
    There are too few when most rows have a value past the last named
    column. So a trailing separator is no mismatch, and a wider row here and
    there keeps its own ``too_many_fields`` issue.
    """
    filled = [cells for cells in rows if not is_blank(cells)]
    if not filled:
        return
    widest = max(len(cells) for cells in filled)
    if widest < len(names):
        raise MappingError("columns_count_mismatch", expected=len(names), path=path, actual=widest)
    overflowing = [_filled_width(cells) for cells in filled if _filled_width(cells) > len(names)]
    if 2 * len(overflowing) > len(filled):
        usual_width = Counter(overflowing).most_common(1)[0][0]
        raise MappingError("columns_count_mismatch", expected=len(names), path=path, actual=usual_width)


def _filled_cells(cells: Sequence[str]) -> int:
    return sum(1 for cell in cells if cell.strip())


def find_header_row(
    rows: Sequence[tuple[int, Sequence[str]]],
    expected_columns: Sequence[str],
    path: str,
) -> int:
    """Return the position in ``rows`` (the first rows of the file) of the header row.

    With expected columns, the header is the first row whose cells contain
    every one of them (compared with ``normalize_header_name``). Without, it is
    the first row with at least half as many filled cells as the fullest row,
    which skips a report title such as "Relação de Operadoras Ativas ANS".
    Raises ``InputFileError("header_not_found")`` with a preview of the rows,
    or ``"empty_file"`` when every row is blank.
    """
    rows = rows[:HEADER_SEARCH_ROWS]
    fullest = max((_filled_cells(cells) for _, cells in rows), default=0)
    if fullest == 0:
        raise InputFileError("empty_file", path=path)
    wanted = {normalize_header_name(name) for name in expected_columns}
    best_position, best_matches = None, 0
    for position, (_, cells) in enumerate(rows):
        if wanted:
            cells = restore_header(cells)
            matches = len(wanted & {normalize_header_name(cell) for cell in cells})
            if matches == len(wanted):
                return position
            if matches > best_matches:
                best_position, best_matches = position, matches
        elif 2 * _filled_cells(cells) >= fullest:
            return position
    # A row containing most of the mapped names is the header, and the mapping misspells the
    # others. Taking it lets the mapping stage name the wrong column and the closest ones.
    if best_position is not None and 2 * best_matches >= len(wanted):
        return best_position
    preview = [
        f"{row_number}: " + " | ".join(clean_text(cell) for cell in cells[:PREVIEW_CELLS])
        for row_number, cells in rows
        if not is_blank(cells)
    ][:PREVIEW_ROWS]
    raise InputFileError(
        "header_not_found",
        path=path,
        expected=", ".join(expected_columns),
        searched_rows=HEADER_SEARCH_ROWS,
        first_rows="\n".join(preview),
    )
