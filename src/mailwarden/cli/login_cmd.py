"""`mailwarden login | logout | whoami [--tenant T]`: the operator's own sign-in to a connected tenant.

On every tenant but the built-in demo, commands act as the person signed in here, never as whoever
`--as` names. `login` signs in with the tenant's Entra ID through its sign-in app (a public client): by
default with a device code (open a page, enter the code, sign in: works over SSH and on servers), or with
`--browser` through this machine's browser and a loopback redirect (authorization code with PKCE).
The tokens are kept encrypted in the data folder; `logout` deletes them; `whoami` shows who it is.
"""

from __future__ import annotations

import contextlib
import webbrowser
from typing import Annotated, Any

import typer

from mailwarden.connectors.signin import Operator
from mailwarden.errors import ConfigError
from mailwarden.tenants.signin import operator_signin, sign_out, signed_in
from mailwarden.workspace import DEMO_TENANT, Workspace

from .common import JsonOption, TenantOption, console, errors, handles_errors, print_json

__all__ = ["login", "logout", "whoami"]


def _not_demo(tenant: str) -> None:
    if tenant == DEMO_TENANT:
        raise ConfigError(
            "The demo tenant needs no sign-in: say who is asking with --as. Sign in to a connected tenant "
            "with 'mailwarden login --tenant T'."
        )


def _person(workspace: Workspace, tenant: str, operator: Operator) -> dict[str, Any]:
    """What to show of the signed-in person; the address comes from the directory, matched by object id."""
    found = workspace.directory(tenant).get(operator.oid)
    return {
        "tenant": tenant,
        "name": found.display_name if found is not None else operator.name,
        "address": found.primary_address if found is not None else None,
        "username": operator.username,
        "oid": operator.oid,
        "tid": operator.tid,
        "in_directory": found is not None,
    }


def _show(person: dict[str, Any], json_out: bool, lead: str) -> None:
    if json_out:
        print_json(person)
        return
    address = person["address"] or f"{person['username']} (not in the discovered directory yet)"
    console.print(
        f"{lead} [bold]{person['name']}[/] <{address}> on {person['tenant']}\n"
        f"  object id {person['oid']}, tenant {person['tid']}",
        highlight=False,
    )


def _open_browser(url: str) -> None:
    errors.print(
        f"Sign in in your browser. If it does not open, visit:\n  {url}", highlight=False, soft_wrap=True
    )
    with contextlib.suppress(webbrowser.Error):  # the address above works from any browser on this machine
        webbrowser.open(url)


@handles_errors
def login(
    tenant: TenantOption = DEMO_TENANT,
    browser: Annotated[
        bool,
        typer.Option(
            "--browser",
            help="Sign in through this machine's browser (loopback redirect) instead of with a device code.",
        ),
    ] = False,
    json_out: JsonOption = False,
) -> None:
    """Sign in to the tenant as yourself: later commands on it act as you."""
    _not_demo(tenant)
    workspace = Workspace.open()
    try:
        workspace.tenant_record(tenant)
        with operator_signin(workspace, tenant) as client:
            if browser:
                operator = client.browser(_open_browser)
            else:
                code = client.start_device_flow()
                errors.print(code.message, highlight=False, soft_wrap=True)
                operator = client.finish_device_flow(code)
        person = _person(workspace, tenant, operator)
    finally:
        workspace.close()
    _show(person, json_out, "Signed in as")


@handles_errors
def logout(tenant: TenantOption = DEMO_TENANT, json_out: JsonOption = False) -> None:
    """Forget your sign-in to the tenant on this machine (its tokens are deleted)."""
    _not_demo(tenant)
    workspace = Workspace.open()
    try:
        workspace.tenant_record(tenant)
        was = sign_out(workspace, tenant)
    finally:
        workspace.close()
    if json_out:
        print_json({"tenant": tenant, "signed_out": was})
    elif was:
        console.print(f"Signed out of {tenant}.", highlight=False)
    else:
        console.print(f"Nobody was signed in to {tenant}.", highlight=False)


@handles_errors
def whoami(tenant: TenantOption = DEMO_TENANT, json_out: JsonOption = False) -> None:
    """Who you are signed in as on the tenant (name, address, object id, tenant)."""
    _not_demo(tenant)
    workspace = Workspace.open()
    try:
        workspace.tenant_record(tenant)
        person = _person(workspace, tenant, signed_in(workspace, tenant))
    finally:
        workspace.close()
    _show(person, json_out, "Signed in as")
