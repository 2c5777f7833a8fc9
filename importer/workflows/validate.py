"""The validate workflow: read, map, validate and report; nothing is sent."""

from __future__ import annotations

import gc
import logging
from datetime import datetime

from importer.console import Output
from importer.errors import ImporterError
from importer.exit_codes import ExitCode
from importer.workflows.common import CommandOptions, failed_rows_message, new_summary

logger = logging.getLogger(__name__)


def run_validate(options: CommandOptions) -> ExitCode:
    """Read, map and validate every row, write the report; send nothing."""
    from importer.logs import configure_logging, shutdown_logging

    output = Output(quiet=options.quiet, verbose=options.verbose, show_personal_data=options.show_personal_data)
    try:
        options.check_output_paths()
        configure_logging(options.verbose, options.log_file, show_personal_data=options.show_personal_data)
        return _validate(options, output)
    except ImporterError as error:
        logger.error("validate stopped: %s", error)
        output.error_code(error.code, error.params)
        return error.exit_code
    finally:
        shutdown_logging()


def _validate(options: CommandOptions, output: Output) -> ExitCode:
    from importer.pipeline import iter_validated, prepare_import
    from importer.progress_display import make_progress
    from importer.read import describe
    from importer.report import open_report
    from importer.report.failed_rows import FailedRowsWriter

    prepared = prepare_import(options.input_file, options.mapping_path)
    logger.info("validate %s with mapping %s", options.input_file, options.mapping_path)
    summary = new_summary(options, "validate")
    writer = open_report(options.report_path, prepared.reader.headers, csv_delimiter=options.csv_delimiter) if options.report_path else None
    failed = (
        FailedRowsWriter(options.failed_rows, prepared.reader.info, prepared.reader.headers)
        if options.failed_rows
        else None
    )
    progress = make_progress(options.quiet)
    progress.start("validate", None)
    # Every row allocates a few containers, so full garbage collections run
    # during the loop. Freezing the objects alive now (modules, pandas and
    # pandera internals) keeps those collections from walking them each time.
    gc.freeze()
    try:
        for result in iter_validated(prepared, on_progress=progress.advance):
            summary.add(result)
            output.row_problems(result)
            if result.issues:
                codes = ", ".join(issue.code for issue in result.issues)
                logger.info("row %d: %s (%s)", result.row, result.status.value, codes)
            if writer is not None:
                writer.write(result)
            if failed is not None:
                failed.write(result)
    finally:
        gc.unfreeze()
    progress.finish()
    summary.source_description = describe(prepared.reader.info, summary.total)
    summary.finished_at = datetime.now().astimezone()
    output.info(summary.source_description)
    if writer is not None:
        writer.close(summary)
    output.summary(summary, str(options.report_path) if options.report_path else None)
    if failed is not None:
        failed.close()
        output.info(
            failed_rows_message(failed.rows_written, options.failed_rows)
        )
    logger.info("validate finished: %s", summary.as_dict())
    return ExitCode.OK if summary.all_ok else ExitCode.ROWS_NOT_OK
