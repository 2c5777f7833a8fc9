"""Tests of RateLimiter, the rate-limit header parsers and the backoff delay."""

from __future__ import annotations

import random
import threading
import time

import pytest

from importer.api import RateLimiter, RateLimitInfo, RequestCancelled
from importer.api.ratelimit import (
    WAIT_PACING,
    WAIT_RATE_LIMITED,
    WAIT_WINDOW_EXHAUSTED,
    backoff_delay,
    parse_retry_after,
)

START = 1_733_300_000.0


class FakeClock:
    """Monotonic and wall clock in one; ``sleep`` advances it instead of waiting."""

    def __init__(self) -> None:
        self.now = START
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_limiter(clock: FakeClock, waits: list[tuple[float, str]] | None = None, **options: float) -> RateLimiter:
    on_wait = None if waits is None else (lambda seconds, reason: waits.append((seconds, reason)))
    return RateLimiter(sleep=clock.sleep, clock=clock, wall_clock=clock, on_wait=on_wait, **options)


# Client-side pacing


def test_pacing_spaces_requests(clock: FakeClock) -> None:
    limiter = make_limiter(clock, max_per_minute=60)

    for _ in range(3):
        limiter.acquire()

    assert clock.sleeps == [1.0, 1.0]


def test_pacing_reports_waits(clock: FakeClock) -> None:
    waits: list[tuple[float, str]] = []
    limiter = make_limiter(clock, waits, max_per_minute=30)

    limiter.acquire()
    limiter.acquire()

    assert waits == [(2.0, WAIT_PACING)]


def test_pacing_skips_wait_after_idle(clock: FakeClock) -> None:
    limiter = make_limiter(clock, max_per_minute=60)
    limiter.acquire()
    clock.now += 10

    limiter.acquire()

    assert clock.sleeps == []


def test_no_limit_never_waits(clock: FakeClock) -> None:
    limiter = make_limiter(clock)

    for _ in range(100):
        limiter.acquire()

    assert clock.sleeps == []


def test_max_per_minute_must_be_positive() -> None:
    with pytest.raises(ValueError):
        RateLimiter(max_per_minute=0)


def test_pacing_across_threads() -> None:
    limiter = RateLimiter(max_per_minute=3000)  # one slot every 20 ms, on the real clock
    starts: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(3):
            limiter.acquire()
            with lock:
                starts.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(4)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Waits never end early, so the k-th request cannot start before the k-th slot.
    starts.sort()
    early = [index for index, start in enumerate(starts) if start < began + index * 0.02 - 0.001]
    assert len(starts) == 12
    assert early == []


# Server window


def test_remaining_zero_blocks_until_reset(clock: FakeClock) -> None:
    waits: list[tuple[float, str]] = []
    limiter = make_limiter(clock, waits)

    limiter.record(RateLimitInfo(limit=100, remaining=0, reset=START + 300))
    limiter.acquire()

    assert clock.sleeps == [301.0]
    assert waits == [(301.0, WAIT_WINDOW_EXHAUSTED)]


def test_remaining_left_does_not_block(clock: FakeClock) -> None:
    limiter = make_limiter(clock)

    limiter.record(RateLimitInfo(limit=100, remaining=1, reset=START + 300))
    limiter.acquire()

    assert clock.sleeps == []


def test_reset_in_past_does_not_block(clock: FakeClock) -> None:
    limiter = make_limiter(clock)

    limiter.record(RateLimitInfo(limit=100, remaining=0, reset=START - 10))
    limiter.acquire()

    assert clock.sleeps == []


def test_block_for_reports_rate_limited(clock: FakeClock) -> None:
    waits: list[tuple[float, str]] = []
    limiter = make_limiter(clock, waits)

    limiter.block_for(45)
    limiter.acquire()

    assert waits == [(45.0, WAIT_RATE_LIMITED)]


