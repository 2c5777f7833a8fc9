"""Translated column headers and the message text of a row, shared by CSV and XLSX reports."""

from __future__ import annotations

from importer.i18n import N_, _
from importer.issues import Issue
from importer.messages import render_issue
from importer.report.model import RowResult

STATUS_HEADER = N_("Import result")
CLIENT_ID_HEADER = N_("Perfex ID")
ERRORS_HEADER = N_("Errors")
WARNINGS_HEADER = N_("Warnings")
ROW_HEADER = N_("Row")
DETAIL_HEADER = N_("Detail")


def result_headers() -> list[str]:
    """Return the translated headers that follow the input's own columns."""
    return [_(ROW_HEADER), _(STATUS_HEADER), _(CLIENT_ID_HEADER), _(ERRORS_HEADER), _(WARNINGS_HEADER), _(DETAIL_HEADER)]


def describe_issue(issue: Issue) -> str:
    """Return one issue as a line: the message, then the column and value it concerns."""
    message = render_issue(issue)
    # Most messages already name the column and the value; add them only where they are missing.
    where = []
    if issue.column and issue.column not in message:
        where.append(_("column {column}").format(column=issue.column))
    if issue.value not in (None, "") and str(issue.value) not in message:
        where.append(_("value {value!r}").format(value=issue.value))
    return f"{message} ({', '.join(where)})" if where else message


def result_cells(result: RowResult) -> list[str]:
    """Return the report cells of ``result`` in the order of ``result_headers``."""
    return [
        str(result.row),
        _(result.status.label),
        "" if result.client_id is None else str(result.client_id),
        " | ".join(describe_issue(issue) for issue in result.errors),
        " | ".join(describe_issue(issue) for issue in result.warnings),
        result.detail or "",
    ]
