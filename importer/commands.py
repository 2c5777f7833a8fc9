"""The perfex-import commands; each parses its options and hands over to a workflow."""

from __future__ import annotations

from pathlib import Path

import click

from importer.i18n import _


def _input_argument(function):
    return click.argument(
        "input_file",
        metavar=_("FILE"),
        type=click.Path(dir_okay=False, path_type=Path),
    )(function)


def _mapping_option(function):
    return click.option(
        "--mapping",
        "-m",
        "mapping_path",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=_("YAML mapping file (see mappings/ and the README)."),
    )(function)


def _report_options(function):
    function = click.option(
        "--report",
        "-r",
        "report_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help=_("Write the per-row report here: .json, .csv or .xlsx, by extension."),
    )(function)
    function = click.option(
        "--csv-delimiter",
        type=click.Choice([";", ","]),
        default=";",
        show_default=True,
        help=_("Separator of a CSV report (';' opens right in Excel set to Portuguese)."),
    )(function)
    return function


def _output_options(function):
    function = click.option("--quiet", "-q", is_flag=True, help=_("Print only errors and the final summary."))(function)
    function = click.option("--verbose", "-v", is_flag=True, help=_("Print every row's problems and each request."))(function)
    function = click.option(
        "--debug", is_flag=True, help=_("Show the full traceback of an unexpected error.")
    )(function)
    return function


def build_commands() -> list[click.Command]:
    """Return every command, built with help texts in the current language."""

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
    def validate_command(**options) -> int:
        from importer.workflow import CommandOptions, run_validate

        return run_validate(CommandOptions.from_click(options))

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
        from importer.workflow import CommandOptions, run_import

        return run_import(CommandOptions.from_click(options))

    @click.command(
        "sandbox",
        help=_(
            "Start a local server that speaks the WON API, storing clients in SQLite.\n\n"
            "Use it to rehearse an import: point --url at it and set PERFEX_TOKEN to its token.\n\n"
            "Example: perfex-import sandbox --port 8765 --token teste"
        ),
    )
    @click.option("--host", default="127.0.0.1", show_default=True, help=_("Address to listen on."))
    @click.option("--port", default=8765, show_default=True, type=int, help=_("Port to listen on (0 = any free port)."))
    @click.option("--token", default="sandbox-token", show_default=True, help=_("Token the server accepts."))
    @click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), help=_("SQLite database file (default: a new temporary file)."))
    @click.option("--api-version", type=click.Choice(["1", "2"]), default="2", show_default=True, help=_("Response shape and auth header of WON API 1.x or 2.x."))
    @click.option("--validate-vat", is_flag=True, help=_("Answer 422 for a CPF/CNPJ that is not 11 or 14 digits, like some 2.1.x builds."))
    @click.option("--rate-limit", type=click.IntRange(min=1), help=_("Requests allowed per window (default: no limit)."))
    @click.option("--rate-window", type=click.FloatRange(min=0.1), default=3600.0, show_default=True, help=_("Rate-limit window, in seconds."))
    @click.option("--latency-ms", type=click.IntRange(min=0), default=0, show_default=True, help=_("Delay added to every answer, in milliseconds."))
    @click.option("--fault-503", type=click.FloatRange(0, 1), default=0.0, help=_("Probability of answering 503 without storing."))
    @click.option("--fault-500", type=click.FloatRange(0, 1), default=0.0, help=_("Probability of answering 500 without storing."))
    @click.option("--fault-drop-after-store", type=click.FloatRange(0, 1), default=0.0, help=_("Probability of storing the row, then closing the connection without answering."))
    @click.option("--fault-hang", type=click.FloatRange(0, 1), default=0.0, help=_("Probability of storing nothing and never answering."))
    @click.option("--seed", type=int, help=_("Seed for the fault draws, for repeatable runs."))
    def sandbox_command(**options) -> int:
        from importer.workflow import run_sandbox

        return run_sandbox(options)

    return [validate_command, run_command, sandbox_command]
