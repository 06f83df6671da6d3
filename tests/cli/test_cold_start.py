"""`mailwarden --help` imports only what it prints: no web framework, database, policy engine or emulator.

Each command's module is imported when that command is used; the top-level help lists them from the
summaries in cli/main.py, so these tests also check the summaries and the order still match the
commands themselves. A plan on the demo tenant imports no tenant connecting, sign-in or health checking; on a
connected tenant a command reads the signed-in operator live once, not twice; a plan builds the lexicon's
patterns the plan before it compiled (kept beside the bytecode). Timings are measured by
scripts/bench_cold_start.py, not asserted here.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import typer
from typer.testing import CliRunner

from mailwarden.cli import main
from mailwarden.demo_emulator import stop_background_emulator
from mailwarden.emulator.seed import contoso
from mailwarden.emulator.serve import TENANT_FILE
from mailwarden.emulator.state import TenantState
from mailwarden.testing import IMPORTS_PROBE, RunningEmulator, running_emulator
from tests.cli.conftest import Cli
from tests.cli.signin import login, quick_polling
from tests.cli.test_login import connect, oid

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


def _imported_by(*argv: str, home: Path | None = None, demo_emulator: str = "in-process") -> set[str]:
    return _run_probed(*argv, home=home, demo_emulator=demo_emulator)[1]


def _run_probed(*argv: str, home: Path | None, demo_emulator: str) -> tuple[str, set[str]]:
    """What `mailwarden ARGV` printed, and the modules it imported."""
    out, modules = _run_reporting(IMPORTS_PROBE, *argv, home=home, demo_emulator=demo_emulator)
    return out, set(modules)


def _run_reporting(
    code: str, *argv: str, home: Path | None, demo_emulator: str, env: dict[str, str] | None = None
) -> tuple[str, Any]:
    """What `python -c CODE ARGV` printed, and the JSON it wrote last on stderr (what CODE reports)."""
    env = {**(os.environ if env is None else env), "MAILWARDEN_DEMO_EMULATOR": demo_emulator}
    if home is not None:
        env["MAILWARDEN_HOME"] = str(home)
    done = subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        env=env,
    )
    return done.stdout, json.loads(done.stderr.strip().splitlines()[-1])


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_help_imports_no_heavy_module() -> None:
    modules = _imported_by("--help")
    assert "typer" in modules  # the probe did run the command
    assert _heavy(modules) == []


# What a plan on the demo tenant does not need: connecting, signing in and health checking a tenant
# (credentials, msal's sign-in flows), the migration scripts once the database is at their head, the
# templates of notifications a plan never sends, the fixture's YAML once the emulator's state is seeded,
# PostgreSQL's dialect (with its drivers' modules) on SQLite, the emulator and its web framework (it
# serves from a background process), the request service with its audit log (a plan stores nothing),
# the file lock that guards switching a fresh SQLite file to WAL (the file already is), structlog (a plan
# logs nothing; mailwarden.logs imports it at the first event), httpx's own command-line tool (click,
# pygments, rich's syntax highlighting), and rich at all: a plan with --json writes its JSON to stdout,
# and the consoles, the progress bar (shown only while discovering) and tables (views) are made where
# first used (cli/common.py). Nor the reading of attachments (a plan without --attach has none). Nor msal,
# with requests, urllib3 and PyJWT: the app's tokens are kept between commands
# (connectors/kept_tokens.py), and one still valid is read from msal's file without msal. Nor SQLAlchemy's
# ORM with the declarative classes of every table: what a plan reads is read through Core tables
# (store/schema.py), also where a grant asked for is in place already and may extend a time-bound one
# (workflow/extension.py reads the requests' tables). Nor cryptography: the demo's certificate, which its
# emulator wrote, is checked only before msal signs with it (connectors/connection.py).
NOT_FOR_A_DEMO_PLAN = [
    "cryptography",
    "msal",
    "requests",
    "urllib3",
    "jwt",
    "sqlalchemy.orm",
    "mailwarden.store.tables",
    "fastapi",
    "starlette",
    "uvicorn",
    "mailwarden.emulator",
    "mailwarden.workflow.service",
    "mailwarden.workflow.executor",
    "mailwarden.audit",
    "mailwarden.access",
    "alembic",
    "sqlalchemy.dialects.postgresql",
    "jinja2",
    "yaml",
    "mailwarden.tenants.connect",
    "mailwarden.tenants.health",
    "mailwarden.tenants.signin",
    "mailwarden.tenants.credentials",
    "mailwarden.connectors.signin",
    "filelock",
    "structlog",
    "click",
    "pygments",
    "rich",
    "mailwarden.planner.attachments",
]
DEMO_PLAN = (
    "plan",
    "--json",
    "--as",
    "tom.becker@acme.com",
    "--",
    "Grant sarah@acme.com Send As on support@acme.com",
)


@pytest.fixture
def demo_home(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
    stop_background_emulator(tmp_path / "emulator")


def test_a_plan_on_the_demo_imports_only_what_planning_needs(demo_home: Path) -> None:
    # The first run discovers the demo tenant, migrates, and starts the background emulator.
    _imported_by(*DEMO_PLAN, home=demo_home, demo_emulator="background")
    modules = _imported_by(*DEMO_PLAN, home=demo_home, demo_emulator="background")
    assert "mailwarden.planner.rules" in modules  # the probe did plan
    assert (
        sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in NOT_FOR_A_DEMO_PLAN)) == []
    )
    # The token the first plan got is kept for the second: private to this user, one file for the one app.
    kept = demo_home / "tenants" / "demo" / "tokens"
    (token_file,) = kept.iterdir()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o700
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600


ALREADY_IN_PLACE = (
    "plan",
    "--json",
    "--as",
    "tom.becker@acme.com",
    "--",
    "Give Tom full access to support@acme.com",
)


def test_a_plan_of_access_already_in_place_reads_time_bound_grants_without_the_request_service(
    demo_home: Path,
) -> None:
    """Access already in place may be held until an end, and the grant asked for then extends it
    (workflow/extension.py): that is read from the requests' tables through Core, not through the request
    service with its audit log and the ORM."""
    _imported_by(*ALREADY_IN_PLACE, home=demo_home, demo_emulator="background")
    out, modules = _run_probed(*ALREADY_IN_PLACE, home=demo_home, demo_emulator="background")
    assert json.loads(out)["steps"][0]["preview"]["already"] is True
    assert (
        sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in NOT_FOR_A_DEMO_PLAN)) == []
    )


_LEXICON_COMPILED = """
import json
import sys

