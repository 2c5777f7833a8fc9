"""Measuring tools for the benchmarks: timed child processes, their peak memory, the machine."""

from __future__ import annotations

import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

# Distributions whose versions the results page lists.
LIBRARIES = ("pandas", "pandera", "numpy", "python-calamine", "openpyxl", "requests", "click")


@dataclass
class ChildRun:
    """One finished child process: wall time, peak resident memory and output."""

    command: list[str]
    seconds: float
    max_rss_bytes: int
    returncode: int
    stdout: str
    stderr: str

    @property
    def max_rss_mib(self) -> float:
        return self.max_rss_bytes / 2**20


class ChildFailedError(RuntimeError):
    """A benchmarked command exited with a code it should not have."""

    def __init__(self, run: ChildRun, expected: tuple[int, ...]) -> None:
        tail = (run.stderr or run.stdout)[-2000:]
        super().__init__(
            f"command {' '.join(run.command)} exited with {run.returncode}, "
            f"expected {' or '.join(map(str, expected))}:\n{tail}"
        )
        self.run = run


def child_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Return the environment for a child: this one, with the checkout first on PYTHONPATH.

    Putting the checkout first lets ``python -m importer`` run the code under
    test even when an older perfex-import is installed in the environment.
    """
    environment = dict(os.environ)
    paths = [str(REPO_ROOT), *filter(None, environment.get("PYTHONPATH", "").split(os.pathsep))]
    environment["PYTHONPATH"] = os.pathsep.join(paths)
    environment.setdefault("PERFEX_IMPORT_LANG", "en")
    environment.update(extra or {})
    return environment


def run_child(
    command: list[str],
    *,
    cwd: Path | None = None,
    extra_environment: dict[str, str] | None = None,
    expected_codes: tuple[int, ...] = (0,),
    timeout: float = 1800.0,
) -> ChildRun:
    """Run ``command`` to the end and return its wall time and peak RSS.

    The peak RSS comes from ``wait4``, so it is this child's own figure and
    not the running maximum over every child, which ``RUSAGE_CHILDREN`` gives.
    Raises ChildFailedError when the exit code is not in ``expected_codes``
    and subprocess.TimeoutExpired after killing a child that ran too long.
    """
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd or REPO_ROOT,
            env=child_environment(extra_environment),
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            text=True,
        )
        # wait4 reaps the child itself, so Popen must not wait for it first.
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - started
        returncode = os.waitstatus_to_exitcode(status)
        process.returncode = returncode
        stdout.seek(0)
        stderr.seek(0)
        output, errors = stdout.read(), stderr.read()
    if returncode == -signal.SIGKILL and seconds >= timeout:
        raise subprocess.TimeoutExpired(command, timeout, output, errors)
    # ru_maxrss is in KiB on Linux.
    run = ChildRun(command, seconds, usage.ru_maxrss * 1024, returncode, output, errors)
    if returncode not in expected_codes:
        raise ChildFailedError(run, expected_codes)
    return run


def importer_command(*arguments: str) -> list[str]:
    """Return the command line of ``perfex-import`` run from this checkout."""
    return [sys.executable, "-m", "importer", *arguments]


def warm_file_cache(path: Path) -> None:
    """Read ``path`` once, so that the first timed command does not pay for the disk."""
    with path.open("rb") as handle:
        while handle.read(1 << 20):
            pass


@dataclass(frozen=True)
class Machine:
    """The hardware and software the figures were measured on."""

    cpu: str
    cores: int
    memory_gib: float
    system: str
    python: str
    libraries: dict[str, str]


def describe_machine(extra_versions: dict[str, str] | None = None) -> Machine:
    libraries = {}
    for name in LIBRARIES:
        try:
            libraries[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            libraries[name] = "not installed"
    libraries.update(extra_versions or {})
    return Machine(
        cpu=_cpu_model(),
        cores=os.cpu_count() or 0,
        memory_gib=_memory_gib(),
        system=platform.platform(),
        python=platform.python_version(),
        libraries=libraries,
    )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return 0.0
