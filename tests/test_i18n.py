"""Catalogs: both languages hold the same messages, and the compiled files are current."""

from __future__ import annotations

import subprocess
import sys

from babel.messages.pofile import read_po

from importer.i18n import LOCALE_DIR, _, set_language

from conftest import REPO_ROOT


def catalog_ids(language: str) -> set[str]:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "perfex_import.po"
    with path.open("rb") as handle:
        return {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(handle) if message.id}


def test_catalogs_hold_the_same_messages():
    assert catalog_ids("pt_BR") == catalog_ids("en")


def test_catalogs_are_up_to_date():
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "update_catalogs.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_portuguese_is_the_default(monkeypatch):
    monkeypatch.delenv("PERFEX_IMPORT_LANG", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    set_language(None)
    assert _("Interrupted.") == "Interrompido."


def test_environment_selects_english(monkeypatch):
    monkeypatch.setenv("PERFEX_IMPORT_LANG", "en")
    set_language(None)
    assert _("Interrupted.") == "Interrupted."


def test_click_usage_is_translated(capsys):
    from importer.cli import main

    main(["validate"])
    assert "Uso:" in capsys.readouterr().err
