"""End-to-end command runs on real files: validate sends nothing, run creates each valid row once."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from importer.cli import main
from importer.exit_codes import ExitCode
from importer.sandbox import SandboxOptions, SandboxServer

from conftest import MAPPINGS, SAMPLES, real_sample

CPF_CNPJ_LENGTH_PT_BR = "CPF/CNPJ inválido. Deve ter 11 dígitos (CPF) ou 14 dígitos (CNPJ)"


def run_cli(*arguments: str) -> int:
    return main([str(argument) for argument in arguments])


def load_report(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def server(tmp_path, monkeypatch):
    with SandboxServer(SandboxOptions(token="cli-token", db_path=tmp_path / "crm.sqlite3")) as running:
        monkeypatch.setenv("PERFEX_TOKEN", "cli-token")
        monkeypatch.chdir(tmp_path)
        yield running


def test_validate_sample_reports_bad_rows(tmp_path):
    report = tmp_path / "r.json"
    code = run_cli("validate", SAMPLES / "clientes.csv", "-m", MAPPINGS / "exemplo.yaml", "-r", report)
    assert code == ExitCode.ROWS_NOT_OK
    assert load_report(report)["summary"]["invalid"] == 3


def test_validate_summary_adds_up(tmp_path):
    report = tmp_path / "r.json"
    run_cli("validate", SAMPLES / "clientes.xlsx", "-m", MAPPINGS / "exemplo.yaml", "-r", report)
    data = load_report(report)
    counts = {key: value for key, value in data["summary"].items() if key != "total"}
    assert sum(counts.values()) == data["summary"]["total"] == len(data["rows"])


def test_validate_exact_cpf_cnpj_message(tmp_path):
    report = tmp_path / "r.json"
    run_cli("validate", SAMPLES / "clientes.csv", "-m", MAPPINGS / "exemplo.yaml", "-r", report)
    messages = [error["message"] for row in load_report(report)["rows"] for error in row["errors"]]
    assert CPF_CNPJ_LENGTH_PT_BR in messages


def test_validate_sends_no_request(server, tmp_path):
    run_cli("validate", SAMPLES / "clientes.csv", "-m", MAPPINGS / "exemplo.yaml", "--url", server.url)
    assert server.request_count() == 0


def test_run_creates_each_valid_row_once(server, tmp_path):
    report = tmp_path / "r.json"
    code = run_cli("run", SAMPLES / "clientes.csv", "-m", MAPPINGS / "exemplo.yaml", "--url", server.url, "-r", report)
    created = [row for row in load_report(report)["rows"] if row["status"] == "created"]
    stored_ids = {client["userid"] for client in server.stored_clients()}
    assert code == ExitCode.ROWS_NOT_OK
    assert len(created) == 24
    assert {row["client_id"] for row in created} == stored_ids


def test_run_wrong_token_stops_with_auth_error(server, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PERFEX_TOKEN", "wrong")
    report = tmp_path / "r.json"
    code = run_cli("run", SAMPLES / "clientes.csv", "-m", MAPPINGS / "exemplo.yaml", "--url", server.url, "-r", report)
    assert code == ExitCode.AUTH_ERROR
    assert "Erro de autenticação: Token inválido ou não fornecido" in capsys.readouterr().err
    assert server.stored_clients() == []


def test_run_closed_port_is_connection_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PERFEX_TOKEN", "x")
    monkeypatch.chdir(tmp_path)
    code = run_cli("run", SAMPLES / "clientes.csv", "-m", MAPPINGS / "exemplo.yaml", "--url", "http://127.0.0.1:9")
    assert code == ExitCode.CONNECTION_ERROR
    assert "Erro de conexão com o servidor" in capsys.readouterr().err


def test_run_sandbox_option(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "r.json"
    code = run_cli("run", SAMPLES / "clientes.csv", "-m", MAPPINGS / "exemplo.yaml", "--sandbox", "-r", report)
    assert code == ExitCode.ROWS_NOT_OK
    assert load_report(report)["summary"]["created"] == 24


def test_ans_file_imports_every_operator_once(server, tmp_path):
    path = real_sample("ans-operadoras-ativas-Relatorio_cadop.csv")
    report = tmp_path / "r.json"
    code = run_cli("run", path, "-m", MAPPINGS / "ans-operadoras.yaml", "--url", server.url, "-r", report)
    stored = server.stored_clients()
    vats = Counter(client["vat"] for client in stored)
    assert code == ExitCode.OK
    assert len(stored) == 1155
    assert max(vats.values()) == 1
    assert {client["country"] for client in stored} == {32}
    assert all(len(vat) == 14 and vat.isdigit() for vat in vats)


def test_erp_file_counts_add_up(tmp_path):
    path = real_sample("erp-designtex-clientes-PESR012.csv")
    report = tmp_path / "r.json"
    run_cli("validate", path, "-m", MAPPINGS / "erp-pesr012.yaml", "-r", report)
    data = load_report(report)
    # 2,002 lines: title, header and 3 blank lines are not data rows.
    assert data["summary"]["total"] == 1997
    assert data["summary"]["skipped"] == 4


def test_erp_invalid_rows_carry_messages(tmp_path):
    path = real_sample("erp-designtex-clientes-PESR012.csv")
    report = tmp_path / "r.json"
    run_cli("validate", path, "-m", MAPPINGS / "erp-pesr012.yaml", "-r", report)
    invalid = [row for row in load_report(report)["rows"] if row["status"] == "invalid"]
    assert invalid
    assert all(row["errors"] and row["errors"][0]["message"] for row in invalid)


def test_receita_file_validates(tmp_path):
    path = real_sample("rfb-cnpj-estabelecimentos-ESTABELE-sample.csv")
    report = tmp_path / "r.json"
    code = run_cli("validate", path, "-m", MAPPINGS / "receita-estabelecimentos.yaml", "-r", report)
    data = load_report(report)
    assert code == ExitCode.OK
    assert data["summary"]["total"] == 2000


def test_missing_input_is_usage_error(tmp_path):
    code = run_cli("validate", tmp_path / "nada.csv", "-m", MAPPINGS / "exemplo.yaml")
    assert code == ExitCode.USAGE_ERROR


def test_wrong_column_is_usage_error(tmp_path, capsys):
    mapping = tmp_path / "m.yaml"
    mapping.write_text("fields:\n  company: Razao Socail\n", encoding="utf-8")
    code = run_cli("validate", SAMPLES / "clientes.csv", "-m", mapping)
    assert code == ExitCode.USAGE_ERROR
    assert "Razão Social" in capsys.readouterr().err


def test_english_interface(tmp_path, capsys):
    run_cli("--lang", "en", "validate", SAMPLES / "clientes.csv", "-m", MAPPINGS / "exemplo.yaml")
    assert "Invalid CPF/CNPJ. It must have 11 digits (CPF) or 14 digits (CNPJ)" in capsys.readouterr().err


def test_token_never_printed(server, tmp_path, capsys):
    report = tmp_path / "r.json"
    run_cli("run", SAMPLES / "clientes.csv", "-m", MAPPINGS / "exemplo.yaml", "--url", server.url, "-r", report)
    captured = capsys.readouterr()
    assert "cli-token" not in captured.out + captured.err
    assert "cli-token" not in report.read_text(encoding="utf-8")


def test_report_in_missing_folder_stops_before_sending(server, tmp_path, capsys):
    report = tmp_path / "nao-existe" / "r.json"
    code = run_cli("run", SAMPLES / "clientes.csv", "-m", MAPPINGS / "exemplo.yaml", "--url", server.url, "-r", report)
    assert code == ExitCode.USAGE_ERROR
    assert server.stored_clients() == []
    assert "nao-existe" in capsys.readouterr().err


def test_sandbox_command_stops_cleanly_on_sigterm(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    database = tmp_path / "crm.sqlite3"
    process = subprocess.Popen(
        [sys.executable, "-m", "importer", "sandbox", "--port", "0", "--db", str(database)],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while not database.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=20)
    assert process.returncode == 0
    assert "parado" in errors
