"""Run every benchmark and write the results page.

Run: python benchmarks/run.py [--quick] [--frictionless PATH] [--output PATH]

The full run writes about 220 MB of generated files to benchmarks/data/ and
sends traffic only to a sandbox server on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import generate  # noqa: F401 - puts the checkout on sys.path before suite imports importer
from harness import REPO_ROOT, describe_machine
from page import render_page
from suite import (
    FULL,
    QUICK,
    Results,
    compare_run_with_bare_loop,
    compare_validate_with_pandas,
    compare_with_frictionless,
    compare_xlsx_readers,
    find_frictionless,
    measure_memory,
)

logger = logging.getLogger("benchmarks")

FULL_OUTPUT = REPO_ROOT / "docs" / "benchmarks.md"
QUICK_OUTPUT = REPO_ROOT / "benchmarks" / "data" / "benchmarks-quick.md"


def frictionless_version(command: str) -> str:
    completed = subprocess.run([command, "--version"], capture_output=True, text=True, timeout=120, check=True)
    return completed.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the perfex-import benchmarks and write the results page.")
    parser.add_argument("--quick", action="store_true", help="small files only, as a smoke test")
    parser.add_argument(
        "--frictionless",
        help="frictionless command to compare with (default: beside this Python, then PATH)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help=f"page to write (default {FULL_OUTPUT.relative_to(REPO_ROOT)}, "
        f"or {QUICK_OUTPUT.relative_to(REPO_ROOT)} with --quick)",
    )
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")

    sizes = QUICK if options.quick else FULL
    output = options.output or (QUICK_OUTPUT if options.quick else FULL_OUTPUT)
    frictionless = find_frictionless(options.frictionless)
    extra_versions = {"frictionless": frictionless_version(frictionless)} if frictionless else {}
    results = Results(load_at_start=os.getloadavg()[0])
    started = time.perf_counter()

    logger.info("validate against pandas.read_csv, %s rows", f"{sizes.validate_rows:,}")
    compare_validate_with_pandas(sizes.validate_rows, results)

    if frictionless is None:
        results.skipped.append(
            "validate against frictionless: no frictionless command found; pass --frictionless PATH."
        )
    else:
        for rows in sizes.frictionless_rows:
            logger.info("validate against frictionless, %s rows", f"{rows:,}")
            compare_with_frictionless(rows, frictionless, results)

    logger.info("XLSX reading, %s rows", f"{sizes.xlsx_rows:,}")
    compare_xlsx_readers(sizes.xlsx_rows, results)

    logger.info("run into the sandbox, %s rows", f"{sizes.run_rows:,}")
    compare_run_with_bare_loop(sizes.run_rows, results)

    logger.info("peak memory of validate on %s rows", ", ".join(f"{rows:,}" for rows in sizes.memory_rows))
    measure_memory(sizes.memory_rows, results)

    minutes = (time.perf_counter() - started) / 60
    results.load_at_end = os.getloadavg()[0]
    command = " ".join(["python benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)])
    page = render_page(results, describe_machine(extra_versions), command, minutes)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    logger.info("wrote %s after %.1f minutes", output, minutes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
