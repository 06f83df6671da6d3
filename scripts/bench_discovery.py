"""Benchmark: discovery of a large generated tenant — wall time, requests, and peak memory.

The emulator runs in its own process (`mailwarden emulator`), so the memory measured here is discovery's
alone: the Python heap peak (tracemalloc) and the process's peak resident size.

    .venv/bin/python scripts/bench_discovery.py [--users 20000 --shared 2000 --lists 1000 --latency 0]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

from _bench import generated_emulator, generated_tenant_arguments  # beside this script

from mailwarden.connectors.connection import TenantConnection, open_tenant
from mailwarden.directory.discovery import discover
from mailwarden.directory.snapshot import Directory


async def run(connection: TenantConnection) -> tuple[Counter[str], float, int]:
    async with open_tenant(connection) as clients:
        tracemalloc.start()
        started = time.perf_counter()
        found = await discover(clients)
        directory = Directory(found.recipients, found.domains)
        wall = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return Counter(str(r.kind) for r in directory), wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    generated_tenant_arguments(parser, latency_ms=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mailwarden-bench-") as tmp:
        tenant = {"users": args.users, "shared": args.shared, "lists": args.lists}
        with generated_emulator(Path(tmp), **tenant, latency_ms=args.latency) as connection:
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            kinds, wall, peak = asyncio.run(run(connection))
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"tenant: {args.users} users, {args.shared} shared mailboxes, {args.lists} lists; "
        f"latency {args.latency} ms"
    )
    print(
        f"discovered: {sum(kinds.values()):,} recipients "
        f"({', '.join(f'{k} {n:,}' for k, n in kinds.most_common())})"
    )
    print(f"wall time:              {wall:.2f} s")
    print(f"python heap peak:       {peak / 2**20:.0f} MiB (tracemalloc, discovery + directory index)")
    print(
        f"process peak RSS:       {rss_after / 1024:.0f} MiB "
        f"(was {rss_before / 1024:.0f} MiB before discovery)"
    )


if __name__ == "__main__":
    main()
