"""The check command: is the Perfex site reachable, is the module there, is the token accepted."""

from __future__ import annotations

import click

from importer.i18n import _


def build() -> click.Command:
    """Build the command with help texts in the current language."""

    @click.command(
        "check",
        help=_(
            "Check the connection to Perfex before importing: whether the site answers, "
            "the WON API module is installed, the token is accepted and rate limiting is on.\n\n"
            "Sends two read-only requests and changes nothing.\n\n"
            "Example: perfex-import check --url https://crm.example.com.br"
        ),
    )
    @click.option("--url", help=_("Perfex site URL, e.g. https://crm.example.com.br (default: PERFEX_URL)."))
    @click.option(
        "--token",
        help=_("API token (default: PERFEX_TOKEN; prefer the environment, since options show in the process list)."),
    )
    @click.option("--verbose", "-v", is_flag=True, help=_("Print each request with its HTTP status and duration."))
    def check_command(url: str | None, token: str | None, verbose: bool) -> int:
        from importer.workflows.check import run_check

        return run_check(url, token, verbose=verbose)

    return check_command
