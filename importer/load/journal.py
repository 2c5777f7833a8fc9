"""A durable journal of one import run, so that an interrupted run resumes without duplicates.

The WON API has no duplicate check, so the journal is the only record of
which rows were already created. It is an SQLite file in WAL mode with
``synchronous=FULL``, so a commit is on disk when it returns and survives
``kill -9`` and a power loss alike. A row is marked in flight, and
committed, before its POST is sent. After a crash, a row still in flight is
looked up on the server before it is sent again.

Durability and its cost: each commit costs one fsync of the WAL file
(about 0.25 ms on an ext4 virtual disk, measured with 2,000 in-flight
marks). ``synchronous=NORMAL`` would skip it and still survive a killed
process, but after a power loss the last in-flight mark could be gone while
its POST had reached Perfex, and a resumed run would create that client
twice. In the run benchmark of ``benchmarks/suite.py`` (2,000 rows, one
worker, a sandbox adding 20 ms per request on the same disk), FULL made the
run 7.2% slower than bare POSTs and NORMAL 3.1%, one measurement each. With
a remote server's longer round trips, the fsync's share is smaller. So the
journal keeps FULL and saves fsyncs another way. The outcome of a row is
written without a commit of its own (``defer_commit``), and the next commit
takes it along. At the latest, that commit is the in-flight mark of the
next row that sends a POST or PUT, or ``flush()`` and ``close()`` at the end
of the run. So an outcome is durable before any later row is sent, and a
row that is sent costs one fsync instead of two. If the process dies before that
commit, the row is still marked in flight and is looked up on the server,
as after a crash during its POST.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

from importer.errors import ImporterError
from importer.exit_codes import ExitCode
from importer.issues import Issue, Severity
from importer.report.model import RowResult
from importer.status import RowStatus

logger = logging.getLogger(__name__)

JOURNAL_DIR = Path(".perfex-import") / "journals"  # relative to the working directory
SCHEMA_VERSION = "1"
PENDING = "pending"  # journal status of a valid row that has no outcome yet
_HASH_CHUNK_BYTES = 1 << 20

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rows (
    row INTEGER PRIMARY KEY,
    status TEXT NOT NULL,
    client_id INTEGER,
    in_flight INTEGER NOT NULL DEFAULT 0,
    action TEXT,
    issues TEXT NOT NULL DEFAULT '[]',
    body_hash TEXT,
    known_ids TEXT NOT NULL DEFAULT '[]',
    detail TEXT,
    updated_at TEXT NOT NULL
);
"""


class JournalError(ImporterError):
    """The journal blocks the run (unfinished or finished run, wrong file) or cannot be used."""

    exit_code = ExitCode.USAGE_ERROR


class JournalState(str, Enum):
    """Progress of the run recorded in a journal."""

    NEW = "new"  # no row recorded yet
    UNFINISHED = "unfinished"  # some valid row has no outcome, or a request is in flight
    FINISHED = "finished"  # every row has its final status


class Action(str, Enum):
    """The request a row in flight was sent with."""

    CREATE = "create"  # POST: not idempotent, looked up before any resend
    UPDATE = "update"  # PUT: idempotent, sent again as is


@dataclass(frozen=True)
class JournalKey:
    """Identity of a run: the content of the input and mapping files, and the target server."""

    input_sha256: str
    mapping_sha256: str
    api_url: str

    @classmethod
    def for_files(cls, input_path: Path, mapping_path: Path, api_url: str) -> JournalKey:
        return cls(file_sha256(input_path), file_sha256(mapping_path), api_url)

    def default_path(self, working_dir: Path) -> Path:
        """Return the journal file under ``.perfex-import/journals`` of ``working_dir``.

        The server URL is part of the name, so a rehearsal against a test
        server does not mark the rows as imported into production.
        """
        url_hash = hashlib.sha256(self.api_url.encode("utf-8")).hexdigest()
        name = f"{self.input_sha256[:16]}-{self.mapping_sha256[:16]}-{url_hash[:8]}.sqlite3"
        return working_dir / JOURNAL_DIR / name


