"""Benchmark: a provider with many tenants. Each tenant is connected, checked, discovered and reported on.

Starts one emulator serving the Acme demo and `--tenants` generated tenants of `--mailboxes` mailboxes each
(`mailwarden emulator --tenants N+1`), with `--latency` ms on every response and Microsoft's budgets per
app and tenant (presets `graph-directory-small`: 3,500 Graph requests per 10 s; `exchange`: 3,000 per
60 s). Then, for 1, 2 and 4 workers, into a fresh data folder, every generated tenant goes through the
product's own code paths as one job:

    connect   tenants.connect.add_tenant (validates a Graph and an Exchange token, stores it sealed)
    check     tenants.health.check_tenant + save_report (what `tenant add` / `tenant check` run)
    discover  Workspace.discover (change tracking started, every recipient read, cache replaced)
    report    actions.delegation_report over the discovered directory (Full Access, Send As, on Behalf)

The procrastinate worker (`mailwarden worker`) is not on this branch, so the workers are separate
processes (multiprocessing, spawn) taking tenant jobs one at a time from one queue, as a procrastinate
worker with concurrency 1 takes jobs; the job function is the same sequence the CLI runs.

Prints, per worker count: wall time, tenant jobs per minute, requests per tenant (by API), the most
requests any tenant sent in any budget window against its budget, and 429s; then the model projecting
to 1,000 tenants (stated with its figures).

    PYTHONPATH=src .venv/bin/python scripts/bench_many_tenants.py [--tenants 100 --mailboxes 500
                                         --latency 50 --workers 1,2,4]

Measured 2026-12-04 on the shared 2-core machine (9 sessions; the 1-worker round overlapped a test run),
100 tenants x 500 mailboxes, 50 ms: 91 requests per tenant (Graph 66, Exchange 17, identity 8), no tenant
above 66 Graph requests in any 10 s or 17 Exchange in any 60 s, no 429; wall 782 s (1 worker), 336 s (2),
210 s (4); about 7.8 s per tenant job (discovery 4.7 s of it). Projected to 1,000 tenants: 130, 56 and 35 min.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mailwarden.emulator.faults import PRESETS, LoggedRequest
from mailwarden.testing import RunningEmulator, running_emulator

_BUDGETS = {"graph": PRESETS["graph-directory-small"], "exchange": PRESETS["exchange"]}


@dataclass(frozen=True)
class Job:
    index: int
    tenant_id: str
    tenant_domain: str
    client_id: str
    client_secret: str


def _worker(home: str, url: str, ca_file: str, jobs: Any, results: Any) -> None:
    """One worker process: take tenant jobs until the queue says stop."""
    os.environ["MAILWARDEN_HOME"] = home
    asyncio.run(_work(url, ca_file, jobs, results))


async def _work(url: str, ca_file: str, jobs: Any, results: Any) -> None:
    from mailwarden.workspace import Workspace

    workspace = Workspace.open()
    results.put({"ready": True})  # started and imported: the clock starts when every worker is
    try:
        while True:
            job = jobs.get()
            if job is None:
                return
            try:
                results.put(await tenant_job(workspace, url, ca_file, job))
            except Exception as exc:  # noqa: BLE001 - a failed tenant is reported, the others go on
                results.put({"index": job.index, "error": f"{type(exc).__name__}: {exc}"})
    finally:
        workspace.close()


async def tenant_job(workspace: Any, url: str, ca_file: str, job: Job) -> dict[str, Any]:
    """Connect, check, discover and report one tenant, as `tenant add` and `report delegations` do."""
    from mailwarden.actions.base import ActionContext
    from mailwarden.actions.delegation_report import delegation_report
    from mailwarden.connectors.connection import ClientSecretCredential
    from mailwarden.connectors.secret import Secret
    from mailwarden.directory.snapshot import Directory
    from mailwarden.tenants.connect import TenantSpec, add_tenant
    from mailwarden.tenants.health import check_tenant, save_report
    from mailwarden.tenants.targets import refresh_targets

    key = f"t{job.index:03d}"
    times: dict[str, float] = {}
    start = time.perf_counter()
    spec = TenantSpec(
        key=key,
        cloud="emulator",
        tenant=job.tenant_id,
        client_id=job.client_id,
        credential=ClientSecretCredential(Secret(job.client_secret)),
        url=url,
        ca_file=ca_file,
    )
    await add_tenant(workspace, spec, actor="local:bench")
    times["connect"] = time.perf_counter() - start
    with workspace.connection(key) as connection:
        async with workspace.clients(connection) as clients:
            mark = time.perf_counter()
            report = await check_tenant(clients, key)
            save_report(workspace, report)
            times["check"] = time.perf_counter() - mark
            mark = time.perf_counter()
            directory = await workspace.discover(key, clients)
            refresh_targets(workspace, key, Directory([]), directory)
            times["discover"] = time.perf_counter() - mark
            mark = time.perf_counter()
            view = await delegation_report(
                ActionContext(clients=clients, directory=directory),
                cache=workspace.documents,
            )
            times["report"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - start
    bad = [name for name, badge in report.badges.items() if badge == "red"]
    return {
        "index": job.index,
        "times": times,
        "rows": len(view.rows),
        "red": bad,
        "recipients": len(directory),
    }


def _arm(em: RunningEmulator, latency_ms: int) -> None:
    em.faults.reset()
    em.faults.latency("all", latency_ms)
    for api, rule in _BUDGETS.items():
        em.faults.throttle(api, rule.budget, rule.window_s)


def _most_in_window(times: list[float], window: float) -> int:
    """The most requests inside any `window` seconds (a sliding window over arrival times)."""
    times = sorted(times)
    most, left = 0, 0
    for right, t in enumerate(times):
        while t - times[left] >= window:
            left += 1
        most = max(most, right - left + 1)
    return most


def _by_tenant(log: list[LoggedRequest], names: dict[str, int]) -> dict[int, list[LoggedRequest]]:
    out: dict[int, list[LoggedRequest]] = defaultdict(list)
    for entry in log:
        index = names.get(entry.tenant.lower())
        if index is not None:
            out[index].append(entry)
    return out


def run_round(em: RunningEmulator, jobs: list[Job], workers: int, latency_ms: int) -> dict[str, Any]:
    home = tempfile.mkdtemp(prefix=f"mw-bench-{workers}w-")
    os.environ["MAILWARDEN_HOME"] = home
    from mailwarden.workspace import Workspace

    Workspace.open().close()  # the store and data folder exist before the workers race for them
    ctx = mp.get_context("spawn")
    queue, results = ctx.Queue(), ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(home, em.url, str(em.ca_file), queue, results))
        for _ in range(workers)
    ]
    for p in procs:
        p.start()
    for _ in procs:
        results.get()  # each worker's "ready": process start and imports are not the jobs' time
    _arm(em, latency_ms)
    started = time.perf_counter()
    for job in jobs:
        queue.put(job)
    for _ in range(workers):
        queue.put(None)
    done = [results.get() for _ in jobs]
    wall = time.perf_counter() - started
    for p in procs:
        p.join()
    names = {j.tenant_id.lower(): j.index for j in jobs} | {j.tenant_domain.lower(): j.index for j in jobs}
    per_tenant = _by_tenant(em.faults.requests(), names)
    counts = {api: [sum(1 for e in per_tenant[j.index] if e.api == api) for j in jobs] for api in _BUDGETS}
    counts["identity"] = [sum(1 for e in per_tenant[j.index] if e.api == "identity") for j in jobs]
    peaks = {
        api: max(
            _most_in_window([e.time for e in per_tenant[j.index] if e.api == api], rule.window_s)
            for j in jobs
        )
        for api, rule in _BUDGETS.items()
    }
    throttled = sum(1 for e in em.faults.requests() if e.status == 429)
    failed = [d for d in done if "error" in d]
    ok = [d for d in done if "error" not in d]
    return {
        "workers": workers,
        "wall_s": wall,
        "tenants": len(jobs),
        "failed": failed,
        "per_tenant_s": statistics.mean(d["times"]["total"] for d in ok) if ok else 0.0,
        "phases_s": {
            phase: statistics.mean(d["times"][phase] for d in ok) if ok else 0.0
            for phase in ("connect", "check", "discover", "report")
        },
        "requests_per_tenant": {api: statistics.mean(c) for api, c in counts.items()},
        "peak_in_window": peaks,
        "throttled": throttled,
        "red_badges": Counter(b for d in ok for b in d["red"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tenants", type=int, default=100, help="generated tenants (Acme is not counted)")
    parser.add_argument("--mailboxes", type=int, default=500)
    parser.add_argument("--latency", type=int, default=50, help="ms on every response")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--project", type=int, default=1000, help="tenants to project the time to")
    args = parser.parse_args()
    counts = [int(w) for w in args.workers.split(",")]
    state = Path(tempfile.mkdtemp(prefix="mw-bench-emulator-"))
    made = time.perf_counter()
    with running_emulator(state, tenants=args.tenants + 1, mailboxes=args.mailboxes) as em:
        print(
            f"emulator: {args.tenants} generated tenants of {args.mailboxes} mailboxes, "
            f"{time.perf_counter() - made:.1f} s to generate and start; latency {args.latency} ms; budgets "
            + ", ".join(f"{api} {r.budget}/{r.window_s:g}s per app+tenant" for api, r in _BUDGETS.items())
        )
        assert em.fleet_file is not None
        listed = json.loads(em.fleet_file.read_text())["tenants"][1:]  # tenant 0 is the Acme demo
        jobs = [Job(**{k: t[k] for k in Job.__dataclass_fields__}) for t in listed]
        rounds = []
        for workers in counts:
            r = run_round(em, jobs, workers, args.latency)
            rounds.append(r)
            print(
                f"\n{workers} worker(s): {r['wall_s']:.1f} s wall for {r['tenants']} tenants "
                f"({60 * r['tenants'] / r['wall_s']:.1f} tenants/min), failed {len(r['failed'])}"
                + (f" (first: {r['failed'][0]['error']})" if r["failed"] else "")
            )
            print(
                "  per tenant: {:.2f} s = ".format(r["per_tenant_s"])
                + ", ".join(f"{p} {s:.2f}" for p, s in r["phases_s"].items())
            )
            print(
                "  requests per tenant: "
                + ", ".join(f"{a} {n:.1f}" for a, n in r["requests_per_tenant"].items())
            )
            print(
                "  most requests one tenant sent in one budget window: "
                + ", ".join(
                    f"{api} {r['peak_in_window'][api]} of {rule.budget} per {rule.window_s:g} s"
                    for api, rule in _BUDGETS.items()
                )
                + f"; 429s: {r['throttled']}; budget exceeded: "
                + (
                    "YES"
                    if r["throttled"] or any(r["peak_in_window"][a] > _BUDGETS[a].budget for a in _BUDGETS)
                    else "no"
                )
            )
            if r["red_badges"]:
                print(f"  red health badges: {dict(r['red_badges'])}")
    base = rounds[0]
    print(
        f"\nModel for {args.project} tenants. A tenant's job is a fixed chain of round trips "
        f"(about {sum(base['requests_per_tenant'].values()):.0f} requests, {base['per_tenant_s']:.2f} s with "
        f"one worker) and tenants are independent (each has its own budget at Microsoft), so time = "
        f"tenants x seconds per tenant / effective workers, effective workers = measured speed-up:"
    )
    for r in rounds:
        speedup = base["wall_s"] / r["wall_s"]
        per = r["wall_s"] / r["tenants"]
        print(
            f"  {r['workers']} worker(s): speed-up {speedup:.2f}; {per:.2f} s per tenant of wall time "
            f"-> {args.project} tenants in {args.project * per / 60:.1f} min"
        )
    print(
        "  (linear in tenants while the workers' CPU is not saturated; past that, add machines: each "
        "tenant's budget is separate, so the provider's total rate is not the limit.)"
    )


if __name__ == "__main__":
    main()
