"""Benchmark: the tenant-wide delegation report, concurrent and batched against one call at a time.

Starts the emulator (2,000 users and 2,000 shared mailboxes by default, each shared mailbox with three
Full Access and one Send As grant) with latency on every response and Exchange throttled to a realistic
budget (the `exchange` preset: 3,000 requests per 60 s, the Rate-Limit-Limit Exchange Online reports).
Discovers the directory first (not timed), then reads every shared mailbox's delegations:

  (a) as built: one paged Get-Mailbox for Send on Behalf, then Get-MailboxPermission and
      Get-RecipientPermission for each mailbox through $batch (10 cmdlets per batch), several batches in
      flight within the tenant's concurrency limit;
  (b) one call at a time: the same cmdlets, one InvokeCommand each, sequentially. This takes minutes on the
      full tenant, so by default it runs on a sample of mailboxes and is extrapolated (--sample 0: all).

Prints wall times, the requests the emulator saw, and the least time the throttling budget allows for that
many requests (the bucket starts full, then refills at budget/window per second).

    .venv/bin/python scripts/bench_report.py [--users N --shared N --latency MS --sample N
                                              --budget N --window S --parallel N]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from mailwarden.actions.base import ActionContext
from mailwarden.actions.delegation_report import delegation_report, list_report_mailboxes, read_grants
from mailwarden.connectors.connection import ClientSecretCredential, TenantConnection, open_tenant
from mailwarden.connectors.endpoints import emulator as emulator_endpoints
from mailwarden.connectors.exchange import BATCH_SIZE
from mailwarden.connectors.secret import Secret
from mailwarden.directory.discovery import discover
from mailwarden.directory.snapshot import Directory
from mailwarden.emulator.faults import PRESETS
from mailwarden.testing import RunningEmulator, running_emulator

PAGE = 1000  # Get-Mailbox page size (odata.maxpagesize)


@dataclass(frozen=True)
class Run:
    label: str
    mailboxes: int
    seconds: float
    requests: int
    throttled: int
    rows: int
    listing_seconds: float = 0.0
    """Of `seconds`, the time the paged Get-Mailbox took (the part that does not grow per mailbox)."""


def arm(em: RunningEmulator, latency_ms: int, budget: int, window_s: float) -> None:
    """Fresh faults: the latency on every response and a full Exchange budget (so each run starts equal)."""
    em.faults.reset()
    em.faults.latency("all", latency_ms)
    em.faults.throttle("exchange", budget, window_s)


def counted(em: RunningEmulator) -> tuple[int, int]:
    sent = em.faults.requests("exchange")
    return len(sent), sum(1 for r in sent if r.status == 429)


async def bench(em: RunningEmulator, args: argparse.Namespace) -> tuple[Run, Run, bool]:
    connection = TenantConnection(
        endpoints=emulator_endpoints(em.url),
        tenant_id=em.tenant_id,
        client_id=em.client_id,
        credential=ClientSecretCredential(Secret(em.client_secret)),
        ca_file=em.ca_file,
        max_concurrency=args.parallel,
    )
    async with open_tenant(connection) as clients:
        found = await discover(clients)
        ctx = ActionContext(clients=clients, directory=Directory(found.recipients, found.domains))

        arm(em, args.latency, args.budget, args.window)
        started = time.perf_counter()
        totals: list[int] = []
        report = await delegation_report(ctx, progress=lambda done, total: totals.append(total))
        wall = time.perf_counter() - started
        requests, throttled = counted(em)
        mailboxes = totals[-1]
        built = Run("(a) concurrent, batched", mailboxes, wall, requests, throttled, len(report.rows))

        arm(em, args.latency, args.budget, args.window)
        started = time.perf_counter()
        listing = await list_report_mailboxes(ctx, "shared")
        listed = time.perf_counter() - started
        sample = listing if args.sample <= 0 else listing[: args.sample]
        grants, _ = await read_grants(ctx, sample, batched=False, parallel=1)
        wall = time.perf_counter() - started
        requests, throttled = counted(em)
        single = Run("(b) one call at a time", len(sample), wall, requests, throttled, len(grants), listed)

    sampled = {g.mailbox_address for g in grants}
    in_report = sum(1 for row in report.rows if row["mailbox_address"] in sampled)
    return built, single, in_report == len(grants)


def minimum_seconds(requests: int, budget: int, window_s: float) -> float:
    """The least time `requests` take under a token bucket that starts full and refills budget/window_s."""
    return max(0, requests - budget) * window_s / budget


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=2_000)
    parser.add_argument("--shared", type=int, default=2_000)
    parser.add_argument("--latency", type=int, default=50, help="milliseconds added to every response")
    parser.add_argument("--sample", type=int, default=200, help="mailboxes read one call at a time (0: all)")
    preset = PRESETS["exchange"]
    parser.add_argument("--budget", type=int, default=preset.budget, help="Exchange requests per window")
    parser.add_argument("--window", type=float, default=preset.window_s, help="the window, in seconds")
    parser.add_argument("--parallel", type=int, default=4, help="requests in flight to the tenant")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mailwarden-bench-") as tmp:
        seeding = time.perf_counter()
        with running_emulator(Path(tmp), users=args.users, shared=args.shared) as em:
            seeded = time.perf_counter() - seeding
            built, single, agree = asyncio.run(bench(em, args))

    n = built.mailboxes
    pages = max(1, math.ceil(n / PAGE))
    batches = math.ceil(2 * n / BATCH_SIZE)
    need_batched, need_single = pages + batches, pages + 2 * n
    rate = args.budget / args.window
    per_mailbox = (single.seconds - single.listing_seconds) / max(1, single.mailboxes)
    # Unthrottled, the sample's pace holds for every mailbox; the budget may bound the full run further.
    extrapolated = max(
        single.listing_seconds + per_mailbox * n, minimum_seconds(need_single, args.budget, args.window)
    )

    print(
        f"tenant: {args.users} users, {args.shared} shared mailboxes (seeded and served in {seeded:.1f} s); "
        f"latency {args.latency} ms per response; Exchange budget {args.budget} requests / {args.window:g} s "
        f"({rate:g}/s); {args.parallel} requests in flight"
    )
    for run in (built, single):
        print(
            f"{run.label:26s} {run.mailboxes:>6,d} mailboxes  {run.seconds:8.2f} s  "
            f"{run.requests:>6,d} Exchange requests ({run.throttled} throttled)  {run.rows:>6,d} grants"
        )
    if single.mailboxes < n:
        print(
            f"(b) extrapolated to {n:,d} mailboxes: {extrapolated:8.1f} s, {need_single:,d} requests "
            f"({extrapolated / built.seconds:.0f}x (a))"
        )
    print(f"both ways find the same grants on the sample: {'yes' if agree else 'NO'}")
    print("least time the throttling budget allows (bucket full at the start; at the steady rate alone):")
    for label, requests, why in (
        ("(a)", need_batched, f"{pages} Get-Mailbox pages + {batches} batches"),
        ("(b)", need_single, f"{pages} pages + 2 per mailbox"),
        ("(a) if each cmdlet in a batch counted", need_single, "Microsoft does not say how $batch counts"),
    ):
        print(
            f"  {label}: {requests:,d} requests ({why}): "
            f"{minimum_seconds(requests, args.budget, args.window):.1f} s; {requests / rate:.1f} s"
        )
    rounds = math.ceil(batches / args.parallel)
    print(
        f"least time the latency allows for (a): {rounds} rounds of {args.parallel} batches "
        f"x {args.latency} ms = {rounds * args.latency / 1000:.1f} s (+ server time)"
    )


if __name__ == "__main__":
    main()
