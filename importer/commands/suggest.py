"""The suggest-mapping command: a first mapping file, guessed from the header names and values."""

from __future__ import annotations

from pathlib import Path

import click

from importer.commands.options import _input_argument
from importer.i18n import _


def build() -> click.Command:
    """Build the command with help texts in the current language."""

    @click.command(
        "suggest-mapping",
        help=_(
            "Suggest a mapping for a spreadsheet from its column names and a sample of its values.\n\n"
            "Finds the header below any title lines, recognises CPF/CNPJ, CEP, UF, phone and status "
            "columns, and writes commented YAML to check before validating. Prints it without -o.\n\n"
            "Example: perfex-import suggest-mapping clientes.xlsx -o mapeamento.yaml"
        ),
    )
    @_input_argument
    @click.option(
        "--output",
        "-o",
        "output_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help=_("Write the mapping to this file instead of printing it."),
    )
    @click.option("--force", is_flag=True, help=_("Overwrite the -o file if it exists."))
    def suggest_command(input_file: Path, output_path: Path | None, force: bool) -> int:
        from importer.workflows.suggest import run_suggest

        return run_suggest(input_file, output_path, force=force)

    return suggest_command
