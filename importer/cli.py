"""Command-line interface: parses options, runs pipeline stages, renders results.

Only click and the i18n module are imported at start-up, so that ``--help``
and usage errors respond at once; pandas, pandera and requests are imported
by the commands that need them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from importer import __version__
from importer.exit_codes import ExitCode
from importer.i18n import LANGUAGE_ALIASES, _, set_language


def _take_language(argv: list[str]) -> tuple[str | None, list[str]]:
    """Remove ``--lang X`` or ``--lang=X`` from anywhere in ``argv`` and return its value.

    The language must be known before click builds any help text, and users
    put the option after the command name as often as before it.
    """
    language = None
    remaining: list[str] = []
    arguments = iter(argv)
    for argument in arguments:
        if argument == "--":
            remaining.append(argument)
            remaining.extend(arguments)
            break
        if argument == "--lang":
            language = next(arguments, None)
        elif argument.startswith("--lang="):
            language = argument.split("=", 1)[1]
        else:
            remaining.append(argument)
    return language, remaining


def _exit_codes_help() -> str:
    return _(
        "Exit codes: 0 every row valid (validate) or created, already existing or updated (run), "
        "rows skipped by a rule aside; 1 unexpected internal error; "
        "2 usage, mapping or input file error, or a missing URL or token; "
        "3 finished, but some rows are invalid, duplicated, failed, not sent or need review (report written); "
        "4 authentication error; 5 connection error; 130 interrupted."
    )


def build_cli() -> click.Group:
    """Build the command group with help texts in the current language."""
    from importer import commands

    @click.group(
        help=_(
            "Import client spreadsheets (CSV, XLSX) into Perfex CRM through the WON API.\n\n"
            "Typical session: check the connection, suggest a mapping, validate, run."
        ),
        epilog=_exit_codes_help(),
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    )
    @click.version_option(__version__, "--version", message="perfex-import %(version)s")
    @click.option(
        "--lang",
        type=click.Choice(["pt_BR", "en"], case_sensitive=False),
        help=_("Interface language (default pt_BR, or PERFEX_IMPORT_LANG); accepted before or after the command."),
    )
    def group(lang: str | None) -> None:
        # main() removes --lang from the arguments and applies it before help texts are built.
        del lang

    # click writes these usage placeholders without translating them.
    group.options_metavar = _("[OPTIONS]")
    group.subcommand_metavar = _("COMMAND [ARGS]...")
    for command in commands.build_commands():
        command.options_metavar = _("[OPTIONS]")
        group.add_command(command)
    return group


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the perfex-import console script."""
    language, arguments = _take_language(list(sys.argv[1:] if argv is None else argv))
    if language is not None and language.strip().replace("_", "-").lower() not in LANGUAGE_ALIASES:
        set_language(None)
        click.echo(_("Unknown language {language!r}; use pt_BR or en.").format(language=language), err=True)
        return ExitCode.USAGE_ERROR
    set_language(language)
    cli = build_cli()
    try:
        result = cli.main(args=arguments, prog_name="perfex-import", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo(_("Interrupted."), err=True)
        return ExitCode.INTERRUPTED
    except click.ClickException as error:
        error.show()
        return ExitCode.USAGE_ERROR
    except click.exceptions.Exit as done:
        return done.exit_code
    except KeyboardInterrupt:
        click.echo(_("Interrupted."), err=True)
        return ExitCode.INTERRUPTED
    except Exception as error:  # noqa: BLE001 - the last line of defence of the CLI
        if "--debug" in arguments:
            raise
        click.echo(
            _("Unexpected internal error: {error}. Run again with --debug to see the traceback, "
              "and report it with the command you ran.").format(error=type(error).__name__),
            err=True,
        )
        return ExitCode.INTERNAL_ERROR
    return int(result or 0)


def console_main() -> None:
    sys.exit(main())


if __name__ == "__main__":
    console_main()
