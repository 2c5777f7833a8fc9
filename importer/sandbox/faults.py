"""Fault draws, rate limiting and request counting of the sandbox, each safe across threads."""

from __future__ import annotations

import math
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass
from enum import Enum

from importer.sandbox.options import SandboxOptions


class Fault(str, Enum):
    """Fault injected into one request, instead of or after serving it."""

    NONE = "none"
    UNAVAILABLE = "503"
    INTERNAL_ERROR = "500"
    DROP_AFTER_STORE = "drop_after_store"
    HANG = "hang"


# Faults each method can get; GET, DELETE and OPTIONS never get one.
FAULTS_BY_METHOD = {
    "POST": frozenset(Fault) - {Fault.NONE},
    "PUT": frozenset({Fault.UNAVAILABLE, Fault.INTERNAL_ERROR}),
}


class FaultPlan:
    """Seeded source of faults, drawing at most one per POST or PUT.

    Each request takes exactly one number from the generator. The faults own
    consecutive slices of [0, 1) in a fixed order, so every fault keeps its own
    probability. A seeded run repeats the same sequence for the same order of
    requests.
    """

    def __init__(self, options: SandboxOptions) -> None:
        self._random = random.Random(options.seed)
        self._lock = threading.Lock()
        self._slices = (
            (Fault.UNAVAILABLE, options.fault_503),
            (Fault.INTERNAL_ERROR, options.fault_500),
            (Fault.DROP_AFTER_STORE, options.fault_drop_after_store),
            (Fault.HANG, options.fault_hang),
        )
        self._enabled = any(probability > 0 for _, probability in self._slices)

    def draw(self, method: str) -> Fault:
        """Return the fault for one request of ``method``; GETs draw nothing."""
        allowed = FAULTS_BY_METHOD.get(method)
        if allowed is None or not self._enabled:
            return Fault.NONE
        with self._lock:
            number = self._random.random()
        upper = 0.0
        for fault, probability in self._slices:
            upper += probability
            if number < upper:
                return fault if fault in allowed else Fault.NONE
        return Fault.NONE


@dataclass(frozen=True)
class RateDecision:
    """The rate limit headers of one response, and whether the request is over the limit."""

    limit: int
    remaining: int
    reset_at: int  # Unix time when the window ends
    retry_after: int  # whole seconds until then, at least 1

    @property
    def exceeded(self) -> bool:
        return self.remaining < 0

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(self.remaining, 0)),
            "X-RateLimit-Reset": str(self.reset_at),
        }


class RateLimiter:
    """Counts every request per client IP in fixed windows aligned on the Unix epoch."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[float, int]] = {}

    def record(self, client_ip: str, now: float | None = None) -> RateDecision:
        """Count one request of ``client_ip`` and return the headers for its response."""
        now = time.time() if now is None else now
        window_start = math.floor(now / self.window) * self.window
        with self._lock:
            start, count = self._counts.get(client_ip, (window_start, 0))
            if start != window_start:
                count = 0
            count += 1
            self._counts[client_ip] = (window_start, count)
        window_end = window_start + self.window
        return RateDecision(
            limit=self.limit,
            remaining=self.limit - count,
            reset_at=math.ceil(window_end),
            retry_after=max(1, math.ceil(window_end - now)),
        )

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()


class RequestCounter:
    """Counts received requests by HTTP method and route kind."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, str]] = Counter()

    def add(self, method: str, route: str) -> None:
        with self._lock:
            self._counts[(method, route)] += 1

    def count(self, method: str | None = None, route: str | None = None) -> int:
        """Return how many requests matched ``method`` and ``route``; None matches any."""
        with self._lock:
            return sum(
                number
                for (counted_method, counted_route), number in self._counts.items()
                if (method is None or counted_method == method.upper())
                and (route is None or counted_route == route)
            )

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()
