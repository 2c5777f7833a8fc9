"""Row-level findings (errors and warnings) with stable codes.

Every stage reports a problem with a row as an ``Issue``: a stable English
``code`` (for JSON reports and scripts), the Perfex field and source column
involved, the original value, and named parameters for the message. The text
a user reads is rendered from the code by ``importer.messages`` in the
current language.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """Whether an issue blocks the row (error) or only informs (warning)."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One finding about one row."""

    code: str
    severity: Severity = Severity.ERROR
    field: str | None = None
    column: str | None = None
    value: str | None = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict, hash=False, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR
