"""The run workflow: validate every row, then create each valid row through the WON API."""

from __future__ import annotations

import logging
import secrets
from contextlib import ExitStack
from datetime import datetime

from importer.console import Output
from importer.errors import ImporterError
from importer.exit_codes import ExitCode
from importer.i18n import _
from importer.workflows.common import CommandOptions, new_summary

logger = logging.getLogger(__name__)


def run_import(options: CommandOptions) -> ExitCode:
    """Validate every row, then create each valid row through the WON API."""
    output = Output(quiet=options.quiet, verbose=options.verbose)
    try:
        return _import(options, output)
    except ImporterError as error:
        output.error_code(error.code, error.params)
        return error.exit_code


def _import(options: CommandOptions, output: Output) -> ExitCode:
    from importer.api import WonClient
    from importer.config import is_cleartext_remote, resolve_api_settings
    from importer.errors import ConfigurationError
    from importer.load.sender import RowSender
    from importer.pipeline import iter_validated, prepare_import
    from importer.read import describe
    from importer.report import open_report

    prepared = prepare_import(options.input_file, options.mapping_path)
    summary = new_summary(options, "run")

    # Validate every row first: nothing is sent for a file that cannot be read to the end.
    results = list(iter_validated(prepared))
    summary.source_description = describe(prepared.reader.info, len(results))
    output.info(summary.source_description)

    with ExitStack() as stack:
        if options.sandbox:
            from importer.sandbox import SandboxOptions, SandboxServer

            server = stack.enter_context(SandboxServer(SandboxOptions(token=secrets.token_urlsafe(16))))
            url, token = server.url, server.options.token
            output.info(_("Sandbox started at {url}; database: {path}").format(url=url, path=server.db_path))
        else:
            url, token = resolve_api_settings(options.url, options.token)
            if not url:
                raise ConfigurationError("url_missing")
            if not token:
                raise ConfigurationError("token_missing")
            if is_cleartext_remote(url):
                output.warning(
                    _("Warning: {url} uses http:// on a remote host, so the token travels in clear text. Use https://.").format(url=url)
                )
        summary.api_url = url
        client = WonClient(url, token)
        sender = RowSender(client)
        writer = open_report(options.report_path, prepared.reader.headers, csv_delimiter=options.csv_delimiter) if options.report_path else None
        for result in sender.process(results):
            summary.add(result)
            output.row_problems(result)
            if writer is not None:
                writer.write(result)
        summary.finished_at = datetime.now().astimezone()
        if sender.stopped_by is not None:
            summary.stopped_reason = sender.stopped_by.code
        if writer is not None:
            writer.close(summary)
        output.summary(summary, str(options.report_path) if options.report_path else None)
        if options.sandbox:
            output.info(_("Sandbox database kept at {path}").format(path=server.db_path))

    if sender.stopped_by is not None:
        output.error_code(sender.stopped_by.code, sender.stopped_by.params)
        return sender.stopped_by.exit_code
    return ExitCode.OK if summary.all_ok else ExitCode.ROWS_NOT_OK


