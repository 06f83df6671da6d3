"""`mailwarden tenant ...`: connect tenants, check their health, discover them, review their policy targets.

    add KEY        validate (a Graph and an Exchange token), store with the credential sealed, check, discover
    check          a badge per capability with the fix; then discovery and the targets it proposes
    discover       read every recipient again; show what changed since the last discovery
    targets        each shared mailbox and list: owners, sensitivity, self-service; admins change them here
    list           every tenant with its badges and last discovery
    rotate KEY     replace the stored credential (validated first)
    remove KEY     forget the tenant (its audit records stay)

Secrets are read from a file or a hidden prompt, never from the command line (where `ps` would show them),
and never printed.
"""

from __future__ import annotations

import getpass
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from mailwarden.connectors.connection import (
    CertificateCredential,
    ClientSecretCredential,
    Credential,
    ExchangeApp,
    TenantConnection,
)
from mailwarden.connectors.secret import Secret
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import ConfigError
from mailwarden.notifications.health import channel_setup
from mailwarden.tenants.audited import audited_change
from mailwarden.tenants.connect import (
    TenantSpec,
    add_tenant,
    connection_for,
    remove_tenant,
    rotate_credential,
    set_exchange_hosts,
)
from mailwarden.tenants.consent import Backoff, wait_for_green
from mailwarden.tenants.health import Check, HealthReport, check_tenant, load_report, save_report
from mailwarden.tenants.targets import (
    Changes,
    TargetFile,
    load_targets,
    propose_targets,
    refresh_targets,
    update_targets,
)
from mailwarden.workspace import DEMO_TENANT, Workspace, run

from .common import AsOption, JsonOption, TenantOption, console, errors, handles_errors, print_json
from .session import discovery_progress, operator_actor, workspace_connection

__all__ = ["app"]

app = typer.Typer(
    help="Tenants: connect, check health, discover recipients, review policy targets.", no_args_is_help=True
)

KeyArgument = Annotated[str, typer.Argument(help="mailwarden's name for the tenant, e.g. 'contoso'.")]
CertificateOption = Annotated[
    Path | None,
    typer.Option(
        "--certificate",
        exists=True,
        dir_okay=False,
        help="A PEM file with the app's private key and certificate (preferred over a secret).",
    ),
]
SecretFileOption = Annotated[
    Path | None,
    typer.Option(
        "--client-secret-file",
        exists=True,
        dir_okay=False,
        help="A file holding the client secret's Value (without either option, you are asked for it).",
    ),
]
ExchangeClientIdOption = Annotated[
    str | None,
    typer.Option(
        "--exchange-client-id",
        help="A separate app for Exchange (Exchange.ManageAsApp and its Exchange role), beside the Graph "
        "app; give its credential with --exchange-certificate or --exchange-secret-file.",
    ),
]
ExchangeCertificateOption = Annotated[
    Path | None,
    typer.Option("--exchange-certificate", exists=True, dir_okay=False, help="The Exchange app's PEM file."),
]
ExchangeSecretFileOption = Annotated[
    Path | None,
    typer.Option(
        "--exchange-secret-file",
        exists=True,
        dir_okay=False,
        help="A file holding the Exchange app's secret.",
    ),
]
WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        min=0,
        help="After an admin consents: re-check with growing pauses for up to this many seconds until "
        "every badge is green (role propagation takes minutes).",
    ),
]
NoDiscoverOption = Annotated[
    bool, typer.Option("--no-discover", help="Check only; do not run discovery afterwards.")
]
_COLOUR = {"green": "green", "amber": "yellow", "red": "red"}
_BADGE = {badge: f"[{colour}]● {badge}[/]" for badge, colour in _COLOUR.items()}
_DOT = {badge: f"[{colour}]●[/]" for badge, colour in _COLOUR.items()}
# Each check's outcome in a word, so it reads without colour (a log, a screen reader, `| less`).
_WORD = {"green": "ok", "amber": "WARN", "red": "FAIL"}


def _actor(as_: str | None) -> str:
    """Who connects, rotates or removes a tenant: the local account (it holds the app's credential).

    --as would name anyone at all, so it is refused here as on every tenant but the demo."""
    if as_ is not None:
        raise ConfigError(
            "--as works on the demo tenant only; connecting, rotating and removing tenants is recorded as "
            "the local account that runs mailwarden."
        )
    return f"local:{getpass.getuser()}"


