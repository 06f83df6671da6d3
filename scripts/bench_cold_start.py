"""Cold start: how long `mailwarden` takes from launch to exit, in fresh processes.

Measures `mailwarden --help` and a plan on the demo tenant (`mailwarden plan --json --as ...`),
each over several runs in new processes, and prints min and p50 of the wall time and of the CPU time
(user + system, of the command and every process it starts): on a shared machine the wall time
also counts waiting for a core, the CPU time does not. The plan runs against a warm data
folder: one untimed run first discovers the demo tenant and seeds its emulator, so the timed runs
measure what a user sees every day, not the first start. The demo tenant's emulator runs as a background
process (src/mailwarden/demo_emulator.py) that the command does not wait for, so its CPU is not in the
command's: it is reported on its own line ("emulator"), read from /proc, as the tenant's side of the work
(Microsoft's, for a real tenant). With --in-process the emulator is served inside each command, as before.
Python writes no bytecode cache when PYTHONDONTWRITEBYTECODE is set, and then compiles every module of
mailwarden from source in every run, which an installed package never does: --bytecode-cache keeps one in
a temporary folder (PYTHONPYCACHEPREFIX) for the runs, and with it the planner's compiled patterns
(planner/kept_patterns.py: the untimed first plan compiles and keeps those it uses). Run it with:

    python scripts/bench_cold_start.py [--runs 7] [--home DIR] [--in-process] [--bytecode-cache] [--floor]
                                       [--no-kept-token]

A command keeps the app's tokens for the next (connectors/kept_tokens.py), so the timed plans, each after
another, send the token the first run got; --no-kept-token also times plans that must get a new one.

With --floor it also times a process that only imports the third-party modules the plan imported, in the
same order ("libraries"): what the plan cannot go below while it uses those libraries.

Nothing is asserted: timings depend on the machine; tests/cli/test_cold_start.py checks the
behaviour that keeps them low (the help imports none of the heavy libraries).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
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


def emulator_cpu(home: Path) -> float | None:
    """CPU seconds the demo tenant's background emulator has used so far (None: none runs, or not Linux)."""
    try:
        pid = json.loads((home / "emulator" / "background.json").read_text())["pid"]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, ValueError, KeyError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def measure(
    name: str,
    argv: Sequence[str],
    env: dict[str, str],
    runs: int,
    home: Path | None,
    prepare: Callable[[], None] | None = None,
) -> None:
    """Min, p50 and max of wall and CPU over `runs`; and of the emulator's CPU, with the `home` it serves.
    `prepare` runs (untimed) before each run."""
    runs_done: list[tuple[float, float]] = []
    served: list[float] = []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        before = emulator_cpu(home) if home is not None else None
        runs_done.append(timed(argv, env))
        after = emulator_cpu(home) if home is not None else None
        if before is not None and after is not None:
            served.append(after - before)
    rows = [("wall", [w for w, _ in runs_done]), ("cpu", [c for _, c in runs_done])]
    if served:
        rows.append(("emulator cpu", served))
    for label, times in rows:
        print(
            f"{name:<8} {label:<4} runs={len(times)}  min={min(times):.3f} s  "
            f"p50={statistics.median(times):.3f} s  max={max(times):.3f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (default 7)")
    parser.add_argument("--home", type=Path, help="data folder to use (default: a fresh temporary one)")
    parser.add_argument(
        "--in-process", action="store_true", help="serve the demo emulator inside each command (as before)"
    )
    parser.add_argument(
        "--bytecode-cache",
        action="store_true",
        help="keep compiled bytecode between runs (in a temporary folder), as an installed package has",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also time importing only the other packages' modules a plan imports",
    )
    parser.add_argument(
        "--no-kept-token",
        action="store_true",
        help="also time plans that find no token kept by the one before (msal gets a new one)",
    )
    args = parser.parse_args()

    home = args.home or Path(tempfile.mkdtemp(prefix="mailwarden-bench-"))
    env = {**os.environ, "MAILWARDEN_HOME": str(home)}
    if args.in_process:
        env["MAILWARDEN_DEMO_EMULATOR"] = "in-process"
    pycache = None
    if args.bytecode_cache:
        pycache = tempfile.mkdtemp(prefix="mailwarden-bench-pycache-")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
    print(
        f"bytecode cache: {'kept' if 'PYTHONDONTWRITEBYTECODE' not in env else 'none (compiled every run)'}"
    )
    command = mailwarden_command()
    try:
        if pycache is not None:  # compile once, untimed, as installing does
            timed([*command, "--help"], env)
        measure("--help", [*command, "--help"], env, args.runs, home)
        warm_wall, warm_cpu = timed([*command, *PLAN], env)
        print(f"plan     first run (discovers, seeds the emulator): {warm_wall:.3f} s, cpu {warm_cpu:.3f} s")
        measure("plan", [*command, *PLAN], env, args.runs, home)
        if args.no_kept_token:
            kept = home / "tenants" / "demo" / "tokens"
            print("plan     without a kept token (as the first command after the last token expired):")
            measure("plan-new", [*command, *PLAN], env, args.runs, home, lambda: shutil.rmtree(kept, True))
        if args.floor:
            libraries = _libraries_of_a_plan(env)
            print(
                f"plan     imports {len(libraries)} modules of other packages; importing only those (libs):"
            )
            code = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)"
            measure("libs", [sys.executable, "-c", code, *libraries], env, args.runs, None)
    finally:
        stop_background(home, env)
        if args.home is None:
            shutil.rmtree(home, ignore_errors=True)
        if pycache is not None:
            shutil.rmtree(pycache, ignore_errors=True)


def _libraries_of_a_plan(env: dict[str, str]) -> list[str]:
    """The modules of other packages than mailwarden and the standard library a plan imports, in order."""
    from mailwarden.testing import IMPORTS_PROBE

    done = subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-c", IMPORTS_PROBE, *PLAN], env=env, capture_output=True, text=True, check=True
    )
    modules = json.loads(done.stderr.strip().splitlines()[-1])
    own = {"mailwarden", "__main__", *sys.stdlib_module_names, *sys.builtin_module_names}
    return [m for m in modules if m.split(".")[0] not in own and not m.startswith("_")]


def stop_background(home: Path, env: dict[str, str]) -> None:
    """Stop the background emulator this benchmark started, so no process outlives it."""
    code = "import sys, pathlib; from mailwarden.demo_emulator import stop_background_emulator as s; "
    code += "s(pathlib.Path(sys.argv[1]))"
    subprocess.run([sys.executable, "-c", code, str(home / "emulator")], env=env, check=False)  # noqa: S603


if __name__ == "__main__":
    main()
