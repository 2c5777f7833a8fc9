"""HTTP client of the WON API module of Perfex CRM.

``WonClient`` reads both response shapes (2.x envelope, 1.x bare JSON),
sends either token header, and honours the rate-limit headers of 2.1.x
builds. It retries idempotent calls (GET, PUT) on timeouts, dropped
connections and 502/503/504. A POST creates a client and the API has no
duplicate check, so a POST is retried only when it provably never reached
the server, or after HTTP 429, which the server returns without processing
the request.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import logging
import random
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.auth import AuthBase
import urllib3.exceptions

from importer import __version__
from importer.api.errors import (
    ApiResponseError,
    AuthenticationError,
    ConnectionReason,
    HttpStatusError,
    InvalidDataError,
    RateLimitExceeded,
    ServerConnectionError,
)
from importer.api.ratelimit import (
    WAIT_RETRY_BACKOFF,
    RateLimiter,
    RateLimitInfo,
    backoff_delay,
    parse_retry_after,
)
from importer.api.urls import CLIENTS_PATH, JOIN_PATH, STATUS_PATH, host_of, normalize_base_url
from importer.errors import ConfigurationError

logger = logging.getLogger(__name__)

MAX_PAGE_LIMIT = 100  # the server caps ``limit`` at 100 rows per page
USER_AGENT = f"perfex-import/{__version__}"
RETRIABLE_STATUSES = frozenset({502, 503, 504})
# Maximum Retry-After honoured on 502/503/504, because a longer pause is the runner's decision.
MAX_RETRY_AFTER_SECONDS = 120.0
# Longest API message kept in an exception, so an HTML error page does not flood a report.
MAX_API_MESSAGE_CHARS = 300
# OpenSSL reasons that can only happen during the handshake, before any request byte is sent.
_HANDSHAKE_SSL_REASONS = frozenset(
    {"WRONG_VERSION_NUMBER", "UNSUPPORTED_PROTOCOL", "NO_PROTOCOLS_AVAILABLE", "UNKNOWN_PROTOCOL"}
)
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]+>")
_WHITESPACE = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class ApiStatus:
    """Response of the unauthenticated status route."""

    version: str | None
    raw: dict[str, Any]


@dataclass(frozen=True)
class ClientPage:
    """One page of clients. ``total`` and ``total_pages`` are None on 1.x, which sends a bare array."""

    rows: list[dict[str, Any]]
    page: int
    limit: int
    total: int | None
    total_pages: int | None


class _TokenAuth(AuthBase):
    """Set the token header on each request. Passing ``auth`` also keeps requests from applying ~/.netrc."""

    def __init__(self, header: str, token: str) -> None:
        self._header = header
        self._token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers[self._header] = self._token
        return request

    def __repr__(self) -> str:
        return f"_TokenAuth(header={self._header!r})"


def vat_lookup_supported(vat: str) -> bool:
    """Tell whether ``find_by_vat`` can look ``vat`` up.

    The server strips every non-digit before comparing, so a value without
    digits would match clients with an empty VAT, and an alphanumeric CNPJ
    would be compared by its digits alone and could match another client.
    """
    return any(char.isdigit() for char in vat) and not _LETTER.search(vat)


class WonClient:
    """Client of the WON API routes that perfex-import uses, safe to share between threads.

    ``request_count`` counts requests that reached or may have reached the
    server, which is what the server's rate limit counts.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: tuple[float, float] = (5.0, 30.0),
        api_version: int = 2,
        session: requests.Session | None = None,
        limiter: RateLimiter | None = None,
        retries: int = 4,
    ) -> None:
        if api_version not in (1, 2):
            raise ValueError(f"api_version must be 1 or 2, not {api_version!r}")
        if retries < 0:
            raise ValueError("retries must not be negative")
        if session is not None and session.verify is False:
            raise ValueError("TLS certificate verification must stay enabled on the session")

        self.base_url = normalize_base_url(base_url)
        self.api_version = api_version
        self.timeout = timeout
        self.retries = retries
        self.limiter = limiter if limiter is not None else RateLimiter()
        self.request_count = 0
        self.last_rate_limit: RateLimitInfo | None = None

        self._token = _checked_token(token)
        header = "X-API-TOKEN" if api_version == 2 else "Authorization"
        self._auth = _TokenAuth(header, self._token)
        self._session = session if session is not None else requests.Session()
        self._host = host_of(self.base_url)
        self._rng = random.Random()
        self._lock = threading.Lock()
        _warn_if_plain_http(self.base_url)

    def __repr__(self) -> str:
        return f"WonClient(base_url={self.base_url!r}, api_version={self.api_version})"

    # Routes

    def status(self) -> ApiStatus:
        """Call the health-check route, which needs no token."""
        response = self._send("GET", STATUS_PATH, authenticated=False)
        self._raise_for_status(response, STATUS_PATH)
        payload = self._success_payload(response, "GET", STATUS_PATH)
        if not isinstance(payload, dict):
            raise self._shape_error(response, "GET", STATUS_PATH, "a JSON object was expected")
        return ApiStatus(version=_api_version_of(response, payload), raw=payload)

    def list_clients(self, page: int = 1, limit: int = 100, search: str | None = None) -> ClientPage:
        """Fetch one page of clients, optionally filtered by company name.

        Raises ValueError for a ``limit`` above the server's cap of 100, and
        for a ``search`` shorter than 2 characters, because the server would
        ignore it and return every client.
        """
        if page < 1:
            raise ValueError("page starts at 1")
        if not 1 <= limit <= MAX_PAGE_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_PAGE_LIMIT}")
        params: dict[str, str | int] = {"page": page, "limit": limit}
        if search is not None:
            if len(search.strip()) < 2:
                raise ValueError("search needs at least 2 characters")
            params["search"] = search.strip()

        response = self._send("GET", CLIENTS_PATH, params=params)
        self._raise_for_status(response, CLIENTS_PATH)
        payload = self._success_payload(response, "GET", CLIENTS_PATH)
        data, meta = _unwrap(payload)
        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            raise self._shape_error(response, "GET", CLIENTS_PATH, "a list of clients was expected")
        meta = meta if isinstance(meta, dict) else {}
        return ClientPage(
            rows=data,
            page=page,
            limit=limit,
            total=_optional_int(meta.get("total")),
            total_pages=_optional_int(meta.get("total_pages")),
        )

    def get_client(self, client_id: int) -> dict[str, Any] | None:
        """Fetch one client by ``userid``, or return None when the server returns 404."""
        path = f"{CLIENTS_PATH}/{_checked_id(client_id)}"
        response = self._send("GET", path)
        if response.status_code == 404 and _is_json(response):
            return None
        self._raise_for_status(response, path)
        data, _meta = _unwrap(self._success_payload(response, "GET", path))
        if isinstance(data, list):
            data = data[0] if data else None
        if data is not None and not isinstance(data, dict):
            raise self._shape_error(response, "GET", path, "a client object was expected")
        return data

    def find_by_vat(self, vat: str) -> dict[str, Any] | None:
        """Find the client whose ``vat`` column matches, or return None.

        2.x returns the client row, or 404 when none matches. 1.x returns a
        list of joined rows (client, contacts, invoices) with the client
        columns prefixed ``client_`` and no ``userid`` column. For those, the
        first row's client columns are returned without the prefix. Raises
        ValueError when ``vat_lookup_supported(vat)`` is False.
        """
        if not vat_lookup_supported(vat):
            raise ValueError("find_by_vat needs a CPF/CNPJ with digits and no letters")
        response = self._send("GET", JOIN_PATH, params={"vat": vat.strip()})
        if response.status_code == 404 and _is_json(response):
            return None
        self._raise_for_status(response, JOIN_PATH)
        data, _meta = _unwrap(self._success_payload(response, "GET", JOIN_PATH))
        if isinstance(data, dict):
            return _client_from_joined_row(data)
        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            raise self._shape_error(response, "GET", JOIN_PATH, "a client or a list of rows was expected")
        if not data:
            return None
        clients = {_client_identity(row) for row in data}
        if len(clients) > 1:
            logger.warning("The VAT lookup matched %d different clients; using the first", len(clients))
        return _client_from_joined_row(data[0])

    def create_client(self, body: dict[str, Any]) -> int:
        """Create a client and return its new ``userid``.

        The id comes from ``data.userid``, ``data.id`` or ``id``, as an integer
        or a numeric string. A 2xx response without an id raises
        ``ApiResponseError("missing_client_id")``, and the client may exist then.
        """
        if not isinstance(body, dict):
            raise TypeError("body must be a dict of tblclients columns")
        response = self._send("POST", CLIENTS_PATH, body=body)
        self._raise_for_status(response, CLIENTS_PATH)
        payload = self._success_payload(response, "POST", CLIENTS_PATH)
        client_id = _created_id(payload)
        if client_id is None:
            raise ApiResponseError("missing_client_id", status_code=response.status_code, path=CLIENTS_PATH)
        return client_id

    def update_client(self, client_id: int, body: dict[str, Any]) -> None:
        """Update the given columns of one client."""
        if not isinstance(body, dict):
            raise TypeError("body must be a dict of tblclients columns")
        path = f"{CLIENTS_PATH}/{_checked_id(client_id)}"
        response = self._send("PUT", path, body=body)
        self._raise_for_status(response, path)
        if response.content.strip():
            self._success_payload(response, "PUT", path)

    # Sending and retrying

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        body: dict[str, Any] | None = None,
        authenticated: bool = True,
    ) -> requests.Response:
        """Send one call, retrying as its method allows, and return the final response whatever its status."""
        idempotent = method != "POST"
        attempt = 0
        transient_retries = 0
        rate_limit_retries = 0
        while True:
            self.limiter.acquire()
            attempt += 1
            started = time.perf_counter()
            try:
                response = self._session.request(
                    method,
                    self.base_url + path,
                    params=params,
                    json=body,
                    headers={"Accept": "application/json", "User-Agent": USER_AGENT},
                    auth=self._auth if authenticated else None,
                    timeout=self.timeout,
                    allow_redirects=False,
                )
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as error:
                failure = self._connection_error(error)
                if failure.maybe_delivered:
                    self._count_request()
                logger.info(
                    "%s %s failed: %s after %d ms (attempt %d)",
                    method, path, failure.reason, _elapsed_ms(started), attempt,
                )
                may_resend = idempotent or not failure.maybe_delivered
                if may_resend and transient_retries < self.retries:
                    transient_retries += 1
                    self._pause_before_retry(method, path, failure.reason, transient_retries, None)
                    continue
                raise failure from error

            self._count_request()
            self._record_rate_limit(response)
            logger.debug(
                "%s %s -> %d in %d ms (attempt %d)",
                method, path, response.status_code, _elapsed_ms(started), attempt,
            )
            status = response.status_code

            if status == 429:
                retry_after = self._rate_limit_delay(response)
                if rate_limit_retries < self.retries:
                    rate_limit_retries += 1
                    logger.info("%s %s: rate limited, retrying in %.0f s", method, path, retry_after)
                    self.limiter.block_for(retry_after)
                    continue
                raise RateLimitExceeded(
                    attempts=attempt, api_message=self._api_message(response), retry_after=retry_after
                )

            if idempotent and status in RETRIABLE_STATUSES and transient_retries < self.retries:
                transient_retries += 1
                retry_after = parse_retry_after(response.headers.get("Retry-After"), self.limiter.wall_clock())
                self._pause_before_retry(method, path, f"HTTP {status}", transient_retries, retry_after)
                continue
            return response

    def _pause_before_retry(
        self, method: str, path: str, cause: str, retry_number: int, retry_after: float | None
    ) -> None:
        if retry_after is not None:
            delay = min(retry_after, MAX_RETRY_AFTER_SECONDS)
        else:
            delay = backoff_delay(retry_number, rng=self._rng)
        logger.info(
            "Retrying %s %s after %s in %.1f s (retry %d of %d)",
            method, path, cause, delay, retry_number, self.retries,
        )
        self.limiter.wait(delay, WAIT_RETRY_BACKOFF)

    def _rate_limit_delay(self, response: requests.Response) -> float:
        """Return the seconds to wait after a 429, from Retry-After, else the window reset, else 60."""
        now = self.limiter.wall_clock()
        retry_after = parse_retry_after(response.headers.get("Retry-After"), now)
        if retry_after is not None:
            return retry_after
        info = RateLimitInfo.from_headers(response.headers, now)
        if info is not None and info.reset is not None and info.reset > now:
            return info.reset - now
        return 60.0

    def _count_request(self) -> None:
        with self._lock:
            self.request_count += 1

    def _record_rate_limit(self, response: requests.Response) -> None:
        info = RateLimitInfo.from_headers(response.headers, self.limiter.wall_clock())
        if info is None:
            return
        with self._lock:
            self.last_rate_limit = info
        self.limiter.record(info)

    def _connection_error(self, error: requests.RequestException) -> ServerConnectionError:
        reason, maybe_delivered = classify_connection_error(error)
        timeout: float | None = None
        if reason == "timeout_connect":
            timeout = self.timeout[0]
        elif reason == "timeout_read":
            timeout = self.timeout[1]
        return ServerConnectionError(
            reason=reason, host=self._host, maybe_delivered=maybe_delivered, timeout=timeout
        )

    # Reading answers

    def _raise_for_status(self, response: requests.Response, path: str) -> None:
        """Raise the exception that matches an error status, and return on 2xx."""
        status = response.status_code
        if 200 <= status < 300:
            return
        if 300 <= status < 400:
            location = urlsplit(response.headers.get("Location", ""))._replace(query="", fragment="")
            raise ApiResponseError("redirected", status_code=status, path=path, location=location.geturl())
        if status in (401, 403):
            raise AuthenticationError(status_code=status, api_message=self._api_message(response))
        if status in (400, 422):
            raise InvalidDataError(
                status_code=status,
                api_message=self._api_message(response),
                error_code=_error_code(response),
            )
        if status < 500 and not _is_json(response):
            # A web page in place of an API response usually means a wrong base URL.
            raise self._not_json(response, path)
        raise HttpStatusError(
            status_code=status, api_message=self._api_message(response), error_code=_error_code(response)
        )

    def _success_payload(self, response: requests.Response, method: str, path: str) -> Any:
        """Decode a 2xx response body, raising for an envelope with ``success: false``."""
        payload = _decode_json(response)
        if payload is _NOT_JSON:
            raise self._not_json(response, path)
        if isinstance(payload, dict) and payload.get("success") is False:
            raise self._shape_error(response, method, path, self._api_message(response))
        return payload

    def _not_json(self, response: requests.Response, path: str) -> ApiResponseError:
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip() or "none"
        return ApiResponseError(
            "not_json", status_code=response.status_code, path=path, content_type=content_type
        )

    def _shape_error(self, response: requests.Response, method: str, path: str, detail: str) -> ApiResponseError:
        return ApiResponseError(
            "unexpected_response", status_code=response.status_code, path=path, method=method, detail=detail
        )

    def _api_message(self, response: requests.Response) -> str:
        """Return the server's own message (Portuguese, as sent), trimmed and without the token."""
        message = ""
        payload = _decode_json(response)
        if isinstance(payload, dict):
            for key in ("message", "erro", "error"):
                value = payload.get(key)
                if isinstance(value, str) and value.strip():
                    message = value
                    break
        elif payload is _NOT_JSON:
            message = _text_of_page(response.text)
        message = _WHITESPACE.sub(" ", message).strip()
        if len(message) > MAX_API_MESSAGE_CHARS:
            message = message[: MAX_API_MESSAGE_CHARS - 1] + "…"
        if not message:
            message = response.reason or ""
        return self.redact(message)

    def redact(self, text: str) -> str:
        """Replace the token in ``text`` with ``***``, in case a server echoes it."""
        return text.replace(self._token, "***")