def _exchange_app(
    client_id: str | None, certificate: Path | None, secret_file: Path | None
) -> ExchangeApp | None:
    """The separate Exchange app, when one is named; its credential is asked for like the Graph app's."""
    if client_id is None:
        if certificate is not None or secret_file is not None:
            raise ConfigError("--exchange-certificate and --exchange-secret-file need --exchange-client-id.")
        return None
    credential = _credential(
        certificate,
        secret_file,
        names=("--exchange-certificate", "--exchange-secret-file"),
        app="Exchange app",
    )
    return ExchangeApp(client_id.strip(), credential)


def _credential(
    certificate: Path | None,
    secret_file: Path | None,
    *,
    names: tuple[str, str] = ("--certificate", "--client-secret-file"),
    app: str = "app",
) -> Credential:
    if certificate is not None and secret_file is not None:
        raise ConfigError(f"Give either {names[0]} or {names[1]}, not both.")
    if certificate is not None:
        return CertificateCredential.from_file(certificate)
    if secret_file is not None:
        text = secret_file.read_text(encoding="utf-8").strip()
        if not text:
            raise ConfigError(f"{str(secret_file)!r} is empty; it should hold the client secret's Value.")
        return ClientSecretCredential(Secret(text))
    entered = typer.prompt(f"The {app}'s client secret (its Value)", hide_input=True, err=True).strip()
    if not entered:
        raise ConfigError("No client secret given.")
    return ClientSecretCredential(Secret(entered))


# ---- checking and discovering ----------------------------------------------------------------------


async def _discover(
    workspace: Workspace, tenant: str, connection: TenantConnection
) -> tuple[Directory, TargetFile]:
    """Discover the tenant (a progress bar on stderr), then refresh its targets and what changed."""
    before = workspace.directory(tenant)
    async with workspace.clients(connection) as clients:
        with discovery_progress() as bar:
            tasks: dict[str, Any] = {}

            def progress(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = bar.add_task(phase, total=total)
                bar.update(tasks[phase], completed=done, total=total)

            after = await workspace.discover(tenant, clients, progress)
    return after, refresh_targets(workspace, tenant, before, after)


async def _check(
    workspace: Workspace, tenant: str, connection: TenantConnection, *, discover: bool, wait: float = 0.0
) -> tuple[HealthReport, Directory | None, TargetFile | None]:
    async def once() -> HealthReport:
        # Fresh clients each round: a cached token would never show a newly consented permission.
        async with workspace.clients(connection) as clients:
            return await check_tenant(clients, tenant, channels=channel_setup(workspace, tenant))

    if wait > 0:
        report = await wait_for_green(once, backoff=Backoff(limit=wait), on_round=_waiting)
    else:
        report = await once()
    report = report.model_copy(update={"policy_warnings": workspace.policies.warnings(tenant)})
    save_report(workspace, report)
    badges = report.badges
    if not discover or badges["directory"] == "red":
        return report, None, None
    directory, targets = await _discover(workspace, tenant, connection)
    return report, directory, targets


def _counts(directory: Directory) -> dict[str, int]:
    return dict(Counter(str(r.kind) for r in directory))


def _changes_json(changes: Changes | None) -> dict[str, list[str]] | None:
    return changes.model_dump() if changes is not None else None


def _waiting(report: HealthReport, pause: float | None) -> None:
    if pause is None:
        return
    pending = ", ".join(f"{cap} {badge}" for cap, badge in report.badges.items() if badge != "green")
    errors.print(
        f"Waiting for consent and role propagation ({pending}); re-checking in {pause:.0f} s.",
        highlight=False,
    )


def _check_line(check: Check) -> str:
    """'● FAIL a token for Exchange: <why, and the fix>': the outcome in words, the reason beside it."""
    line = f"{_DOT[check.badge]} {_WORD[check.badge]} {escape(check.checked)}"
    if check.badge != "green" and check.fix:
        line += f": {escape(check.fix)}"
    return line


def _hosts_line(hosts: list[str], added: list[str]) -> str:
    """'followed only to <the cloud's>; added for this tenant: <its own>' ('.x' is any host under x)."""
    line = f"followed only to {escape(', '.join(hosts))}"
    return line + (f"; added for this tenant: {escape(', '.join(added))}" if added else "")


def _print_report(report: HealthReport) -> None:
    table = Table(title=f"Health of {report.tenant}", title_justify="left")
    table.add_column("capability")
    table.add_column("badge")
    table.add_column("checked")
    for cap in [*report.capabilities, *report.channels]:
        table.add_row(cap.label, _BADGE[cap.badge], "\n".join(_check_line(c) for c in cap.checks))
    console.print(table)
    if report.four_eyes:
        console.print(f"Approvals: {report.four_eyes}", highlight=False)
    if report.exchange_hosts:
        console.print(f"Exchange hosts: {_hosts_line(report.exchange_hosts, report.exchange_hosts_added)}")
    for warning in report.policy_warnings:
        console.print(f"[bold]Policy[/] — warning: {escape(warning)}", highlight=False, soft_wrap=True)
    for cap in [*report.capabilities, *report.channels]:
        if cap.badge != "green" and cap.fix:
            console.print(f"[bold]{cap.label}[/] — fix: {cap.fix}", highlight=False)
    for app_id, url in report.consent_urls.items():
        console.print(
            f"Authorize app {app_id}: an admin of the tenant grants its permissions at {url} "
            "(then re-check with --wait).",
            highlight=False,
            soft_wrap=True,
        )


def _print_changes(changes: Changes | None) -> None:
    if changes is None:
        return
    if not changes.any:
        console.print("No changes since the last discovery.")
        return
    for label, items in (
        ("new", changes.new),
        ("removed", changes.removed),
        ("owners changed", changes.owners_changed),
        ("members changed", changes.members_changed),
    ):
        if items:
            console.print(f"[bold]{label}[/]: {', '.join(items)}", highlight=False)


def _print_discovery(tenant: str, directory: Directory, targets: TargetFile) -> None:
    counts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(_counts(directory).items()))
    console.print(f"Discovered in {tenant}: {counts}", highlight=False)
    _print_changes(targets.last_changes)
    console.print(
        f"Review the policy targets with 'mailwarden tenant targets --tenant {tenant}'.", highlight=False
    )


