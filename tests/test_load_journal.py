"""The run journal: durable row states, file permissions and the key check."""

from __future__ import annotations

import stat
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
