"""Streaming report writers: rows are written as they finish, the summary at the end.

Every writer creates its file readable by the user only (mode 0600 on
POSIX), because reports hold the CPF/CNPJ and phones of the rows.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path
from typing import IO, Any, Protocol

from importer import __version__
from importer.errors import InputFileError
from importer.issues import Issue
from importer.messages import render_issue
from importer.report.cells import neutralize_formula
from importer.report.columns import result_cells, result_headers
from importer.report.model import RowResult, RunSummary

REPORT_FORMATS = (".json", ".csv", ".xlsx")


class ReportWriter(Protocol):
    def write(self, result: RowResult) -> None: ...

    def close(self, summary: RunSummary) -> None: ...


def open_private(path: Path, mode: str = "w", **kwargs: Any) -> IO[Any]:
    """Open ``path`` for writing, created with permissions 0600 where the OS has them."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, 0o600)
    os.chmod(path, 0o600)  # an existing file keeps its old mode through os.open
    return os.fdopen(descriptor, mode, **kwargs)


def open_report(path: str | Path, headers: list[str], *, csv_delimiter: str = ";") -> ReportWriter:
    """Return the writer for ``path``'s extension; ``headers`` are the input's column names."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return JsonReportWriter(path)
    if suffix == ".csv":
        return CsvReportWriter(path, headers, delimiter=csv_delimiter)
    if suffix == ".xlsx":
        from importer.report.xlsx import XlsxReportWriter

        return XlsxReportWriter(path, headers)
    raise InputFileError("report_format_unknown", path=str(path), formats=", ".join(REPORT_FORMATS))


def issue_as_dict(issue: Issue) -> dict[str, Any]:
    """Return the JSON form of an issue: stable code and keys, translated message."""
    return {
        "code": issue.code,
        "field": issue.field,
        "column": issue.column,
        "value": issue.value,
        "message": render_issue(issue),
    }


def result_as_dict(result: RowResult) -> dict[str, Any]:
    """Return the JSON form of one row."""
    return {
        "row": result.row,
        "status": result.status.value,
        "client_id": result.client_id,
        "errors": [issue_as_dict(issue) for issue in result.errors],
        "warnings": [issue_as_dict(issue) for issue in result.warnings],
        "values": result.values,
        "detail": result.detail,
    }


class JsonReportWriter:
    """JSON report with stable English keys: {"summary": {...}, "rows": [...]}.

    Rows go to a temporary file as they come, so memory stays flat; the
    final file is assembled at close with the summary first.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._rows = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self._count = 0

    def write(self, result: RowResult) -> None:
        if self._count:
            self._rows.write(",\n")
        self._rows.write("    " + json.dumps(result_as_dict(result), ensure_ascii=False, default=str))
        self._count += 1

    def close(self, summary: RunSummary) -> None:
        header = {
            "summary": summary.as_dict(),
            "run": {
                "mode": summary.mode,
                "input": str(summary.input_path),
                "mapping": str(summary.mapping_path),
                "started_at": summary.started_at.isoformat(timespec="seconds"),
                "finished_at": summary.finished_at.isoformat(timespec="seconds") if summary.finished_at else None,
                "api_url": summary.api_url,
                "stopped_reason": summary.stopped_reason,
                "version": __version__,
            },
        }
        self._rows.seek(0)
        with open_private(self.path, "w", encoding="utf-8") as target:
            opening = json.dumps(header, ensure_ascii=False, indent=2)
            target.write(opening[:-2] + ',\n  "rows": [\n')
            while chunk := self._rows.read(1 << 20):
                target.write(chunk)
            target.write("\n  ]\n}\n")
        self._rows.close()


class CsvReportWriter:
    """CSV report: UTF-8 with BOM and ';' by default, so Excel in Portuguese opens it right."""

    def __init__(self, path: Path, headers: list[str], *, delimiter: str = ";") -> None:
        self.path = path
        self._file = open_private(path, "w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._file, delimiter=delimiter)
        self._width = len(headers)
        self._writer.writerow([neutralize_formula(h) for h in headers] + result_headers())

    def write(self, result: RowResult) -> None:
        source = list(result.source or [])[: self._width]
        source += [""] * (self._width - len(source))
        cells = source + result_cells(result)
        self._writer.writerow([neutralize_formula(cell) for cell in cells])

    def close(self, summary: RunSummary) -> None:
        self._file.close()
