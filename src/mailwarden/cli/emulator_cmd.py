"""`mailwarden emulator`: serve the tenant emulator until interrupted.

Prints one JSON line once the emulator answers (url, ca_file, tenant_id, tenant_domain, client_id,
client_secret, certificate_file), so a script or another process can connect to it:

    mailwarden emulator --port 0 --throttle graph:100/10s:2 --fault exchange:503:5 --switch no_exchange_role
    mailwarden emulator --tenants 100 --mailboxes 500     # Acme and 99 generated tenants; see tenants.json
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Annotated, NoReturn

import platformdirs
import typer

from mailwarden.emulator.faults import Faults, apply_fault_spec, apply_throttle_spec
from mailwarden.emulator.fleet import MAX_TENANTS
from mailwarden.emulator.serve import EmulatorStartError, running_emulator
from mailwarden.emulator.switches import parse_switch, set_switch

_EXIT_USAGE = 2


def default_state_dir() -> Path:
    """$MAILWARDEN_HOME/emulator, else the per-user data folder's `emulator`."""
    home = os.environ.get("MAILWARDEN_HOME")
    base = Path(home) if home else Path(platformdirs.user_data_dir("mailwarden", appauthor=False))
    return base / "emulator"


def _usage_error(message: str) -> NoReturn:
    typer.echo(f"mailwarden emulator: {message}", err=True)
    raise typer.Exit(_EXIT_USAGE)


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # Turn SIGTERM into the same clean exit as Ctrl-C: the server thread is told to stop and joined.
    raise KeyboardInterrupt


def emulator(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1; 0 picks a free one.")] = 0,
    state: Annotated[
        Path | None, typer.Option(help="State folder (default: $MAILWARDEN_HOME/emulator).")
    ] = None,
    users: Annotated[
        int, typer.Option(help="Generated users added to the Acme seed (first start only).")
    ] = 0,
    shared: Annotated[int, typer.Option(help="Generated shared mailboxes (first start only).")] = 0,
    lists: Annotated[int, typer.Option(help="Generated distribution lists (first start only).")] = 0,
    tenants: Annotated[
        int,
        typer.Option(
            help="Tenants served (1-1000): the Acme demo and N-1 generated ones; their credentials go to "
            "tenants.json in the state folder (first start of each tenant only)."
        ),
    ] = 1,
    mailboxes: Annotated[
        int, typer.Option(help="Mailboxes of each generated tenant (with --tenants; first start only).")
    ] = 500,
    latency: Annotated[int, typer.Option(metavar="MS", help="Delay every request by MS milliseconds.")] = 0,
    throttle: Annotated[
        list[str] | None,
        typer.Option(help="Rate budget API:BUDGET/WINDOW[:RETRY_AFTER] (graph:100/10s:2) or a preset name."),
    ] = None,
    fault: Annotated[
        list[str] | None, typer.Option(help="API:STATUS[:TIMES] (exchange:503:5) or API:drop[:TIMES].")
    ] = None,
    switch: Annotated[
        list[str] | None,
        typer.Option(
            help="Misconfiguration: no_exchange_consent, no_exchange_role, wrong_tenant, "
            "expired_secret, role_propagation_seconds=N (name=off to undo)."
        ),
    ] = None,
) -> None:
    """Run the tenant emulator (identity platform, Graph, Exchange admin API) until interrupted."""
    if not 0 <= port <= 65535:
        _usage_error(f"invalid --port {port}: use 0 (any free port) or 1-65535")
    for name, value in (
        ("--users", users),
        ("--shared", shared),
        ("--lists", lists),
        ("--latency", latency),
        ("--mailboxes", mailboxes),
    ):
        if value < 0:
            _usage_error(f"invalid {name} {value}: must be 0 or more")
    if not 1 <= tenants <= MAX_TENANTS:
        _usage_error(f"invalid --tenants {tenants}: use 1 (Acme alone) to {MAX_TENANTS}")
    faults = Faults()
    try:
        switches = [parse_switch(s) for s in switch or []]
    except ValueError as exc:
        _usage_error(f"invalid --switch: {exc}")
    for option, apply, specs in (
        ("--throttle", apply_throttle_spec, throttle),
        ("--fault", apply_fault_spec, fault),
    ):
        for spec in specs or []:
            try:
                apply(faults, spec)
            except ValueError as exc:
                _usage_error(f"invalid {option}: {exc}")
    state_dir = state if state is not None else default_state_dir()
    try:
        with running_emulator(
            state_dir,
            users=users,
            shared=shared,
            lists=lists,
            latency_ms=latency,
            port=port,
            faults=faults,
            tenants=tenants,
            mailboxes=mailboxes,
        ) as em:
            for name, value in switches:
                set_switch(em.state, name, value)
            sys.stdout.write(json.dumps(em.info()) + "\n")
            sys.stdout.flush()
            if threading.current_thread() is threading.main_thread():
                signal.signal(signal.SIGTERM, _stop_on_sigterm)
            with contextlib.suppress(KeyboardInterrupt):
                threading.Event().wait()
    except EmulatorStartError as exc:
        typer.echo(f"mailwarden emulator: {exc}", err=True)
        raise typer.Exit(1) from None
    except OSError as exc:
        typer.echo(f"mailwarden emulator: cannot use state folder {str(state_dir)!r}: {exc}", err=True)
        raise typer.Exit(1) from None
