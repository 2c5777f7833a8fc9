"""The sandbox command: a local server that speaks the WON API."""

from __future__ import annotations

from pathlib import Path

import click

from importer.i18n import _


def build() -> click.Command:
    """Build the command with help texts in the current language."""

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
    @click.option("--latency-ms", type=click.IntRange(min=0), default=0, show_default=True, help=_("Delay added to every response, in milliseconds."))
    @click.option("--fault-503", type=click.FloatRange(0, 1), default=0.0, help=_("Probability of responding 503 without storing the row."))
    @click.option("--fault-500", type=click.FloatRange(0, 1), default=0.0, help=_("Probability of responding 500 without storing the row."))
    @click.option("--fault-drop-after-store", type=click.FloatRange(0, 1), default=0.0, help=_("Probability of storing the row, then closing the connection without a response."))
    @click.option("--fault-hang", type=click.FloatRange(0, 1), default=0.0, help=_("Probability of storing nothing and never responding."))
    @click.option("--seed", type=int, help=_("Seed for the fault draws, for repeatable runs."))
    def sandbox_command(**options) -> int:
        from importer.workflows.sandbox import run_sandbox

        return run_sandbox(options)

    return sandbox_command
