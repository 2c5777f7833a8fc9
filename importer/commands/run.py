"""The run command: validate, then create each valid row through the WON API."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from importer.commands.options import (
    _input_argument,
    _mapping_option,
    _output_options,
    _report_options,
)
from importer.i18n import _

# Options left out of the resume command: the token must not be printed, and --resume is added once.
_NOT_REPEATED = frozenset({"token", "resume", "restart"})


def build() -> click.Command:
    """Build the command with help texts in the current language."""

    @click.command(
        "run",
        help=_(
            "Validate a spreadsheet, then create each valid row as a Perfex client.\n\n"
            "The API URL and token come from --url, PERFEX_URL and PERFEX_TOKEN (or a .env file). "
            "With --sandbox the rows go to a local test server instead.\n\n"
            "Each run keeps a journal under .perfex-import/journals, so an interrupted run continues "
            "with --resume and never creates a client twice.\n\n"
            "Example: perfex-import run samples/clientes.csv -m mappings/exemplo.yaml --sandbox -r relatorio.json"
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
            "Write the rows that are invalid, failed or need review here, as XLSX (or CSV for a CSV "
            "input) with the input's columns and an error column, to fix and run again with the same mapping."
        ),
    )
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
    @click.option("--resume", is_flag=True, help=_("Continue the run recorded in the journal; rows already created are not sent again."))
    @click.option("--restart", is_flag=True, help=_("Discard the journal of an earlier run of this file and start over."))
    @click.option(
        "--journal",
        "journal_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help=_("Journal file of this run (default: .perfex-import/journals/ under the working folder)."),
    )
    @click.option(
        "--on-existing",
        type=click.Choice(["skip", "update", "create"]),
        default="skip",
        show_default=True,
        help=_(
            "What to do with a row whose CPF/CNPJ (or company name, without one) already exists in Perfex: "
            "skip it, update the client with the mapped fields, or create another client anyway."
        ),
    )
    @click.option("--plan", is_flag=True, help=_("Rehearse the run against the server: show what each row would get, sending no POST or PUT."))
    @click.option(
        "--max-rate",
        type=click.FloatRange(min=0, min_open=True),
        help=_("Send at most this many requests per minute (default: no client-side limit)."),
    )
    @click.option(
        "--workers",
        type=click.IntRange(1, 16),
        default=1,
        show_default=True,
        help=_("Requests sent at the same time."),
    )
    @click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        help=_("Read timeout of each request, in seconds (default: 30)."),
    )
    def run_command(**options) -> int:
        from importer.load.messages import MESSAGES
        from importer.workflows.common import CommandOptions
        from importer.workflows.run import RunOptions, run_import

        if options["resume"] and options["restart"]:
            raise click.UsageError(_(MESSAGES["resume_restart_conflict"]))
        if options["plan"] and (options["resume"] or options["restart"]):
            raise click.UsageError(_(MESSAGES["plan_with_journal_options"]))
        run_options = RunOptions(
            common=CommandOptions.from_click(options),
            resume=options["resume"],
            restart=options["restart"],
            journal_path=options["journal_path"],
            on_existing=options["on_existing"],
            plan=options["plan"],
            max_rate=options["max_rate"],
            workers=options["workers"],
            timeout=options["timeout"],
            resume_command=resume_command(click.get_current_context()),
            token_from_option=bool(options["token"]),
        )
        return run_import(run_options)

    return run_command


def resume_command(context: click.Context) -> str:
    """Return this command line with --resume, rebuilt from the parsed options and without the token."""
    words = [context.find_root().info_name or "perfex-import"]
    if context.parent is not None and context.parent.params.get("lang"):
        words += ["--lang", context.parent.params["lang"]]
    words.append(context.info_name or "run")
    arguments: list[str] = []
    for parameter in context.command.params:
        name = parameter.name
        value = context.params.get(name)
        if name in _NOT_REPEATED or value is None:
            continue
        if isinstance(parameter, click.Argument):
            arguments.append(str(value))
            continue
        if not isinstance(parameter, click.Option) or value == parameter.default:
            continue
        flag = max(parameter.opts, key=len)
        if parameter.is_flag:
            if value:
                words.append(flag)
        else:
            words += [flag, str(value)]
    words += arguments
    words.append("--resume")
    return shlex.join(words)
