"""Exceptions of the WON API client.

Each one carries a stable ``code`` and named ``params`` like every
``ImporterError``, and ``importer.api.messages`` contains their English
templates. No param is ever given the API token, and the client passes
messages sent by the server through ``WonClient.redact`` first.
"""

from __future__ import annotations

from typing import Literal

from importer.errors import ImporterError
from importer.exit_codes import ExitCode

ConnectionReason = Literal["dns", "refused", "timeout_connect", "timeout_read", "tls", "reset", "other"]


class ApiError(ImporterError):
    """Base class of every failure of a WON API call."""

    exit_code = ExitCode.CONNECTION_ERROR


class AuthenticationError(ApiError):
    """The server rejected the token (HTTP 401 or 403); never retried."""

    exit_code = ExitCode.AUTH_ERROR

    def __init__(self, *, status_code: int, api_message: str) -> None:
        super().__init__("auth_failed", status_code=status_code, api_message=api_message)
        self.status_code = status_code
        self.api_message = api_message


class ServerConnectionError(ApiError):
    """No HTTP answer arrived: DNS, connect, TLS, timeout or a dropped connection.

    ``maybe_delivered`` is False only when the request provably never reached
    the server, which is the one case where a POST may be sent again.
    """

    exit_code = ExitCode.CONNECTION_ERROR

    def __init__(
        self, *, reason: ConnectionReason, host: str, maybe_delivered: bool, timeout: float | None = None
    ) -> None:
        super().__init__(
            "connection_failed", reason=reason, host=host, maybe_delivered=maybe_delivered, timeout=timeout
        )
        self.reason = reason
        self.host = host
        self.maybe_delivered = maybe_delivered
        self.timeout = timeout

    @property
    def detail_code(self) -> str:
        """Message code that explains the reason, for the ``check`` command."""
        return f"connection_{self.reason}"


class InvalidDataError(ApiError):
    """The server rejected the request body (HTTP 400 or 422)."""

    exit_code = ExitCode.ROWS_NOT_OK

    def __init__(self, *, status_code: int, api_message: str, error_code: str | None = None) -> None:
        super().__init__(
            "invalid_data", status_code=status_code, api_message=api_message, error_code=error_code
        )
        self.status_code = status_code
        self.api_message = api_message
        self.error_code = error_code


class HttpStatusError(ApiError):
    """Any other HTTP error status; ``retriable`` is True for 502, 503 and 504."""

    RETRIABLE_STATUSES = frozenset({502, 503, 504})

    def __init__(self, *, status_code: int, api_message: str, error_code: str | None = None) -> None:
        super().__init__("http_error", status_code=status_code, api_message=api_message, error_code=error_code)
        self.status_code = status_code
        self.api_message = api_message
        self.error_code = error_code

    @property
    def retriable(self) -> bool:
        return self.status_code in self.RETRIABLE_STATUSES


class RateLimitExceeded(ApiError):
    """The server still returned HTTP 429 after every allowed retry."""

    def __init__(self, *, attempts: int, api_message: str, retry_after: float | None = None) -> None:
        super().__init__(
            "rate_limit_exceeded", attempts=attempts, api_message=api_message, retry_after=retry_after
        )
        self.attempts = attempts
        self.api_message = api_message
        self.retry_after = retry_after


class ApiResponseError(ApiError):
    """A response unlike what the WON API sends: not JSON, a redirect, a wrong shape or no id.

    Codes: ``not_json`` (usually a wrong base URL or a login page),
    ``redirected``, ``unexpected_response`` and ``missing_client_id``.
    """

    def __init__(self, code: str, *, status_code: int, path: str, **params: object) -> None:
        super().__init__(code, status_code=status_code, path=path, **params)
        self.status_code = status_code
        self.path = path


class RequestCancelled(ApiError):
    """A wait for the rate limit or a retry was cancelled (Ctrl-C or a stopping run)."""

    exit_code = ExitCode.INTERRUPTED

    def __init__(self) -> None:
        super().__init__("request_cancelled")
