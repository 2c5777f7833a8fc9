"""Option bundles shared by several commands."""

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
    function = click.option(
        "--log-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help=_("Append a detailed log here: timestamps, row numbers, each request's HTTP status and duration."),
    )(function)
    function = click.option(
        "--show-personal-data",
        is_flag=True,
        help=_("Show CPFs, e-mails and phones in full on screen and in the log (masked by default; reports always hold them)."),
    )(function)
    return function


