"""Process exit codes of the perfex-import command."""

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit status of a perfex-import command; stable across releases and languages."""

    OK = 0
    INTERNAL_ERROR = 1
    USAGE_ERROR = 2
    ROWS_NOT_OK = 3
    AUTH_ERROR = 4
    CONNECTION_ERROR = 5
    INTERRUPTED = 130
