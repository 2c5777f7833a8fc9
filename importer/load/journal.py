"""A durable journal of one import run, so that an interrupted run resumes without duplicates.

The WON API has no duplicate check, so the journal is the only record of
which rows were already created. It is an SQLite file in WAL mode with
``synchronous=FULL``: every write is committed before the call returns, so
a crash or ``kill -9`` loses nothing that was recorded. A row is marked in
flight, and committed, before its POST is sent. After a crash, a row still
in flight is looked up on the server before it is sent again.
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

    Every method commits before it returns. One connection serves every
    thread, guarded by a lock, because SQLite allows one writer at a time anyway.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, key: JournalKey) -> None:
        self.path = path
        self.key = key
        self._connection = connection
        self._lock = threading.Lock()

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
        with self._lock:
            self._connection.close()

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
            self._connection.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (name, value),
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
            with self._connection:
                self._connection.execute("BEGIN IMMEDIATE")
                self._connection.executemany(
                    "INSERT OR IGNORE INTO rows (row, status, issues, detail, updated_at) VALUES (?, ?, ?, ?, ?)",
                    records,
                )

    def rows(self) -> dict[int, JournalRow]:
        """Return every recorded row by row number."""
        with self._lock:
            found = self._connection.execute(
                "SELECT row, status, client_id, in_flight, action, issues, body_hash, known_ids, detail FROM rows"
            ).fetchall()
        return {record[0]: _journal_row(record) for record in found}

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
        """Record, before the request is sent, that ``row`` is about to be created or updated."""
        self._update(
            row,
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
    ) -> None:
        """Record the outcome of ``row`` and clear its in-flight mark.

        Recording ``PENDING`` means the request provably never reached the
        server, so the row is sent again by a later run.
        """
        value = status.value if isinstance(status, RowStatus) else status
        self._update(
            row, status=value, client_id=client_id, in_flight=0, issues=_issues_json(issues), detail=detail
        )

    def _update(self, row: int, **columns: Any) -> None:
        assignments = ", ".join(f"{name} = ?" for name in columns)
        with self._lock:
            cursor = self._connection.execute(
                f"UPDATE rows SET {assignments}, updated_at = ? WHERE row = ?",
                (*columns.values(), _now(), row),
            )
        if cursor.rowcount != 1:
            raise KeyError(f"row {row} is not in the journal")

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
