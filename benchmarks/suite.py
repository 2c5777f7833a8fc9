"""The benchmarks: each runs real commands on generated files and compares them with a baseline."""

from __future__ import annotations

import json
import pstats
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generate import HEADER, cached_file
from harness import REPO_ROOT, ChildRun, importer_command, run_child, warm_file_cache

MAPPING = REPO_ROOT / "mappings" / "exemplo.yaml"
GIB = 2**30
# perfex-import validate exits 3 when some rows are invalid, as in every generated file.
VALIDATE_CODES = (0, 3)
# frictionless validate exits 1 when it finds errors.
FRICTIONLESS_CODES = (0, 1)
SANDBOX_LATENCY_MS = 20
# Peak memory counts as flat when the largest file needs at most this many times the smallest one's.
FLAT_MEMORY_FACTOR = 1.5

PANDAS_FLOOR = (
    "import sys, pandas; "
    "pandas.read_csv(sys.argv[1], dtype=str, sep=';', encoding='cp1252')"
)

CALAMINE_READ = """
import sys, time
from importer.read import ReadOptions, read_source
started = time.perf_counter()
chunk = read_source(sys.argv[1], ReadOptions(sheet="Clientes"))
print(time.perf_counter() - started, len(chunk.frame))
"""

OPENPYXL_READ = """
import sys, time
import openpyxl
started = time.perf_counter()
workbook = openpyxl.load_workbook(sys.argv[1], read_only=True)
rows = list(workbook["Clientes"].iter_rows(min_row=2, values_only=True))
workbook.close()
print(time.perf_counter() - started, len(rows))
"""

# One POST per body over a keep-alive session, as WonClient sends them, with no other work.
BARE_POST_LOOP = """
import json, os, sys
import requests
with open(sys.argv[1], encoding="utf-8") as handle:
    bodies = json.load(handle)
url = sys.argv[2] + "/won_api/won/api/clients"
session = requests.Session()
session.headers["X-API-TOKEN"] = os.environ["PERFEX_TOKEN"]
for body in bodies:
    response = session.post(url, json=body, timeout=30)
    if response.status_code != 201:
        sys.exit(f"POST failed with HTTP {response.status_code}: {response.text[:200]}")
"""


@dataclass(frozen=True)
class Sizes:
    """Row counts of the files each benchmark uses."""

    validate_rows: int
    frictionless_rows: tuple[int, ...]
    xlsx_rows: int
    run_rows: int
    memory_rows: tuple[int, ...]


FULL = Sizes(
    validate_rows=100_000,
    frictionless_rows=(100_000, 1_000_000),
    xlsx_rows=100_000,
    run_rows=2_000,
    memory_rows=(100_000, 300_000, 1_000_000),
)
QUICK = Sizes(
    validate_rows=2_000,
    frictionless_rows=(2_000, 10_000),
    xlsx_rows=2_000,
    run_rows=100,
    memory_rows=(2_000, 5_000, 10_000),
)


@dataclass
class Comparison:
    """Two commands run once each on the same input, and the goal for their ratio."""

    title: str
    rows: int
    subject: str
    subject_seconds: float
    baseline: str
    baseline_seconds: float
    goal: str
    # Ratio as the goal states it, e.g. "2.4× the floor" or "3.1× faster".
    ratio_text: str
    met: bool | None
    notes: list[str] = field(default_factory=list)


@dataclass
class MemoryPoint:
    rows: int
    seconds: float
    max_rss_bytes: int


@dataclass
class MemoryProfile:
    """Peak RSS of ``validate`` by file size, with the goal verdict."""

    points: list[MemoryPoint]
    goal: str
    met: bool
    notes: list[str] = field(default_factory=list)


# A profiled function: name, calls, own seconds, cumulative seconds.
ProfileRow = tuple[str, int, float, float]


@dataclass
class Profile:
    """A cProfile run of one command: the functions with the most own time, and perfex-import's own."""

    command: str
    total_seconds: float
    by_own_time: list[ProfileRow]
    # Functions of the importer package by cumulative time, to show which stage the time goes to.
    importer_by_cumulative: list[ProfileRow]