# Helpers without client state

_NOT_JSON = object()


def _decode_json(response: requests.Response) -> Any:
    """Return the decoded JSON body, or ``_NOT_JSON``. A UTF-8 BOM, which PHP files often emit, is accepted."""
    content = response.content
    if not content.strip():
        return _NOT_JSON
    try:
        return json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return _NOT_JSON


def _is_json(response: requests.Response) -> bool:
    return _decode_json(response) is not _NOT_JSON


def _unwrap(payload: Any) -> tuple[Any, Any]:
    """Return ``(data, meta)`` of a 2.x envelope, or ``(payload, None)`` for a 1.x bare response."""
    if isinstance(payload, dict) and "success" in payload and "data" in payload:
        return payload["data"], payload.get("meta")
    return payload, None


def _error_code(response: requests.Response) -> str | None:
    payload = _decode_json(response)
    if isinstance(payload, dict) and isinstance(payload.get("error_code"), str):
        return payload["error_code"]
    return None


def _text_of_page(text: str) -> str:
    """Return the title of an HTML page, or the text itself when it is not HTML."""
    title = _HTML_TITLE.search(text)
    if title:
        return title.group(1)
    if "<" in text and ">" in text:
        return _HTML_TAG.sub(" ", text)
    return text


def _created_id(payload: Any) -> int | None:
    data, _meta = _unwrap(payload)
    candidates: list[Any] = []
    if isinstance(data, dict):
        candidates += [data.get("userid"), data.get("id")]
    if isinstance(payload, dict):
        candidates.append(payload.get("id"))
    for candidate in candidates:
        client_id = _optional_int(candidate)
        if client_id is not None and client_id > 0:
            return client_id
    return None