from mailwarden.planner import lexicon
from mailwarden.planner.lazy_pattern import LazyPattern
import mailwarden.planner.compose, mailwarden.planner.negation, mailwarden.planner.rules  # noqa: E401


def compiled() -> list[int]:
    found = [p for p in vars(lexicon).values() if isinstance(p, LazyPattern)]
    return [sum("search" in vars(p) for p in found), len(found)]


before = compiled()
sys.argv = ["mailwarden", *sys.argv[1:]]
from mailwarden.cli.main import main

try:
    main()
except SystemExit:
    pass
print(json.dumps([before, compiled()]), file=sys.stderr)
"""


def test_the_lexicon_compiles_only_the_patterns_a_plan_uses(demo_home: Path) -> None:
    """The planner's lexicon is hundreds of regular expressions; a plan compiles those it matches with, when
    it first does, not all of them at import (planner/lazy_pattern.py)."""
    _imported_by(*DEMO_PLAN, home=demo_home, demo_emulator="background")
    out, counts = _run_reporting(_LEXICON_COMPILED, *DEMO_PLAN, home=demo_home, demo_emulator="background")
    (at_import, of_all), (planned, _) = counts
    assert json.loads(out)["steps"]  # it did plan
    assert of_all > 200
    assert at_import == 0
    assert 0 < planned < of_all / 2


# The probe of the imports, reporting instead how many patterns the plan used and how many it compiled anew.
_KEPT = "sys.modules['mailwarden.planner.kept_patterns']"
_PATTERNS_KEPT = IMPORTS_PROBE.replace("list(sys.modules)", f"[len({_KEPT}._compiled), len({_KEPT}._added)]")


def test_a_plan_builds_the_patterns_the_one_before_compiled(demo_home: Path, tmp_path: Path) -> None:
    """Where Python keeps bytecode, the lexicon's patterns a plan compiled are kept with it, and the next
    plan builds them from there without parsing one again (planner/kept_patterns.py)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
    first_out, (_, compiled) = _run_reporting(
        _PATTERNS_KEPT, *DEMO_PLAN, home=demo_home, demo_emulator="background", env=env
    )
    out, (used, again) = _run_reporting(
        _PATTERNS_KEPT, *DEMO_PLAN, home=demo_home, demo_emulator="background", env=env
    )
    assert json.loads(out) == json.loads(first_out)
    assert compiled > 100  # the first (which discovered the demo tenant) compiled them, and kept them
    assert used > 100
    assert again == 0
    assert list((tmp_path / "pycache").rglob("patterns.*.marshal"))


