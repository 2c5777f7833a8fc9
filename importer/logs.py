"""Logging set-up of the commands: warnings on stderr, everything with timestamps in ``--log-file``.

Library modules log through ``logging.getLogger(__name__)`` under the
``importer`` logger; the API client logs each request with its HTTP status
and duration at DEBUG. Every handler installed here carries
``RedactingFilter``, which removes the API token and, unless personal data
may be shown, masks CPFs, e-mails and phones.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from importer.privacy import mask_personal

ROOT_LOGGER = "importer"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
CONSOLE_FORMAT = "%(levelname)s %(name)s: %(message)s"
REDACTED = "***"
# Workflows log the errors they also print through Output, so stderr skips them.
WORKFLOW_LOGGERS = "importer.workflows"

_installed: list[logging.Handler] = []


class RedactingFilter(logging.Filter):
    """Replace the token with ``***`` and mask personal data in each record, before any handler formats it.

    The client never logs its token. This filter is defence in depth against
    a server or a library that echoes it, for example in an exception text.
    """

    def __init__(self, token: str | None = None, *, mask_personal_data: bool = True) -> None:
        super().__init__()
        self._token: str | None = None
        self._mask = mask_personal_data
        if token:
            self.set_token(token)

    def set_token(self, token: str) -> None:
        """Redact ``token`` from now on; an empty value changes nothing."""
        if token.strip():
            self._token = token.strip()

    def redact(self, text: str) -> str:
        """Return ``text`` without the token and, when masking, without readable personal data."""
        if self._token:
            text = text.replace(self._token, REDACTED)
        return mask_personal(text) if self._mask else text

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def _open_private_log(path: Path) -> None:
    """Create ``path`` readable by the user only, because a log contains row numbers and values."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(descriptor)
    os.chmod(path, 0o600)


def configure_logging(
    verbose: bool,
    log_file: Path | None,
    *,
    token: str | None = None,
    show_personal_data: bool = False,
) -> None:
    """Install the handlers of one command, replacing those of an earlier call.

    stderr gets warnings, or every request with ``verbose``. ``log_file``
    gets every record from DEBUG up with a timestamp, appended to the file.
    """
    shutdown_logging()
    redacting = RedactingFilter(token, mask_personal_data=not show_personal_data)
    logger = logging.getLogger(ROOT_LOGGER)

    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter(CONSOLE_FORMAT))
    console.addFilter(redacting)
    console.addFilter(lambda record: not record.name.startswith(WORKFLOW_LOGGERS))
    _install(logger, console)

    if log_file is not None:
        _open_private_log(log_file)
        handler = logging.FileHandler(log_file, mode="a", encoding="utf-8")
        handler.setLevel(logging.DEBUG)
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.addFilter(redacting)
        _install(logger, handler)

    logger.setLevel(logging.DEBUG if (verbose or log_file is not None) else logging.WARNING)


def set_token(token: str) -> None:
    """Add ``token`` to the values redacted by the installed handlers, once the command has resolved it."""
    for handler in _installed:
        for existing in handler.filters:
            if isinstance(existing, RedactingFilter):
                existing.set_token(token)


def _install(logger: logging.Logger, handler: logging.Handler) -> None:
    logger.addHandler(handler)
    _installed.append(handler)


def shutdown_logging() -> None:
    """Flush and remove the handlers installed by ``configure_logging``."""
    logger = logging.getLogger(ROOT_LOGGER)
    while _installed:
        handler = _installed.pop()
        logger.removeHandler(handler)
        handler.close()
