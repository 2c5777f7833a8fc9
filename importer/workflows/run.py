"""The run workflow: validate every row, then create each valid row through the WON API.

Every run keeps a journal (see ``importer.load.journal``), so an interrupted
run continues with ``--resume`` and never sends a row twice. ``--plan``
rehearses a run against the real server, sending no POST or PUT.
"""

from __future__ import annotations

import logging
import secrets
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from importer.console import Output
from importer.errors import ImporterError
from importer.exit_codes import ExitCode
from importer.i18n import _
from importer.messages import render
from importer.progress import NullProgress, ProgressDisplay
from importer.report.model import RowResult
from importer.status import RowStatus
from importer.workflows.common import CommandOptions, failed_rows_message, new_summary

logger = logging.getLogger(__name__)

# Waits shorter than this are not announced, so pacing with --max-rate does not flood stderr.
MIN_ANNOUNCED_WAIT_SECONDS = 1.0
CONNECT_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class RunOptions:
    """The options of the run command beyond those it shares with validate."""

    common: CommandOptions
    resume: bool = False
    restart: bool = False
    journal_path: Path | None = None
    on_existing: str = "skip"  # "skip", "update" or "create"
    plan: bool = False
    max_rate: float | None = None  # requests per minute
    workers: int = 1
    timeout: float | None = None  # read timeout in seconds; None keeps the client's default
    resume_command: str = ""  # this command line plus --resume, without the token
    token_from_option: bool = False  # the token came from --token, so the resume command lacks it
    working_dir: Path = field(default_factory=Path.cwd)


def run_import(options: RunOptions | CommandOptions, progress: ProgressDisplay | None = None) -> ExitCode:
    """Validate every row, then create each valid row through the WON API.

    ``progress`` defaults to the display ``make_progress`` picks: none with
    --quiet, a bar on a terminal, plain lines otherwise.
    """
    from importer.logs import shutdown_logging
    from importer.progress_display import make_progress

    if isinstance(options, CommandOptions):
        options = RunOptions(common=options)
    common = options.common
    output = Output(quiet=common.quiet, verbose=common.verbose, show_personal_data=common.show_personal_data)
    try:
        common.check_output_paths()
        _configure_logging(common)
        return _import(options, output, progress if progress is not None else make_progress(common.quiet))
    except ImporterError as error:
        logger.error("run stopped: %s", error)
        output.error_code(error.code, error.params)
        return error.exit_code
    finally:
        shutdown_logging()


def _configure_logging(common: CommandOptions) -> None:
    """Install the log handlers; the token is added to the redacted values once it is resolved."""
    from importer.errors import ConfigurationError
    from importer.logs import configure_logging

    try:
        configure_logging(
            common.verbose, common.log_file, token=common.token, show_personal_data=common.show_personal_data
        )
    except OSError as error:
        raise ConfigurationError(
            "log_file_unusable", path=str(common.log_file), reason=error.strerror or str(error)
        ) from error


def _import(options: RunOptions, output: Output, progress: ProgressDisplay) -> ExitCode:
    from importer.logs import set_token
    from importer.pipeline import iter_validated, prepare_import
    from importer.read import describe

    common = options.common
    prepared = prepare_import(common.input_file, common.mapping_path)
    logger.info("run %s with mapping %s", common.input_file, common.mapping_path)
    summary = new_summary(common, "plan" if options.plan else "run")
    # Opened before any request, so a wrong extension stops the run before anything is sent.
    failed = _open_failed_rows(common, prepared)
    try:
        # Validate every row first: nothing is sent for a file that cannot be read to the end.
        progress.start("validate", None)
        results = list(iter_validated(prepared, on_progress=progress.advance))
        progress.finish()
        summary.source_description = describe(prepared.reader.info, len(results))
        output.info(summary.source_description)

        with ExitStack() as stack:
            url, token, sandbox_path = _connect(options, output, stack)
            set_token(token)
            summary.api_url = url
            session = _RunSession(options, output, progress, url, token)
            session.failed_rows = failed
            if sandbox_path is not None:
                session.journal_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="perfex-journal-")))
            exit_code = session.run(results, prepared, summary)
            if sandbox_path is not None:
                output.info(_("Sandbox database kept at {path}").format(path=sandbox_path))
    finally:
        if failed is not None:
            failed.close()
    if failed is not None:
        output.info(
            failed_rows_message(failed.rows_written, common.failed_rows)
        )
    logger.info("run finished with exit code %d: %s", exit_code, summary.as_dict())
    return exit_code


def _open_failed_rows(common: CommandOptions, prepared):
    """Return the writer of --failed-rows, or None without the option."""
    from importer.report.failed_rows import FailedRowsWriter

    if common.failed_rows is None:
        return None
    return FailedRowsWriter(common.failed_rows, prepared.reader.info, prepared.reader.headers)


