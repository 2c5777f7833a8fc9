"""Progress displays on stderr: a rich bar on a terminal, a plain line every few seconds elsewhere.

Both implement ``importer.progress.ProgressDisplay``. A scheduled job (cron,
CI) writes to a file or a pipe, where a redrawn bar would leave thousands of
control sequences, so there the display prints one line every
``PLAIN_INTERVAL_SECONDS`` instead.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from importer.i18n import N_, _, ngettext
from importer.progress import NullProgress, ProgressDisplay

PLAIN_INTERVAL_SECONDS = 5.0
STAGE_LABELS = {
    "read": N_("read"),
    "validate": N_("validate"),
    "send": N_("send"),
    "plan": N_("rehearsal"),
}


def stage_label(stage: str) -> str:
    """Return the translated name of a pipeline stage; an unknown stage shows as given."""
    label = STAGE_LABELS.get(stage)
    return _(label) if label is not None else stage


def make_progress(quiet: bool, stream: TextIO | None = None) -> ProgressDisplay:
    """Return the display for this run: none when quiet, a bar on a terminal, plain lines otherwise."""
    if quiet:
        return NullProgress()
    stream = stream if stream is not None else sys.stderr
    if stream.isatty():
        return RichProgress(stream)
    return PlainProgress(stream)


def _rows_text(done: int, total: int | None) -> str:
    if total is None:
        return ngettext("{done} row", "{done} rows", done).format(done=done)
    return ngettext("{done}/{total} row", "{done}/{total} rows", total).format(done=done, total=total)


def _rate_text(rows_per_second: float) -> str:
    return _("{rate} rows/s").format(rate=round(rows_per_second))


class PlainProgress:
    """One line every few seconds, such as "validar: 12000/100000 linhas, 2400 linhas/s"."""

    def __init__(
        self,
        stream: TextIO,
        *,
        interval: float = PLAIN_INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._interval = interval
        self._clock = clock
        self._stage = ""
        self._total: int | None = None
        self._done = 0
        self._started = 0.0
        self._last_line = 0.0

    def start(self, stage: str, total: int | None) -> None:
        self._stage = stage
        self._total = total
        self._done = 0
        self._started = self._last_line = self._clock()

    def advance(self, rows: int = 1) -> None:
        self._done += rows
        now = self._clock()
        if now - self._last_line >= self._interval:
            self._last_line = now
            self._print(now)

    def waiting(self, seconds: float, reason: str) -> None:
        line = _("{stage}: waiting {seconds} s ({reason})").format(
            stage=stage_label(self._stage), seconds=round(seconds), reason=reason
        )
        self._write(line)

    def finish(self) -> None:
        elapsed = self._clock() - self._started
        line = _("{stage}: {rows} in {seconds} s").format(
            stage=stage_label(self._stage), rows=_rows_text(self._done, self._total), seconds=round(elapsed, 1)
        )
        self._write(line)

    def _print(self, now: float) -> None:
        elapsed = now - self._started
        rate = self._done / elapsed if elapsed > 0 else 0.0
        line = f"{stage_label(self._stage)}: {_rows_text(self._done, self._total)}, {_rate_text(rate)}"
        self._write(line)

    def _write(self, line: str) -> None:
        self._stream.write(line + "\n")
        self._stream.flush()


class RichProgress:
    """A rich progress bar: rows done of total, rows per second, time left, and a wait countdown."""

    def __init__(self, stream: TextIO, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._console = Console(file=stream, highlight=False)
        self._clock = clock
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._wait_until = 0.0
        self._wait_reason = ""

    def start(self, stage: str, total: int | None) -> None:
        self.finish()
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(_("rows")),
            _RateColumn(),
            TimeRemainingColumn(),
            _WaitColumn(self),
            console=self._console,
            transient=False,
        )
        self._progress.start()
        self._task = self._progress.add_task(stage_label(stage), total=total)

    def advance(self, rows: int = 1) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, rows)

    def waiting(self, seconds: float, reason: str) -> None:
        self._wait_until = self._clock() + seconds
        self._wait_reason = reason

    def finish(self) -> None:
        if self._progress is not None:
            self._progress.stop()
        self._progress = None
        self._task = None
        self._wait_until = 0.0

    def wait_text(self) -> str:
        """Return the countdown of the current wait, or "" when the run is not waiting."""
        left = self._wait_until - self._clock()
        if left <= 0:
            return ""
        return _("waiting {seconds} s ({reason})").format(seconds=int(left) + 1, reason=self._wait_reason)


class _RateColumn(ProgressColumn):
    """Rows per second, as rich estimates it over the last updates."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(_rate_text(speed) if speed else "")


class _WaitColumn(ProgressColumn):
    """The countdown of a rate-limit or retry wait, redrawn on every refresh."""

    def __init__(self, display: RichProgress) -> None:
        super().__init__()
        self._display = display

    def render(self, task: Task) -> Text:
        return Text(self._display.wait_text(), style="yellow")
