"""Progress reporting: the pipeline calls these methods, the CLI decides how to show them.

The null display is used in quiet mode and in tests, so no stage needs an
``if`` around its progress calls.
"""

from __future__ import annotations

from typing import Protocol


class ProgressDisplay(Protocol):
    """Progress events a pipeline stage sends to the display."""

    def start(self, stage: str, total: int | None) -> None:
        """Begin a stage ("read", "validate", "send", "plan") of ``total`` rows, or an unknown count."""

    def advance(self, rows: int = 1) -> None:
        """Count ``rows`` more rows of the current stage as done."""

    def waiting(self, seconds: float, reason: str) -> None:
        """Show a wait of ``seconds`` (rate-limit window, retry back-off); ``reason`` is translated text."""

    def finish(self) -> None:
        """End the current stage."""


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
