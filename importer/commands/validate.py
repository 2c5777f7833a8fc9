"""The validate command: a dry run that sends nothing."""

from __future__ import annotations

from pathlib import Path

import click

from importer.commands.options import (
    _input_argument,
    _mapping_option,
    _output_options,
    _report_options,
)
from importer.i18n import _


def build() -> click.Command:
    """Build the command with help texts in the current language."""

    @click.command(
        "validate",
        help=_(
            "Check a spreadsheet against its mapping without sending anything (dry run).\n\n"
            "Reads the file, maps the columns, validates every row and writes a report. "
            "No request is sent to any server.\n\n"
            "Example: perfex-import validate samples/clientes.csv -m mappings/exemplo.yaml -r relatorio.xlsx"
        ),
    )
    @_input_argument
    @_mapping_option
    @_report_options
    @_output_options
    @click.option(
        "--failed-rows",
        type=click.Path(dir_okay=False, path_type=Path),
        help=_(
            "Write the invalid rows here, as XLSX (or CSV for a CSV input) with the input's columns "
            "and an error column, to fix and validate again with the same mapping."
        ),
    )
    def validate_command(**options) -> int:
        from importer.workflows.common import CommandOptions
        from importer.workflows.validate import run_validate

        return run_validate(CommandOptions.from_click(options))

    return validate_command