def _optional_int(value: Any) -> int | None:
    """Return an int from an int, an integral float or a numeric string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _checked_id(client_id: int) -> int:
    if isinstance(client_id, bool) or not isinstance(client_id, int) or client_id < 1:
        raise ValueError(f"client_id must be a positive integer, not {client_id!r}")
    return client_id


def _client_from_joined_row(row: dict[str, Any]) -> dict[str, Any]:
    """Return a client row, taking a 1.x joined row's ``client_`` columns without the prefix."""
    if "userid" in row or "company" in row:
        return row
    prefix = "client_"
    return {key[len(prefix):]: value for key, value in row.items() if key.startswith(prefix)}


def _client_identity(row: dict[str, Any]) -> Any:
    return row.get("userid", (row.get("client_company"), row.get("client_vat")))


def _api_version_of(response: requests.Response, payload: dict[str, Any]) -> str | None:
    header = response.headers.get("X-WON-API-Version")
    if header:
        return header.strip()
    data = payload.get("data")
    for source in (data if isinstance(data, dict) else {}, payload):
        for key in ("version", "api_version"):
            value = source.get(key)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                return str(value)
    return None


def _checked_token(token: str) -> str:
    """Strip a pasted token and reject one that cannot be sent as a header value.

    requests would otherwise raise InvalidHeader with the token in its text.
    """
    cleaned = token.strip() if isinstance(token, str) else ""
    if not cleaned:
        raise ConfigurationError("api_token_missing")
    if not (cleaned.isascii() and cleaned.isprintable()) or any(char.isspace() for char in cleaned):
        raise ConfigurationError("api_token_malformed")
    return cleaned


