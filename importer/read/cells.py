"""Turning workbook cell values into text, as the user would type them."""

from __future__ import annotations

import datetime
import math

CellValue = (
    str | int | float | bool | datetime.date | datetime.datetime | datetime.time | datetime.timedelta
)


def cell_text(value: CellValue) -> str:
    """Return the text of a workbook cell value.

    Numbers are never shown in scientific notation or with a trailing ".0",
    because CNPJ, CPF and CEP columns are often stored as numbers: 12345678000195.0
    becomes "12345678000195". Other floats use Python's shortest round-trip
    form ("0.1", "1234.5"). Dates become ISO "YYYY-MM-DD", date-times
    "YYYY-MM-DD HH:MM:SS", times "HH:MM:SS", durations "H:MM:SS". Booleans
    become "TRUE"/"FALSE" whatever the interface language.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.timedelta):
        return _duration_text(value)
    return str(value)


def is_number(value: CellValue) -> bool:
    """Return whether a cell value was stored as a number (booleans and dates are not)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _float_text(value: float) -> str:
    if math.isfinite(value) and value.is_integer():
        return str(int(value))
    return repr(value)


def _duration_text(value: datetime.timedelta) -> str:
    seconds = round(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"
