"""Benchmark: a full drift scan of a generated tenant, after a first scan and with 50 outside changes.

Starts the emulator (20,000 users, 2,000 shared mailboxes and 200 lists by default) with latency on every
response and Exchange throttled to the `exchange` preset (3,000 requests per 60 s). Discovers the directory
(not timed), runs the first scan (the baseline, timed), makes 50 changes as an admin in the Exchange admin
center would (Full Access, Send As, Send on Behalf, forwarding inside and outside, list members), then
times the second scan and counts the requests it sent, per API. Checks that the 50 changes are exactly
the events found, and that a third scan finds nothing.

    .venv/bin/python scripts/bench_drift.py [--users N --shared N --lists N --latency MS --parallel N]

On a loaded machine, run smaller tenants and project with the cost model the script prints (requests grow
with mailboxes and groups; see drift/observe.py): requests = ceil(M/1000) listing pages
+ ceil((S+P)/5) Exchange batches + ceil((S+P)/20) Graph calendar batches, where P is the people's
mailboxes read (those the audit log names, plus the hourly sweep slice ceil(users/168))
+ ceil(G/999) group pages + ceil(G/20) member batches (+ nextLinks of groups over 999 members)
+ the audit log query's 3+.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import math
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from mailwarden.actions.base import ActionContext
from mailwarden.audit import AuditLog
from mailwarden.connectors.connection import ClientSecretCredential, TenantConnection, open_tenant
from mailwarden.connectors.endpoints import emulator as emulator_endpoints
from mailwarden.connectors.secret import Secret
from mailwarden.directory.discovery import discover
from mailwarden.directory.snapshot import Directory
from mailwarden.drift import scan
from mailwarden.drift.people import SWEEP_PERIOD
from mailwarden.emulator.faults import PRESETS
from mailwarden.emulator.outside import outside_cmdlet
from mailwarden.store.db import Store
from mailwarden.store.tenants import TenantRecord, TenantRegistry
from mailwarden.testing import RunningEmulator, running_emulator
from mailwarden.workflow.service import RequestService

ADMIN = "grace.hopper@acme.com"
TENANT = "bench"


def arm(em: RunningEmulator, latency_ms: int) -> None:
    em.faults.reset()
    em.faults.latency("all", latency_ms)
    preset = PRESETS["exchange"]
    em.faults.throttle("exchange", preset.budget, preset.window_s)


def counts(em: RunningEmulator) -> Counter[str]:
    return Counter(r.api for r in em.faults.requests())


def paths(em: RunningEmulator) -> Counter[str]:
    """Requests per route shape (ids cut), to see where they go."""
    return Counter(
        f"{r.method} " + "/".join("{id}" if len(part) > 30 else part for part in r.path.split("/")[:6])
        for r in em.faults.requests()
    )


def outside_changes(em: RunningEmulator, shared: int, users: int, lists: int) -> int:
    """50 changes across kinds, as an admin makes them in the Exchange admin center; 15 of them on people's
    own mailboxes (Full Access, Send As, a calendar share, forwarding), which a scan reads only when the
    audit log names them (or the rolling sweep comes by)."""
    state = em.state
    done = 0

    def user(n: int) -> str:
        return f"user{n % users:05d}@acme.com"

    for i in range(15):
        outside_cmdlet(
            state,
            ADMIN,
            "Add-MailboxPermission",
            Identity=f"shared{i:04d}@acme.com" if i < 10 else user(i * 101 + 17),
            User=user(i * 7 + 1),
            AccessRights="FullAccess",
        )
        done += 1
    for i in range(15, 25):
        outside_cmdlet(
            state,
            ADMIN,
            "Add-RecipientPermission",
            Identity=f"shared{i:04d}@acme.com" if i < 22 else user(i * 103 + 29),
            Trustee=user(i * 11 + 3),
            AccessRights="SendAs",
        )
        done += 1
    for i in range(25, 33):
        outside_cmdlet(
            state,
            ADMIN,
            "Set-Mailbox",
            Identity=f"shared{i:04d}@acme.com",
            GrantSendOnBehalfTo={"@odata.type": "#Exchange.GenericHashTable", "add": [user(i * 13 + 5)]},
        )
        done += 1
    for i in range(33, 35):
        outside_cmdlet(
            state,
            ADMIN,
            "Add-MailboxFolderPermission",
            Identity=user(i * 107 + 31) + ":\\Calendar",
            User=user(i * 19 + 7),
            AccessRights="Reviewer",
        )
        done += 1
    for i in range(35, 40):
        outside_cmdlet(
            state,
            ADMIN,
            "Set-Mailbox",
            Identity=user(i),
            ForwardingSmtpAddress=f"smtp:collector{i}@rival.example",
        )
        done += 1
    for i in range(40, 45):
        outside_cmdlet(
            state,
            ADMIN,
            "Set-Mailbox",
            Identity=user(i),
            ForwardingSmtpAddress=f"smtp:{user(i + 1000)}",
        )
        done += 1
    for i in range(45, 50):
        outside_cmdlet(
            state,
            ADMIN,
            "Add-DistributionGroupMember",
            Identity=f"list{i % max(1, lists):04d}@acme.com",
            Member=user(i * 17 + 9),
        )
        done += 1
    return done


async def bench(em: RunningEmulator, args: argparse.Namespace, home: Path) -> None:
    connection = TenantConnection(
        endpoints=emulator_endpoints(em.url),
        tenant_id=em.tenant_id,
        client_id=em.client_id,
        credential=ClientSecretCredential(Secret(em.client_secret)),
        ca_file=em.ca_file,
        max_concurrency=args.parallel,
    )
    with Store(f"sqlite:///{home / 'bench.db'}") as store:
        TenantRegistry(store).add(
            TenantRecord(
                tenant_key=TENANT, display_name="Bench", cloud="emulator", tenant_id="t", client_id="c"
            )
        )
        audit = AuditLog(store, home)
        service = RequestService(store, audit)
        async with open_tenant(connection) as clients:
            sent: Counter[str] = Counter()

            async def count_round_trip(request: httpx.Request) -> None:
                path = request.url.path
                sent["exchange" if "/adminapi/" in path else "graph" if "/v1.0/" in path else "identity"] += 1

            # Round trips as the client sends them: the emulator's log also counts each $batch sub-request,
            # which Graph meters against throttling one by one but which travel in one HTTP request.
            clients.graph._http.event_hooks["request"].append(count_round_trip)
            found = await discover(clients)
            ctx = ActionContext(clients=clients, directory=Directory(found.recipients, found.domains))

            arm(em, args.latency)
            sent.clear()
            started = time.perf_counter()
            first = await scan(store, audit, ctx, TENANT, service=service)
            first_s, first_req, first_trips = time.perf_counter() - started, counts(em), Counter(sent)

            made = outside_changes(em, args.shared, args.users, args.lists)
            arm(em, args.latency)
            sent.clear()
            started = time.perf_counter()
            # As scheduled: an hour after the first, so the rolling sweep reads its hourly slice of people.
            hour_on = dt.timedelta(hours=1)
            second = await scan(
                store, audit, ctx, TENANT, service=service, clock=lambda: dt.datetime.now(dt.UTC) + hour_on
            )
            second_s, second_req, second_trips = time.perf_counter() - started, counts(em), Counter(sent)
            if args.routes:
                for route, n in paths(em).most_common(12):
                    print(f"  {n:>6,d}  {route}")

            arm(em, args.latency)
            third = await scan(
                store,
                audit,
                ctx,
                TENANT,
                service=service,
                clock=lambda: dt.datetime.now(dt.UTC) + 2 * hour_on,
            )

    named = sum(1 for e in second.events if e.changed_by == ADMIN)
    print(
        f"tenant: {args.users:,} users, {args.shared:,} shared mailboxes, {args.lists:,} lists; latency "
        f"{args.latency} ms per response; Exchange budget {PRESETS['exchange'].budget}/"
        f"{PRESETS['exchange'].window_s:g} s; {args.parallel} requests in flight"
    )
    for label, secs, trips, metered in (
        ("first scan (baseline)", first_s, first_trips, first_req),
        (f"scan after {made} changes", second_s, second_trips, second_req),
    ):
        print(
            f"{label:26s} {secs:8.2f} s  {sum(trips.values()):>5,d} HTTP round trips {dict(trips)}; "
            f"{sum(metered.values()):,} metered requests ($batch parts counted one by one) {dict(metered)}"
        )
    print(
        f"baseline: {first.facts:,} facts; found {len(second.events)} events, {named} naming who and when "
        f"(audit log: {second.audit_note or 'read'})"
    )
    print(
        f"people's mailboxes read by the scan after the changes: {second.people_read} "
        f"({second.people_told} named by the audit log, the rest the hourly sweep slice of "
        f"ceil({args.users:,} / {SWEEP_PERIOD.days * 24} h))"
    )
    print(f"third scan: {len(third.events)} events (idempotent); failures: {len(second.failures)}")
    m = args.users + args.shared + 6
    read = args.shared + second.people_read
    model = (
        math.ceil(m / 1000)
        + math.ceil(read / 5)
        + math.ceil(read / 20)
        + math.ceil(args.lists / 999)
        + math.ceil(args.lists / 20)
    )
    print(f"cost model (tenant reads only, before the audit query): ~{model:,} requests")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--shared", type=int, default=2_000)
    parser.add_argument("--lists", type=int, default=200)
    parser.add_argument("--latency", type=int, default=50, help="milliseconds added to every response")
    parser.add_argument("--parallel", type=int, default=4, help="requests in flight to the tenant")
    parser.add_argument("--routes", action="store_true", help="print the second scan's requests per route")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mailwarden-drift-bench-") as tmp:
        seeding = time.perf_counter()
        with running_emulator(
            Path(tmp) / "emulator", users=args.users, shared=args.shared, lists=args.lists
        ) as em:
            print(f"seeded and served in {time.perf_counter() - seeding:.1f} s")
            home = Path(tmp) / "home"
            home.mkdir()
            asyncio.run(bench(em, args, home))


if __name__ == "__main__":
    main()
