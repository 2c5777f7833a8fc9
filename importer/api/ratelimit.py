"""Client-side pacing and the server's rate-limit window, shared by worker threads.

Some WON API 2.1.x builds count requests per client IP per clock hour and
send ``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and ``X-RateLimit-Reset``
(Unix time) on every response, and HTTP 429 past the limit. Other builds send
none of these. ``RateLimiter`` spaces requests evenly when a per-minute
maximum is set, and makes every caller wait once the server reports that
the window is used up.
"""

from __future__ import annotations

import email.utils
import logging
import math
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from importer.api.errors import RequestCancelled

logger = logging.getLogger(__name__)

# Reasons passed to the on_wait callback.
WAIT_PACING = "pacing"  # client-side max_per_minute spacing
WAIT_WINDOW_EXHAUSTED = "rate_limit_window"  # the server sent X-RateLimit-Remaining: 0
WAIT_RATE_LIMITED = "rate_limited"  # the server returned HTTP 429
WAIT_RETRY_BACKOFF = "retry_backoff"  # pause before retrying a failed request

# The server window is one clock hour, so a longer wait comes from clock skew
# or a bad header; waiting more than this gains nothing.
MAX_SERVER_WAIT_SECONDS = 3600.0 + 60.0
# X-RateLimit-Reset and Retry-After have one-second resolution.
RESET_MARGIN_SECONDS = 1.0
# A Reset value below this cannot be a Unix time after 2001, so it is read as
# a number of seconds from now, which some servers send instead.
_EPOCH_THRESHOLD = 1_000_000_000
# Maximum length of one sleep of the default sleeper, so Ctrl-C and cancel() act quickly.
_SLEEP_SLICE_SECONDS = 0.25


@dataclass(frozen=True)
class RateLimitInfo:
    """Rate-limit headers of one response. A field is None when its header was absent or invalid."""

    limit: int | None
    remaining: int | None
    reset: float | None  # Unix time in seconds when the server window resets

    @classmethod
    def from_headers(cls, headers: Mapping[str, str], now: float) -> RateLimitInfo | None:
        """Parse the X-RateLimit-* headers; return None when none of them is present."""
        limit = _parse_int(headers.get("X-RateLimit-Limit"))
        remaining = _parse_int(headers.get("X-RateLimit-Remaining"))
        reset = _parse_reset(headers.get("X-RateLimit-Reset"), now)
        if limit is None and remaining is None and reset is None:
            return None
        return cls(limit=limit, remaining=remaining, reset=reset)


def _parse_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def _parse_reset(value: str | None, now: float) -> float | None:
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return now + number if number < _EPOCH_THRESHOLD else number


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Return the seconds to wait from a Retry-After header (seconds or HTTP date), or None."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is None:
            return None
        return max(0.0, moment.timestamp() - now)
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def backoff_delay(retry_number: int, *, base: float = 0.5, cap: float = 30.0, rng: random.Random) -> float:
    """Return a full-jitter exponential backoff delay for the ``retry_number``-th retry (from 1)."""
    ceiling = min(cap, base * 2 ** (retry_number - 1))
    return rng.uniform(0.0, ceiling)


class RateLimiter:
    """Pace requests and honour the server's rate-limit window across threads.

    Call ``acquire()`` before each request and ``record()`` with the headers
    of each response. ``sleep`` and ``clock`` are injectable so that tests run
    without real waiting; ``clock`` must be monotonic and ``wall_clock`` gives
    Unix time, to compare with X-RateLimit-Reset. ``cancel()`` wakes every
    waiting thread, which then raises ``RequestCancelled``.
    """

    def __init__(
        self,
        max_per_minute: float | None = None,
        *,
        on_wait: Callable[[float, str], None] | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        max_server_wait: float = MAX_SERVER_WAIT_SECONDS,
    ) -> None:
        if max_per_minute is not None and max_per_minute <= 0:
            raise ValueError("max_per_minute must be positive")
        self.max_per_minute = max_per_minute
        self.on_wait = on_wait
        self.clock = clock
        self.wall_clock = wall_clock
        self.max_server_wait = max_server_wait
        self._sleep = sleep
        self._interval = 60.0 / max_per_minute if max_per_minute else 0.0
        self._lock = threading.Lock()
        self._cancelled = threading.Event()
        self._next_slot = 0.0  # clock time at which the next paced request may start
        self._blocked_until = 0.0  # clock time before which no request may start
        self._block_reason = WAIT_WINDOW_EXHAUSTED
        self._reported_block = 0.0  # last _blocked_until announced through on_wait

    def acquire(self) -> None:
        """Wait until this caller may send a request."""
        self._wait_for_server_window()
        if self._interval:
            with self._lock:
                now = self.clock()
                slot = max(now, self._next_slot)
                self._next_slot = slot + self._interval
            self.wait(slot - now, WAIT_PACING)
            # A 429 or an exhausted window may have arrived during the pacing wait.
            self._wait_for_server_window()

    def record(self, info: RateLimitInfo | None) -> None:
        """Hold every caller back until the reset time when the window is used up."""
        if info is None or info.remaining is None or info.remaining > 0 or info.reset is None:
            return
        seconds = info.reset - self.wall_clock() + RESET_MARGIN_SECONDS
        if seconds > 0:
            self.block_for(seconds, WAIT_WINDOW_EXHAUSTED)

    def block_for(self, seconds: float, reason: str = WAIT_RATE_LIMITED) -> None:
        """Hold every caller back for ``seconds``, as after an HTTP 429."""
        if seconds > self.max_server_wait:
            logger.warning(
                "Rate-limit wait of %.0f s exceeds %.0f s; waiting %.0f s instead",
                seconds,
                self.max_server_wait,
                self.max_server_wait,
            )
            seconds = self.max_server_wait
        with self._lock:
            until = self.clock() + seconds
            if until > self._blocked_until:
                self._blocked_until = until
                self._block_reason = reason

    def wait(self, seconds: float, reason: str) -> None:
        """Sleep ``seconds`` in this thread only, reporting it through ``on_wait``."""
        if seconds <= 0:
            self._raise_if_cancelled()
            return
        if self.on_wait is not None:
            self.on_wait(seconds, reason)
        self._sleep_interruptibly(seconds)

    def cancel(self) -> None:
        """Wake every waiting thread; each then raises ``RequestCancelled``."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def _wait_for_server_window(self) -> None:
        while True:
            with self._lock:
                blocked_until = self._blocked_until
                reason = self._block_reason
                seconds = blocked_until - self.clock()
                # Every waiting thread shares one countdown, so only the first announces it.
                announce = seconds > 0 and blocked_until > self._reported_block
                if announce:
                    self._reported_block = blocked_until
            if seconds <= 0:
                self._raise_if_cancelled()
                return
            if announce and self.on_wait is not None:
                self.on_wait(seconds, reason)
            logger.info("Waiting %.1f s for the API rate limit (%s)", seconds, reason)
            self._sleep_interruptibly(seconds)

    def _sleep_interruptibly(self, seconds: float) -> None:
        if self._sleep is not None:
            self._raise_if_cancelled()
            self._sleep(seconds)
            self._raise_if_cancelled()
            return
        # Short slices keep Ctrl-C responsive on Windows, where a long
        # Event.wait is not interrupted by the signal. The real clock is used
        # here because an injected clock only advances through an injected sleep.
        deadline = time.monotonic() + seconds
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            if self._cancelled.wait(min(remaining, _SLEEP_SLICE_SECONDS)):
                break
        self._raise_if_cancelled()

    def _raise_if_cancelled(self) -> None:
        if self._cancelled.is_set():
            raise RequestCancelled()
