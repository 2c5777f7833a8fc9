"""XLSX report: input columns plus status, Perfex ID, errors and warnings, and a "Resumo" sheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from importer import __version__
from importer.i18n import N_, _
from importer.report.cells import needs_neutralizing
from importer.report.columns import result_cells, result_headers
from importer.report.model import SUMMARY_STATUSES, RowResult, RunSummary
from importer.report.writers import open_private
from importer.status import RowStatus

STATUS_FILLS = {
    RowStatus.VALID: "C6EFCE",
    RowStatus.CREATED: "C6EFCE",
    RowStatus.UPDATED: "DDEBF7",
    RowStatus.EXISTING: "DDEBF7",
    RowStatus.SKIPPED: "EDEDED",
    RowStatus.DUPLICATE: "FFEB9C",
    RowStatus.NEEDS_REVIEW: "FFEB9C",
    RowStatus.NOT_SENT: "FCE4D6",
    RowStatus.INVALID: "FFC7CE",
    RowStatus.FAILED: "FFC7CE",
}
SUMMARY_SHEET = N_("Summary")
ROWS_SHEET = N_("Rows")
MAX_COLUMN_WIDTH = 60
MODE_LABELS = {
    "validate": N_("validation (dry run, nothing sent)"),
    "run": N_("import"),
    "plan": N_("rehearsal (--plan, nothing sent)"),
}


class XlsxReportWriter:
    """Write rows as they come (openpyxl write-only mode keeps memory flat)."""

    def __init__(self, path: Path, headers: list[str]) -> None:
        self.path = path
        self._workbook = Workbook(write_only=True)
        self._sheet = self._workbook.create_sheet(_(ROWS_SHEET))
        self._summary_sheet = self._workbook.create_sheet(_(SUMMARY_SHEET))
        self._width = len(headers)
        all_headers = list(headers) + result_headers()
        self._fills = {status: PatternFill("solid", fgColor=color) for status, color in STATUS_FILLS.items()}
        # Widths from the header text, within bounds; set before the first row is written.
        for index, header in enumerate(all_headers, start=1):
            width = min(max(len(str(header)) + 2, 12), MAX_COLUMN_WIDTH)
            if index > self._width + 3:  # errors, warnings and detail hold long sentences
                width = MAX_COLUMN_WIDTH
            self._sheet.column_dimensions[get_column_letter(index)].width = width
        self._sheet.freeze_panes = "A2"
        self._sheet.auto_filter.ref = f"A1:{get_column_letter(len(all_headers))}1"
        bold = Font(bold=True)
        self._sheet.append([self._cell(self._sheet, text, font=bold) for text in all_headers])
        self._rows = 1

    def _cell(
        self, sheet, text: str | int | float, *, font: Font | None = None, fill: PatternFill | None = None
    ) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=text)
        if isinstance(text, str) and text and needs_neutralizing(text):
            # A string cell is never evaluated, and the user still reads the text unchanged.
            cell.data_type = "s"
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        return cell

    def write(self, result: RowResult) -> None:
        source = list(result.source or [])[: self._width]
        source += [""] * (self._width - len(source))
        fill = self._fills[result.status]
        cells = [self._cell(self._sheet, text) for text in source]
        outcome: list[str | int] = list(result_cells(result))
        # Row number and Perfex ID are numbers, so Excel sorts and filters them as numbers.
        outcome[0] = result.row
        if result.client_id is not None:
            outcome[2] = result.client_id
        cells += [self._cell(self._sheet, value, fill=fill) for value in outcome]
        self._sheet.append(cells)
        self._rows += 1

    def close(self, summary: RunSummary) -> None:
        self._sheet.auto_filter.ref = f"A1:{get_column_letter(self._width + len(result_headers()))}{self._rows}"
        sheet = self._summary_sheet
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 70
        bold = Font(bold=True)
        duration = (summary.finished_at - summary.started_at) if summary.finished_at else None
        lines = [
            (_("Input file"), str(summary.input_path)),
            (_("Mapping"), str(summary.mapping_path)),
            (_("Mode"), _(MODE_LABELS.get(summary.mode, summary.mode))),
            (_("Read"), summary.source_description),
            (_("Started at"), summary.started_at.isoformat(sep=" ", timespec="seconds")),
            (_("Finished at"), summary.finished_at.isoformat(sep=" ", timespec="seconds") if summary.finished_at else ""),
            (_("Duration (s)"), round(duration.total_seconds(), 1) if duration else ""),
            (_("API URL"), summary.api_url or "-"),
            (_("Program version"), __version__),
            ("", ""),
            (_("Total rows"), summary.total),
        ]
        lines += [(_(status.label), summary.counts[status]) for status in SUMMARY_STATUSES]
        lines.append((_("Warnings"), summary.warnings))
        for label, value in lines:
            value_cell = value if isinstance(value, (int, float)) else self._cell(sheet, str(value))
            sheet.append([self._cell(sheet, label, font=bold), value_cell])
        with open_private(self.path, "wb") as target:
            self._workbook.save(target)