_Checked = tuple[HealthReport, Directory | None, TargetFile | None]


def _check_output(checked: _Checked, json_out: bool) -> None:
    report, directory, targets = checked
    if json_out:
        body: dict[str, Any] = report.to_json()
        body["discovery"] = (
            {"recipients": _counts(directory), "changes": _changes_json(targets.last_changes)}
            if directory is not None and targets is not None
            else None
        )
        print_json(body)
    else:
        _print_report(report)
        if directory is not None and targets is not None:
            _print_discovery(report.tenant, directory, targets)
    if "red" in report.badges.values():
        raise typer.Exit(1)


@app.command("add")
@handles_errors
def add_cmd(
    key: KeyArgument,
    tenant_id: Annotated[str, typer.Option("--tenant-id", help="The tenant id (GUID) or a verified domain.")],
    client_id: Annotated[
        str, typer.Option("--client-id", help="The app registration's Application (client) ID.")
    ],
    cloud: Annotated[
        str, typer.Option("--cloud", help="public, usgov (GCC High), dod, china, or emulator (with --url).")
    ] = "public",
    certificate: CertificateOption = None,
    client_secret_file: SecretFileOption = None,
    url: Annotated[str | None, typer.Option("--url", help="The emulator's URL (cloud 'emulator').")] = None,
    ca_file: Annotated[
        Path | None,
        typer.Option("--ca-file", exists=True, dir_okay=False, help="A CA bundle to trust (the emulator's)."),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="A display name (default: the tenant's).")
    ] = None,
    signin_client_id: Annotated[
        str | None,
        typer.Option(
            "--signin-client-id",
            help="The public-client app operators sign in with ('mailwarden login'); default: --client-id. "
            "It must allow public client flows and have the redirect URI http://localhost.",
        ),
    ] = None,
    exchange_client_id: ExchangeClientIdOption = None,
    exchange_certificate: ExchangeCertificateOption = None,
    exchange_secret_file: ExchangeSecretFileOption = None,
    exchange_host: Annotated[
        list[str] | None,
        typer.Option(
            "--exchange-host",
            help="A host Exchange may send the client to besides its cloud's own (a sovereign cloud's, a "
            "proxy's): an https hostname, or '.domain' under one of Microsoft's Exchange domains; repeat "
            "for more.",
        ),
    ] = None,
    no_discover: NoDiscoverOption = False,
    as_: AsOption = None,
    json_out: JsonOption = False,
) -> None:
    """Connect a tenant: validate the app's access, store it (credential encrypted), check it, discover it."""
    actor = _actor(as_)
    credential = _credential(certificate, client_secret_file)
    spec = TenantSpec(
        key=key,
        cloud=cloud.strip().lower(),
        tenant=tenant_id,
        client_id=client_id,
        credential=credential,
        exchange_app=_exchange_app(exchange_client_id, exchange_certificate, exchange_secret_file),
        url=url,
        ca_file=str(ca_file.resolve()) if ca_file else None,
        display_name=name,
        signin_client_id=signin_client_id,
        exchange_hosts=tuple(exchange_host or ()),
    )

    async def main() -> tuple[HealthReport, Directory | None, TargetFile | None]:
        workspace = Workspace.open()
        try:
            record = await add_tenant(workspace, spec, actor=actor)
            if not json_out:
                console.print(
                    f"Connected {key!r}: {record.display_name} ({record.tenant_id}), "
                    f"{spec.credential.describe()}.",
                    highlight=False,
                )
            with workspace.connection(key) as connection:
                return await _check(workspace, key, connection, discover=not no_discover)
        finally:
            workspace.close()

    _check_output(run(main()), json_out)