def _connect(options: RunOptions, output: Output, stack: ExitStack) -> tuple[str, str, Path | None]:
    """Return the URL and token to use, starting a sandbox server for --sandbox."""
    from importer.config import is_cleartext_remote, resolve_api_settings
    from importer.errors import ConfigurationError

    common = options.common
    if common.sandbox:
        from importer.sandbox import SandboxOptions, SandboxServer

        server = stack.enter_context(SandboxServer(SandboxOptions(token=secrets.token_urlsafe(16))))
        output.info(_("Sandbox started at {url}; database: {path}").format(url=server.url, path=server.db_path))
        return server.url, server.options.token, server.db_path
    url, token = resolve_api_settings(common.url, common.token)
    if not url:
        raise ConfigurationError("url_missing")
    if not token:
        raise ConfigurationError("token_missing")
    if is_cleartext_remote(url):
        output.warning(
            _("Warning: {url} uses http:// on a remote host, so the token travels in clear text. Use https://.").format(url=url)
        )
    return url, token, None


class _RunSession:
    """One run against one server: the client, the journal, the existing-client finder and the runner."""

    def __init__(self, options: RunOptions, output: Output, progress: ProgressDisplay, url: str, token: str) -> None:
        from importer.api import RateLimiter, WonClient

        self.options = options
        self.output = output
        self.progress = progress
        self.url = url
        self.journal_dir: Path | None = None
        self.failed_rows = None  # a FailedRowsWriter for --failed-rows
        # Without a live display, waits are announced as lines of their own.
        self.announce_waits = isinstance(progress, NullProgress)
        self.limiter = RateLimiter(max_per_minute=options.max_rate, on_wait=self._show_wait)
        timeout = (min(CONNECT_TIMEOUT_SECONDS, options.timeout), options.timeout) if options.timeout else (5.0, 30.0)
        self.client = WonClient(url, token, timeout=timeout, limiter=self.limiter)

    def run(self, results: list[RowResult], prepared, summary) -> ExitCode:
        from importer.load.journal import JournalState
        from importer.load.lookup import ExistingFinder
        from importer.load.runner import ImportRunner, row_numbers_in_request_log
        from importer.load.sender import OnExisting, RowSender
        from importer.report import open_report

        options = self.options
        common = options.common
        journal = None if options.plan else self._open_journal(results, prepared)
        finder = ExistingFinder(self.client)
        sender = RowSender(self.client, journal, finder, OnExisting(options.on_existing))
        handler = sender.plan if options.plan else sender.send
        runner = ImportRunner(handler, self.limiter, journal, workers=options.workers)

        to_check = sum(1 for result in results if result.status is RowStatus.VALID)
        self._prepare_finder(finder, runner, to_check)

        writer = None
        if common.report_path:
            writer = open_report(common.report_path, prepared.reader.headers, csv_delimiter=common.csv_delimiter)
        self.progress.start("plan" if options.plan else "send", len(results))
        try:
            with _interrupt_handler(runner), row_numbers_in_request_log():
                for result in runner.run(results):
                    summary.add(result)
                    self.output.row_problems(result)
                    _log_outcome(result)
                    if writer is not None:
                        writer.write(result)
                    if self.failed_rows is not None:
                        self.failed_rows.write(result)
                    # Rows left unsent by an interruption are reported but not counted as progress.
                    if result.status is not RowStatus.NOT_SENT:
                        self.progress.advance()
        finally:
            if journal is not None:
                journal.flush()  # the last outcomes were recorded without a commit of their own
            self.progress.finish()
            summary.finished_at = datetime.now().astimezone()
            if runner.interrupted:
                summary.stopped_reason = "interrupted"
            elif runner.stopped_by is not None:
                summary.stopped_reason = runner.stopped_by.code
            if writer is not None:
                writer.close(summary)
        self.output.summary(summary, str(common.report_path) if common.report_path else None)
        self.output.info(render("requests_sent", count=self.client.request_count))

        finished = True
        if journal is not None:
            finished = journal.state() is JournalState.FINISHED
            if finished and journal.meta("finished_at") is None:
                journal.set_meta("finished_at", datetime.now().astimezone().isoformat())
            journal.close()
        return self._exit_code(runner, summary, finished)

    def _exit_code(self, runner, summary, finished: bool) -> ExitCode:
        if runner.interrupted:
            self.output.error(render("run_interrupted"))
            self._show_resume_hint()
            return ExitCode.INTERRUPTED
        if runner.stopped_by is not None:
            self.output.error_code(runner.stopped_by.code, runner.stopped_by.params)
            if runner.stopped_by.exit_code is ExitCode.CONNECTION_ERROR:
                self._show_resume_hint()
            return runner.stopped_by.exit_code
        if not finished:
            self._show_resume_hint()
        return ExitCode.OK if summary.all_ok else ExitCode.ROWS_NOT_OK

    def _show_resume_hint(self) -> None:
        if self.options.common.sandbox or not self.options.resume_command:
            return
        self.output.warning(render("resume_hint", command=self.options.resume_command))
        if self.options.token_from_option:
            self.output.warning(render("resume_token_hint"))

    def _open_journal(self, results: list[RowResult], prepared):
        from importer.load.journal import Journal, JournalError, JournalKey, JournalState

        options = self.options
        key = JournalKey.for_files(prepared.input_path, prepared.mapping_path, self.client.base_url)
        if options.journal_path is not None:
            path = options.journal_path
        elif self.journal_dir is not None:
            path = self.journal_dir / "journal.sqlite3"
        else:
            path = key.default_path(options.working_dir)
        if options.restart and path.exists():
            Journal.discard(path)
            self.output.info(render("journal_discarded", path=path))
        elif options.resume and not path.exists():
            self.output.info(render("journal_missing_on_resume", path=path))

        journal = Journal.open(path, key)
        state = journal.state()
        if state is not JournalState.NEW and not options.resume:
            journal.close()
            code = "journal_unfinished" if state is JournalState.UNFINISHED else "journal_finished"
            raise JournalError(code, path=str(path), url=self.url, command=options.resume_command)
        journal.add_rows(results)
        if state is not JournalState.NEW:
            self._restore(results, journal, path)
        elif self.journal_dir is None:
            # A sandbox run's journal is a temporary file, so its path is not worth showing.
            self.output.info(render("journal_new", path=path))
        return journal

    def _restore(self, results: list[RowResult], journal, path: Path) -> None:
        """Give rows that a previous run finished their recorded outcome, so they are not sent again."""
        from importer.load.journal import PENDING

        entries = journal.rows()
        done = left = in_flight = 0
        for result in results:
            entry = entries.get(result.row)
            if entry is None:
                continue
            if entry.in_flight:
                in_flight += 1
                result.status = RowStatus.VALID  # a request is out: resolve it on the server
                continue
            if entry.status == PENDING:
                if result.status is RowStatus.VALID:
                    left += 1
                else:
                    journal.record(result.row, result.status, issues=result.issues, detail=result.detail)
                continue
            done += 1
            result.status = RowStatus(entry.status)
            result.client_id = entry.client_id
            result.issues = list(entry.issues)
            result.detail = entry.detail
        self.output.info(render("journal_resuming", path=path, done=done, left=left, in_flight=in_flight))

    def _prepare_finder(self, finder, runner, rows_to_check: int) -> None:
        from importer.api import ApiError
        from importer.load.lookup import Strategy

        try:
            report = finder.prepare(rows_to_check)
        except ApiError as error:
            logger.warning("Looking up existing clients failed: %s", error)
            self.output.error(render("strategy_failed"))
            runner.stop(error)
            return
        if report.strategy is Strategy.INDEX:
            self.output.info(
                render(
                    "strategy_index",
                    clients=report.indexed_clients,
                    pages=report.pages,
                    requests=report.requests,
                    rows=report.rows_to_check,
                )
            )
        elif report.strategy is Strategy.PER_ROW:
            self.output.info(render("strategy_per_row", rows=report.rows_to_check, requests=report.requests))

    def _show_wait(self, seconds: float, reason: str) -> None:
        from importer.api.ratelimit import WAIT_PACING, WAIT_RETRY_BACKOFF

        if reason == WAIT_PACING or seconds < MIN_ANNOUNCED_WAIT_SECONDS:
            return
        retry = reason == WAIT_RETRY_BACKOFF
        logger.info("Waiting %.1f s (%s)", seconds, "retry back-off" if retry else "rate limit")
        self.progress.waiting(seconds, render("wait_cause_retry" if retry else "wait_cause_rate_limit"))
        if self.announce_waits:
            self.output.info(render("waiting_retry" if retry else "waiting_rate_limit", seconds=round(seconds)))


def _log_outcome(result: RowResult) -> None:
    """Log the row's final status, client id and issue codes; the log file keeps one line per row."""
    codes = ", ".join(issue.code for issue in result.issues)
    logger.info(
        "row %d: %s%s%s",
        result.row,
        result.status.value,
        f" client {result.client_id}" if result.client_id is not None else "",
        f" ({codes})" if codes else "",
    )


@contextmanager
def _interrupt_handler(runner) -> Iterator[None]:
    """Turn the first Ctrl-C into ``runner.interrupt()``, so rows in flight finish and are recorded.

    A second Ctrl-C raises KeyboardInterrupt as usual; the journal still
    contains every row in flight, so --resume looks them up. Signal handlers
    can only be set from the main thread; elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)

    def on_interrupt(signum, frame) -> None:
        logger.info("Interrupted; finishing the rows in flight")
        runner.interrupt()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
