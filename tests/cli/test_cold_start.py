"""`mailwarden --help` imports only what it prints: no web framework, database, policy engine or emulator.

Each command's module is imported when that command is used; the top-level help lists them from the
summaries in cli/main.py, so these tests also check the summaries and the order still match the
commands themselves. Timings are measured by scripts/bench_cold_start.py, not asserted here.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import typer
from typer.testing import CliRunner

from mailwarden.cli import main

# Each of these took tens to hundreds of milliseconds to import before the help could print.
HEAVY = [
    "fastapi",
    "uvicorn",
    "starlette",
    "sqlalchemy",
    "alembic",
    "msal",
    "cedarpy",
    "openpyxl",
    "cryptography",
    "httpx",
    "pydantic",
    "mailwarden.emulator",
    "mailwarden.store",
    "mailwarden.workspace",
]

_PROBE = """
import json, sys
sys.argv = ["mailwarden", *sys.argv[1:]]
from mailwarden.cli.main import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _imported_by(*argv: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_help_imports_no_heavy_module() -> None:
    modules = _imported_by("--help")
    assert "typer" in modules  # the probe did run the command
    assert _heavy(modules) == []


def test_help_lists_every_command_as_before() -> None:
    # The app as it was registered before the commands were loaded lazily: every module imported.
    eager = typer.Typer(
        name="mailwarden",
        help="Manage Microsoft Exchange Online by asking in plain language, safely.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
    )
    eager.callback()(main._root)
    for name, entry in main.COMMANDS.items():
        target = getattr(importlib.import_module(f"mailwarden.cli.{entry.module}"), entry.attribute)
        if entry.group:
            eager.add_typer(target, name=name)
        else:
            eager.command(name, help=entry.help)(target)

    runner = CliRunner()
    lazy_help = runner.invoke(main.app, ["--help"], prog_name="mailwarden", terminal_width=200)
    eager_help = runner.invoke(eager, ["--help"], prog_name="mailwarden", terminal_width=200)
    assert lazy_help.exit_code == eager_help.exit_code == 0
    assert lazy_help.output == eager_help.output


def test_a_command_still_runs_and_shows_its_own_help() -> None:
    result = CliRunner().invoke(main.app, ["policy", "--help"], prog_name="mailwarden")
    assert result.exit_code == 0, result.output
    assert "Read, check, test and change" in result.output
    unknown = CliRunner().invoke(main.app, ["pla"], prog_name="mailwarden")
    assert unknown.exit_code == 2
    assert "No such command 'pla'" in unknown.output