@app.command("check")
@handles_errors
def check_cmd(
    key: Annotated[
        str | None, typer.Argument(help="The tenant's key (as `tenant add` named it); or use --tenant.")
    ] = None,
    tenant: TenantOption = DEMO_TENANT,
    no_discover: NoDiscoverOption = False,
    wait: WaitOption = 0.0,
    json_out: JsonOption = False,
) -> None:
    """Check the tenant's setup: a badge per capability, with the fix; then discover it."""
    if key is not None and tenant not in (DEMO_TENANT, key):
        raise ConfigError(f"Two tenants named: {key!r} and --tenant {tenant!r}. Name one.")
    tenant = key or tenant

    async def main() -> tuple[HealthReport, Directory | None, TargetFile | None]:
        with workspace_connection(tenant) as (workspace, connection):
            return await _check(workspace, tenant, connection, discover=not no_discover, wait=wait)

    _check_output(run(main()), json_out)


@app.command("discover")
@handles_errors
def discover_cmd(tenant: TenantOption = DEMO_TENANT, json_out: JsonOption = False) -> None:
    """Read every recipient of the tenant into mailwarden's cache; show what changed since the last time."""

    async def main() -> tuple[Directory, TargetFile]:
        with workspace_connection(tenant) as (workspace, connection):
            return await _discover(workspace, tenant, connection)

    directory, targets = run(main())
    if json_out:
        print_json(
            {
                "tenant": tenant,
                "recipients": _counts(directory),
                "changes": _changes_json(targets.last_changes),
            }
        )
        return
    table = Table(title=f"Discovered in {tenant}", title_justify="left")
    table.add_column("kind")
    table.add_column("count", justify="right")
    for kind, n in sorted(_counts(directory).items()):
        table.add_row(kind.replace("_", " "), str(n))
    console.print(table)
    _print_changes(targets.last_changes)


