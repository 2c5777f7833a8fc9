"""Shared fixtures: paths to the samples, the real files, and a sandbox server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from importer.i18n import set_language

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES = REPO_ROOT / "samples"
MAPPINGS = REPO_ROOT / "mappings"
REAL_SAMPLES = REPO_ROOT.parent / "shared" / "samples-real"


def real_sample(name: str) -> Path:
    """Return a file of ../shared/samples-real, skipping the test when the folder is absent.

    CI sets PERFEX_IMPORT_REQUIRE_SAMPLES, so there a missing file fails instead.
    """
    path = REAL_SAMPLES / name
    if not path.exists():
        if os.environ.get("PERFEX_IMPORT_REQUIRE_SAMPLES"):
            pytest.fail(f"real sample {path} is missing")
        pytest.skip(f"real sample {path} is not available (the shared folder sits beside the repository)")
    return path


@pytest.fixture(autouse=True)
def portuguese_interface():
    """Every test starts in the default language, pt_BR."""
    set_language("pt_BR")
    yield
    set_language("pt_BR")


@pytest.fixture
def sandbox(tmp_path):
    """A WON API sandbox on 127.0.0.1 with a throwaway database."""
    from importer.sandbox import SandboxOptions, SandboxServer

    with SandboxServer(SandboxOptions(token="test-token", db_path=tmp_path / "sandbox.sqlite3")) as server:
        yield server