@dataclass
class Results:
    comparisons: list[Comparison] = field(default_factory=list)
    memory: MemoryProfile | None = None
    profiles: list[Profile] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # One validate run per CSV size, shared by the comparisons and the memory profile.
    validate_runs: dict[int, ChildRun] = field(default_factory=dict)
    # One-minute load averages, to show whether other processes competed for the CPU.
    load_at_start: float = 0.0
    load_at_end: float = 0.0


def validate_command(path: Path) -> list[str]:
    return importer_command("validate", str(path), "-m", str(MAPPING), "-q")


def validated(rows: int, results: Results) -> ChildRun:
    """Return the validate run on the CSV file of ``rows`` rows, running it the first time."""
    if rows not in results.validate_runs:
        path = cached_file(rows, "csv")
        warm_file_cache(path)
        results.validate_runs[rows] = run_child(validate_command(path), expected_codes=VALIDATE_CODES)
    return results.validate_runs[rows]


def compare_validate_with_pandas(rows: int, results: Results) -> None:
    """Time ``validate`` against a bare ``pandas.read_csv`` of the same file (the floor)."""
    path = cached_file(rows, "csv")
    warm_file_cache(path)
    # Loads pandas and pandera from disk once, so neither timed command pays for a cold cache.
    run_child([sys.executable, "-c", "import pandas, pandera"])

    floor = run_child([sys.executable, "-c", PANDAS_FLOOR, str(path)])
    validate = validated(rows, results)
    ratio = validate.seconds / floor.seconds
    results.comparisons.append(
        Comparison(
            title="validate against pandas.read_csv",
            rows=rows,
            subject="perfex-import validate",
            subject_seconds=validate.seconds,
            baseline="python -c 'pandas.read_csv(..., dtype=str)'",
            baseline_seconds=floor.seconds,
            goal="at most 2× the floor",
            ratio_text=f"{ratio:.2f}× the floor",
            met=ratio <= 2.0,
            notes=[_summary_line(validate)],
        )
    )
    if ratio > 2.0:
        results.profiles.append(profile_command(validate_command(path), f"validate, {rows:,} CSV rows"))


def _summary_line(run: ChildRun) -> str:
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    return f"validate printed: {lines[-1]}" if lines else "validate printed nothing"


def profiled(command: list[str], output: Path) -> list[str]:
    """Return ``command``, a ``python -m`` command line, run under cProfile writing to ``output``."""
    return [command[0], "-m", "cProfile", "-o", str(output), *command[1:]]


def profile_command(command: list[str], label: str) -> Profile:
    """Run ``command``, a ``python -m`` command line, under cProfile and keep its top functions."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "profile.out"
        run_child(profiled(command, output), expected_codes=VALIDATE_CODES)
        return read_profile(output, label)


def read_profile(output: Path, label: str, limit: int = 15) -> Profile:
    """Read a cProfile output file and keep the top functions by own time and perfex-import's own."""
    stats = pstats.Stats(str(output))
    stats.sort_stats("tottime")
    by_own_time = [_profile_row(stats, function) for function in stats.fcn_list[:limit]]
    stats.sort_stats("cumulative")
    importer_functions = [
        function
        for function in stats.fcn_list
        if Path(function[0]).is_relative_to(REPO_ROOT / "importer") and function[2] != "<module>"
    ]
    importer_by_cumulative = [_profile_row(stats, function) for function in importer_functions[:limit]]
    return Profile(label, stats.total_tt, by_own_time, importer_by_cumulative)


def _profile_row(stats: pstats.Stats, function: tuple[str, int, str]) -> ProfileRow:
    _, calls, own, cumulative, _ = stats.stats[function]
    return _function_name(function), calls, own, cumulative


def _function_name(function: tuple[str, int, str]) -> str:
    filename, line, name = function
    if filename == "~":
        return name  # a built-in, such as <method 'sub' of 're.Pattern' objects>
    path = Path(filename)
    parts = path.parts
    if "site-packages" in parts:
        return f"{Path(*parts[parts.index('site-packages') + 1 :])}:{line}({name})"
    for root in (REPO_ROOT, Path(sys.base_prefix) / "lib"):
        if path.is_relative_to(root):
            return f"{path.relative_to(root)}:{line}({name})"
    return f"{path}:{line}({name})"


