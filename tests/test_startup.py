"""Start-up cost: help and usage errors must not import the data libraries.

Importing pandas and pandera takes about 0.5 s (pandas 3.1, pandera 0.35, on
a 2-core AMD EPYC), ten times the cost of click, so ``--help`` and a usage
error would feel slow. Each case runs in a fresh interpreter, because the
test process itself has imported both already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
HEAVY_MODULES = ("pandas", "pandera")

# Runs the CLI in-process, then prints its exit code and which heavy modules got imported.
PROBE = """
import contextlib, io, json, sys
from importer.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps({"exit_code": code, "loaded": [name for name in %r if name in sys.modules]}))
"""


def run_cli(*arguments: str) -> dict:
    completed = subprocess.run(
        [sys.executable, "-c", PROBE % (HEAVY_MODULES,), *arguments],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(completed.stdout)


@pytest.fixture(scope="module")
def help_run() -> dict:
    return run_cli("--help")


@pytest.fixture(scope="module")
def usage_error_run() -> dict:
    # validate without --mapping: click rejects it before the command body runs.
    return run_cli("validate", "samples/clientes.csv")


def test_help_exits_zero(help_run):
    assert help_run["exit_code"] == 0


@pytest.mark.parametrize("module", HEAVY_MODULES)
def test_help_skips_module(help_run, module):
    assert module not in help_run["loaded"]


def test_usage_error_exits_two(usage_error_run):
    assert usage_error_run["exit_code"] == 2


@pytest.mark.parametrize("module", HEAVY_MODULES)
def test_usage_error_skips_module(usage_error_run, module):
    assert module not in usage_error_run["loaded"]


@pytest.mark.parametrize("command", ["validate", "run", "sandbox"])
def test_command_help_skips_pandas(command):
    result = run_cli(command, "--help")
    assert "pandas" not in result["loaded"]