def _owners_option(values: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for value in values:
        target, sep, people = value.partition("=")
        names = [p.strip() for p in people.split(",") if p.strip()]
        if not sep or not target.strip() or not names:
            raise ConfigError(f"--owners takes ADDRESS=owner@x,owner2@x, not {value!r}.")
        out[target.strip()] = names
    return out


@app.command("targets")
@handles_errors
def targets_cmd(
    tenant: TenantOption = DEMO_TENANT,
    sensitive: Annotated[
        list[str] | None,
        typer.Option("--sensitive", help="Mark a shared mailbox or list sensitive (no self-service)."),
    ] = None,
    not_sensitive: Annotated[
        list[str] | None, typer.Option("--not-sensitive", help="Mark it not sensitive.")
    ] = None,
    owners: Annotated[
        list[str] | None,
        typer.Option("--owners", help="Set its owners (the approvers): ADDRESS=owner@x,owner2@x."),
    ] = None,
    as_: AsOption = None,
    json_out: JsonOption = False,
) -> None:
    """Each shared mailbox and list with its owners, sensitivity and self-service; change them (audited)."""
    changes = _owners_option(owners or [])
    workspace = Workspace.open()
    try:
        workspace.tenant_record(tenant)
        directory = workspace.directory(tenant)
        if len(directory) == 0:
            raise ConfigError(
                f"Tenant {tenant!r} has not been discovered yet: run "
                f"'mailwarden tenant check --tenant {tenant}'."
            )
        if sensitive or not_sensitive or changes:
            file = update_targets(
                workspace,
                tenant,
                directory,
                actor=operator_actor(workspace, tenant, as_, changing="its policy targets"),
                sensitive=sensitive or [],
                not_sensitive=not_sensitive or [],
                owners=changes,
            )
        else:
            file = load_targets(workspace, tenant) or propose_targets(tenant, directory)
    finally:
        workspace.close()

    def address(recipient_id: str) -> str:
        found = directory.get(recipient_id)
        return found.primary_address if found is not None else recipient_id

    rows = [
        {
            "address": t.address,
            "name": t.display_name,
            "kind": str(t.kind),
            "owners": [address(o) for o in t.owners],
            "owners_set_by": "admin" if t.owners_set_by_admin else "discovery",
            "sensitive": t.sensitive,
            "sensitivity_set_by": "admin" if t.sensitivity_set_by_admin else "discovery",
            "self_service": t.self_service,
        }
        for t in file.targets.values()
    ]
    if json_out:
        print_json({"tenant": tenant, "targets": rows})
        return
    table = Table(title=f"Policy targets of {tenant}", title_justify="left")
    for column in ("address", "kind", "owners (approvers)", "sensitive", "self-service"):
        table.add_column(column)
    for row in rows:
        mark = "yes" if row["sensitive"] else "no"
        if row["sensitivity_set_by"] == "discovery" and row["sensitive"]:
            mark += " (suggested)"
        table.add_row(
            str(row["address"]),
            str(row["kind"]).replace("_", " "),
            ", ".join(row["owners"]) or "— (admins approve)",  # type: ignore[arg-type]
            mark,
            "yes" if row["self_service"] else "no",
        )
    console.print(table)


@app.command("list")
@handles_errors
def list_cmd(json_out: JsonOption = False) -> None:
    """The tenants mailwarden knows, with their health badges and last discovery."""
    workspace = Workspace.open()
    try:
        workspace.tenant_record(DEMO_TENANT)
        rows: list[dict[str, Any]] = []
        for r in workspace.tenants.all():
            report = load_report(workspace, r.tenant_key)
            rows.append(
                {
                    "tenant": r.tenant_key,
                    "name": r.display_name,
                    "cloud": r.cloud,
                    "tenant_id": r.tenant_id,
                    "badges": report.badges if report is not None else None,
                    "checked_at": report.checked_at if report is not None else None,
                    "last_discovery": workspace.cache.freshness(r.tenant_key),
                }
            )
    finally:
        workspace.close()
    if json_out:
        print_json(rows)
        return
    table = Table(title="Tenants", title_justify="left")
    for column in (
        "tenant",
        "name",
        "cloud",
        "tenant id",
        "directory",
        "membership",
        "mailbox",
        "last discovery",
    ):
        table.add_column(column)
    for row in rows:
        badges = row["badges"] or {}
        table.add_row(
            row["tenant"],
            row["name"],
            row["cloud"],
            row["tenant_id"],
            *(
                _BADGE[badges[c]] if c in badges else "not checked"
                for c in ("directory", "membership", "mailbox")
            ),
            str(row["last_discovery"] or "never"),
        )
    console.print(table)


@app.command("rotate")
@handles_errors
def rotate_cmd(
    key: KeyArgument,
    certificate: CertificateOption = None,
    client_secret_file: SecretFileOption = None,
    app_: Annotated[
        str, typer.Option("--app", help="Which app's credential: graph (the tenant's app) or exchange.")
    ] = "graph",
    as_: AsOption = None,
) -> None:
    """Replace one app's stored credential with a new certificate or secret (validated first; audited)."""
    which = app_.strip().lower()
    if which not in ("graph", "exchange"):
        raise ConfigError(f"--app takes graph or exchange, not {app_!r}.")
    credential = _credential(certificate, client_secret_file)

    async def main() -> None:
        workspace = Workspace.open()
        try:
            await rotate_credential(
                workspace,
                key,
                credential,
                actor=_actor(as_),
                app="exchange" if which == "exchange" else "graph",
            )
        finally:
            workspace.close()

    run(main())
    console.print(
        f"Tenant {key!r}: its {which} app now uses its new {credential.describe()}.", highlight=False
    )


@app.command("time-zone")
@handles_errors
def time_zone_cmd(
    key: KeyArgument,
    zone: Annotated[
        str | None,
        typer.Argument(help="An IANA time zone, e.g. 'Europe/London'; leave out to show the current one."),
    ] = None,
    as_: AsOption = None,
) -> None:
    """Show or set the time zone the tenant's requesters are in ("until Friday" ends at midnight there)."""
    # Who changes it is settled before anything changes: a refused --as must leave the setting as it was.
    actor = _actor(as_) if zone is not None else ""
    workspace = Workspace.open()
    try:
        before = workspace.tenant_record(key)
        if zone is None:
            console.print(f"{key}: {before.time_zone}", highlight=False)
            return
        before, after = workspace.tenants.with_time_zone(key, zone)
        # Written in the transaction of its audit record: both are committed or neither (red team 86 F1).
        audited_change(
            workspace.audit,
            lambda session: workspace.tenants.write_time_zone(session, after, was=before.time_zone),
            tenant=key,
            event="tenant.time_zone_set",
            actor=actor,
            target=key,
            before={"time_zone": before.time_zone},
            after={"time_zone": after.time_zone},
        )
    finally:
        workspace.close()
    console.print(f"{key}: durations in requests now end in {after.time_zone}.", highlight=False)


@app.command("exchange-hosts")
@handles_errors
def exchange_hosts_cmd(
    key: KeyArgument,
    hosts: Annotated[
        list[str] | None,
        typer.Argument(
            help="The hosts to add to the cloud's own, replacing those added before: https hostnames, or "
            "'.domain' under one of Microsoft's Exchange domains. Leave out to show them.",
            show_default=False,
        ),
    ] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="Remove every host added: the cloud's own only.")
    ] = False,
    as_: AsOption = None,
) -> None:
    """Show or set where Exchange may send the client (a redirect, a next page) besides its cloud's own hosts:
    the tenant's token goes there, so nowhere else."""
    if hosts and clear:
        raise ConfigError("Give hosts or --clear, not both.")
    actor = _actor(as_) if hosts or clear else ""
    workspace = Workspace.open()
    try:
        if hosts or clear:
            set_exchange_hosts(workspace, key, hosts or [], actor=actor)
        endpoints = connection_for(workspace, key).endpoints
    finally:
        workspace.close()
    cloud = [endpoints.exchange_host, *endpoints.exchange_hosts]
    console.print(
        f"{key}: Exchange {_hosts_line(cloud, list(endpoints.exchange_hosts_added))}", highlight=False
    )


@app.command("remove")
@handles_errors
def remove_cmd(
    key: KeyArgument,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    as_: AsOption = None,
) -> None:
    """Forget a tenant: its connection, cache, requests, health and targets (its audit records stay)."""
    if not yes and not typer.confirm(f"Remove tenant {key!r} and everything cached about it?", err=True):
        errors.print("Nothing removed.")
        raise typer.Exit(1)
    workspace = Workspace.open()
    try:
        remove_tenant(workspace, key, actor=_actor(as_))
    finally:
        workspace.close()
    console.print(f"Removed tenant {key!r}.", highlight=False)
