"""The `mailwarden` command: a Typer app whose commands live in small modules beside this one."""

from __future__ import annotations

import typer

from mailwarden.cli import emulator_cmd

app = typer.Typer(
    name="mailwarden",
    help="Manage Microsoft Exchange Online by asking in plain language, safely.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


# A callback keeps `mailwarden` a command group even while it has a single command, so
# `mailwarden emulator` is spelled the same today as when more commands exist.
@app.callback()
def _root() -> None:
    """Manage Microsoft Exchange Online by asking in plain language, safely."""


app.command("emulator", help="Run the tenant emulator (Microsoft identity platform, Graph, Exchange admin API).")(
    emulator_cmd.emulator
)


def main() -> None:
    app()
