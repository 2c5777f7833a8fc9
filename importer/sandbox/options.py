"""Settings of the WON API sandbox server, checked when they are built."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from importer.errors import ConfigurationError


@dataclass(frozen=True)
class SandboxOptions:
    """Settings of one sandbox: listening address, imitated WON API build and injected faults.

    Probabilities are drawn once per request from one seeded generator, so the
    POST fault probabilities (503, 500, drop after store, hang) must add up to
    at most 1. Raises ``ConfigurationError`` on a value out of range.
    """

    host: str = "127.0.0.1"
    port: int = 0  # 0 picks a free port
    token: str = "sandbox-token"  # an empty token imitates a server with no token configured (HTTP 500)
    db_path: Path | None = None  # None creates a temporary file that is kept after stop
    api_version: int = 2  # 2: envelope and X-API-TOKEN; 1: bare responses and Authorization
    validate_vat: bool = False  # imitate the 2.1.x builds that check CPF/CNPJ length (HTTP 422)
    strict_sql: bool = True  # imitate MySQL strict mode: an over-long or non-integer value fails with HTTP 500
    rate_limit: int | None = None  # requests per window per client IP; None sends no rate limit headers
    rate_window: float = 3600.0  # seconds; windows start at multiples of this since the Unix epoch
    latency_ms: int = 0  # delay added before every response
    fault_503: float = 0.0  # POST/PUT: respond 503 without storing
    fault_500: float = 0.0  # POST/PUT: respond 500 without storing
    fault_drop_after_store: float = 0.0  # POST: store the row, then close the connection without responding
    fault_hang: float = 0.0  # POST: store nothing and never respond until the server stops
    seed: int | None = None  # makes the fault draws repeatable
    verbose: bool = False  # log every request through logging at INFO level

    def __post_init__(self) -> None:
        self._check_port()
        self._check_api_version()
        self._check_rate_limit()
        self._check_latency()
        self._check_faults()

    def _check_port(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ConfigurationError("sandbox_port_invalid", value=self.port)

    def _check_api_version(self) -> None:
        if self.api_version not in (1, 2):
            raise ConfigurationError("sandbox_api_version_invalid", value=self.api_version)

    def _check_rate_limit(self) -> None:
        if self.rate_limit is not None and self.rate_limit < 1:
            raise ConfigurationError("sandbox_rate_limit_invalid", value=self.rate_limit)
        if not self.rate_window > 0:
            raise ConfigurationError("sandbox_rate_window_invalid", value=self.rate_window)

    def _check_latency(self) -> None:
        if self.latency_ms < 0:
            raise ConfigurationError("sandbox_latency_invalid", value=self.latency_ms)

    def _check_faults(self) -> None:
        for option, value in self.fault_probabilities().items():
            if not 0.0 <= value <= 1.0:
                raise ConfigurationError("sandbox_probability_invalid", option=option, value=value)
        total = sum(self.fault_probabilities().values())
        # A small tolerance lets values such as 0.1 + 0.2 + 0.7 pass despite float rounding.
        if total > 1.0 + 1e-9:
            raise ConfigurationError("sandbox_fault_total_invalid", total=round(total, 6))

    def fault_probabilities(self) -> dict[str, float]:
        """Return each fault option name with its probability, in draw order."""
        return {
            "fault_503": self.fault_503,
            "fault_500": self.fault_500,
            "fault_drop_after_store": self.fault_drop_after_store,
            "fault_hang": self.fault_hang,
        }
