"""The check workflow: test the URL and token, and print one screen that shows what works."""

from __future__ import annotations

import logging

from importer.console import Output
from importer.errors import ConfigurationError, ImporterError
from importer.exit_codes import ExitCode
from importer.i18n import _

logger = logging.getLogger(__name__)

LEVEL_STYLES = {"ok": ("green", "✔"), "warning": ("yellow", "!"), "failed": ("bold red", "✘")}


def run_check(url_option: str | None, token_option: str | None, *, verbose: bool = False) -> ExitCode:
    """Check the connection to the WON API, print each finding and return the exit code."""
    from importer.logs import configure_logging, shutdown_logging

    output = Output(verbose=verbose)
    configure_logging(verbose, None, token=token_option)
    try:
        return _check(url_option, token_option, output)
    except ImporterError as error:
        output.error_code(error.code, error.params)
        return error.exit_code
    finally:
        shutdown_logging()


def _check(url_option: str | None, token_option: str | None, output: Output) -> ExitCode:
    from importer.config import resolve_api_settings
    from importer.connection_check import check_connection
    from importer.logs import set_token

    url, token = resolve_api_settings(url_option, token_option)
    if not url:
        raise ConfigurationError("check_url_missing")
    # Without a token the check still tries the status route, then reports the token as missing.
    if token:
        set_token(token)

    result = check_connection(url, token)
    for finding in result.findings:
        style, mark = LEVEL_STYLES[finding.level.value]
        output.out.print(f"[{style}]{mark}[/{style}] ", end="")
        output.out.print(render_finding(finding.code, finding.params), markup=False)
    if result.exit_code == ExitCode.OK:
        output.out.print(_("Ready to import into {url}.").format(url=result.base_url), markup=False)
    return result.exit_code


def render_finding(code: str, params: dict) -> str:
    """Return the text of a finding: a check code, or a code of the API client such as connection_dns."""
    from importer.connection_check import MESSAGES
    from importer.messages import render

    template = MESSAGES.get(code)
    if template is None:
        return render(code, **params)
    return _(template).format(**params)