def test_block_is_capped(clock: FakeClock) -> None:
    limiter = make_limiter(clock, max_server_wait=3660)

    limiter.block_for(86_400)
    limiter.acquire()

    assert clock.sleeps == [3660.0]


def test_shorter_block_keeps_longer(clock: FakeClock) -> None:
    limiter = make_limiter(clock)

    limiter.block_for(100)
    limiter.block_for(10)
    limiter.acquire()

    assert clock.sleeps == [100.0]


def test_window_announced_once_across_threads() -> None:
    waits: list[tuple[float, str]] = []
    lock = threading.Lock()

    def on_wait(seconds: float, reason: str) -> None:
        with lock:
            waits.append((seconds, reason))

    limiter = RateLimiter(on_wait=on_wait)
    limiter.block_for(0.2)
    threads = [threading.Thread(target=limiter.acquire) for _ in range(4)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert time.monotonic() - started >= 0.15
    assert len(waits) == 1
    assert waits[0][1] == WAIT_RATE_LIMITED


# Cancelling


def test_cancel_wakes_waiting_thread() -> None:
    limiter = RateLimiter()
    limiter.block_for(30)
    outcome: list[BaseException] = []

    def worker() -> None:
        try:
            limiter.acquire()
        except RequestCancelled as error:
            outcome.append(error)

    thread = threading.Thread(target=worker)
    thread.start()
    time.sleep(0.05)
    started = time.monotonic()
    limiter.cancel()
    thread.join(timeout=2)

    assert not thread.is_alive()
    assert len(outcome) == 1
    assert time.monotonic() - started < 1.0


def test_cancelled_limiter_raises_at_once(clock: FakeClock) -> None:
    limiter = make_limiter(clock)
    limiter.cancel()

    with pytest.raises(RequestCancelled):
        limiter.acquire()


def test_wait_raises_when_cancelled(clock: FakeClock) -> None:
    limiter = make_limiter(clock)
    limiter.cancel()

    with pytest.raises(RequestCancelled):
        limiter.wait(1.0, "retry_backoff")


# Header parsing


def test_headers_parsed() -> None:
    headers = {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "85", "X-RateLimit-Reset": "1733302800"}

    info = RateLimitInfo.from_headers(headers, START)

    assert info == RateLimitInfo(limit=100, remaining=85, reset=1733302800.0)


def test_headers_absent_give_none() -> None:
    assert RateLimitInfo.from_headers({"Content-Type": "application/json"}, START) is None


def test_small_reset_is_relative() -> None:
    info = RateLimitInfo.from_headers({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "90"}, START)

    assert info is not None
    assert info.reset == START + 90


def test_garbage_header_is_none() -> None:
    info = RateLimitInfo.from_headers({"X-RateLimit-Limit": "cem", "X-RateLimit-Remaining": "2"}, START)

    assert info is not None
    assert info.limit is None
    assert info.remaining == 2


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("30", 30.0),
        (" 0 ", 0.0),
        ("-5", 0.0),
        ("Wed, 04 Dec 2024 08:14:20 GMT", 60.0),  # START + 60 s
        ("Wed, 04 Dec 2024 08:00:00 GMT", 0.0),  # already past
        ("amanhã", None),
        ("", None),
        (None, None),
        ("nan", None),
    ],
)
def test_retry_after_parsed(header: str | None, expected: float | None) -> None:
    assert parse_retry_after(header, START) == expected


# Backoff


@pytest.mark.parametrize(("retry_number", "ceiling"), [(1, 0.5), (2, 1.0), (3, 2.0), (8, 30.0), (20, 30.0)])
def test_backoff_within_ceiling(retry_number: int, ceiling: float) -> None:
    rng = random.Random(7)

    delays = [backoff_delay(retry_number, rng=rng) for _ in range(200)]

    assert min(delays) >= 0.0
    assert max(delays) <= ceiling
    assert max(delays) > ceiling / 2  # full jitter spreads over the whole range
