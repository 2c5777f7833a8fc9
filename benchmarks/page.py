"""Render the benchmark results as the Markdown page docs/benchmarks.md."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from harness import Machine
from suite import Comparison, MemoryProfile, Profile, ProfileRow, Results

HERE = Path(__file__).resolve().parent
NOTES = HERE / "notes.md"

INTRODUCTION = """\
# Benchmarks

How fast perfex-import validates and imports large client files, and how
much memory it needs, measured against the simplest program that does the
same job (the floor) and against other tools. Every figure below comes from
one run of each command on the same generated file, on the machine listed.
Ratios between two commands usually vary less between runs than the times.
"""

HOW_TO_RUN = """\
## Running the benchmarks

```
python benchmarks/run.py            # full run, rewrites docs/benchmarks.md
python benchmarks/run.py --quick    # small files, a smoke test in about a minute
```

Use the Python of the environment where perfex-import's dependencies are
installed. The commands under test run as `python -m importer` from this
checkout, one child process each, so every time is a whole command's wall
time, start-up included, unless a row states otherwise. `--quick` writes its
page to `benchmarks/data/benchmarks-quick.md` unless `--output` says where.

The comparison with frictionless needs its command line tool. Install it
in a separate virtual environment, so that its dependencies do not change
perfex-import's, and pass its path:

```
python -m venv /tmp/venv-frictionless
/tmp/venv-frictionless/bin/pip install frictionless
python benchmarks/run.py --frictionless /tmp/venv-frictionless/bin/frictionless
```

Without it, that comparison is skipped and the page notes it. The run
benchmarks start the WON API sandbox in the benchmark process, on
127.0.0.1 with a free port and a new database for every command, so
nothing leaves the machine.
"""

GENERATOR = """\
## The generated files

`benchmarks/generate.py` writes the input files into `benchmarks/data/`
(ignored by git) and reuses a file when one of the same size, format and
seed is there. Its rows look like a Brazilian company's client export,
with the columns of `samples/clientes.csv`, so `mappings/exemplo.yaml`
maps them:

* company names (business, brand, legal suffix) and person names;
* CNPJ (about 5% alphanumeric, most with branch 0001) and CPF with valid
  check digits, masked, or bare digits on about 10% of rows, never repeated;
* 41 cities with their UF, area code and a CEP of the city's range; the UF is
  sometimes the state's name;
* landline and mobile phones as `(11) 3456-7890`, `11 98765-4321`,
  `+55 11 98765-4321` or `11987654321`, sites with and without a scheme,
  Situação Ativo or Inativo;
* exactly 2% of the rows with one defect each, in turn: wrong check digits,
  a CPF one digit short, no Razão Social, an unknown UF, a malformed CEP.

CSV files are cp1252 with `;` and CRLF, as Excel saves them in Portuguese.
XLSX files are written by openpyxl in write-only mode, with one sheet
"Clientes" whose cells are all text, CPF, CNPJ and CEP included.

