"""The run command: validate, then create each valid row through the WON API."""

from __future__ import annotations

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
        "run",
        help=_(
            "Validate a spreadsheet, then create each valid row as a Perfex client.\n\n"
            "The API URL and token come from --url, PERFEX_URL and PERFEX_TOKEN (or a .env file). "
            "With --sandbox the rows go to a local test server instead.\n\n"
            "Example: perfex-import run samples/clientes.csv -m mappings/exemplo.yaml --sandbox -r relatorio.json"
        ),
    )
    @_input_argument
    @_mapping_option
    @_report_options
    @_output_options
    @click.option("--url", help=_("Perfex site URL, e.g. https://crm.example.com.br (default: PERFEX_URL)."))
    @click.option(
        "--token",
        help=_("API token (default: PERFEX_TOKEN; prefer the environment, since options show in the process list)."),
    )
    @click.option(
        "--sandbox",
        is_flag=True,
        help=_("Import into a local sandbox server started for this run, with a throwaway database."),
    )
    def run_command(**options) -> int:
        from importer.workflows.common import CommandOptions
        from importer.workflows.run import run_import

        return run_import(CommandOptions.from_click(options))

    return run_command
