"""The run command against the sandbox: journal, resume, existing clients, plan, faults and request cost."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from importer.api import WonClient
from importer.cli import main
from importer.load.journal import Action, Journal, JournalKey
from importer.sandbox import SandboxOptions, SandboxServer
from importer.validate.documents import generate_cnpj, generate_cpf

TOKEN = "test-token"
MAPPING = """\
fields:
  company: Nome
  vat: Documento
  city: Cidade
"""


def documents(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [generate_cnpj(rng) if index % 2 else generate_cpf(rng) for index in range(count)]


def write_input(folder: Path, count: int, *, seed: int = 7, extra_lines: tuple[str, ...] = ()) -> Path:
    lines = ["Nome;Documento;Cidade"]
    lines += [f"Empresa {index} Ltda;{vat};Cidade {index}" for index, vat in enumerate(documents(count, seed))]
    lines += list(extra_lines)
    path = folder / "clientes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "mapa.yaml").write_text(MAPPING, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PERFEX_TOKEN", TOKEN)
    monkeypatch.delenv("PERFEX_URL", raising=False)
    return tmp_path


@pytest.fixture
def sandbox_factory():
    started: list[SandboxServer] = []

    def start(**settings) -> SandboxServer:
        server = SandboxServer(SandboxOptions(token=TOKEN, **settings)).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def server(sandbox_factory) -> SandboxServer:
    return sandbox_factory()


def run(server: SandboxServer, *options: str, report: str = "relatorio.json") -> int:
    return main(["--lang", "en", "run", "clientes.csv", "-m", "mapa.yaml", "--url", server.url, "-r", report, *options])


def report_rows(path: str = "relatorio.json") -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["rows"]


def statuses(path: str = "relatorio.json") -> Counter:
    return Counter(row["status"] for row in report_rows(path))


def copies_by_vat(server: SandboxServer) -> Counter:
    return Counter(row["vat"] for row in server.stored_clients())


def journal_for(folder: Path, server: SandboxServer) -> Journal:
    key = JournalKey.for_files(folder / "clientes.csv", folder / "mapa.yaml", server.url)
    return Journal.open(key.default_path(folder), key)


# Creating and resuming


def test_run_creates_each_row_once(folder: Path, server: SandboxServer):
    write_input(folder, 5)
    assert run(server) == 0
    assert statuses() == Counter(created=5)
    assert set(copies_by_vat(server).values()) == {1}
    assert server.request_count("POST") == 5
    assert server.request_count() == 6  # one list page to learn there are no existing clients


def test_report_keeps_client_ids(folder: Path, server: SandboxServer):
    write_input(folder, 3)
    run(server)
    stored = {row["vat"]: row["userid"] for row in server.stored_clients()}
    assert [row["client_id"] for row in report_rows()] == [stored[row["values"]["vat"]] for row in report_rows()]


def test_journal_created_under_working_folder(folder: Path, server: SandboxServer):
    write_input(folder, 1)
    run(server)
    assert len(list((folder / ".perfex-import" / "journals").glob("*.sqlite3"))) == 1


def test_journal_option_sets_path(folder: Path, server: SandboxServer):
    write_input(folder, 1)
    run(server, "--journal", "meu-diario.sqlite3")
    assert (folder / "meu-diario.sqlite3").exists()
    assert not (folder / ".perfex-import").exists()


def test_finished_run_requires_resume(folder: Path, server: SandboxServer, capsys):
    write_input(folder, 2)
    run(server)
    capsys.readouterr()
    assert run(server) == 2
    assert "--resume" in capsys.readouterr().err
    assert server.request_count("POST") == 2


def test_resume_of_finished_run_sends_nothing(folder: Path, server: SandboxServer):
    write_input(folder, 4)
    run(server)
    server.reset_counts()
    assert run(server, "--resume") == 0
    assert server.request_count() == 0
    assert statuses() == Counter(created=4)


def test_restart_discards_journal(folder: Path, server: SandboxServer):
    write_input(folder, 3)
    run(server)
    assert run(server, "--restart") == 0
    assert statuses() == Counter(existing=3)
    assert len(server.stored_clients()) == 3


def test_resume_and_restart_conflict(folder: Path, server: SandboxServer):
    write_input(folder, 1)
    assert run(server, "--resume", "--restart") == 2


def test_wrong_token_stops_with_exit_4(folder: Path, server: SandboxServer, monkeypatch):
    write_input(folder, 3)
    monkeypatch.setenv("PERFEX_TOKEN", "wrong-token")
    assert run(server) == 4
    assert statuses() == Counter(not_sent=3)


def test_unfinished_run_requires_resume(folder: Path, server: SandboxServer, monkeypatch, capsys):
    write_input(folder, 3)
    monkeypatch.setenv("PERFEX_TOKEN", "wrong-token")
    run(server)
    monkeypatch.setenv("PERFEX_TOKEN", TOKEN)
    capsys.readouterr()
    assert run(server) == 2
    message = capsys.readouterr().err
    assert "--resume" in message
    assert "--restart" in message
    assert server.stored_clients() == []


def test_resume_sends_unsent_rows(folder: Path, server: SandboxServer, monkeypatch):
    write_input(folder, 3)
    monkeypatch.setenv("PERFEX_TOKEN", "wrong-token")
    run(server)
    monkeypatch.setenv("PERFEX_TOKEN", TOKEN)
    assert run(server, "--resume") == 0
    assert statuses() == Counter(created=3)


def test_invalid_rows_stay_invalid_on_resume(folder: Path, server: SandboxServer):
    write_input(folder, 2, extra_lines=("Sem Documento;123;Cidade",))
    assert run(server) == 3
    assert run(server, "--resume") == 3
    assert statuses() == Counter(created=2, invalid=1)


# Rows in flight


def test_landed_in_flight_row_not_resent(folder: Path, server: SandboxServer):
    write_input(folder, 3)
    run(server)
    journal = journal_for(folder, server)
    journal.mark_in_flight(3, Action.CREATE, "lost")
    journal.close()
    server.reset_counts()
    assert run(server, "--resume") == 0
    assert server.request_count("POST") == 0
    assert statuses() == Counter(created=3)
    assert set(copies_by_vat(server).values()) == {1}


def test_lost_in_flight_row_resent(folder: Path, server: SandboxServer):
    write_input(folder, 3)
    run(server)
    lost_id = report_rows()[1]["client_id"]
    WonClient(server.url, TOKEN)._send("DELETE", f"/won_api/won/api/clients/{lost_id}")
    journal = journal_for(folder, server)
    journal.mark_in_flight(3, Action.CREATE, "lost")
    journal.close()
    server.reset_counts()
    assert run(server, "--resume") == 0
    assert server.request_count("POST") == 1
    assert len(server.stored_clients()) == 3


def test_in_flight_row_with_two_matches_needs_review(folder: Path, server: SandboxServer):
    write_input(folder, 2)
    run(server)
    first = report_rows()[0]["values"]
    WonClient(server.url, TOKEN).create_client({"company": first["company"], "vat": first["vat"]})
    journal = journal_for(folder, server)
    journal.mark_in_flight(2, Action.CREATE, "lost")
    journal.close()
    assert run(server, "--resume") == 3
    assert report_rows()[0]["status"] == "needs_review"
    assert report_rows()[0]["errors"][0]["code"] == "in_flight_several"


def test_dropped_connection_after_store_creates_once(folder: Path, sandbox_factory):
    server = sandbox_factory(fault_drop_after_store=1.0)
    write_input(folder, 6)
    assert run(server) == 0
    assert statuses() == Counter(created=6)
    assert set(copies_by_vat(server).values()) == {1}
    assert server.request_count("POST") == 6
    assert server.request_count("GET", "join") == 6  # one join and one company search per lost response
    assert server.request_count("GET", "clients") == 7


# Existing clients


def store_first_rows(server: SandboxServer, count: int, city: str = "Antiga") -> None:
    client = WonClient(server.url, TOKEN)
    for index, vat in enumerate(documents(count)):
        client.create_client({"company": f"Empresa {index} Ltda", "vat": vat, "city": city, "country": 32})
    server.reset_counts()


def test_existing_rows_are_skipped(folder: Path, server: SandboxServer):
    write_input(folder, 4)
    store_first_rows(server, 2)
    assert run(server) == 0
    assert [row["status"] for row in report_rows()] == ["existing", "existing", "created", "created"]
    assert len(server.stored_clients()) == 4


def test_existing_rows_are_updated(folder: Path, server: SandboxServer):
    write_input(folder, 3)
    store_first_rows(server, 2)
    assert run(server, "--on-existing", "update") == 0
    assert [row["status"] for row in report_rows()] == ["updated", "updated", "created"]
    assert report_rows()[0]["detail"] == "city"
    assert server.stored_clients()[0]["city"] == "Cidade 0"
    assert server.request_count("PUT") == 2


def test_existing_rows_are_created_anyway(folder: Path, server: SandboxServer):
    write_input(folder, 3)
    store_first_rows(server, 2)
    assert run(server, "--on-existing", "create") == 0
    assert statuses() == Counter(created=3)
    assert len(server.stored_clients()) == 5


def test_per_row_strategy_costs_one_lookup_per_row(folder: Path, server: SandboxServer, capsys):
    client = WonClient(server.url, TOKEN)
    rng = random.Random(99)
    for index in range(150):
        client.create_client({"company": f"Outro {index}", "vat": generate_cnpj(rng)})
    server.reset_counts()
    write_input(folder, 1)
    assert run(server) == 0
    assert "checked one row at a time" in capsys.readouterr().err
    assert server.request_count() == 3  # first list page, one join, one POST


def test_index_strategy_costs_one_page_per_hundred(folder: Path, server: SandboxServer, capsys):
    client = WonClient(server.url, TOKEN)
    rng = random.Random(99)
    for index in range(150):
        client.create_client({"company": f"Outro {index}", "vat": generate_cnpj(rng)})
    server.reset_counts()
    write_input(folder, 5)
    assert run(server) == 0
    assert "clients in Perfex: 150" in capsys.readouterr().err
    assert server.request_count() == 7  # two list pages, five POSTs


# Plan


def test_plan_sends_no_post_or_put(folder: Path, server: SandboxServer):
    write_input(folder, 4)
    store_first_rows(server, 2)
    assert run(server, "--plan", "--on-existing", "update") == 0
    assert server.request_count("POST") == 0
    assert server.request_count("PUT") == 0


def test_plan_reports_each_action(folder: Path, server: SandboxServer):
    write_input(folder, 3, extra_lines=("Sem Documento;123;Cidade",))
    store_first_rows(server, 1)
    run(server, "--plan", "--on-existing", "update")
    rows = report_rows()
    assert [row["status"] for row in rows] == ["existing", "valid", "valid", "invalid"]
    assert rows[0]["detail"] == "would update: city"
    assert rows[1]["detail"] == "would create"


def test_plan_mode_in_summary(folder: Path, server: SandboxServer):
    write_input(folder, 1)
    run(server, "--plan")
    report = json.loads(Path("relatorio.json").read_text(encoding="utf-8"))
    assert report["run"]["mode"] == "plan"


def test_plan_keeps_no_journal(folder: Path, server: SandboxServer):
    write_input(folder, 1)
    run(server, "--plan")
    assert not (folder / ".perfex-import").exists()


# Faults and rate limits


def test_server_error_500_fails_row(folder: Path, sandbox_factory):
    server = sandbox_factory(fault_500=1.0)
    write_input(folder, 1)
    assert run(server) == 3
    assert statuses() == Counter(failed=1)
    assert server.stored_clients() == []
    assert server.request_count("POST") == 3  # the first POST and two resends


def test_503_storm_creates_each_row_once(folder: Path, sandbox_factory):
    server = sandbox_factory(fault_503=0.3, seed=11)
    write_input(folder, 20)
    run(server)
    counts = statuses()
    assert counts["created"] + counts["failed"] == 20
    assert set(copies_by_vat(server).values()) == {1}
    assert len(server.stored_clients()) == counts["created"]


def test_hanging_posts_are_looked_up(folder: Path, sandbox_factory):
    server = sandbox_factory(fault_hang=0.2, seed=5)
    write_input(folder, 10)
    assert run(server, "--timeout", "0.5") == 0
    assert statuses() == Counter(created=10)
    assert set(copies_by_vat(server).values()) == {1}


def test_long_outage_pauses_with_exit_5(folder: Path, sandbox_factory, capsys):
    server = sandbox_factory(fault_hang=1.0)
    write_input(folder, 8)
    assert run(server, "--timeout", "0.2") == 5
    captured = capsys.readouterr().err
    assert "--resume" in captured
    assert statuses()["created"] == 0
    assert sum(statuses().values()) == 8
    assert server.stored_clients() == []


@pytest.mark.slow
def test_rate_limit_bursts_fail_no_row(folder: Path, sandbox_factory, capsys):
    server = sandbox_factory(rate_limit=15, rate_window=1.0)
    write_input(folder, 30)
    assert run(server, "--workers", "3") == 0
    assert "s (API rate limit)" in capsys.readouterr().err  # the plain progress line of the wait
    assert statuses() == Counter(created=30)
    assert set(copies_by_vat(server).values()) == {1}
    # Requests rejected with 429 are counted too; the limiter keeps them to a few percent.
    assert server.request_count() <= 31 * 1.1


def test_max_rate_paces_requests(folder: Path, server: SandboxServer):
    write_input(folder, 3)
    assert run(server, "--max-rate", "600") == 0
    assert statuses() == Counter(created=3)


# Workers


def test_workers_keep_row_order(folder: Path, sandbox_factory):
    server = sandbox_factory(latency_ms=20)
    write_input(folder, 24)
    assert run(server, "--workers", "4") == 0
    assert [row["row"] for row in report_rows()] == list(range(2, 26))
    assert set(copies_by_vat(server).values()) == {1}