def _warn_if_plain_http(base_url: str) -> None:
    parts = urlsplit(base_url)
    if parts.scheme != "http" or parts.hostname is None:
        return
    if parts.hostname == "localhost":
        return
    try:
        if ipaddress.ip_address(parts.hostname).is_loopback:
            return
    except ValueError:
        pass
    logger.warning("The base URL uses plain http://, so the API token travels unencrypted to %s", parts.hostname)


def _elapsed_ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)


def _exception_chain(error: BaseException) -> Iterator[BaseException]:
    """Yield ``error`` and every exception it wraps (args, ``reason``, cause, context)."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [*current.args, getattr(current, "reason", None), current.__cause__, current.__context__]
        pending.extend(item for item in linked if isinstance(item, BaseException))


def classify_connection_error(error: requests.RequestException) -> tuple[ConnectionReason, bool]:
    """Return ``(reason, maybe_delivered)`` for a requests exception raised before a response arrived.

    maybe_delivered is False only when the request cannot have reached the
    server: DNS failure, refused or failed connect, connect timeout, or a
    TLS handshake failure.
    """
    if isinstance(error, requests.ConnectTimeout):
        return "timeout_connect", False
    if isinstance(error, requests.ReadTimeout):
        # NOTE: urllib3 2.x also reports a TLS handshake that times out as a
        # read timeout, so that case counts as possibly delivered too.
        return "timeout_read", True

    chain = list(_exception_chain(error))
    if isinstance(error, requests.exceptions.SSLError):
        return "tls", not _is_handshake_failure(chain)
    if any(isinstance(item, (urllib3.exceptions.NameResolutionError, socket.gaierror)) for item in chain):
        return "dns", False
    if any(isinstance(item, ConnectionRefusedError) for item in chain):
        return "refused", False
    if any(isinstance(item, urllib3.exceptions.NewConnectionError) for item in chain):
        return "other", False
    dropped = (
        ConnectionResetError,
        ConnectionAbortedError,
        BrokenPipeError,
        http.client.RemoteDisconnected,
        http.client.IncompleteRead,
        urllib3.exceptions.ProtocolError,
        requests.exceptions.ChunkedEncodingError,
    )
    if any(isinstance(item, dropped) for item in chain):
        return "reset", True
    return "other", True


def _is_handshake_failure(chain: list[BaseException]) -> bool:
    """Tell whether a TLS error happened in the handshake, before the request was sent.

    Certificate errors and protocol mismatches only occur there. Other TLS
    errors, such as an unexpected EOF, can also happen while reading the
    response, so they count as possibly delivered.
    """
    for item in chain:
        if isinstance(item, ssl.SSLCertVerificationError):
            return True
        reason = getattr(item, "reason", None)
        if isinstance(item, ssl.SSLError) and isinstance(reason, str):
            if reason in _HANDSHAKE_SSL_REASONS or "HANDSHAKE" in reason or "ALERT" in reason:
                return True
    return False
