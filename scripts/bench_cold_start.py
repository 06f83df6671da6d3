"""Cold start: how long `mailwarden` takes from launch to exit, in fresh processes.

Measures `mailwarden --help` and a plan on the demo tenant (`mailwarden plan --json --as ...`),
each over several runs in new processes, and prints min and p50 of the wall time and of the CPU time
(user + system, of the command and every process it starts): on a shared machine the wall time
also counts waiting for a core, the CPU time does not. The plan runs against a warm data
folder: one untimed run first discovers the demo tenant and seeds its emulator, so the timed runs
measure what a user sees every day, not the first start. Run it with:

    python scripts/bench_cold_start.py [--runs 7] [--home DIR]

Nothing is asserted: timings depend on the machine; tests/cli/test_cold_start.py checks the
behaviour that keeps them low (the help imports none of the heavy libraries).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

PLAN = [
    "plan",
    "--json",
    "--as",
    "tom.becker@acme.com",
    "--",
    "Grant sarah@acme.com Full Access and Send As on the support@acme.com shared mailbox",
]


def mailwarden_command() -> list[str]:
    """The installed `mailwarden` script beside this interpreter, as a user runs it."""
    script = Path(sys.executable).parent / "mailwarden"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from mailwarden.cli.main import main; main()"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run (CPU: of the finished child processes, which run one at a time)."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - our own CLI
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, _children_cpu() - cpu_before


def measure(name: str, argv: Sequence[str], env: dict[str, str], runs: int) -> None:
    runs_done = [timed(argv, env) for _ in range(runs)]
    for label, times in (("wall", [w for w, _ in runs_done]), ("cpu", [c for _, c in runs_done])):
        print(
            f"{name:<8} {label:<4} runs={runs}  min={min(times):.3f} s  p50={statistics.median(times):.3f} s"
            f"  max={max(times):.3f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (default 7)")
    parser.add_argument("--home", type=Path, help="data folder to use (default: a fresh temporary one)")
    args = parser.parse_args()

    home = args.home or Path(tempfile.mkdtemp(prefix="mailwarden-bench-"))
    env = {**os.environ, "MAILWARDEN_HOME": str(home)}
    command = mailwarden_command()
    try:
        measure("--help", [*command, "--help"], env, args.runs)
        warm_wall, warm_cpu = timed([*command, *PLAN], env)
        print(f"plan     first run (discovers, seeds the emulator): {warm_wall:.3f} s, cpu {warm_cpu:.3f} s")
        measure("plan", [*command, *PLAN], env, args.runs)
    finally:
        if args.home is None:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
