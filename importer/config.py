"""Run settings: where the API is and how to reach it.

Resolution order, first found wins:
1. a command-line option (``--url``, ``--token``);
2. the environment (``PERFEX_URL``, ``PERFEX_TOKEN``, ``PERFEX_IMPORT_LANG``);
3. a ``.env`` file in the working folder (read with python-dotenv, never overriding 2);
4. the defaults below.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

URL_ENV = "PERFEX_URL"
TOKEN_ENV = "PERFEX_TOKEN"
DOTENV_FILE = ".env"

CONNECT_TIMEOUT_SECONDS = 5.0
READ_TIMEOUT_SECONDS = 30.0
DEFAULT_CHUNK_SIZE = 50_000
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def load_dotenv_file(folder: Path | None = None) -> None:
    """Read ``.env`` from ``folder`` (default: the working folder) into the environment.

    Variables already set in the environment are kept, so the environment wins over the file.
    """
    path = (folder or Path.cwd()) / DOTENV_FILE
    if path.is_file():
        from dotenv import load_dotenv

        load_dotenv(path, override=False)


@dataclass(frozen=True)
class ApiSettings:
    """URL of the WON API and the token to use; repr() masks the token."""

    url: str
    token: str

    def __repr__(self) -> str:
        return f"ApiSettings(url={self.url!r}, token='***')"


def resolve_api_settings(url_option: str | None, token_option: str | None) -> tuple[str | None, str | None]:
    """Return the URL and token from the options, else the environment (after ``.env``)."""
    load_dotenv_file()
    url = url_option or os.environ.get(URL_ENV) or None
    token = token_option or os.environ.get(TOKEN_ENV) or None
    return url, token


def is_cleartext_remote(url: str) -> bool:
    """True when ``url`` is plain http to a host other than this machine."""
    parts = urlsplit(url)
    return parts.scheme == "http" and (parts.hostname or "") not in LOCAL_HOSTS
