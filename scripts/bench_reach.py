"""Cost of checking where forwarded mail goes: round trips and time of `mail_reach` on lists of growing size.

    PYTHONPATH=src python scripts/bench_reach.py [--latency-ms 50]

Builds, through the emulator's cmdlets, a list of N enabled users nested two deep (a list holding a list
holding the people), then times the walk over HTTPS with the given emulated latency per request.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from mailwarden.connectors.connection import ClientSecretCredential, TenantConnection, open_tenant
from mailwarden.connectors.endpoints import emulator as emulator_endpoints
from mailwarden.connectors.secret import Secret
from mailwarden.directory.reach import mail_reach
from mailwarden.testing import running_emulator


async def _run(latency_ms: int, sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder, running_emulator(Path(folder), users=max(sizes)) as em:
        connection = TenantConnection(
            endpoints=emulator_endpoints(em.url),
            tenant_id=em.tenant_id,
            client_id=em.client_id,
            credential=ClientSecretCredential(Secret(em.client_secret)),
            ca_file=em.ca_file,
        )
        async with open_tenant(connection) as clients:
            for n in sizes:
                people = [f"user{i:05d}@acme.com" for i in range(n)]
                await clients.exchange.new_distribution_group(f"inner{n}", members=people)
                await clients.exchange.new_distribution_group(f"outer{n}", members=[f"inner{n}@acme.com"])
            em.faults.latency("all", latency_ms)
            print(f"latency {latency_ms} ms per request")
            for n in sizes:
                start = time.perf_counter()
                reach = await mail_reach(clients, f"outer{n}@acme.com", source="sarah@acme.com")
                took = time.perf_counter() - start
                assert reach.blocked is None, reach.blocked
                print(f"  {n:5d} people in a nested list: {reach.reads:5d} cmdlets, {took:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--sizes", default="10,100,500")
    args = parser.parse_args()
    asyncio.run(_run(args.latency_ms, [int(s) for s in args.sizes.split(",")]))


if __name__ == "__main__":
    main()
