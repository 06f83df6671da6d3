"""Benchmark: what reading a hostile attachment costs, in wall time and peak memory.

Each file is read by `mailwarden.planner.attachments.read_attachment` (what the CLI's --attach, the API's
/plans/upload and the Ask page all use) in a fresh Python process, so the peak resident set of one read is
not hidden by an earlier one. Printed per file: its size, the outcome (references found, or the error's
first words), seconds, and the peak RSS above the process's size after imports.

    PYTHONPATH=src:. .venv/bin/python scripts/bench_hostile_upload.py             # this checkout
    PYTHONPATH=/work/main/src:. .venv/bin/python scripts/bench_hostile_upload.py  # another checkout (before)

The files come from tests/security/hostile_files.py, the ones the security tests refuse.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.security.hostile_files import (
    declared_huge_xlsx,
    empty_cells_xlsx,
    people_xlsx,
    styles_bomb_xlsx,
    zip_bomb_xlsx,
)

_CHILD = r"""
import json, resource, sys, time
from mailwarden.errors import MailwardenError
from mailwarden.planner.attachments import read_attachment
import openpyxl  # imported lazily by the reader: loaded here so only the read is timed
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    outcome = f"{len(read_attachment(sys.argv[1]).references)} references"
except MailwardenError as exc:
    outcome = "refused: " + str(exc)[:70]
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mb": (peak - base) / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows the hostile sheet declares")
    args = parser.parse_args()
    files = {
        "people.xlsx (3 people)": people_xlsx([["email"], ["a@acme.com"], ["b@acme.com"], ["c@acme.com"]]),
        f"declared 16384 x {args.rows}": declared_huge_xlsx(rows=args.rows),
        "zip bomb (200 MB sheet)": zip_bomb_xlsx(200),
        "4.9 M empty <c/> cells": empty_cells_xlsx(300),
        "700,000 styles": styles_bomb_xlsx(700_000),
    }
    print(f"{'file':28} {'bytes':>8} {'seconds':>8} {'peak MB':>8}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for label, data in files.items():
            path = Path(folder) / "upload.xlsx"
            path.write_bytes(data)
            child = subprocess.run(  # noqa: S603 - our own interpreter and code
                [sys.executable, "-c", _CHILD, str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            if child.returncode != 0:
                print(f"{label:28} {len(data):>8} failed: {child.stderr.strip().splitlines()[-1:]}")
                continue
            got = json.loads(child.stdout)
            print(
                f"{label:28} {len(data):>8} {got['seconds']:>8.2f} {got['peak_mb']:>8.0f}  {got['outcome']}"
            )


if __name__ == "__main__":
    main()
