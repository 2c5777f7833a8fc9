"""Report contents: the outcome of each row and the summary of the whole run."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from importer.issues import Issue
from importer.status import RowStatus


@dataclass
class RowResult:
    """The outcome of one data row of the input file."""

    row: int  # row number as the spreadsheet program shows it
    status: RowStatus
    client_id: int | None = None
    issues: list[Issue] = dataclasses.field(default_factory=list)
    values: dict[str, Any] = dataclasses.field(default_factory=dict)  # normalized Perfex fields
    source: list[str] | None = None  # the row's original cells, in the input's column order
    detail: str | None = None  # the skip rule, the duplicated row or the planned action

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if not issue.is_error]


# Summary keys in report order; each is a status, so the counts add up to the total.
SUMMARY_STATUSES = (
    RowStatus.VALID,
    RowStatus.INVALID,
    RowStatus.SKIPPED,
    RowStatus.DUPLICATE,
    RowStatus.CREATED,
    RowStatus.EXISTING,
    RowStatus.UPDATED,
    RowStatus.FAILED,
    RowStatus.NOT_SENT,
    RowStatus.NEEDS_REVIEW,
)


@dataclass
class RunSummary:
    """Counts per status and the facts a report header shows."""

    input_path: Path
    mapping_path: Path
    mode: str  # "validate", "run" or "plan"
    started_at: datetime
    finished_at: datetime | None = None
    api_url: str | None = None
    source_description: str = ""
    counts: dict[RowStatus, int] = dataclasses.field(default_factory=lambda: dict.fromkeys(SUMMARY_STATUSES, 0))
    warnings: int = 0
    stopped_reason: str | None = None  # code of the error that stopped a run early

    def add(self, result: RowResult) -> None:
        self.counts[result.status] += 1
        self.warnings += len(result.warnings)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict[str, int]:
        """Return the JSON summary: the total, then one count per status."""
        return {"total": self.total, **{status.value: self.counts[status] for status in SUMMARY_STATUSES}}

    @property
    def all_ok(self) -> bool:
        """True when no row is invalid, duplicated, failed, unsent or in doubt."""
        bad = (
            RowStatus.INVALID,
            RowStatus.DUPLICATE,
            RowStatus.FAILED,
            RowStatus.NOT_SENT,
            RowStatus.NEEDS_REVIEW,
        )
        return not any(self.counts[status] for status in bad)
