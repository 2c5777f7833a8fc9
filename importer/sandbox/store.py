"""SQLite storage of the sandbox's ``tblclients`` table, with MySQL-like column checks.

The WON API module passes the request body straight into an SQL INSERT, so
the store rejects the same bodies MySQL would. It always rejects an unknown
column. In strict mode (MySQL's default since 5.7) it also rejects an
over-long text and a non-integer in an integer column. Non-strict mode cuts texts and turns bad
integers into 0, as MySQL does with a warning.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Column:
    """One column of ``tblclients``: SQL type, size of a varchar, and whether NULL is allowed."""

    name: str
    kind: str  # "text" or "integer"
    size: int | None = None
    nullable: bool = True
    default: int | None = None


# NOTE: the columns of the WON API contract are exact. The others and their
# sizes follow the Perfex CRM install SQL as best known, and may differ by
# release, so the importer should not send them.
COLUMNS: tuple[Column, ...] = (
    Column("company", "text", 191),
    Column("vat", "text", 50),
    Column("phonenumber", "text", 30),
    Column("country", "integer", nullable=False, default=0),
    Column("city", "text", 100),
    Column("zip", "text", 15),
    Column("state", "text", 50),
    Column("address", "text", 191),
    Column("website", "text", 150),
    Column("active", "integer", nullable=False, default=1),
    Column("leadid", "integer"),
    Column("billing_street", "text", 200),
    Column("billing_city", "text", 100),
    Column("billing_state", "text", 100),
    Column("billing_zip", "text", 100),
    Column("billing_country", "integer", default=0),
    Column("shipping_street", "text", 200),
    Column("shipping_city", "text", 100),
    Column("shipping_state", "text", 100),
    Column("shipping_zip", "text", 100),
    Column("shipping_country", "integer", default=0),
    Column("longitude", "text", 191),
    Column("latitude", "text", 191),
    Column("default_language", "text", 40),
    Column("default_currency", "integer", nullable=False, default=0),
    Column("show_primary_contact", "integer", nullable=False, default=0),
    Column("stripe_id", "text", 40),
    Column("registration_confirmed", "integer", nullable=False, default=1),
    Column("addedfrom", "integer", nullable=False, default=0),
)
COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}
# Keys the module drops from a body before the INSERT or UPDATE.
SERVER_SET_KEYS = frozenset({"userid", "datecreated"})
INTEGER_TEXT = re.compile(r"\s*[+-]?\d+\s*")


class ColumnError(Exception):
    """A body value that the database would reject; the API responds with HTTP 500."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(f"column {column!r}: {reason}")
        self.column = column
        self.reason = reason


def fold_text(value: str | None) -> str | None:
    """Return ``value`` in lower case without accents, like MySQL's utf8mb4_unicode_ci comparisons."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def escape_like(text: str) -> str:
    """Escape LIKE wildcards with ``!``, as CodeIgniter's query builder does."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def coerce_value(column: Column, value: Any, strict: bool) -> Any:
    """Convert a JSON value to what MySQL would store in ``column``, or raise ColumnError."""
    if value is None:
        if column.nullable:
            return None
        if strict:
            raise ColumnError(column.name, "cannot be null")
        return column.default if column.default is not None else 0
    if isinstance(value, (dict, list)):
        raise ColumnError(column.name, "an object or array is not a column value")
    if column.kind == "integer":
        return _coerce_integer(column, value, strict)
    return _coerce_text(column, value, strict)


def _coerce_integer(column: Column, value: Any, strict: bool) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and INTEGER_TEXT.fullmatch(value):
        return int(value)
    if strict:
        raise ColumnError(column.name, f"incorrect integer value {value!r}")
    return 0


def _coerce_text(column: Column, value: Any, strict: bool) -> str:
    if isinstance(value, bool):
        # PHP turns true into "1" and false into "".
        text = "1" if value else ""
    else:
        text = str(value)
    if column.size is not None and len(text) > column.size:
        if strict:
            raise ColumnError(column.name, f"data too long ({len(text)} > {column.size} characters)")
        return text[: column.size]
    return text


def prepare_values(body: dict[str, Any], strict: bool) -> dict[str, Any]:
    """Drop the server-set keys and convert each remaining value, or raise ColumnError.

    Every key must be a real column, because the module inserts the body as it is.
    """
    values: dict[str, Any] = {}
    for key, value in body.items():
        if key in SERVER_SET_KEYS:
            continue
        column = COLUMNS_BY_NAME.get(key)
        if column is None:
            raise ColumnError(key, "unknown column")
        values[key] = coerce_value(column, value, strict)
    return values


def _column_sql(column: Column) -> str:
    sql_type = "INTEGER" if column.kind == "integer" else "TEXT"
    parts = [f'"{column.name}"', sql_type]
    if not column.nullable:
        parts.append("NOT NULL")
    if column.default is not None:
        parts.append(f"DEFAULT {column.default}")
    return " ".join(parts)


