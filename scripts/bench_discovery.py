"""Benchmark: discovery of a large generated tenant — wall time, requests, and peak memory.

The emulator runs in its own process (`mailwarden emulator`), so the memory measured here is discovery's
alone: the Python heap peak (tracemalloc) and the process's peak resident size.

    .venv/bin/python scripts/bench_discovery.py [--users 20000 --shared 2000 --lists 1000 --latency 0]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

from mailwarden.connectors.connection import CertificateCredential, TenantConnection, open_tenant
from mailwarden.connectors.endpoints import emulator as emulator_endpoints
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
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--shared", type=int, default=2_000)
    parser.add_argument("--lists", type=int, default=1_000)
    parser.add_argument("--latency", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mailwarden-bench-") as tmp:
        command = [
            str(Path(sys.executable).with_name("mailwarden")),
            "emulator",
            "--state",
            tmp,
            "--users",
            str(args.users),
            "--shared",
            str(args.shared),
            "--lists",
            str(args.lists),
            "--latency",
            str(args.latency),
        ]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603 - our own CLI
        try:
            assert server.stdout is not None
            info = json.loads(server.stdout.readline())
            connection = TenantConnection(
                endpoints=emulator_endpoints(info["url"]),
                tenant_id=info["tenant_id"],
                client_id=info["client_id"],
                credential=CertificateCredential.from_file(info["certificate_file"]),
                ca_file=info["ca_file"],
            )
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            kinds, wall, peak = asyncio.run(run(connection))
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        finally:
            server.terminate()
            server.wait(timeout=10)
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