```
python benchmarks/generate.py 100000 --format xlsx       # cached file, prints its path
python benchmarks/generate.py 500 --output /tmp/x.csv    # any path, prints the defect counts
```
"""


def render_page(results: Results, machine: Machine, command: str, minutes: float) -> str:
    """Return the whole page: introduction, how to run, machine, results, profiles and notes."""
    sections = [
        INTRODUCTION,
        _results_section(results, machine, command, minutes),
        _comparison_details(results.comparisons),
    ]
    if results.memory is not None:
        sections.append(_memory_section(results.memory))
    if results.profiles:
        sections.append(_profiles_section(results.profiles))
    if NOTES.exists():
        sections.append(NOTES.read_text(encoding="utf-8"))
    sections += [HOW_TO_RUN, GENERATOR]
    return "\n".join(section.rstrip() + "\n" for section in sections)


def _verdict(met: bool | None) -> str:
    if met is None:
        return "no goal"
    return "met" if met else "**missed**"


def _results_section(results: Results, machine: Machine, command: str, minutes: float) -> str:
    libraries = ", ".join(f"{name} {version}" for name, version in machine.libraries.items())
    lines = [
        "## Results",
        "",
        (
            f"Measured on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} with `{command}`, "
            f"which took {minutes:.1f} minutes."
        ),
        "",
        f"* CPU: {machine.cpu}, {machine.cores} cores",
        f"* RAM: {machine.memory_gib:.1f} GiB",
        f"* OS: {machine.system}",
        f"* Python {machine.python}; {libraries}",
        (
            f"* One-minute load average {results.load_at_start:.2f} at the start and "
            f"{results.load_at_end:.2f} at the end. The benchmark itself adds about 1, so more "
            f"means other processes shared the {machine.cores} cores and slowed some commands down."
        ),
        "",
        "| benchmark | rows | ours (s) | baseline (s) | ratio | goal | verdict |",
        "| --- | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for comparison in results.comparisons:
        lines.append(
            f"| {comparison.title} | {comparison.rows:,} | {comparison.subject_seconds:.2f} "
            f"| {comparison.baseline_seconds:.2f} | {comparison.ratio_text} | {comparison.goal} "
            f"| {_verdict(comparison.met)} |"
        )
    if results.memory is not None:
        largest = max(point.max_rss_bytes for point in results.memory.points)
        rows = ", ".join(f"{point.rows:,}" for point in results.memory.points)
        lines.append(
            f"| validate peak memory | {rows} | | | max {largest / 2**20:,.0f} MiB "
            f"| {results.memory.goal} | {_verdict(results.memory.met)} |"
        )
    for skipped in results.skipped:
        lines += ["", f"Not measured: {skipped}"]
    return "\n".join(lines)


def _comparison_details(comparisons: list[Comparison]) -> str:
    lines = ["## Details"]
    for comparison in comparisons:
        lines += [
            "",
            f"### {comparison.title}, {comparison.rows:,} rows",
            "",
            f"* ours: `{comparison.subject}`, {comparison.subject_seconds:.2f} s",
            f"* baseline: `{comparison.baseline}`, {comparison.baseline_seconds:.2f} s",
            f"* {comparison.ratio_text}; goal {comparison.goal}: {_verdict(comparison.met)}",
        ]
        lines += [f"* {note}" for note in comparison.notes]
    return "\n".join(lines)


def _memory_section(memory: MemoryProfile) -> str:
    lines = [
        "## Peak memory of validate",
        "",
        "Maximum resident set size of the `perfex-import validate` child process, from `wait4`.",
        "",
        "| rows | time (s) | rows per second | peak RSS (MiB) |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for point in memory.points:
        lines.append(
            f"| {point.rows:,} | {point.seconds:.2f} | {point.rows / point.seconds:,.0f} "
            f"| {point.max_rss_bytes / 2**20:,.0f} |"
        )
    lines += ["", f"Goal: {memory.goal}: {_verdict(memory.met)}.", *memory.notes]
    return "\n".join(lines)


def _profiles_section(profiles: list[Profile]) -> str:
    lines = ["## Profiles of missed goals"]
    for profile in profiles:
        lines += [
            "",
            f"### {profile.command}",
            "",
            (
                f"cProfile of the whole command, {profile.total_seconds:.2f} s under the profiler, "
                "which slows Python calls down, so compare the shares, not the seconds. "
                "The functions with the most own time:"
            ),
            "",
        ]
        lines += _profile_table(profile.by_own_time, profile.total_seconds)
        lines += ["", "The same run, perfex-import's own functions by cumulative time:", ""]
        lines += _profile_table(profile.importer_by_cumulative, profile.total_seconds)
    return "\n".join(lines)


def _profile_table(rows: list[ProfileRow], total_seconds: float) -> list[str]:
    lines = [
        "| function | calls | own (s) | cumulative (s) | cumulative share |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, calls, own, cumulative in rows:
        share = cumulative / total_seconds if total_seconds else 0.0
        lines.append(f"| `{name}` | {calls:,} | {own:.2f} | {cumulative:.2f} | {share:.0%} |")
    return lines