@dataclass(frozen=True)
class JournalRow:
    """The journal's record of one data row."""

    row: int
    status: str  # PENDING or a RowStatus value
    client_id: int | None
    in_flight: bool
    action: Action | None
    issues: list[Issue]
    body_hash: str | None
    known_ids: frozenset[int]  # clients that matched the row before its POST, so not created by it
    detail: str | None

    @property
    def is_final(self) -> bool:
        return self.status != PENDING and not self.in_flight


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, read in chunks so a large spreadsheet fits in memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def body_sha256(body: dict[str, Any]) -> str:
    """Return the SHA-256 of a request body in canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Journal:
    """One run's journal file; safe to share between worker threads.

    Every write commits before it returns, except ``record(defer_commit=True)``,
    whose change is committed by the next write that commits or by ``close()``.
    One connection serves every thread, guarded by a lock, because SQLite
    allows one writer at a time anyway. Reads see deferred changes, because
    they use the same connection.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, key: JournalKey) -> None:
        self.path = path
        self.key = key
        self._connection = connection
        self._lock = threading.Lock()
        # Rows marked in flight, kept in memory so that sending a row needs no query to learn it is not.
        self._in_flight_rows: set[int] = {
            row for (row,) in connection.execute("SELECT row FROM rows WHERE in_flight = 1")
        }

    @classmethod
    def open(cls, path: Path, key: JournalKey) -> Journal:
        """Open or create the journal at ``path``; raise JournalError when it belongs to other files."""
        path = Path(path)
        _create_private_file(path)
        try:
            connection = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute("PRAGMA busy_timeout=5000")
            connection.executescript(_SCHEMA)
        except sqlite3.Error as error:
            raise JournalError("journal_unusable", path=str(path), reason=str(error)) from error
        journal = cls(path, connection, key)
        journal._check_or_store_key()
        return journal

    @staticmethod
    def discard(path: Path) -> None:
        """Delete a journal file with its WAL and shared-memory files."""
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        logger.info("Journal %s discarded", path)

    def close(self) -> None:
        """Commit any deferred outcome, then close the file."""
        with self._lock:
            if self._connection.in_transaction:
                self._connection.execute("COMMIT")
            self._connection.close()

    def flush(self) -> None:
        """Commit any outcome recorded with ``defer_commit``."""
        with self._lock:
            if self._connection.in_transaction:
                self._connection.execute("COMMIT")

    # State of the run

    def state(self) -> JournalState:
        with self._lock:
            total, open_rows = self._connection.execute(
                "SELECT COUNT(*), COALESCE(SUM(status = ? OR in_flight = 1), 0) FROM rows", (PENDING,)
            ).fetchone()
        if total == 0:
            return JournalState.NEW
        return JournalState.UNFINISHED if open_rows else JournalState.FINISHED

    def meta(self, name: str) -> str | None:
        with self._lock:
            found = self._connection.execute("SELECT value FROM meta WHERE key = ?", (name,)).fetchone()
        return found[0] if found else None

    def set_meta(self, name: str, value: str) -> None:
        with self._lock:
            self._write(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (name, value),
                commit=True,
            )

    # Rows

    def add_rows(self, results: Iterable[RowResult]) -> None:
        """Record every row of the validated file, keeping rows the journal already holds.

        A valid row starts ``pending``; a row that failed validation is final
        at once, so a resumed run keeps it failed.
        """
        now = _now()
        records = [
            (
                result.row,
                PENDING if result.status is RowStatus.VALID else result.status.value,
                _issues_json(result.issues),
                result.detail,
                now,
            )
            for result in results
        ]
        with self._lock:
            if not self._connection.in_transaction:
                self._connection.execute("BEGIN IMMEDIATE")
            try:
                self._connection.executemany(
                    "INSERT OR IGNORE INTO rows (row, status, issues, detail, updated_at) VALUES (?, ?, ?, ?, ?)",
                    records,
                )
            except sqlite3.Error:
                self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")

    def rows(self) -> dict[int, JournalRow]:
        """Return every recorded row by row number."""
        with self._lock:
            found = self._connection.execute(
                "SELECT row, status, client_id, in_flight, action, issues, body_hash, known_ids, detail FROM rows"
            ).fetchall()
        return {record[0]: _journal_row(record) for record in found}

    def is_in_flight(self, row: int) -> bool:
        """Return whether ``row`` is marked in flight, without a query."""
        with self._lock:
            return row in self._in_flight_rows

    def get(self, row: int) -> JournalRow | None:
        with self._lock:
            record = self._connection.execute(
                "SELECT row, status, client_id, in_flight, action, issues, body_hash, known_ids, detail"
                " FROM rows WHERE row = ?",
                (row,),
            ).fetchone()
        return _journal_row(record) if record else None

    def mark_in_flight(
        self, row: int, action: Action, body_hash: str, *, client_id: int | None = None, known_ids: Iterable[int] = ()
    ) -> None:
        """Record, before the request is sent, that ``row`` is about to be created or updated.

        Always commits, together with any outcome recorded with ``defer_commit``.
        """
        self._update(
            row,
            commit=True,
            in_flight=1,
            action=action.value,
            body_hash=body_hash,
            client_id=client_id,
            known_ids=json.dumps(sorted(set(known_ids))),
        )

    def record(
        self,
        row: int,
        status: RowStatus | str,
        *,
        client_id: int | None = None,
        issues: Iterable[Issue] = (),
        detail: str | None = None,
        defer_commit: bool = False,
    ) -> None:
        """Record the outcome of ``row`` and clear its in-flight mark.

        Recording ``PENDING`` means the request provably never reached the
        server, so the row is sent again by a later run. With
        ``defer_commit`` the change waits for the next commit (see the
        module docstring); until then a crash leaves the row in flight.
        """
        value = status.value if isinstance(status, RowStatus) else status
        self._update(
            row,
            commit=not defer_commit,
            status=value,
            client_id=client_id,
            in_flight=0,
            issues=_issues_json(issues),
            detail=detail,
        )

    def _update(self, row: int, *, commit: bool, **columns: Any) -> None:
        assignments = ", ".join(f"{name} = ?" for name in columns)
        with self._lock:
            cursor = self._write(
                f"UPDATE rows SET {assignments}, updated_at = ? WHERE row = ?",
                (*columns.values(), _now(), row),
                commit=commit,
            )
            if cursor.rowcount == 1:
                if columns.get("in_flight"):
                    self._in_flight_rows.add(row)
                else:
                    self._in_flight_rows.discard(row)
        if cursor.rowcount != 1:
            raise KeyError(f"row {row} is not in the journal")

    def _write(self, sql: str, parameters: tuple[Any, ...], *, commit: bool) -> sqlite3.Cursor:
        """Run one write inside the open transaction, starting one if needed; the caller holds the lock."""
        if not self._connection.in_transaction:
            self._connection.execute("BEGIN IMMEDIATE")
        cursor = self._connection.execute(sql, parameters)
        if commit:
            self._connection.execute("COMMIT")
        return cursor

    def _check_or_store_key(self) -> None:
        stored = {name: self.meta(name) for name in ("input_sha256", "mapping_sha256")}
        if stored["input_sha256"] is None:
            self.set_meta("schema_version", SCHEMA_VERSION)
            self.set_meta("input_sha256", self.key.input_sha256)
            self.set_meta("mapping_sha256", self.key.mapping_sha256)
            self.set_meta("api_url", self.key.api_url)
            self.set_meta("created_at", _now())
            return
        if stored["input_sha256"] != self.key.input_sha256 or stored["mapping_sha256"] != self.key.mapping_sha256:
            self.close()
            raise JournalError("journal_other_files", path=str(self.path))


