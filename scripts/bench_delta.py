"""Benchmark: the cost of keeping the recipient cache fresh with Graph delta queries.

On a generated tenant (default 20,000 users, 2,000 shared mailboxes, 1,000 lists) served by the emulator
in its own process at an emulated network latency (default 50 ms per request), it measures:

- the full discovery that starts change tracking (for comparison),
- the initial delta round (every user and group, with members and owners) a client would need without
  `$deltatoken=latest`,
- a sync round when nothing changed (median of several),
- a sync round after 100 changes made behind mailwarden's back (70 users edited or disabled, 30 lists'
  members changed), written to the emulator's state file as another process would.

It prints figures only; nothing is asserted about time. The emulator's own work is inside the figures:
on the round that sees changes it compares every object once and saves its whole state file, which a
real tenant does not do; the requests and the emulated latency are the part a real tenant shares.

    .venv/bin/python scripts/bench_delta.py [--users 20000 --shared 2000 --lists 1000 --latency 50]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from _bench import generated_emulator, generated_tenant_arguments  # beside this script

from mailwarden.connectors.connection import TenantConnection, open_tenant
from mailwarden.directory.delta import GROUP_SELECT, USER_SELECT
from mailwarden.emulator.seed import acme
from mailwarden.emulator.serve import TENANT_FILE
from mailwarden.emulator.state import TenantState
from mailwarden.settings import load_settings
from mailwarden.store.tenants import TenantRecord
from mailwarden.workspace import Workspace

TENANT = "bench"


def _change_behind_our_back(state_file: Path, changes: int) -> None:
    """Another admin's changes: users edited or disabled, and lists' members removed."""
    state = TenantState.load_or_create(state_file, lambda: acme(0, 0, 0))
    with state.transaction():
        users = [r for r in state.recipients.values() if r.kind == "UserMailbox"]
        lists = [r for r in state.recipients.values() if r.is_group and len(r.members) > 1]
        user_changes = changes * 7 // 10
        for n, user in enumerate(users[:user_changes]):
            if n % 2:
                user.account_enabled = False
            else:
                user.job_title = f"Changed {n}"
        for group in lists[: changes - user_changes]:
            group.members = group.members[1:]
        state.mark_dirty()


async def measure(connection: TenantConnection, home: Path, state_file: Path, changes: int) -> None:
    workspace = Workspace.open(load_settings({"MAILWARDEN_HOME": str(home)}))
    workspace.tenants.add(
        TenantRecord(
            tenant_key=TENANT,
            display_name="bench",
            cloud="emulator",
            tenant_id=connection.tenant_id,
            client_id=connection.client_id,
        )
    )
    try:
        async with open_tenant(connection) as clients:
            started = time.perf_counter()
            directory = await workspace.discover(TENANT, clients)
            wall = time.perf_counter() - started
            print(f"full discovery (starts tracking):  {wall:7.2f} s, {len(directory):,} recipients")

            started = time.perf_counter()
            users, groups = await asyncio.gather(
                clients.graph.delta("users", select=USER_SELECT, expand="manager"),
                clients.graph.delta("groups", select=GROUP_SELECT),
            )
            wall = time.perf_counter() - started
            print(
                f"initial delta round (no token):    {wall:7.2f} s, "
                f"{users.requests + groups.requests} requests, "
                f"{len(users.items):,} users + {len(groups.items):,} groups"
            )

            quiet: list[float] = []
            requests = 0
            for _ in range(5):
                result = await workspace.sync_directory(TENANT, clients)
                assert result is not None
                quiet.append(result.seconds)
                requests = result.requests
            print(
                f"sync round, no change:             {statistics.median(quiet):7.2f} s (median of 5), "
                f"{requests} requests (concurrent)"
            )

            _change_behind_our_back(state_file, changes)
            # The emulator re-reads its state file once another process wrote it; let that happen before
            # the clock starts, since a real tenant has no such step.
            await clients.graph.organization()
            result = await workspace.sync_directory(TENANT, clients)
            assert result is not None
            print(
                f"sync round, {changes} changes:          {result.seconds:7.2f} s, "
                f"{result.requests} requests, {result.changed} recipients updated, "
                f"{result.removed} removed, full={result.full}"
            )
            print(
                f"  of which waiting for Graph:      {result.fetch_seconds:7.2f} s (the emulator compares "
                "every object and saves its state file in it); merging and writing the cache: "
                f"{result.seconds - result.fetch_seconds:.2f} s"
            )
    finally:
        workspace.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    generated_tenant_arguments(parser, latency_ms=50)
    parser.add_argument("--changes", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mailwarden-bench-") as tmp:
        state_dir = Path(tmp) / "emulator"
        tenant = {"users": args.users, "shared": args.shared, "lists": args.lists}
        with generated_emulator(state_dir, **tenant, latency_ms=args.latency) as connection:
            print(
                f"tenant: {args.users:,} users, {args.shared:,} shared mailboxes, {args.lists:,} lists; "
                f"latency {args.latency} ms per request"
            )
            asyncio.run(measure(connection, Path(tmp) / "home", state_dir / TENANT_FILE, args.changes))


if __name__ == "__main__":
    main()
