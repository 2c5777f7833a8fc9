"""What run shows and writes besides the report: progress, the log file, masking and the failed-rows file."""

from __future__ import annotations

import csv
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from importer.cli import main
from importer.exit_codes import ExitCode
from importer.sandbox import SandboxOptions, SandboxServer
from importer.validate.documents import generate_cnpj, generate_cpf

TOKEN = "run-output-token-5f2c9a"
MAPPING = """\
fields:
  company: Nome
  vat: Documento
  city: Cidade
"""
INVALID_CPF = "123.456.789-00"  # wrong check digits


def write_input(folder: Path, vats: list[str], name: str = "clientes.csv") -> Path:
    lines = ["Nome;Documento;Cidade"]
    lines += [f"Empresa {index} Ltda;{vat};Cidade {index}" for index, vat in enumerate(vats)]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "mapa.yaml").write_text(MAPPING, encoding="utf-8")
    return path


def valid_vats(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    return [generate_cpf(rng) for _ in range(count)]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PERFEX_TOKEN", TOKEN)
    monkeypatch.delenv("PERFEX_URL", raising=False)
    return tmp_path


@pytest.fixture
def server(tmp_path: Path):
    with SandboxServer(SandboxOptions(token=TOKEN, db_path=tmp_path / "sandbox.sqlite3")) as running:
        yield running


def run(*arguments: str, input_file: str = "clientes.csv") -> int:
    return main(["--lang", "en", "run", input_file, "-m", "mapa.yaml", *arguments])


# Progress


def test_progress_lines_without_terminal(folder: Path, capsys):
    write_input(folder, valid_vats(5))
    assert run("--sandbox") == ExitCode.OK
    err = capsys.readouterr().err
    assert re.search(r"^validate: 5 rows in [\d.]+ s$", err, re.MULTILINE)
    assert re.search(r"^send: 5/5 rows in [\d.]+ s$", err, re.MULTILINE)
    assert "\x1b[" not in err  # no terminal control sequences in a pipe or file


def test_quiet_run_prints_no_progress(folder: Path, capsys):
    write_input(folder, valid_vats(5))
    assert run("--sandbox", "-q") == ExitCode.OK
    assert "send:" not in capsys.readouterr().err


# Log file


def test_log_file_has_request_per_row(folder: Path, server: SandboxServer):
    write_input(folder, valid_vats(3))
    assert run("--url", server.url, "--log-file", "run.log") == ExitCode.OK
    log = Path("run.log").read_text(encoding="utf-8")
    posts = re.findall(r"row (\d+): POST /\S+ -> 201 in \d+ ms", log)
    assert sorted(posts) == ["2", "3", "4"]


def test_log_file_has_row_outcomes(folder: Path, server: SandboxServer):
    write_input(folder, valid_vats(3))
    run("--url", server.url, "--log-file", "run.log")
    log = Path("run.log").read_text(encoding="utf-8")
    assert len(re.findall(r"row \d+: created client \d+", log)) == 3


def test_log_file_never_has_token(folder: Path, server: SandboxServer):
    write_input(folder, valid_vats(3) + [INVALID_CPF])
    run("--url", server.url, "--log-file", "run.log", "--verbose", "--show-personal-data")
    log = Path("run.log").read_text(encoding="utf-8")
    assert "POST" in log
    assert TOKEN not in log


def test_log_file_never_has_option_token(folder: Path, server: SandboxServer, monkeypatch):
    monkeypatch.delenv("PERFEX_TOKEN")
    write_input(folder, valid_vats(2))
    run("--url", server.url, "--token", TOKEN, "--log-file", "run.log", "--verbose")
    log = Path("run.log").read_text(encoding="utf-8")
    assert "POST" in log
    assert TOKEN not in log


def test_log_file_in_missing_folder_is_usage_error(folder: Path, server: SandboxServer):
    write_input(folder, valid_vats(2))
    assert run("--url", server.url, "--log-file", "nowhere/run.log") == ExitCode.USAGE_ERROR
    assert server.request_count() == 0


# Personal data on screen


def test_screen_masks_cpf_by_default(folder: Path, capsys):
    write_input(folder, [INVALID_CPF])
    run("--sandbox")
    err = capsys.readouterr().err
    assert "***.456.789-**" in err
    assert INVALID_CPF not in err


def test_screen_shows_cpf_on_request(folder: Path, capsys):
    write_input(folder, [INVALID_CPF])
    run("--sandbox", "--show-personal-data")
    assert INVALID_CPF in capsys.readouterr().err


# Failed rows


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream, delimiter=";"))


def test_failed_rows_fixed_then_run_again(folder: Path, tmp_path: Path):
    # Like the 2.1.x builds, this server rejects an alphanumeric CNPJ with HTTP 422. Validation accepts it, so that row fails.
    alphanumeric = generate_cnpj(random.Random(3), alphanumeric=True)
    vats = valid_vats(4) + [INVALID_CPF, "", alphanumeric]
    write_input(folder, vats)
    (folder / "mapa.yaml").write_text(MAPPING.replace("vat: Documento", "vat: {column: Documento, required: true}"))
    options = SandboxOptions(token=TOKEN, db_path=tmp_path / "sandbox.sqlite3", validate_vat=True)
    with SandboxServer(options) as server:
        assert run("--url", server.url, "--failed-rows", "corrigir.csv") == ExitCode.ROWS_NOT_OK
        rows = read_rows(folder / "corrigir.csv")
        assert [row[1] for row in rows[1:]] == [INVALID_CPF, "", alphanumeric]

        fixed_vats = valid_vats(3, seed=12)
        for row, vat in zip(rows[1:], fixed_vats):
            row[1] = vat
        with (folder / "corrigir.csv").open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream, delimiter=";").writerows(rows)
        posts_before = server.request_count("POST")

        assert run("--url", server.url, input_file="corrigir.csv") == ExitCode.OK
        stored = Counter(client["vat"] for client in server.stored_clients())
        assert server.request_count("POST") - posts_before == 3
    assert sum(stored.values()) == 7
    assert set(stored.values()) == {1}
    assert {vat.replace(".", "").replace("-", "") for vat in fixed_vats} <= set(stored)


def test_failed_rows_counted_on_screen(folder: Path, capsys):
    write_input(folder, valid_vats(2) + [INVALID_CPF])
    run("--sandbox", "--failed-rows", "corrigir.csv")
    assert "Failed rows: 1 row written to corrigir.csv" in capsys.readouterr().err


def test_failed_rows_wrong_extension_sends_nothing(folder: Path, server: SandboxServer):
    write_input(folder, valid_vats(2))
    assert run("--url", server.url, "--failed-rows", "corrigir.json") == ExitCode.USAGE_ERROR
    assert server.request_count() == 0


# Help


def test_help_says_when_run_exits_zero(capsys):
    main(["--lang", "en", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "0 every row valid (validate) or created, already existing or updated (run)" in out
