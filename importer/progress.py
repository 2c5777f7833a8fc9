"""Progress reporting: the pipeline calls these methods, the CLI decides how to show them.

The null display is used in quiet mode and in tests, so no stage needs an
``if`` around its progress calls.
"""

from __future__ import annotations

from typing import Protocol


class ProgressDisplay(Protocol):
    """What a stage may tell the display."""

    def start(self, stage: str, total: int | None) -> None:
        """A stage begins ("read", "validate", "send"); ``total`` rows if known."""

    def advance(self, rows: int = 1) -> None:
        """``rows`` more rows of the current stage are done."""

    def waiting(self, seconds: float, reason: str) -> None:
        """The run waits ``seconds`` (rate-limit window, retry back-off); ``reason`` is translated text."""

    def finish(self) -> None:
        """The current stage ended."""


class NullProgress:
    """A display that shows nothing."""

    def start(self, stage: str, total: int | None) -> None:
        pass

    def advance(self, rows: int = 1) -> None:
        pass

    def waiting(self, seconds: float, reason: str) -> None:
        pass

    def finish(self) -> None:
        pass
