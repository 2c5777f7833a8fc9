"""Base URL handling: reduce what a user pasted to the Perfex site URL."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from importer.errors import ConfigurationError

STATUS_PATH = "/won_api/won/status"
CLIENTS_PATH = "/won_api/won/api/clients"
JOIN_PATH = "/won_api/won/join"

# Module routes a user may paste after the site URL. Some installs also route
# /api/won/... to the same controller, so both prefixes are stripped.
_MODULE_ROUTE_SUFFIX = re.compile(
    r"/(?:won_api|api)/won(?:/(?:api(?:/clients(?:/\d+)?)?|status|join))?$",
    re.IGNORECASE,
)


def normalize_base_url(url: str) -> str:
    """Return the Perfex site URL: scheme, host, optional sub-folder, no trailing slash.

    Accepts a URL without scheme (https:// is assumed) and strips a pasted
    WON API route, a query and a fragment. Raises ``ConfigurationError`` for
    an address that is not http(s) or that embeds a user name or password,
    because requests would turn those into an Authorization header.
    """
    text = url.strip()
    if "://" not in text:
        text = "https://" + text

    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        raise ConfigurationError("api_base_url_invalid", url=url.strip()) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname or not _is_plausible_host(parts.hostname):
        raise ConfigurationError("api_base_url_invalid", url=url.strip())
    if parts.username is not None or parts.password is not None:
        raise ConfigurationError("api_base_url_credentials")
    try:
        port = parts.port
    except ValueError:
        raise ConfigurationError("api_base_url_invalid", url=url.strip()) from None

    path = parts.path.rstrip("/")
    path = _MODULE_ROUTE_SUFFIX.sub("", path).rstrip("/")

    netloc = parts.hostname.lower()
    if ":" in netloc:
        netloc = f"[{netloc}]"  # IPv6 literal
    if port is not None:
        netloc = f"{netloc}:{port}"
    return urlunsplit((scheme, netloc, path, "", ""))


def _is_plausible_host(hostname: str) -> bool:
    """Reject host names with spaces or characters no host name has; IDN letters pass."""
    return not any(char.isspace() or char in '<>"{}|\\^`%' for char in hostname)


def host_of(base_url: str) -> str:
    """Return ``host`` or ``host:port`` of a normalized base URL, for messages."""
    return urlsplit(base_url).netloc
