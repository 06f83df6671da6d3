"""Benchmark: list every recipient of a large generated tenant through the connectors.

Starts the emulator (20,000 users, 2,000 shared mailboxes, 1,000 lists by default) with added latency on
every response, then lists users, groups and contacts from Graph and shared/room mailboxes and distribution
groups from Exchange (Graph cannot tell a shared mailbox from a user), the way discovery does. Prints the wall
time, the number of requests the emulator saw, and the minimum the paging allows (one request per page of
999 for Graph, 1,000 for Exchange, plus one token per API).

    .venv/bin/python scripts/bench_listing.py [--users N --shared N --lists N --latency MS]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import tempfile
import time
from pathlib import Path

from mailwarden.connectors.connection import ClientSecretCredential, TenantConnection, open_tenant
from mailwarden.connectors.endpoints import emulator as emulator_endpoints
from mailwarden.connectors.secret import Secret
from mailwarden.testing import running_emulator


async def list_everything(connection: TenantConnection) -> dict[str, int]:
    async with open_tenant(connection) as tenant:
        # Independent listings run side by side; each is a chain of pages, so it is sequential within.
        users, groups, contacts, mailboxes, lists = await asyncio.gather(
            tenant.graph.users(),
            tenant.graph.groups(),
            tenant.graph.contacts(),
            tenant.exchange.list_mailboxes(["SharedMailbox", "RoomMailbox"]),
            tenant.exchange.list_distribution_groups(),
        )
    return {
        "graph users": len(users),
        "graph groups": len(groups),
        "graph contacts": len(contacts),
        "exchange shared+room mailboxes": len(mailboxes),
        "exchange distribution groups": len(lists),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--shared", type=int, default=2_000)
    parser.add_argument("--lists", type=int, default=1_000)
    parser.add_argument("--latency", type=int, default=50, help="milliseconds added to every response")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mailwarden-bench-") as tmp:
        seeding = time.perf_counter()
        with running_emulator(
            Path(tmp), users=args.users, shared=args.shared, lists=args.lists, latency_ms=args.latency
        ) as em:
            seeded = time.perf_counter() - seeding
            connection = TenantConnection(
                endpoints=emulator_endpoints(em.url),
                tenant_id=em.tenant_id,
                client_id=em.client_id,
                credential=ClientSecretCredential(Secret(em.client_secret)),
                ca_file=em.ca_file,
            )
            em.faults.reset()
            em.faults.latency("all", args.latency)
            started = time.perf_counter()
            counts = asyncio.run(list_everything(connection))
            wall = time.perf_counter() - started
            seen = em.faults.requests()

    graph_pages = sum(
        math.ceil(counts[k] / 999) or 1 for k in ("graph users", "graph groups", "graph contacts")
    )
    exchange_pages = sum(
        math.ceil(counts[k] / 1000) or 1
        for k in ("exchange shared+room mailboxes", "exchange distribution groups")
    )
    minimum = graph_pages + exchange_pages + 2  # + one token for Graph, one for Exchange
    longest_chain = max(math.ceil(counts["graph users"] / 999), 1)
    print(
        f"tenant: {args.users} users, {args.shared} shared mailboxes, {args.lists} lists "
        f"(seeded and served in {seeded:.1f} s); latency {args.latency} ms per response"
    )
    for name, n in counts.items():
        print(f"  {name:34s} {n:>7,d}")
    print(f"wall time:            {wall:.2f} s")
    print(f"requests sent:        {len(seen)}")
    print(
        f"minimum paging allows: {minimum} requests "
        f"({graph_pages} Graph pages, {exchange_pages} Exchange pages, 2 tokens)"
    )
    print(
        f"lower bound on wall time from the longest page chain: {longest_chain} pages x {args.latency} ms = "
        f"{longest_chain * args.latency / 1000:.2f} s (+ server time)"
    )


if __name__ == "__main__":
    main()
