"""The validate workflow: read, map, validate and report; nothing is sent."""

from __future__ import annotations

import logging
from datetime import datetime

from importer.console import Output
from importer.errors import ImporterError
from importer.exit_codes import ExitCode
from importer.workflows.common import CommandOptions, new_summary

logger = logging.getLogger(__name__)


def run_validate(options: CommandOptions) -> ExitCode:
    """Read, map and validate every row, write the report; send nothing."""
    output = Output(quiet=options.quiet, verbose=options.verbose)
    try:
        return _validate(options, output)
    except ImporterError as error:
        output.error_code(error.code, error.params)
        return error.exit_code


def _validate(options: CommandOptions, output: Output) -> ExitCode:
    from importer.pipeline import iter_validated, prepare_import
    from importer.read import describe
    from importer.report import open_report

    prepared = prepare_import(options.input_file, options.mapping_path)
    summary = new_summary(options, "validate")
    writer = open_report(options.report_path, prepared.reader.headers, csv_delimiter=options.csv_delimiter) if options.report_path else None
    for result in iter_validated(prepared):
        summary.add(result)
        output.row_problems(result)
        if writer is not None:
            writer.write(result)
    summary.source_description = describe(prepared.reader.info, summary.total)
    summary.finished_at = datetime.now().astimezone()
    output.info(summary.source_description)
    if writer is not None:
        writer.close(summary)
    output.summary(summary, str(options.report_path) if options.report_path else None)
    return ExitCode.OK if summary.all_ok else ExitCode.ROWS_NOT_OK