def find_frictionless(explicit: str | None) -> str | None:
    """Return the frictionless command: the given one, the one beside this Python, or on PATH."""
    if explicit:
        return explicit
    beside = Path(sys.executable).with_name("frictionless")
    if beside.exists():
        return str(beside)
    return shutil.which("frictionless")


def frictionless_schema() -> dict:
    """Return a Table Schema with the checks of validate that frictionless can express.

    It has no check digits, no phone check and no CEP range, so frictionless
    does less work per row than perfex-import.
    """
    from importer.validate.states import UF_NAMES

    constraints = {
        "Razão Social": {"required": True},
        # 11 or 14 characters once the mask is removed: CPF 123.456.789-09, CNPJ 12.ABC.345/01DE-35.
        "CNPJ/CPF": {
            "pattern": r"^(?:\d{3}\.?\d{3}\.?\d{3}-?\d{2}"
            r"|[0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}/?[0-9A-Z]{4}-?\d{2})$"
        },
        "UF": {"enum": sorted(UF_NAMES) + sorted(UF_NAMES.values())},
        "CEP": {"pattern": r"^\d{5}-?\d{3}$"},
    }
    fields = []
    for name in HEADER:
        column = {"name": name, "type": "string"}
        if name in constraints:
            column["constraints"] = constraints[name]
        fields.append(column)
    return {"fields": fields}


def compare_with_frictionless(rows: int, frictionless: str, results: Results) -> None:
    """Time ``validate`` against ``frictionless validate`` with an equivalent Table Schema."""
    path = cached_file(rows, "csv")
    schema_path = path.parent / "frictionless-schema.json"
    schema_path.write_text(json.dumps(frictionless_schema(), ensure_ascii=False, indent=1), encoding="utf-8")
    validate = validated(rows, results)
    warm_file_cache(path)
    # frictionless rejects absolute paths as unsafe, so it runs in the data folder.
    checked = run_child(
        [
            frictionless, "validate", path.name,
            "--schema", schema_path.name,
            "--dialect", '{"delimiter": ";"}',
            "--encoding", "cp1252",
            # The default stops at 1,000 errors, which would end the run early.
            "--limit-errors", str(rows + 1),
            "--json",
        ],
        cwd=path.parent,
        expected_codes=FRICTIONLESS_CODES,
    )
    speedup = checked.seconds / validate.seconds
    goal_factor = 4.0 if rows >= 1_000_000 else 2.0
    results.comparisons.append(
        Comparison(
            title="validate against frictionless validate",
            rows=rows,
            subject="perfex-import validate",
            subject_seconds=validate.seconds,
            baseline="frictionless validate --schema",
            baseline_seconds=checked.seconds,
            goal=f"perfex-import at least {goal_factor:g}× faster",
            ratio_text=f"{speedup:.2f}× faster" if speedup >= 1 else f"{1 / speedup:.2f}× slower",
            met=speedup >= goal_factor,
            notes=[_frictionless_findings(checked)],
        )
    )


def _frictionless_findings(run: ChildRun) -> str:
    try:
        report = json.loads(run.stdout)
        task = report["tasks"][0]
    except (ValueError, KeyError, IndexError):
        return "frictionless output was not the expected JSON report"
    errors: dict[str, int] = {}
    for error in task["errors"]:
        key = error.get("fieldName") or error["type"]
        errors[key] = errors.get(key, 0) + 1
    found = ", ".join(f"{key} {count:,}" for key, count in sorted(errors.items()))
    return f"frictionless read {task['stats'].get('rows', '?'):,} rows and reported errors by column: {found or 'none'}"