def test_modules_log_through_mailwarden_logs_only() -> None:
    """A module importing structlog itself would bring it back into every command that imports it, and
    its loggers would miss the commands' stderr (mailwarden.logs applies that when it imports structlog)."""
    package = Path(main.__file__).parents[1]
    direct = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if path.name != "logs.py" and re.search(r"^\s*(?:import|from)\s+structlog\b", path.read_text(), re.M)
    ]
    assert direct == []


_LOGS_ON_STDERR = """
import sys
from mailwarden.logs import get_logger
log = get_logger("mailwarden.test")
import mailwarden.cli.session  # as a command does: its logs go to stderr
assert "structlog" not in sys.modules, "imported before the first event"
log.warning("first event", detail=1)
import structlog  # a module that imports it later gets the same configuration
structlog.get_logger("other").warning("second event")
"""


def test_a_commands_logs_go_to_stderr_when_structlog_comes_late() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _LOGS_ON_STDERR], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert "first event" in done.stderr
    assert "second event" in done.stderr


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


@pytest.fixture(scope="module")
def contoso_em(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    state_dir = tmp_path_factory.mktemp("contoso-cold-start")
    TenantState.load_or_create(state_dir / TENANT_FILE, contoso)
    with running_emulator(state_dir) as em:
        quick_polling(em)
        yield em


def _graph_paths(request: httpx.Request) -> list[str]:
    """The Graph paths one request reads: its own, or each of a `$batch`'s."""
    path = request.url.path.removeprefix("/v1.0")
    if path != "/$batch":
        return [path]
    return [urlsplit(r["url"]).path for r in json.loads(request.content)["requests"]]


def test_a_command_reads_the_signed_in_operator_once(
    tmp_path: Path, contoso_em: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a connected tenant the operator is read live by object id once per command, not twice (the
    live facts of the decision take that read instead of making their own)."""
    cli = Cli(tmp_path / "home")
    connect(cli, contoso_em, tmp_path)
    assert login(cli.home, contoso_em, "contoso", "bruno@contoso.com")[0] == 0
    bruno = oid(contoso_em, "bruno@contoso.com")
    sent: list[str] = []
    send = httpx.AsyncClient.send

    async def counting(self: httpx.AsyncClient, request: httpx.Request, **kwargs: object) -> httpx.Response:
        if request.url.host == urlsplit(contoso_em.url).hostname:
            sent.extend(_graph_paths(request))
        return await send(self, request, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(httpx.AsyncClient, "send", counting)
    code, out, err = cli(
        "plan", "--json", "--tenant", "contoso", "--", "Grant bruno@contoso.com Send As on help@contoso.com"
    )
    assert code == 0, err + out
    assert json.loads(out)["status"] in {"ready", "rejected"}
    assert sent.count(f"/users/{bruno}") == 1, sent
