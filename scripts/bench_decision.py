"""Decision time per step with the facts that give power read live, at an emulated network latency.

    PYTHONPATH=src python scripts/bench_decision.py [--latency-ms 50] [--runs 40]

Serves the Acme emulator over HTTPS on loopback with `latency_ms` added to every request, discovers it once
(the cache), then for each kind of step times what confirmation, approval and execution each do: read the
live facts of the step (requester, resource, subject, an approver, the admins) and decide it. Prints p50
and p95 per step kind, the round trips per decision, and the same decision on the cache alone for contrast.
The emulator delays every request by the latency, including each sub-request it runs inside a `$batch`
(in process, one after the other), so at 50 ms a batch of six reads costs about 350 ms there, where Graph
answers a batch's independent requests together: the figures at 50 ms are an upper bound; those at
`--latency-ms 0` plus 50 ms per round trip are the estimate for a real tenant.
Not a test: figures for the report.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from mailwarden.connectors.connection import ClientSecretCredential, TenantConnection, open_tenant
from mailwarden.connectors.endpoints import emulator as emulator_endpoints
from mailwarden.connectors.secret import Secret
from mailwarden.directory.discovery import discover
from mailwarden.directory.live_facts import read_live_facts
from mailwarden.directory.snapshot import Directory
from mailwarden.model.steps import (
    ChangePrimaryAlias,
    DistributionListMembership,
    EmailForwardingInternal,
    SendAs,
    Step,
)
from mailwarden.policy import Org, PolicyEngine
from mailwarden.policy.entities import step_references
from mailwarden.testing import running_emulator

STEPS: dict[str, tuple[str, Step, str]] = {
    # name: (requester, step, the approver read along, as at approval)
    "join a distribution list (Exchange + Graph)": (
        "tom.becker@acme.com",
        DistributionListMembership(change="add", group="engineering@acme.com", member="tom.becker@acme.com"),
        "david.chen@acme.com",
    ),
    "join a private Microsoft 365 group": (
        "tom.becker@acme.com",
        DistributionListMembership(
            change="add", group="project-atlas@acme.com", member="tom.becker@acme.com"
        ),
        "olivia.martin@acme.com",
    ),
    "Send As on a shared mailbox": (
        "tom.becker@acme.com",
        SendAs(change="grant", mailbox="support@acme.com", trustee="tom.becker@acme.com"),
        "sarah@acme.com",
    ),
    "change one's primary address": (
        "tom.becker@acme.com",
        ChangePrimaryAlias(change="set", recipient="tom.becker@acme.com", new_address="tb@acme.com"),
        "grace.hopper@acme.com",
    ),
    "forward one's mail internally": (
        "tom.becker@acme.com",
        EmailForwardingInternal(change="set", mailbox="tom.becker@acme.com", forward_to="sarah@acme.com"),
        "grace.hopper@acme.com",
    ),
}


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _bench(latency_ms: int, runs: int, folder: Path) -> None:
    with running_emulator(folder, latency_ms=0) as em:
        connection = TenantConnection(
            endpoints=emulator_endpoints(em.url),
            tenant_id=em.tenant_id,
            client_id=em.client_id,
            credential=ClientSecretCredential(Secret(em.client_secret)),
            ca_file=em.ca_file,
        )
        async with open_tenant(connection) as clients:
            found = await discover(clients)
            directory = Directory(found.recipients, found.domains)
            org = Org(directory, admins=frozenset(r.recipient_id for r in directory if r.is_admin))
            engine = PolicyEngine()
            await read_live_facts(clients, directory, [])  # tokens fetched before timing
            em.faults.latency("all", latency_ms)
            print(f"decision per step with live facts, {latency_ms} ms emulated latency, {runs} runs each")
            print(f"{'step':46} {'p50 ms':>8} {'p95 ms':>8} {'trips':>6} {'cache-only p50 ms':>18}")
            for name, (requester, step, approver) in STEPS.items():
                live_times: list[float] = []
                cached_times: list[float] = []
                trips = 0
                for _ in range(runs):
                    started = time.perf_counter()
                    people = [requester, approver, *step_references(step)]
                    ids = [r.recipient_id for p in people if (r := directory.address_owner(p)) is not None]
                    facts = await read_live_facts(clients, directory, ids)
                    decision = engine.decide(org.with_live(facts), requester, step)
                    live_times.append((time.perf_counter() - started) * 1000)
                    trips = facts.round_trips
                    started = time.perf_counter()
                    engine.decide(org, requester, step)
                    cached_times.append((time.perf_counter() - started) * 1000)
                print(
                    f"{name:46} {_pct(live_times, 0.5):8.1f} {_pct(live_times, 0.95):8.1f} {trips:6d} "
                    f"{statistics.median(cached_times):18.2f}   ({decision.outcome})"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_bench(args.latency_ms, args.runs, Path(folder)))


if __name__ == "__main__":
    main()
