"""The `mailwarden` command: a Typer app whose commands live in small modules beside this one."""

from __future__ import annotations

import typer

from mailwarden.cli import (
    audit_cmd,
    demo_cmd,
    do_cmd,
    emulator_cmd,
    login_cmd,
    plan_cmd,
    policy_cmd,
    report_cmd,
    requests_cmd,
    serve_cmd,
    tenant_cmd,
    view_cmd,
)

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


app.command("demo")(demo_cmd.demo)
app.command("serve")(serve_cmd.serve)
app.command("plan")(plan_cmd.plan)
app.command("ask")(plan_cmd.ask)
app.command("do")(do_cmd.do)
app.command("view")(view_cmd.view)
app.command("login")(login_cmd.login)
app.command("logout")(login_cmd.logout)
app.command("whoami")(login_cmd.whoami)
app.add_typer(requests_cmd.app, name="requests")
app.add_typer(report_cmd.app, name="report")
app.add_typer(audit_cmd.app, name="audit")
app.add_typer(policy_cmd.app, name="policy")
app.add_typer(tenant_cmd.app, name="tenant")
app.command(
    "emulator", help="Run the tenant emulator (Microsoft identity platform, Graph, Exchange admin API)."
)(emulator_cmd.emulator)


def main() -> None:
    app()
