"""The perfex-import commands; each module builds one command and hands over to a workflow."""

from __future__ import annotations

import importlib

import click

# Each module has build() -> click.Command; the order is the order in --help.
COMMAND_MODULES = ("check", "suggest", "validate", "run", "sandbox")


def build_commands() -> list[click.Command]:
    """Return every command, built with help texts in the current language."""
    commands = []
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"importer.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"importer.commands.{name}":
                raise
            continue
        commands.append(module.build())
    return commands
