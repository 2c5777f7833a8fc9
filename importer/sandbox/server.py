"""The sandbox server's lifecycle: start in a thread or in the foreground, stop cleanly."""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
import threading
from pathlib import Path
from collections.abc import Callable
from types import TracebackType
from typing import Any

from importer.errors import ConfigurationError
from importer.sandbox.api import WonApi
from importer.sandbox.faults import FaultPlan, RateLimiter, RequestCounter
from importer.sandbox.handler import SandboxHTTPServer, ServerState
from importer.sandbox.options import SandboxOptions
from importer.sandbox.store import ClientStore

logger = logging.getLogger(__name__)

# How long stop() waits for each request thread after closing its connection.
THREAD_JOIN_TIMEOUT = 5.0
# Seconds between checks for a stop request; stop() waits up to this long.
POLL_INTERVAL = 0.05


class SandboxServer:
    """A local HTTP server that speaks the WON API and stores clients in SQLite.

    ``start()`` serves from a daemon thread and ``serve_forever()`` from the
    calling thread. The database file is kept after ``stop()`` so it can be
    inspected. The server can be started again after a stop, on the same file.
    """

    def __init__(self, options: SandboxOptions = SandboxOptions()) -> None:
        self.options = options
        self.db_path = options.db_path if options.db_path is not None else _new_database_path()
        self._counter = RequestCounter()
        self._rate_limiter = (
            RateLimiter(options.rate_limit, options.rate_window) if options.rate_limit is not None else None
        )
        self._lifecycle_lock = threading.Lock()
        self._httpd: SandboxHTTPServer | None = None
        self._store: ClientStore | None = None
        self._thread: threading.Thread | None = None
        self._port = options.port

    @property
    def url(self) -> str:
        """Base URL of the imitated Perfex site, without a trailing slash; the port is known after start."""
        host = self.options.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self._port}"

    def start(self) -> SandboxServer:
        """Listen and serve from a daemon thread; raise ConfigurationError when the port or file is unusable."""
        httpd = self._open()
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": POLL_INTERVAL}, name="won-api-sandbox", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self, on_ready: Callable[[SandboxServer], None] | None = None) -> None:
        """Listen and serve from the calling thread until stop() or Ctrl+C, then close cleanly.

        ``on_ready`` runs once the socket is bound, so ``url`` already has the real
        port when it was 0. Raises ConfigurationError when the port or file is unusable.
        """
        httpd = self._open()
        try:
            if on_ready is not None:
                on_ready(self)
            httpd.serve_forever(poll_interval=POLL_INTERVAL)
        except KeyboardInterrupt:
            logger.info("WON API sandbox interrupted")
        finally:
            self.stop()

    def stop(self) -> None:
        """Release hanging requests, close every connection and the database; safe to call twice."""
        with self._lifecycle_lock:
            httpd, store, thread = self._httpd, self._store, self._thread
            self._httpd = self._store = self._thread = None
        if httpd is None or store is None:
            return
        httpd.state.stopping.set()
        httpd.shutdown()
        if thread is not None:
            thread.join()
        httpd.server_close()
        httpd.close_connections(THREAD_JOIN_TIMEOUT)
        store.close()
        logger.info("WON API sandbox stopped (database %s)", self.db_path)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def request_count(self, method: str | None = None, route: str | None = None) -> int:
        """Return how many requests arrived, including faulted and rate-limited ones.

        ``route`` is "status", "clients" (list and create), "client" (one by id),
        "join" or "unknown"; None counts every route, and likewise for ``method``.
        """
        return self._counter.count(method, route)

    def reset_counts(self) -> None:
        self._counter.reset()

    def stored_clients(self) -> list[dict[str, Any]]:
        """Return every stored row with SQLite's types (``userid`` and ``country`` are int).

        Reads through its own connection, so it works before start and after stop.
        """
        connection = sqlite3.connect(str(self.db_path))
        try:
            connection.row_factory = sqlite3.Row
            rows = connection.execute("SELECT * FROM tblclients ORDER BY userid").fetchall()
        except sqlite3.OperationalError:
            return []  # the table is created on the first start
        finally:
            connection.close()
        return [dict(row) for row in rows]

    def _open(self) -> SandboxHTTPServer:
        """Open the database and bind the listening socket, or raise ConfigurationError."""
        with self._lifecycle_lock:
            if self._httpd is not None:
                raise RuntimeError("the sandbox server is already running")
            store = _open_store(self.db_path)
            state = ServerState(
                options=self.options,
                api=WonApi(store, self.options),
                counter=self._counter,
                rate_limiter=self._rate_limiter,
                faults=FaultPlan(self.options),
                stopping=threading.Event(),
            )
            try:
                httpd = SandboxHTTPServer((self.options.host, self.options.port), state)
            except OSError as error:
                store.close()
                raise ConfigurationError(
                    "sandbox_port_unavailable",
                    host=self.options.host,
                    port=self.options.port,
                    reason=error.strerror or str(error),
                ) from error
            self._httpd, self._store = httpd, store
            self._port = httpd.server_address[1]
        logger.info("WON API sandbox listening on %s (database %s)", self.url, self.db_path)
        return httpd


def _new_database_path() -> Path:
    """Create an empty temporary SQLite file that outlives the server."""
    handle, name = tempfile.mkstemp(prefix="perfex-sandbox-", suffix=".sqlite3")
    # Only the name is needed; SQLite opens the file itself.
    os.close(handle)
    return Path(name)


def _open_store(path: Path) -> ClientStore:
    try:
        return ClientStore(path)
    except sqlite3.Error as error:
        raise ConfigurationError("sandbox_database_unusable", path=str(path), reason=str(error)) from error