def compare_xlsx_readers(rows: int, results: Results) -> None:
    """Time our calamine reader against openpyxl read-only iteration, reading only (imports excluded)."""
    path = cached_file(rows, "xlsx")
    warm_file_cache(path)
    calamine = _timed_read(CALAMINE_READ, path)
    openpyxl = _timed_read(OPENPYXL_READ, path)
    speedup = openpyxl / calamine
    results.comparisons.append(
        Comparison(
            title="XLSX reading: calamine against openpyxl",
            rows=rows,
            subject="importer.read.read_source (calamine)",
            subject_seconds=calamine,
            baseline="openpyxl read_only iter_rows",
            baseline_seconds=openpyxl,
            goal="none set",
            ratio_text=f"{speedup:.2f}× faster" if speedup >= 1 else f"{1 / speedup:.2f}× slower",
            met=None,
            notes=[
                (
                    "read_source also turns every cell into text, checks it and builds a DataFrame; "
                    "openpyxl only yields tuples of cell values."
                )
            ],
        )
    )


def _timed_read(snippet: str, path: Path) -> float:
    run = run_child([sys.executable, "-c", snippet, str(path)])
    seconds, _ = run.stdout.split()
    return float(seconds)


def measure_memory(sizes: tuple[int, ...], results: Results) -> None:
    """Record the peak RSS of ``validate`` on each size, reusing the runs already made."""
    points = []
    for rows in sizes:
        run = validated(rows, results)
        points.append(MemoryPoint(rows, run.seconds, run.max_rss_bytes))
    largest = max(point.max_rss_bytes for point in points)
    growth = points[-1].max_rss_bytes / points[0].max_rss_bytes
    flat = growth <= FLAT_MEMORY_FACTOR
    results.memory = MemoryProfile(
        points=points,
        goal=f"under 1 GiB at every size, and flat (the largest file at most {FLAT_MEMORY_FACTOR:g}× the smallest)",
        met=largest < GIB and flat,
        notes=[f"Peak RSS grows {growth:.2f}× from {points[0].rows:,} to {points[-1].rows:,} rows."],
    )


def request_bodies(path: Path) -> list[dict]:
    """Return the JSON body perfex-import sends for each valid row of ``path``, in file order."""
    from importer.load.sender import request_body
    from importer.pipeline import iter_validated, prepare_import
    from importer.status import RowStatus

    prepared = prepare_import(path, MAPPING)
    return [request_body(result.values) for result in iter_validated(prepared) if result.status is RowStatus.VALID]


@dataclass
class SandboxRun:
    run: ChildRun
    stored: int
    requests: dict[str, int]


def _into_fresh_sandbox(command: Callable[[str, str, Path], list[str]], expected_codes: tuple[int, ...]) -> SandboxRun:
    """Start an empty sandbox with added latency, run ``command(url, token, folder)`` against it, stop it.

    The child runs in an empty folder, so files a run leaves behind, such as
    a journal for resuming, cannot change the next run.
    """
    from importer.sandbox import SandboxOptions, SandboxServer

    token = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory(prefix="perfex-bench-") as folder:
        database = Path(folder) / "sandbox.sqlite3"
        options = SandboxOptions(token=token, latency_ms=SANDBOX_LATENCY_MS, db_path=database)
        with SandboxServer(options) as server:
            run = run_child(
                command(server.url, token, Path(folder)),
                cwd=Path(folder),
                extra_environment={"PERFEX_TOKEN": token},
                expected_codes=expected_codes,
            )
            requests = {
                "POST clients": server.request_count("POST", "clients"),
                "GET join": server.request_count("GET", "join"),
                "GET status": server.request_count("GET", "status"),
                "all": server.request_count(),
            }
        stored = len(server.stored_clients())
    return SandboxRun(run, stored, requests)


def _import_command(path: Path, *extra: str) -> Callable[[str, str, Path], list[str]]:
    def command(url: str, token: str, folder: Path) -> list[str]:
        del token  # the child reads it from PERFEX_TOKEN, as a user would set it
        copy = folder / path.name
        shutil.copyfile(path, copy)
        return importer_command("run", str(copy), "-m", str(MAPPING), "--url", url, "-q", *extra)

    return command


