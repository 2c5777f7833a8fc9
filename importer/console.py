"""Console output of the commands: the detection line, row problems and the final summary.

Results go to stdout, progress and errors to stderr, through rich so that
colours appear only on a terminal.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from importer.i18n import _, ngettext
from importer.issues import Issue
from importer.messages import render, render_issue
from importer.privacy import mask_document, mask_personal
from importer.report.model import SUMMARY_STATUSES, RowResult, RunSummary

# Rows whose problems are printed before "see the report"; the report has them all.
MAX_ROWS_PRINTED = 20


# Longer cell values are cut on screen; the report keeps them whole.
MAX_VALUE_SHOWN = 80


def _shortened(issue: Issue) -> Issue:
    """Return ``issue`` with a long value cut, so one huge cell cannot flood the screen."""
    value = issue.value
    if isinstance(value, str) and len(value) > MAX_VALUE_SHOWN:
        return dataclasses.replace(issue, value=value[: MAX_VALUE_SHOWN - 1] + "…")
    return issue


class _ClosedPipeTolerant:
    """A text stream that drops writes once its reader has gone (``perfex-import ... | head``).

    A closed pipe must not stop an import half-way: the report and the journal
    still get written, only the screen output is lost.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._closed = False

    def write(self, text: str) -> int:
        if not self._closed:
            try:
                self._stream.write(text)
            except BrokenPipeError:
                self._closed = True
        return len(text)

    def flush(self) -> None:
        if not self._closed:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._closed = True

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", "utf-8")


class Output:
    """Console output of one command, honouring --quiet, --verbose and --show-personal-data.

    Row problems hide CPFs, e-mails and phones unless ``show_personal_data``
    is set; report files keep the real values.
    """

    def __init__(self, *, quiet: bool = False, verbose: bool = False, show_personal_data: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.show_personal_data = show_personal_data
        self.out = Console(file=_ClosedPipeTolerant(sys.stdout), highlight=False, soft_wrap=True)
        self.err = Console(file=_ClosedPipeTolerant(sys.stderr), highlight=False, soft_wrap=True)
        self._rows_printed = 0
        self._rows_hidden = 0

    def info(self, text: str) -> None:
        if not self.quiet:
            self.err.print(escape(text))

    def warning(self, text: str) -> None:
        self.err.print("[yellow]" + escape(text) + "[/yellow]")

    def error(self, text: str) -> None:
        self.err.print("[bold red]" + escape(text) + "[/bold red]")

    def error_code(self, code: str, params: dict) -> None:
        self.error(render(code, **params))

    def row_problems(self, result: RowResult) -> None:
        """Print the errors (and with --verbose the warnings) of one row, up to a limit."""
        shown = result.issues if self.verbose else result.errors
        if not shown or self.quiet:
            return
        if self._rows_printed >= MAX_ROWS_PRINTED and not self.verbose:
            self._rows_hidden += 1
            return
        self._rows_printed += 1
        for issue in shown:
            issue = _shortened(issue)
            message = render_issue(issue)
            # Most messages already name the column and the value; repeat them only where missing.
            where = [_("Row {row}").format(row=result.row)]
            if issue.column and issue.column not in message:
                where.append(_("column {column}").format(column=issue.column))
            if issue.field:
                where.append(f"({issue.field})")
            if issue.value not in (None, "") and str(issue.value) not in message:
                where.append(_("value {value!r}").format(value=self._shown_value(issue.value, issue.field)))
            if not self.show_personal_data:
                message = mask_personal(message)
            style = "red" if issue.is_error else "yellow"
            self.err.print(f"[{style}]{escape(' '.join(where))}: {escape(message)}[/{style}]")

    def _shown_value(self, value: str, field: str | None) -> str:
        """Return ``value`` as printed: masked unless personal data may be shown."""
        if self.show_personal_data:
            return value
        return mask_document(value) if field == "vat" else mask_personal(value)

    def summary(self, summary: RunSummary, report_path: str | None) -> None:
        """Print the counts per status; they always add up to the total."""
        if self._rows_hidden:
            self.err.print(
                escape(
                    ngettext(
                        "... and {count} more row with problems; the report lists every one.",
                        "... and {count} more rows with problems; the report lists every one.",
                        self._rows_hidden,
                    ).format(count=self._rows_hidden)
                )
            )
        parts = [
            f"{_(status.label)}: {summary.counts[status]}" for status in SUMMARY_STATUSES if summary.counts[status]
        ]
        total = ngettext("{count} row", "{count} rows", summary.total).format(count=summary.total)
        self.out.print(escape(f"{total} — " + ", ".join(parts) if parts else total))
        if summary.warnings:
            warnings = ngettext("{count} warning", "{count} warnings", summary.warnings).format(count=summary.warnings)
            if report_path:
                hint = _("see the Warnings column of the report")
            elif not self.verbose:
                hint = _("add --verbose to list them, or --report to keep them")
            else:
                hint = ""
            self.out.print(escape(f"{warnings} ({hint})" if hint else warnings))
        if report_path:
            self.out.print(escape(_("Report: {path}").format(path=report_path)))
