"""The `mailwarden` command: a Typer app whose commands live in small modules beside this one.

Each command's module is imported only when that command runs (or its own help is asked
for): importing them all pulls in FastAPI, SQLAlchemy, Alembic, cedarpy, httpx and the
emulator, which took over a second before `mailwarden --help` could print anything. The
top-level help lists the commands from the summaries below; tests/cli/test_cold_start.py
checks that they and the order match the commands themselves.
"""

from __future__ import annotations

import importlib
import sys
import types
from dataclasses import dataclass
from typing import Any

import typer
from typer import _click as click  # Typer 0.29 vendors click: its groups are built on this one
from typer.core import TyperCommand, TyperGroup


@dataclass(frozen=True)
class LazyCommand:
    """Where a command lives, and the one line `mailwarden --help` shows for it."""

    module: str
    attribute: str
    summary: str
    group: bool = False
    help: str | None = None


# In the order `mailwarden --help` lists them (Typer lists commands before sub-apps).
COMMANDS: dict[str, LazyCommand] = {
    "demo": LazyCommand(
        "demo_cmd",
        "demo",
        "Run mailwarden on the demo tenant 'Acme Corporation' (the embedded tenant emulator).",
    ),
    "serve": LazyCommand(
        "serve_cmd",
        "serve",
        "Serve the web pages and the REST API (OpenAPI at /docs) for one tenant.",
    ),
    "worker": LazyCommand(
        "worker_cmd",
        "worker",
        "Run a worker: execute approved requests, sync directories, expire grants, re-check health.",
    ),
    "plan": LazyCommand("plan_cmd", "plan", "Show what a plain-language request would do. Changes nothing."),
    "ask": LazyCommand(
        "plan_cmd",
        "ask",
        "Ask for something in plain language: preview it, answer questions, confirm, and submit it.",
    ),
    "do": LazyCommand(
        "do_cmd",
        "do",
        "Request one change: preview it, let policy decide, confirm, and run it once approved.",
    ),
    "view": LazyCommand("view_cmd", "view", "Show a read-only view of the tenant, read live."),
    "catalogue": LazyCommand(
        "catalogue_cmd",
        "catalogue_cmd",
        "The shared mailboxes and lists the tenant's policy lets you ask for, with who approves.",
    ),
    "login": LazyCommand(
        "login_cmd", "login", "Sign in to the tenant as yourself: later commands on it act as you."
    ),
    "logout": LazyCommand(
        "login_cmd",
        "logout",
        "Forget your sign-in to the tenant on this machine (its tokens are deleted).",
    ),
    "whoami": LazyCommand(
        "login_cmd",
        "whoami",
        "Who you are signed in as on the tenant (name, address, object id, tenant).",
    ),
    "emulator": LazyCommand(
        "emulator_cmd",
        "emulator",
        "Run the tenant emulator (Microsoft identity platform, Graph, Exchange admin API).",
        help="Run the tenant emulator (Microsoft identity platform, Graph, Exchange admin API).",
    ),
    "requests": LazyCommand(
        "requests_cmd",
        "app",
        "Requests: see them, confirm, approve or deny, cancel, undo.",
        group=True,
    ),
    "report": LazyCommand("report_cmd", "app", "Reports across the tenant.", group=True),
    "drift": LazyCommand(
        "drift_cmd", "app", "Drift: changes made to the tenant outside mailwarden.", group=True
    ),
    "notifications": LazyCommand(
        "notifications_cmd",
        "app",
        "Notifications: delivery records, the tenant's e-mail and Teams channels, send what is due.",
        group=True,
    ),
    "reviews": LazyCommand(
        "reviews_cmd", "app", "Access reviews: start, list, show, decide, close.", group=True
    ),
    "audit": LazyCommand(
        "audit_cmd",
        "app",
        "The audit log: list, verify and export what was requested, decided and done.",
        group=True,
    ),
    "policy": LazyCommand(
        "policy_cmd",
        "app",
        "Read, check, test and change a tenant's policy (Cedar).",
        group=True,
    ),
    "jobs": LazyCommand("worker_cmd", "jobs_app", "Jobs on the queue: see those that failed.", group=True),
    "tenant": LazyCommand(
        "tenant_cmd",
        "app",
        "Tenants: connect, check health, discover recipients, review policy targets.",
        group=True,
    ),
}


def _noop() -> None:
    """A callback makes the throwaway app below a group, as the real one is."""


def load_command(name: str) -> click.Command:
    """The click command Typer builds for `name`, exactly as if it were registered eagerly."""
    entry = COMMANDS[name]
    _without_httpx_cli()
    module = importlib.import_module(f"mailwarden.cli.{entry.module}")
    target: Any = getattr(module, entry.attribute)
    # Registered on a throwaway parent the way the eager app registered it, so Typer applies
    # the same defaults (help from the docstring, rich panels, option parsing).
    parent = typer.Typer()
    parent.callback()(_noop)
    if entry.group:
        parent.add_typer(target, name=name)
    else:
        parent.command(name, help=entry.help)(target)
    group = typer.main.get_group(parent)
    return group.commands[name]


def _without_httpx_cli() -> None:
    """httpx imports its own command-line tool with itself when click, rich and pygments are installed
    (Typer brings them): ~50 ms of a command's start for a tool mailwarden never runs in its process. An
    empty module in its place makes httpx define its usual stand-in for a tool it cannot import."""
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", types.ModuleType("httpx._main"))


class _Summary(TyperCommand):
    """What the top-level help needs of a command without importing it: its name and line."""

    def __init__(self, name: str, summary: str) -> None:
        super().__init__(name, help=summary)


class LazyGroup(TyperGroup):
    """Resolves a command by importing its module the first time it is used."""

    _listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*self.commands, *(name for name in COMMANDS if name not in self.commands)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name not in COMMANDS:
            return None
        if self._listing:
            return _Summary(cmd_name, COMMANDS[cmd_name].summary)
        command = load_command(cmd_name)
        self.commands[cmd_name] = command
        return command

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Only the listing of this group's own help reads summaries; resolving a command to
        # run it (or to show its own help) imports the real one.
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="mailwarden",
    help="Manage Microsoft Exchange Online by asking in plain language, safely.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=LazyGroup,
)


# A callback keeps `mailwarden` a command group even while it has a single command, so
# `mailwarden emulator` is spelled the same today as when more commands exist.
@app.callback()
def _root() -> None:
    """Manage Microsoft Exchange Online by asking in plain language, safely."""


def main() -> None:
    app()
