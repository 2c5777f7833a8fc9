"""Run the rows of an import through worker threads and yield their results in file order.

The runner owns what spans rows: the thread pool, the reorder buffer that
keeps spreadsheet order, the count of consecutive connection failures that
pauses the run, and stopping on an authentication error or Ctrl-C.
"""

from __future__ import annotations

import logging
import random
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar

from importer.api import AuthenticationError, RateLimiter, RateLimitExceeded, RequestCancelled
from importer.api.ratelimit import WAIT_RETRY_BACKOFF, backoff_delay
from importer.errors import ImporterError
from importer.issues import Issue
from importer.load.journal import Journal
from importer.load.sender import RowRetry, RowStopped, issue_of
from importer.report.model import RowResult
from importer.status import RowStatus

logger = logging.getLogger(__name__)

# Consecutive rows that failed on the network, after the client's own retries, before the run pauses.
MAX_CONNECTION_FAILURES = 5
# Rows submitted ahead of the oldest unfinished one, per worker; bounds the reorder buffer.
WINDOW_PER_WORKER = 4

RowHandler = Callable[[RowResult], RowResult]

# The data row a worker thread is sending; each thread has its own value.
_current_row: ContextVar[int | None] = ContextVar("perfex_import_current_row", default=None)


class RowLogFilter(logging.Filter):
    """Prefix each record logged while a worker sends a row with "row N: ".

    The API client logs each request with its HTTP status and duration but
    does not know the row, so with several workers only this prefix ties a
    request line to its row.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        row = _current_row.get()
        if row is not None and isinstance(record.msg, str):
            record.msg = f"row {row}: {record.msg}"
        return True


@contextmanager
def row_numbers_in_request_log() -> Iterator[None]:
    """Add the row number to the request lines of the API client while the block runs."""
    from importer.api import client as api_client

    row_filter = RowLogFilter()
    # A logger's filters see only the records of that logger, not those of its children.
    api_client.logger.addFilter(row_filter)
    try:
        yield
    finally:
        api_client.logger.removeFilter(row_filter)


class ConnectionMonitor:
    """Count consecutive connection failures across worker threads."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._failures = 0
        self._lock = threading.Lock()

    def success(self) -> None:
        with self._lock:
            self._failures = 0

    def failure(self) -> bool:
        """Count one failure; return True when the limit is reached."""
        with self._lock:
            self._failures += 1
            return self._failures >= self.limit


class ImportRunner:
    """Send rows through ``handler`` on up to ``workers`` threads.

    ``stopped_by`` is the error that stopped the run (authentication or a
    long outage), and ``interrupted`` is True once ``interrupt()`` was
    called. Rows that were not finished come back ``not_sent``, or
    ``needs_review`` when a request of theirs is still in flight.
    """

    def __init__(
        self,
        handler: RowHandler,
        limiter: RateLimiter,
        journal: Journal | None,
        *,
        workers: int = 1,
        max_connection_failures: int = MAX_CONNECTION_FAILURES,
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.handler = handler
        self.limiter = limiter
        self.journal = journal
        self.workers = workers
        self.monitor = ConnectionMonitor(max_connection_failures)
        self.stopped_by: ImporterError | None = None
        self.interrupted = False
        self._stop = threading.Event()
        self._state_lock = threading.Lock()
        self._rng = random.Random()

    def interrupt(self) -> None:
        """Stop starting rows and cancel every wait; safe to call from a signal handler."""
        self.interrupted = True
        self._stop.set()
        self.limiter.cancel()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run(self, results: Iterable[RowResult]) -> Iterator[RowResult]:
        """Yield one result per input result, in input order; only ``valid`` rows go to the handler."""
        window = self.workers * WINDOW_PER_WORKER
        buffer: deque[tuple[RowResult, Future[RowResult] | None]] = deque()
        submitted = 0
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="perfex-send") as executor:
            for result in results:
                future = None
                if result.status is RowStatus.VALID:
                    future = executor.submit(self._work, result)
                    submitted += 1
                buffer.append((result, future))
                # Yield finished rows at the head, and wait for the head while the window is full.
                while buffer and (_is_done(buffer[0][1]) or submitted >= window):
                    head, head_future = buffer.popleft()
                    if head_future is not None:
                        submitted -= 1
                    yield _outcome(head, head_future)
            while buffer:
                head, head_future = buffer.popleft()
                yield _outcome(head, head_future)

    def _work(self, result: RowResult) -> RowResult:
        row_token = _current_row.set(result.row)
        try:
            return self._send_row(result)
        finally:
            _current_row.reset(row_token)

    def _send_row(self, result: RowResult) -> RowResult:
        connection_rounds = 0
        while True:
            if self._stop.is_set():
                return self.unfinished(result)
            try:
                outcome = self.handler(result)
            except RowStopped as stopped:
                if isinstance(stopped.error, AuthenticationError):
                    self.stop(stopped.error)
                return self.unfinished(result, stopped.error)
            except RowRetry as retry:
                if isinstance(retry.error, RateLimitExceeded):
                    # The limiter already blocks every thread until the server's window resets.
                    logger.info("Row %d: still rate limited, trying again", result.row)
                    continue
                connection_rounds += 1
                if self.monitor.failure():
                    logger.warning("Row %d: %d consecutive connection failures, pausing the run", result.row, self.monitor.limit)
                    self.stop(retry.error)
                    return self.unfinished(result, retry.error)
                if not self._backoff(connection_rounds):
                    return self.unfinished(result, retry.error)
                continue
            self.monitor.success()
            return outcome

    def _backoff(self, round_number: int) -> bool:
        """Wait before trying a row again; return False when the run is stopping."""
        with self._state_lock:
            delay = backoff_delay(round_number, rng=self._rng)
        try:
            self.limiter.wait(delay, WAIT_RETRY_BACKOFF)
        except RequestCancelled:
            return False
        return not self._stop.is_set()

    def stop(self, error: ImporterError) -> None:
        """Stop the run because of ``error``: no row starts after this, and every wait is cancelled."""
        with self._state_lock:
            if self.stopped_by is None:
                self.stopped_by = error
        self._stop.set()
        self.limiter.cancel()

    def unfinished(self, result: RowResult, error: ImporterError | None = None) -> RowResult:
        """Return the result of a row the run did not finish, as the journal leaves it."""
        entry = self.journal.get(result.row) if self.journal is not None else None
        if entry is not None and entry.in_flight:
            result.status = RowStatus.NEEDS_REVIEW
            result.client_id = entry.client_id
            result.issues.append(Issue(code="in_flight_unresolved"))
        else:
            result.status = RowStatus.NOT_SENT
        if error is not None and not isinstance(error, RequestCancelled):
            result.issues.append(issue_of(error))
        return result


def _is_done(future: Future[RowResult] | None) -> bool:
    return future is None or future.done()


def _outcome(result: RowResult, future: Future[RowResult] | None) -> RowResult:
    return result if future is None else future.result()
