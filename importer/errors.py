"""Exceptions raised by the library; only the CLI turns them into text and exit codes.

Each exception carries a stable ``code`` and named ``params``; the message a
user reads is rendered from them by ``importer.messages``. No exception text
ever contains the API token.
"""

from __future__ import annotations

from typing import Any

from importer.exit_codes import ExitCode


class ImporterError(Exception):
    """Base class of every expected failure of perfex-import."""

    exit_code: ExitCode = ExitCode.INTERNAL_ERROR

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        details = ", ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"{self.code}({details})" if details else self.code


class InputFileError(ImporterError):
    """The spreadsheet cannot be read as asked (missing, wrong format, undecodable)."""

    exit_code = ExitCode.USAGE_ERROR


class MappingError(ImporterError):
    """The mapping file is malformed or does not fit the spreadsheet."""

    exit_code = ExitCode.USAGE_ERROR


class ConfigurationError(ImporterError):
    """A required setting (URL, token) is missing or invalid."""

    exit_code = ExitCode.USAGE_ERROR
