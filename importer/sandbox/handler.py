"""HTTP plumbing of the sandbox: reading requests, applying limits and faults, writing responses."""

from __future__ import annotations

import json
import logging
import socket
import sqlite3
import struct
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from importer.sandbox import wire
from importer.sandbox.api import ALLOWED_METHODS, Route, WonApi, match_route
from importer.sandbox.faults import Fault, FaultPlan, RateDecision, RateLimiter, RequestCounter
from importer.sandbox.options import SandboxOptions
from importer.sandbox.wire import ApiResponse, failure

logger = logging.getLogger(__name__)

# PHP's default post_max_size; a client never needs more for one client row.
MAX_BODY_BYTES = 8 * 1024 * 1024


@dataclass
class ServerState:
    """State that every request handler of one running sandbox shares."""

    options: SandboxOptions
    api: WonApi
    counter: RequestCounter
    rate_limiter: RateLimiter | None
    faults: FaultPlan
    stopping: threading.Event  # set by stop(); releases hanging and delayed requests


class SandboxHTTPServer(ThreadingHTTPServer):
    """Threaded HTTP server that tracks its open connections so stop() can close them."""

    daemon_threads = True
    # Eight clients opening connections at once must not overflow the listen backlog.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], state: ServerState) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.state = state
        self._tracking_lock = threading.Lock()
        self._open_sockets: set[socket.socket] = set()
        self._handler_threads: set[threading.Thread] = set()
        super().__init__(address, SandboxRequestHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self.process_request_thread, args=(request, client_address), daemon=True
        )
        with self._tracking_lock:
            self._open_sockets.add(request)
            self._handler_threads.add(thread)
        thread.start()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._tracking_lock:
                self._handler_threads.discard(threading.current_thread())

    def shutdown_request(self, request: Any) -> None:
        with self._tracking_lock:
            self._open_sockets.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that hang up mid-request are routine here, so they are not worth a traceback on stderr.
        logger.debug("sandbox connection from %s failed", client_address[0], exc_info=True)

    def close_connections(self, timeout: float) -> None:
        """Shut down every open connection and wait up to ``timeout`` seconds for the handler threads."""
        with self._tracking_lock:
            sockets = list(self._open_sockets)
            threads = list(self._handler_threads)
        for connection in sockets:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by its handler
        for thread in threads:
            thread.join(timeout)
            if thread.is_alive():
                logger.warning("sandbox request thread %s did not finish within %.0f s", thread.name, timeout)


class SandboxRequestHandler(BaseHTTPRequestHandler):
    """Serves one connection; HTTP/1.1 keep-alive lets a client reuse it for many requests."""

    server: SandboxHTTPServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes, so Nagle's algorithm would hold the body for a delayed ACK.
    disable_nagle_algorithm = True

    def version_string(self) -> str:
        return "perfex-import-sandbox"

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_OPTIONS(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - name fixed by the base class
        if self.server.state.options.verbose:
            logger.info("%s %s", self.client_address[0], format % args)

    def log_error(self, format: str, *args: Any) -> None:  # noqa: A002 - name fixed by the base class
        logger.debug("sandbox HTTP error from %s: %s", self.client_address[0], format % args)

    def _serve(self) -> None:
        state = self.server.state
        url = urlsplit(self.path)
        route = match_route(url.path)
        state.counter.add(self.command, route.kind)

        body = self._read_body()
        if body is None:
            return
        if state.options.latency_ms and state.stopping.wait(state.options.latency_ms / 1000):
            self._close_without_response()
            return

        rate = state.rate_limiter.record(self.client_address[0]) if state.rate_limiter else None
        response = self._response_before_faults(route, rate)
        if response is None:
            response = self._response_with_faults(route, dict(parse_qsl(url.query)), body)
        if response is None:
            self._close_without_response()
            return
        if rate is not None:
            response.headers.update(rate.headers())
        self._send(response)

    def _response_before_faults(self, route: Route, rate: RateDecision | None) -> ApiResponse | None:
        """Return the response for a request stopped by the rate limit, routing or authentication."""
        version = self.server.state.options.api_version
        if rate is not None and rate.exceeded:
            message = wire.MSG_RATE_LIMIT.format(seconds=rate.retry_after)
            response = failure(version, 429, "RATE_LIMIT_EXCEEDED", message)
            response.headers["Retry-After"] = str(rate.retry_after)
            return response
        if self.command == "OPTIONS":
            return ApiResponse(204)
        if route.kind == "unknown":
            return failure(version, 404, "NOT_FOUND", wire.MSG_ROUTE_NOT_FOUND)
        allowed = ALLOWED_METHODS[route.kind]
        if self.command not in allowed:
            response = failure(version, 405, "METHOD_NOT_ALLOWED", wire.MSG_METHOD_NOT_ALLOWED)
            response.headers["Allow"] = ", ".join(sorted(allowed | {"OPTIONS"}))
            return response
        if route.kind == "status":
            return None
        return self.server.state.api.authenticate(self.headers)

    def _response_with_faults(self, route: Route, query: dict[str, str], body: bytes) -> ApiResponse | None:
        """Serve the request unless a fault is drawn; None means close the connection without a response."""
        state = self.server.state
        version = state.options.api_version
        fault = state.faults.draw(self.command)
        if fault is Fault.UNAVAILABLE:
            return failure(version, 503, "SERVICE_UNAVAILABLE", wire.MSG_UNAVAILABLE)
        if fault is Fault.INTERNAL_ERROR:
            return failure(version, 500, "INTERNAL_ERROR", wire.MSG_INTERNAL_ERROR)
        if fault is Fault.HANG:
            state.stopping.wait()
            return None
        try:
            response = state.api.handle(self.command, route, query, body)
        except sqlite3.Error:
            logger.exception("sandbox database error on %s %s", self.command, route.kind)
            return failure(version, 500, "INTERNAL_ERROR", wire.MSG_INTERNAL_ERROR)
        if fault is Fault.DROP_AFTER_STORE:
            return None
        return response

    def _read_body(self) -> bytes | None:
        """Read the request body, or send an error and return None when its framing is unusable."""
        version = self.server.state.options.api_version
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            # NOTE: chunked bodies are not decoded; the importer always sends Content-Length.
            self.close_connection = True
            self._send(failure(version, 411, "INVALID_JSON", wire.MSG_LENGTH_REQUIRED))
            return None
        length_text = self.headers.get("Content-Length")
        if not length_text:
            return b""
        try:
            length = int(length_text)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            self._send(failure(version, 400, "INVALID_JSON", wire.MSG_INVALID_JSON))
            return None
        if length > MAX_BODY_BYTES:
            self.close_connection = True
            self._send(failure(version, 413, "INVALID_JSON", wire.MSG_BODY_TOO_LARGE))
            return None
        return self.rfile.read(length)

    def _close_without_response(self) -> None:
        """Close the connection with no response; a zero linger makes the kernel send a reset."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass  # the socket is already shut down by stop()

    def _send(self, response: ApiResponse) -> None:
        options = self.server.state.options
        payload = b""
        if response.body is not None:
            payload = json.dumps(response.body, ensure_ascii=False).encode("utf-8")
        self.send_response(response.status)
        if response.body is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in wire.CORS_HEADERS.items():
            self.send_header(name, value)
        if options.api_version == 2:
            self.send_header(wire.API_VERSION_HEADER, wire.SERVER_VERSIONS[2])
        for name, value in response.headers.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)
