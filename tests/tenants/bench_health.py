"""Figures, not a test: how long connecting, the health check and target proposals take.

    .venv/bin/python -m tests.tenants.bench_health [--latency MS] [--users N]

Prints the wall time of validation (two tokens), of the health check (tokens + Graph and Exchange reads)
against an emulator with `--latency` per response, and of proposing targets over a generated tenant.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from mailwarden.connectors.connection import ClientSecretCredential, open_tenant
from mailwarden.connectors.secret import Secret
from mailwarden.directory.discovery import discover
from mailwarden.directory.snapshot import Directory
from mailwarden.tenants.connect import TenantSpec, validate
from mailwarden.tenants.health import check_tenant
from mailwarden.tenants.targets import diff_directories, propose_targets
from mailwarden.testing import running_emulator


async def main(latency: int, users: int) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        running_emulator(
            Path(folder), latency_ms=latency, users=users, shared=users // 10, lists=users // 20
        ) as em,
    ):
        spec = TenantSpec(
            key="bench", cloud="emulator", tenant=em.tenant_id, client_id=em.client_id,
            credential=ClientSecretCredential(Secret(em.client_secret)), url=em.url, ca_file=str(em.ca_file),
        )  # fmt: skip
        start = time.perf_counter()
        await validate(spec)
        print(f"validate (Graph + Exchange token, organisation): {time.perf_counter() - start:.3f} s")
        async with open_tenant(spec.connection()) as clients:
            start = time.perf_counter()
            report = await check_tenant(clients, "bench")
            print(
                f"health check at {latency} ms latency: {time.perf_counter() - start:.3f} s {report.badges}"
            )
            found = await discover(clients)
        directory = Directory(found.recipients, found.domains)
        start = time.perf_counter()
        file = propose_targets("bench", directory)
        print(f"propose targets for {len(directory)} recipients: {time.perf_counter() - start:.3f} s "
              f"({len(file.targets)} targets)")  # fmt: skip
        start = time.perf_counter()
        diff_directories(directory, directory)
        print(f"diff two discoveries of {len(directory)} recipients: {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=int, default=50)
    parser.add_argument("--users", type=int, default=2000)
    args = parser.parse_args()
    asyncio.run(main(args.latency, args.users))
