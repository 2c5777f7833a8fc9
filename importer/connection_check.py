"""The connection check behind ``perfex-import check``: can this machine import into that Perfex site?

Two requests decide it: the status route, which needs no token (is the host
reachable, is the WON API module there, which version), then a list of one
client (is the token accepted, is rate limiting on). Reachability is checked
first, even without a token, so a user who has not copied the token yet still
learns whether the URL is right. Each step becomes a ``Finding`` with a stable
code; the command renders them in the interface language.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from typing import Any

from importer.api import (
    ApiError,
    ApiResponseError,
    AuthenticationError,
    HttpStatusError,
    RateLimitInfo,
    ServerConnectionError,
    WonClient,
    normalize_base_url,
)
from importer.config import CONNECT_TIMEOUT_SECONDS, is_cleartext_remote
from importer.errors import ConfigurationError
from importer.exit_codes import ExitCode
from importer.i18n import N_

logger = logging.getLogger(__name__)

# Read timeout of each request, in seconds, shorter than the import's 30 s so that a check does not hang.
CHECK_READ_TIMEOUT_SECONDS = 15.0
# WonClient requires a token, but the status route is sent without one, so this value never leaves the process.
_STATUS_PROBE_TOKEN = "status-route-needs-no-token"
# Connection failures whose API client message speaks of a request that "may have been processed",
# which is beside the point for a read-only check.
_CHECK_CONNECTION_CODES = {"timeout_read": "check_timeout_read", "reset": "check_connection_reset"}


class Level(str, Enum):
    """Severity of a finding, which sets its mark and colour on screen."""

    OK = "ok"
    WARNING = "warning"
    FAILED = "failed"


@dataclass(frozen=True)
class Finding:
    """One line of the check: a message code with its parameters."""

    level: Level
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class CheckResult:
    """Everything ``check_connection`` found, in the order it was found."""

    base_url: str
    findings: list[Finding] = field(default_factory=list)
    exit_code: ExitCode = ExitCode.OK
    version: str | None = None
    token_accepted: bool | None = None  # None when the token was never tried
    rate_limit: RateLimitInfo | None = None

    def add(self, level: Level, code: str, **params: Any) -> None:
        self.findings.append(Finding(level, code, params))

    def fail(self, exit_code: ExitCode, code: str, **params: Any) -> None:
        self.add(Level.FAILED, code, **params)
        self.exit_code = exit_code


def check_connection(
    url: str, token: str | None, *, timeout: tuple[float, float] | None = None
) -> CheckResult:
    """Call the status route, then list one client with ``token``; return what worked and what failed.

    A missing or malformed token is a finding with exit code 2, recorded
    after the status route was tried. Raises ``ConfigurationError`` for a
    URL that is not http(s), which is a usage error rather than a finding.
    """
    base_url = normalize_base_url(url)
    result = CheckResult(base_url=base_url)
    timeout = timeout or (CONNECT_TIMEOUT_SECONDS, CHECK_READ_TIMEOUT_SECONDS)
    if is_cleartext_remote(base_url):
        result.add(Level.WARNING, "check_cleartext", url=base_url)

    # Reachability and the module: the status route needs no token.
    probe = WonClient(base_url, _STATUS_PROBE_TOKEN, timeout=timeout, retries=0)
    reachable = _check_status(probe, result)

    if not token or not token.strip():
        result.fail(ExitCode.USAGE_ERROR, "check_token_missing")
        return result
    if not reachable:
        return result

    # The token: one authenticated list of a single client, with the header of the version found.
    api_version = 1 if (result.version or "").startswith("1.") else 2
    try:
        client = WonClient(base_url, token, timeout=timeout, retries=0, api_version=api_version)
    except ConfigurationError as error:
        result.fail(error.exit_code, error.code, **error.params)
        return result
    _check_token(client, result)
    return result


def _connection_failure_code(error: ServerConnectionError) -> str:
    return _CHECK_CONNECTION_CODES.get(error.reason, error.detail_code)


def _check_status(client: WonClient, result: CheckResult) -> bool:
    """Record whether the host and the module respond; return False when the check cannot go on."""
    try:
        status = client.status()
    except ServerConnectionError as error:
        logger.info("check: status route unreachable: %s", error.reason)
        result.fail(ExitCode.CONNECTION_ERROR, _connection_failure_code(error), host=error.host, timeout=error.timeout)
        return False
    except HttpStatusError as error:
        result.add(Level.OK, "check_reachable", url=result.base_url)
        if error.status_code == 404:
            result.fail(ExitCode.CONNECTION_ERROR, "check_module_not_found", url=result.base_url)
        else:
            result.fail(
                ExitCode.CONNECTION_ERROR,
                "check_status_http_error",
                status_code=error.status_code,
                api_message=error.api_message,
            )
        return False
    except ApiResponseError as error:
        result.add(Level.OK, "check_reachable", url=result.base_url)
        if error.code == "not_json":
            result.fail(
                ExitCode.CONNECTION_ERROR,
                "check_not_json",
                url=result.base_url,
                status_code=error.status_code,
                content_type=error.params.get("content_type"),
            )
        else:
            result.fail(ExitCode.CONNECTION_ERROR, error.code, **error.params)
        return False
    except ApiError as error:
        result.add(Level.OK, "check_reachable", url=result.base_url)
        result.fail(error.exit_code, error.code, **error.params)
        return False

    result.version = status.version
    result.add(Level.OK, "check_reachable", url=result.base_url)
    if status.version:
        result.add(Level.OK, "check_module_found", version=status.version)
    else:
        result.add(Level.OK, "check_module_found_no_version")
    return True


def _check_token(client: WonClient, result: CheckResult) -> None:
    """Record whether the token is accepted, and the rate-limit headers of the response."""
    try:
        client.list_clients(page=1, limit=1)
    except AuthenticationError as error:
        result.token_accepted = False
        result.fail(ExitCode.AUTH_ERROR, "check_token_rejected", status_code=error.status_code)
        return
    except HttpStatusError as error:
        if error.status_code == 500:
            # The module responds with 500 when no token is configured in Perfex.
            result.fail(ExitCode.AUTH_ERROR, "check_token_not_configured", api_message=error.api_message)
        else:
            result.fail(
                ExitCode.CONNECTION_ERROR,
                "check_list_http_error",
                status_code=error.status_code,
                api_message=error.api_message,
            )
        return
    except ServerConnectionError as error:
        logger.info("check: listing clients failed: %s", error.reason)
        result.fail(ExitCode.CONNECTION_ERROR, _connection_failure_code(error), host=error.host, timeout=error.timeout)
        return
    except ApiError as error:
        result.fail(error.exit_code, error.code, **error.params)
        return

    result.token_accepted = True
    result.add(Level.OK, "check_token_accepted")
    result.rate_limit = client.last_rate_limit
    _add_rate_limit(result)


def _add_rate_limit(result: CheckResult) -> None:
    info = result.rate_limit
    if info is None or (info.limit is None and info.remaining is None):
        result.add(Level.OK, "check_rate_limit_off")
        return
    reset = "-"
    if info.reset is not None:
        reset = datetime.fromtimestamp(info.reset, tz=timezone.utc).astimezone().strftime("%H:%M")
    level = Level.WARNING if info.remaining is not None and info.remaining == 0 else Level.OK
    result.add(
        level,
        "check_rate_limit_on",
        remaining="?" if info.remaining is None else info.remaining,
        limit="?" if info.limit is None else info.limit,
        reset=reset,
    )


MESSAGES = {
    "check_reachable": N_("Server reachable: {url}"),
    "check_module_found": N_("WON API module answers, version {version}."),
    "check_module_found_no_version": N_("WON API module answers; it does not report its version."),
    "check_module_not_found": N_(
        "The server answers, but the WON API module was not found under {url} (HTTP 404). "
        "The base URL is wrong or the module is not active: give the address of the Perfex site, "
        "without /admin or other folders after it."
    ),
    "check_not_json": N_(
        "The server answers {url} with a web page (HTTP {status_code}, {content_type}) instead of JSON. "
        "The base URL is wrong or the WON API module is not active: give the address of the Perfex site."
    ),
    "check_status_http_error": N_("The WON API status route answered HTTP {status_code}: {api_message}"),
    "check_token_accepted": N_("Token accepted."),
    "check_token_missing": N_(
        "No API token given, so the token was not checked. Copy it from the Perfex admin area under "
        "WON API > Settings and set PERFEX_TOKEN (in the environment or a .env file) or pass --token."
    ),
    "check_timeout_read": N_(
        "The server {host} accepted the connection but did not respond within {timeout} s. "
        "Check that the base URL is the address of the Perfex site and that the server is not overloaded."
    ),
    "check_connection_reset": N_(
        "The server {host} closed the connection without a response. Check the base URL and its port "
        "(https:// or http://), and any proxy or firewall in between."
    ),
    "check_token_rejected": N_(
        "Token rejected (HTTP {status_code}). Copy the token again from the Perfex admin area "
        "under WON API > Settings, and set PERFEX_TOKEN or --token."
    ),
    "check_token_not_configured": N_(
        "The server answered HTTP 500 to an authenticated request ({api_message}). "
        "WON API answers this way when no token is configured: set one in Perfex under WON API > Settings."
    ),
    "check_list_http_error": N_("Listing clients answered HTTP {status_code}: {api_message}"),
    "check_rate_limit_on": N_(
        "Rate limiting is on: {remaining} of {limit} requests left in this window (resets at {reset})."
    ),
    "check_rate_limit_off": N_("Rate limiting: none reported by the server."),
    "check_cleartext": N_(
        "Warning: {url} uses http:// on a remote host, so the token travels in clear text. Use https://."
    ),
}
