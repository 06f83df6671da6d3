"""Benchmark: the size of the provenance query ('report access'), on the store and on the tenant.

Store: a database holding `--requests` applied grant requests (each a request row, a step row and a signed
`step.applied` audit record, as the workflow writes them), then the origin records read for one mailbox (the
audit records filtered by target) and for a person (every grant record of the tenant). Prints queries, rows
and time.

Tenant: the emulator seeded with `--users` and `--shared` generated recipients (each shared mailbox with
three Full Access and one Send As grant), `--latency` ms on every response; the live reads of one mailbox
and of one person (every mailbox's Full Access, Send As, calendar; memberOf), with the requests the
emulator saw.

    .venv/bin/python scripts/bench_access.py [--requests N --users N --shared N --latency MS]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import tempfile
import time
import uuid
from pathlib import Path

from mailwarden.access.grants import grants_held_by, grants_on_mailbox
from mailwarden.access.origins import load_records
from mailwarden.actions.base import ActionContext
from mailwarden.audit import AuditLog
from mailwarden.connectors.connection import ClientSecretCredential, TenantConnection, open_tenant
from mailwarden.connectors.endpoints import emulator as emulator_endpoints
from mailwarden.connectors.secret import Secret
from mailwarden.directory.discovery import discover
from mailwarden.directory.snapshot import Directory
from mailwarden.store.db import Store
from mailwarden.store.tables import RequestRow, RequestStepRow, TenantRow
from mailwarden.testing import RunningEmulator, running_emulator


def fill_store(store: Store, audit: AuditLog, requests: int, mailboxes: int) -> None:
    now = dt.datetime.now(dt.UTC)
    with store.session() as db:
        db.add(
            TenantRow(
                tenant_key="t",
                display_name="t",
                cloud="emulator",
                tenant_id="t",
                client_id="c",
                credential_blob=None,
                created=now,
            )
        )
    for i in range(requests):
        request_id = str(uuid.uuid4())
        mailbox = f"shared{i % mailboxes:04d}@acme.com"
        step = {
            "action": "send_as",
            "change": "grant",
            "mailbox": mailbox,
            "trustee": f"user{i:05d}@acme.com",
        }
        with store.session() as db:
            db.add(
                RequestRow(
                    request_id=request_id,
                    tenant_key="t",
                    requester_id="r",
                    requester="grace.hopper@acme.com",
                    channel="cli",
                    kind="change",
                    text=None,
                    justification="bench",
                    state="completed",
                    created=now,
                    updated=now,
                    approval_deadline=None,
                    lease_until=None,
                    parent_request_id=None,
                )
            )
            db.flush()
            db.add(
                RequestStepRow(
                    request_id=request_id,
                    position=0,
                    step=step,
                    preview={},
                    decision={"outcome": "allowed"},
                    status="applied",
                    outcome={},
                    expires=None,
                    reverted_by=None,
                )
            )
        audit.append(
            tenant="t",
            event="step.applied",
            actor="grace.hopper@acme.com",
            request_id=request_id,
            action="send_as",
            target=mailbox,
            detail={"position": 0},
        )


def bench_store(args: argparse.Namespace, tmp: Path) -> None:
    store = Store(f"sqlite:///{tmp / 'bench.db'}")
    audit = AuditLog(store, tmp)
    started = time.perf_counter()
    fill_store(store, audit, args.requests, args.shared)
    filled = time.perf_counter() - started
    directory = Directory([])
    for label, targets in (("one mailbox", ["shared0001@acme.com"]), ("a person (all)", None)):
        started = time.perf_counter()
        records, cost = load_records(store, "t", directory, targets)
        took = time.perf_counter() - started
        print(
            f"store, {args.requests:,d} applied grant requests (filled in {filled:.1f} s), {label}: "
            f"{cost.queries} queries, {cost.rows:,d} rows, {len(records):,d} records, {took * 1000:.0f} ms"
        )


async def bench_tenant(em: RunningEmulator, args: argparse.Namespace) -> None:
    connection = TenantConnection(
        endpoints=emulator_endpoints(em.url),
        tenant_id=em.tenant_id,
        client_id=em.client_id,
        credential=ClientSecretCredential(Secret(em.client_secret)),
        ca_file=em.ca_file,
        max_concurrency=4,
    )
    async with open_tenant(connection) as clients:
        found = await discover(clients)
        ctx = ActionContext(clients=clients, directory=Directory(found.recipients, found.domains))
        box = ctx.recipient("support@acme.com")
        person = ctx.recipient("tom.becker@acme.com")
        for label, read in (
            ("one mailbox", grants_on_mailbox(ctx, box)),
            ("a person", grants_held_by(ctx, person)),
        ):
            em.faults.reset()
            em.faults.latency("all", args.latency)
            started = time.perf_counter()
            grants = await read
            took = time.perf_counter() - started
            sent = em.faults.requests("exchange")
            graph = em.faults.requests("graph")
            print(
                f"tenant {args.users:,d} users + {args.shared:,d} shared, {args.latency} ms, {label}: "
                f"{took:.2f} s, {len(sent):,d} Exchange + {len(graph):,d} Graph requests, {len(grants)} found"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=5_000)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--shared", type=int, default=2_000)
    parser.add_argument("--latency", type=int, default=50)
    parser.add_argument("--skip-tenant", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mailwarden-bench-") as tmp:
        bench_store(args, Path(tmp))
        if not args.skip_tenant:
            with running_emulator(Path(tmp) / "em", users=args.users, shared=args.shared) as em:
                asyncio.run(bench_tenant(em, args))


if __name__ == "__main__":
    main()