def create_table_sql() -> str:
    """Return the CREATE TABLE statement of ``tblclients``."""
    columns = ",\n  ".join(_column_sql(column) for column in COLUMNS)
    return (
        "CREATE TABLE IF NOT EXISTS tblclients (\n"
        "  userid INTEGER PRIMARY KEY AUTOINCREMENT,\n"
        f"  {columns},\n"
        "  datecreated TEXT NOT NULL\n"
        ")"
    )


@dataclass(frozen=True)
class Page:
    """One page of a client listing."""

    rows: list[dict[str, Any]]
    total: int


class ClientStore:
    """The ``tblclients`` table in one SQLite file, safe to use from many threads.

    One connection serves every thread behind a lock: the sandbox's writes are
    serialised anyway, and each statement runs in autocommit mode, so a row is
    committed before the HTTP response is sent. WAL mode lets a user read the file
    with another SQLite client while the server runs.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._connection = sqlite3.connect(
            str(path), check_same_thread=False, isolation_level=None, timeout=10.0
        )
        try:
            self._connection.row_factory = sqlite3.Row
            self._connection.create_function("fold_text", 1, fold_text, deterministic=True)
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA synchronous=NORMAL")
            self._connection.execute(create_table_sql())
            # Perfex has no such index; it only keeps the join lookups fast on a large sandbox.
            self._connection.execute("CREATE INDEX IF NOT EXISTS tblclients_vat ON tblclients (vat)")
            self._check_columns()
        except sqlite3.Error:
            self._connection.close()
            raise

    def _check_columns(self) -> None:
        """Raise sqlite3.DatabaseError when an existing table lacks a column of this schema."""
        present = {row["name"] for row in self._connection.execute("PRAGMA table_info(tblclients)")}
        missing = sorted({"userid", "datecreated", *COLUMNS_BY_NAME} - present)
        if missing:
            raise sqlite3.DatabaseError(f"table tblclients lacks columns {', '.join(missing)}")

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def insert(self, values: dict[str, Any]) -> dict[str, Any]:
        """Insert one client and return the stored row."""
        row = {**values, "datecreated": time.strftime("%Y-%m-%d %H:%M:%S")}
        names = ", ".join(f'"{name}"' for name in row)
        placeholders = ", ".join("?" for _ in row)
        with self._lock:
            cursor = self._connection.execute(
                f"INSERT INTO tblclients ({names}) VALUES ({placeholders})", tuple(row.values())
            )
            return self._get_locked(int(cursor.lastrowid))  # type: ignore[arg-type]

    def update(self, userid: int, values: dict[str, Any]) -> dict[str, Any] | None:
        """Update the given columns of one client; return the row, or None when it does not exist."""
        with self._lock:
            if values:
                assignments = ", ".join(f'"{name}" = ?' for name in values)
                self._connection.execute(
                    f"UPDATE tblclients SET {assignments} WHERE userid = ?", (*values.values(), userid)
                )
            return self._get_locked(userid)

    def delete(self, userid: int) -> bool:
        """Delete one client; return whether it existed."""
        with self._lock:
            cursor = self._connection.execute("DELETE FROM tblclients WHERE userid = ?", (userid,))
            return cursor.rowcount > 0

    def get(self, userid: int) -> dict[str, Any] | None:
        with self._lock:
            return self._get_locked(userid)

    def _get_locked(self, userid: int) -> dict[str, Any] | None:
        row = self._connection.execute("SELECT * FROM tblclients WHERE userid = ?", (userid,)).fetchone()
        return dict(row) if row is not None else None

    def find_by_vat(self, vat: str, limit: int = -1) -> list[dict[str, Any]]:
        """Return up to ``limit`` clients (-1 for all) whose stored ``vat`` equals ``vat``, oldest first."""
        with self._lock:
            rows = self._connection.execute(
                "SELECT * FROM tblclients WHERE vat = ? ORDER BY userid LIMIT ?", (vat, limit)
            ).fetchall()
        return [dict(row) for row in rows]

    def list_page(self, page: int, limit: int, search: str | None) -> Page:
        """Return one page of clients in ``userid`` order, filtered by a company substring."""
        where = ""
        parameters: tuple[Any, ...] = ()
        if search is not None:
            # Folding both sides imitates MySQL's case- and accent-insensitive collation.
            where = "WHERE fold_text(company) LIKE ? ESCAPE '!'"
            parameters = (f"%{escape_like(fold_text(search) or '')}%",)
        with self._lock:
            total = self._connection.execute(
                f"SELECT COUNT(*) FROM tblclients {where}", parameters
            ).fetchone()[0]
            rows = self._connection.execute(
                f"SELECT * FROM tblclients {where} ORDER BY userid LIMIT ? OFFSET ?",
                (*parameters, limit, (page - 1) * limit),
            ).fetchall()
        return Page(rows=[dict(row) for row in rows], total=int(total))
