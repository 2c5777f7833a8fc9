"""Kill and interrupt a real ``perfex-import run`` process, then resume it: no duplicate, no lost row."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from importer.sandbox import SandboxOptions, SandboxServer
from importer.validate.documents import generate_cnpj, generate_cpf

REPO_ROOT = Path(__file__).resolve().parents[1]
TOKEN = "kill-token"
MAPPING = "fields:\n  company: Nome\n  vat: Documento\n  city: Cidade\n"
# Upper bound for one run of the command in these tests, so a hang fails the test instead of CI.
RUN_TIMEOUT_SECONDS = 90


def write_input(folder: Path, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    vats = [generate_cnpj(rng) if index % 3 else generate_cpf(rng) for index in range(count)]
    lines = ["Nome;Documento;Cidade"] + [f"Empresa {index};{vat};Cidade {index}" for index, vat in enumerate(vats)]
    (folder / "clientes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "mapa.yaml").write_text(MAPPING, encoding="utf-8")
    return vats


def start_run(folder: Path, server: SandboxServer, *options: str) -> subprocess.Popen:
    environment = {**os.environ, "PERFEX_TOKEN": TOKEN, "PYTHONPATH": str(REPO_ROOT)}
    command = [
        sys.executable, "-m", "importer", "--lang", "en", "run", "clientes.csv", "-m", "mapa.yaml",
        "--url", server.url, "-r", "relatorio.json", "--timeout", "0.5", *options,
    ]
    return subprocess.Popen(
        command, cwd=folder, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(process: subprocess.Popen) -> tuple[int, str]:
    _, errors = process.communicate(timeout=RUN_TIMEOUT_SECONDS)
    return process.returncode, errors


def report_statuses(folder: Path) -> Counter:
    rows = json.loads((folder / "relatorio.json").read_text(encoding="utf-8"))["rows"]
    return Counter(row["status"] for row in rows)


@pytest.fixture
def faulty_server(tmp_path: Path):
    options = SandboxOptions(
        token=TOKEN,
        db_path=tmp_path / "perfex.sqlite3",
        rate_limit=40,
        rate_window=1.0,
        fault_503=0.1,
        fault_drop_after_store=0.1,
        fault_hang=0.03,
        seed=2024,
    )
    server = SandboxServer(options).start()
    yield server
    server.stop()


@pytest.mark.slow
def test_killed_runs_resume_without_duplicates(tmp_path: Path, faulty_server: SandboxServer):
    vats = write_input(tmp_path, 200, seed=3)
    rng = random.Random(8)
    first = True
    for _kill in range(4):
        process = start_run(tmp_path, faulty_server, *([] if first else ["--resume"]), "--workers", "2")
        first = False
        time.sleep(rng.uniform(1.5, 3.5))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=RUN_TIMEOUT_SECONDS)

    # The kills must land mid-import for the test to mean anything.
    stored_before_resume = len(faulty_server.stored_clients())
    assert 0 < stored_before_resume < 200

    exit_code = None
    for _attempt in range(5):
        exit_code, errors = finish(start_run(tmp_path, faulty_server, "--resume"))
        if exit_code != 5:
            break
    assert exit_code in (0, 3), errors

    statuses = report_statuses(tmp_path)
    stored = Counter(row["vat"] for row in faulty_server.stored_clients())
    assert sum(statuses.values()) == 200
    assert statuses["needs_review"] == 0
    assert statuses["not_sent"] == 0
    assert statuses["created"] + statuses["failed"] == 200
    assert max(stored.values()) == 1
    assert len(stored) == statuses["created"]
    assert set(stored) <= set(vats)


@pytest.mark.slow
def test_interrupted_run_reports_and_resumes(tmp_path: Path):
    options = SandboxOptions(token=TOKEN, db_path=tmp_path / "perfex.sqlite3", latency_ms=30)
    server = SandboxServer(options).start()
    try:
        write_input(tmp_path, 80, seed=4)
        process = start_run(tmp_path, server)
        time.sleep(2.5)
        process.send_signal(signal.SIGINT)
        exit_code, errors = finish(process)
        interrupted = report_statuses(tmp_path)
        resumed_code, _ = finish(start_run(tmp_path, server, "--resume"))
        stored = Counter(row["vat"] for row in server.stored_clients())
    finally:
        server.stop()
    assert exit_code == 130, errors
    assert "--resume" in errors
    assert sum(interrupted.values()) == 80
    assert interrupted["not_sent"] > 0
    assert resumed_code == 0
    assert report_statuses(tmp_path) == Counter(created=80)
    assert max(stored.values()) == 1
    assert len(stored) == 80
