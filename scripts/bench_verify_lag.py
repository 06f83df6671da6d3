"""Benchmark: a list membership change confirmed while reads lag writes, until it is verified.

Starts the emulator with added latency on every response and the `replication_lag_seconds` switch, has an
admin ask for a member to be added to a distribution list, confirms it, and runs it the way the service
does (preflight, apply, verify with backoff). Prints the time from the confirmation to the step being
recorded "applied, verifying" and to "verified", and the requests the run sent, against the same change
with no lag (the extra ones are what verification costs).

    .venv/bin/python scripts/bench_verify_lag.py [--lag SECONDS --latency MS]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from mailwarden.actions.base import ActionContext, VerifyWait
from mailwarden.audit import AuditLog
from mailwarden.connectors.connection import ClientSecretCredential, TenantConnection, open_tenant
from mailwarden.connectors.endpoints import emulator as emulator_endpoints
from mailwarden.connectors.secret import Secret
from mailwarden.directory.discovery import discover
from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.emulator.serve import RunningEmulator
from mailwarden.emulator.switches import set_switch
from mailwarden.model.steps import DistributionListMembership, Step
from mailwarden.policy import Org, PolicyEngine
from mailwarden.store.db import Store
from mailwarden.store.tenants import TenantRecord, TenantRegistry
from mailwarden.testing import running_emulator
from mailwarden.workflow.requests import advance, plan_steps, submit
from mailwarden.workflow.service import Actor, RequestService

TENANT = "acme"
REQUESTER = "grace.hopper@acme.com"


async def confirm_and_run(
    em: RunningEmulator, work: Path, member: str, lag: int, verify: VerifyWait
) -> dict[str, Any]:
    """Plan and submit the add, then time confirm + run; the emulator counts the run's requests."""
    connection = TenantConnection(
        endpoints=emulator_endpoints(em.url),
        tenant_id=em.tenant_id,
        client_id=em.client_id,
        credential=ClientSecretCredential(Secret(em.client_secret)),
        ca_file=em.ca_file,
    )
    work.mkdir()
    with Store(f"sqlite:///{work / 'mailwarden.db'}") as store:
        TenantRegistry(store).add(
            TenantRecord(
                tenant_key=TENANT, display_name="Acme", cloud="emulator", tenant_id="t", client_id="c"
            )
        )
        async with open_tenant(connection) as clients:
            found = await discover(clients)
            directory = Directory(found.recipients, found.domains)
            ctx = ActionContext(clients=clients, directory=directory, verify=verify)
            engine = PolicyEngine()
            org = Org(directory=directory, admins=frozenset(r.recipient_id for r in directory if r.is_admin))

            def decide(requester: Any, step: Step, preview: Any = None) -> Any:
                return engine.decide(org, requester, step)

            person = resolve(directory, REQUESTER)
            actor = Actor(
                actor_id=person.recipient_id, address=person.primary_address, is_admin=person.is_admin
            )
            service = RequestService(store, AuditLog(store, work))
            step = DistributionListMembership(change="add", group="marketing@acme.com", member=member)
            planned = await plan_steps(ctx, person, [step], decide)
            view = await submit(service, ctx, TENANT, actor, planned)
            set_switch(em.state, "replication_lag_seconds", lag)
            seen_before = len(em.faults.requests())
            verifying_at: list[float] = []
            record_step = service.record_step

            def timed_record(*args: Any, **kwargs: Any) -> None:
                # record_step(view, position, status, outcome, actor)
                if args[2] == "applied" and args[3].get("verification") == "verifying":
                    verifying_at.append(time.perf_counter())
                record_step(*args, **kwargs)

            service.record_step = timed_record  # type: ignore[method-assign]
            started = time.perf_counter()
            service.confirm(TENANT, view.request_id, actor)
            done = await advance(service, ctx, TENANT, view.request_id)
            ended = time.perf_counter()
            sent = em.faults.requests()[seen_before:]
            set_switch(em.state, "replication_lag_seconds", 0)
    outcome = done.steps[0].outcome or {}
    return {
        "status": done.steps[0].status,
        "verification": outcome.get("verification"),
        "seconds": ended - started,
        "verifying_after": (verifying_at[0] - started) if verifying_at else None,
        "requests": len(sent),
        "reads": sum(r.method == "GET" or "Get-" in r.path for r in sent),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lag", type=int, default=4, help="seconds before reads show a write")
    parser.add_argument("--latency", type=int, default=50, help="milliseconds added to every response")
    parser.add_argument("--first", type=float, default=VerifyWait.first, help="first wait before a re-read")
    parser.add_argument(
        "--longest", type=float, default=VerifyWait.longest, help="longest wait between re-reads"
    )
    args = parser.parse_args()
    verify = VerifyWait(first=args.first, longest=args.longest)

    with (
        tempfile.TemporaryDirectory(prefix="mailwarden-bench-") as tmp,
        running_emulator(Path(tmp) / "em") as em,
    ):
        em.faults.latency("all", args.latency)
        plain = asyncio.run(confirm_and_run(em, Path(tmp) / "plain", "emma.wilson@acme.com", 0, verify))
        lagged = asyncio.run(
            confirm_and_run(em, Path(tmp) / "lagged", "rachel.green@acme.com", args.lag, verify)
        )

    print(
        f"list membership add, confirmed and run; latency {args.latency} ms per response; "
        f"re-reads after {args.first:g} s doubling to {args.longest:g} s"
    )
    for name, r in (("no lag", plain), (f"lag {args.lag} s", lagged)):
        verifying = f"{r['verifying_after']:.2f} s" if r["verifying_after"] is not None else "-"
        print(
            f"  {name:9s} {r['status']}/{r['verification']}: confirm -> verified {r['seconds']:.2f} s "
            f"(applied/verifying recorded at {verifying}); {r['requests']} requests"
        )
    extra = lagged["requests"] - plain["requests"]
    print(f"extra requests verification cost under the lag: {extra} (read-backs while the write replicated)")
    print(f"extra time: {lagged['seconds'] - plain['seconds']:.2f} s for a {args.lag} s lag")


if __name__ == "__main__":
    main()