def _create_private_file(path: Path) -> None:
    """Create the journal's folder (0700) and file (0600) before SQLite opens it.

    SQLite gives its -wal and -shm files the permissions of the database file.
    """
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if path.parent.parts[-len(JOURNAL_DIR.parts):] == JOURNAL_DIR.parts:
            os.chmod(path.parent, 0o700)
        descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(descriptor)
        os.chmod(path, 0o600)
    except OSError as error:
        raise JournalError("journal_unusable", path=str(path), reason=error.strerror or str(error)) from error


def _issues_json(issues: Iterable[Issue]) -> str:
    return json.dumps(
        [
            {
                "code": issue.code,
                "severity": issue.severity.value,
                "field": issue.field,
                "column": issue.column,
                "value": issue.value,
                "params": issue.params,
            }
            for issue in issues
        ],
        ensure_ascii=False,
        default=str,
    )


def _issues_from_json(text: str) -> list[Issue]:
    return [
        Issue(
            code=item["code"],
            severity=Severity(item.get("severity", Severity.ERROR.value)),
            field=item.get("field"),
            column=item.get("column"),
            value=item.get("value"),
            params=dict(item.get("params") or {}),
        )
        for item in json.loads(text)
    ]


def _journal_row(record: tuple[Any, ...]) -> JournalRow:
    row, status, client_id, in_flight, action, issues, body_hash, known_ids, detail = record
    return JournalRow(
        row=row,
        status=status,
        client_id=client_id,
        in_flight=bool(in_flight),
        action=Action(action) if action else None,
        issues=_issues_from_json(issues),
        body_hash=body_hash,
        known_ids=frozenset(json.loads(known_ids)),
        detail=detail,
    )


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="milliseconds")