def compare_run_with_bare_loop(rows: int, results: Results) -> None:
    """Time ``run`` into the sandbox against bare POSTs of the same bodies, and 8 workers against 1."""
    path = cached_file(rows, "csv")
    bodies = request_bodies(path)
    workers_supported = "--workers" in run_child(importer_command("run", "--help")).stdout

    with tempfile.TemporaryDirectory(prefix="perfex-bench-bodies-") as folder:
        bodies_path = Path(folder) / "bodies.json"
        bodies_path.write_text(json.dumps(bodies, ensure_ascii=False), encoding="utf-8")
        bare = _into_fresh_sandbox(
            lambda url, token, _: [sys.executable, "-c", BARE_POST_LOOP, str(bodies_path), url], (0,)
        )

    sequential_options = ("--workers", "1") if workers_supported else ()
    sequential = _into_fresh_sandbox(_import_command(path, *sequential_options), VALIDATE_CODES)
    overhead = sequential.run.seconds / bare.run.seconds
    label = "perfex-import run --workers 1" if workers_supported else "perfex-import run"
    notes = [
        f"{len(bodies):,} valid rows; the bare loop stored {bare.stored:,} clients and perfex-import {sequential.stored:,}.",
        f"Requests perfex-import sent: {_request_text(sequential.requests)}; the bare loop: {_request_text(bare.requests)}.",
        _run_overhead_breakdown(sequential.run.seconds - bare.run.seconds, validated(rows, results), len(bodies)),
    ]
    results.comparisons.append(
        Comparison(
            title=f"run into the sandbox ({SANDBOX_LATENCY_MS} ms added per request) against bare requests",
            rows=rows,
            subject=label,
            subject_seconds=sequential.run.seconds,
            baseline="loop of requests.Session().post",
            baseline_seconds=bare.run.seconds,
            goal="within 5% of the bare loop",
            ratio_text=f"{(overhead - 1) * 100:+.1f}% against the bare loop",
            met=overhead <= 1.05 and sequential.stored == bare.stored,
            notes=notes,
        )
    )

    if not workers_supported:
        results.skipped.append(
            "run --workers 8 against --workers 1: not measured, because `perfex-import run` "
            "has no --workers option in this checkout."
        )
        return
    parallel = _into_fresh_sandbox(_import_command(path, "--workers", "8"), VALIDATE_CODES)
    speedup = sequential.run.seconds / parallel.run.seconds
    results.comparisons.append(
        Comparison(
            title=f"run --workers 8 against --workers 1 ({SANDBOX_LATENCY_MS} ms added per request)",
            rows=rows,
            subject="perfex-import run --workers 8",
            subject_seconds=parallel.run.seconds,
            baseline="perfex-import run --workers 1",
            baseline_seconds=sequential.run.seconds,
            goal="at least 6× faster",
            ratio_text=f"{speedup:.2f}× faster",
            met=speedup >= 6.0 and parallel.stored == sequential.stored,
            notes=[
                f"Stored with 8 workers: {parallel.stored:,} clients; requests: {_request_text(parallel.requests)}."
            ],
        )
    )


def _run_overhead_breakdown(overhead_seconds: float, validate: ChildRun, sent_rows: int) -> str:
    """Split the extra time of ``run`` into what ``validate`` on the same file takes and the rest, per row.

    cProfile sees only the main thread, and ``run`` sends from worker
    threads, so this split stands in for a profile.
    """
    # The bare loop starts an interpreter and imports requests too, so only validate's extra start-up counts.
    bare_start = run_child([sys.executable, "-c", "import json, os, sys, requests"])
    preparation = validate.seconds - bare_start.seconds
    rest = overhead_seconds - preparation
    per_row = rest / sent_rows * 1000 if sent_rows else 0.0
    return (
        f"run took {overhead_seconds:.2f} s more than the bare loop. Of that, {preparation:.2f} s is what "
        f"validate on the same file takes beyond the bare loop's start-up ({validate.seconds:.2f} s "
        f"against {bare_start.seconds:.2f} s). The remaining {rest:.2f} s, {per_row:.2f} ms per row sent, "
        "goes to the send loop itself (journal, threads, result handling)."
    )


def _request_text(requests: dict[str, int]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in requests.items() if count)
