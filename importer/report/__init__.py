"""Report stage: what happened to every row, as JSON, CSV or XLSX."""

from importer.report.model import RowResult, RunSummary
from importer.report.writers import ReportWriter, open_report

__all__ = ["ReportWriter", "RowResult", "RunSummary", "open_report"]
