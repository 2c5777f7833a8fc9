"""The run journal: durable row states, file permissions and the key check."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from importer.issues import Issue
from importer.load.journal import (
    PENDING,
    Action,
    Journal,
    JournalError,
    JournalKey,
    JournalState,
    body_sha256,
)
from importer.report.model import RowResult
from importer.status import RowStatus

KEY = JournalKey(input_sha256="a" * 64, mapping_sha256="b" * 64, api_url="http://127.0.0.1:1")


def rows() -> list[RowResult]:
    return [
        RowResult(row=2, status=RowStatus.VALID),
        RowResult(row=3, status=RowStatus.INVALID, issues=[Issue(code="cpf_invalid", field="vat")]),
        RowResult(row=4, status=RowStatus.VALID),
    ]


@pytest.fixture
def journal(tmp_path: Path):
    opened = Journal.open(KEY.default_path(tmp_path), KEY)
    yield opened
    opened.close()


def test_new_journal_is_new(journal: Journal):
    assert journal.state() is JournalState.NEW


def test_valid_rows_start_pending(journal: Journal):
    journal.add_rows(rows())
    assert journal.get(2).status == PENDING


def test_invalid_rows_are_final_at_once(journal: Journal):
    journal.add_rows(rows())
    entry = journal.get(3)
    assert entry.is_final
    assert entry.issues[0].code == "cpf_invalid"


def test_pending_rows_leave_journal_unfinished(journal: Journal):
    journal.add_rows(rows())
    assert journal.state() is JournalState.UNFINISHED


def test_recorded_rows_finish_journal(journal: Journal):
    journal.add_rows(rows())
    journal.record(2, RowStatus.CREATED, client_id=10)
    journal.record(4, RowStatus.EXISTING, client_id=11)
    assert journal.state() is JournalState.FINISHED


def test_in_flight_row_keeps_journal_unfinished(journal: Journal):
    journal.add_rows(rows())
    journal.record(4, RowStatus.CREATED, client_id=11)
    journal.mark_in_flight(2, Action.CREATE, body_sha256({"company": "X"}), known_ids=[5, 3])
    entry = journal.get(2)
    assert entry.in_flight
    assert entry.known_ids == frozenset({3, 5})
    assert journal.state() is JournalState.UNFINISHED


def test_record_clears_in_flight(journal: Journal):
    journal.add_rows(rows())
    journal.mark_in_flight(2, Action.CREATE, "hash")
    journal.record(2, RowStatus.CREATED, client_id=7)
    entry = journal.get(2)
    assert not entry.in_flight
    assert entry.client_id == 7
    assert entry.body_hash == "hash"


def test_add_rows_keeps_recorded_outcomes(journal: Journal):
    journal.add_rows(rows())
    journal.record(2, RowStatus.CREATED, client_id=7)
    journal.add_rows(rows())
    assert journal.get(2).status == RowStatus.CREATED.value


def test_outcome_survives_reopen(tmp_path: Path):
    path = KEY.default_path(tmp_path)
    first = Journal.open(path, KEY)
    first.add_rows(rows())
    first.mark_in_flight(4, Action.CREATE, "hash")
    first.record(2, RowStatus.CREATED, client_id=7)
    # No close(): a killed process never closes its connection.
    second = Journal.open(path, KEY)
    assert second.get(2).client_id == 7
    assert second.get(4).in_flight
    second.close()
    first.close()


def test_journal_file_is_private(journal: Journal):
    assert stat.S_IMODE(journal.path.stat().st_mode) == 0o600


def test_journal_folder_is_private(journal: Journal):
    assert stat.S_IMODE(journal.path.parent.stat().st_mode) == 0o700


def test_journal_uses_wal(journal: Journal):
    journal.add_rows(rows())
    assert Path(f"{journal.path}-wal").exists()


def test_other_input_is_rejected(tmp_path: Path):
    path = tmp_path / "journal.sqlite3"
    Journal.open(path, KEY).close()
    other = JournalKey(input_sha256="c" * 64, mapping_sha256=KEY.mapping_sha256, api_url=KEY.api_url)
    with pytest.raises(JournalError) as raised:
        Journal.open(path, other)
    assert raised.value.code == "journal_other_files"


def test_default_path_depends_on_server(tmp_path: Path):
    other = JournalKey(KEY.input_sha256, KEY.mapping_sha256, "https://crm.example.com.br")
    assert KEY.default_path(tmp_path) != other.default_path(tmp_path)


def test_discard_removes_every_file(tmp_path: Path):
    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path, KEY)
    journal.add_rows(rows())
    journal.close()
    Journal.discard(path)
    assert list(tmp_path.iterdir()) == []


def test_body_hash_ignores_key_order():
    assert body_sha256({"company": "A", "vat": "1"}) == body_sha256({"vat": "1", "company": "A"})


# Commits: every in-flight mark on disk before its request, outcomes with the next commit


def committed_row(path: Path, row: int) -> tuple[str, int]:
    """Return (status, in_flight) of ``row`` as another process would read it: committed data only."""
    with sqlite3.connect(path) as reader:
        return reader.execute("SELECT status, in_flight FROM rows WHERE row = ?", (row,)).fetchone()


def test_journal_syncs_every_commit(journal: Journal):
    # 2 is FULL: each commit waits for the WAL file to reach the disk.
    assert journal._connection.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_in_flight_mark_committed_at_once(journal: Journal):
    journal.add_rows(rows())
    journal.mark_in_flight(2, Action.CREATE, "hash")
    assert committed_row(journal.path, 2) == (PENDING, 1)


def test_deferred_outcome_seen_by_same_journal(journal: Journal):
    journal.add_rows(rows())
    journal.mark_in_flight(2, Action.CREATE, "hash")
    journal.record(2, RowStatus.CREATED, client_id=7, defer_commit=True)
    assert journal.get(2).status == RowStatus.CREATED.value


def test_deferred_outcome_waits_for_next_commit(journal: Journal):
    journal.add_rows(rows())
    journal.mark_in_flight(2, Action.CREATE, "hash")
    journal.record(2, RowStatus.CREATED, client_id=7, defer_commit=True)
    assert committed_row(journal.path, 2) == (PENDING, 1)


def test_next_mark_commits_deferred_outcome(journal: Journal):
    journal.add_rows(rows())
    journal.mark_in_flight(2, Action.CREATE, "hash")
    journal.record(2, RowStatus.CREATED, client_id=7, defer_commit=True)
    journal.mark_in_flight(4, Action.CREATE, "hash")
    assert committed_row(journal.path, 2) == (RowStatus.CREATED.value, 0)


def test_flush_commits_deferred_outcome(journal: Journal):
    journal.add_rows(rows())
    journal.mark_in_flight(2, Action.CREATE, "hash")
    journal.record(2, RowStatus.CREATED, client_id=7, defer_commit=True)
    journal.flush()
    assert committed_row(journal.path, 2) == (RowStatus.CREATED.value, 0)


def test_close_commits_deferred_outcome(tmp_path: Path):
    journal = Journal.open(KEY.default_path(tmp_path), KEY)
    journal.add_rows(rows())
    journal.mark_in_flight(2, Action.CREATE, "hash")
    journal.record(2, RowStatus.CREATED, client_id=7, defer_commit=True)
    journal.close()
    assert committed_row(journal.path, 2) == (RowStatus.CREATED.value, 0)


KILLED_AFTER_DEFERRED_OUTCOME = """
import os, sys
from pathlib import Path
from importer.load.journal import Action, Journal, JournalKey
from importer.report.model import RowResult
from importer.status import RowStatus
key = JournalKey(input_sha256="a" * 64, mapping_sha256="b" * 64, api_url="http://127.0.0.1:1")
journal = Journal.open(Path(sys.argv[1]), key)
journal.add_rows([RowResult(row=2, status=RowStatus.VALID)])
journal.mark_in_flight(2, Action.CREATE, "hash")
journal.record(2, RowStatus.CREATED, client_id=7, defer_commit=True)
os._exit(0)  # dies like kill -9: no close, no commit
"""


def test_killed_before_commit_leaves_row_in_flight(tmp_path: Path):
    path = KEY.default_path(tmp_path)
    subprocess.run([sys.executable, "-c", KILLED_AFTER_DEFERRED_OUTCOME, str(path)], check=True, timeout=60)
    reopened = Journal.open(path, KEY)
    assert reopened.get(2).in_flight
    assert reopened.is_in_flight(2)
    reopened.close()


def test_is_in_flight_follows_marks(journal: Journal):
    journal.add_rows(rows())
    journal.mark_in_flight(4, Action.CREATE, "hash")
    assert journal.is_in_flight(4)
    journal.record(4, RowStatus.CREATED, client_id=9, defer_commit=True)
    assert not journal.is_in_flight(4)


def test_add_rows_after_deferred_outcome(journal: Journal):
    journal.add_rows(rows())
    journal.mark_in_flight(2, Action.CREATE, "hash")
    journal.record(2, RowStatus.CREATED, client_id=7, defer_commit=True)
    journal.add_rows(rows())
    assert committed_row(journal.path, 2) == (RowStatus.CREATED.value, 0)
