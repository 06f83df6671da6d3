"""Benchmark: one bulk request, N people added to one distribution list, then the same N removed.

Starts the emulator in a child process (so the memory figures are mailwarden's alone) with N generated
users, the latency on every response and the realistic rate budgets (Exchange 3,000 requests / 60 s,
Graph directory 3,500 / 10 s). Discovers the directory first (not timed), then for "add" and for "remove":

  planning    the preview of every step and the policy's decision on live facts (as `ask` does)
  execution   the request submitted, confirmed (decided again) and run (each step decided again on live
              facts before it runs), as `ask --yes` does for an admin

For each phase it prints the HTTP requests sent (counted by a transport hook on the client; a `$batch` is
one request, its items counted beside it), the wall time, the client's peak traced memory (tracemalloc) and
its peak resident memory so far (getrusage), and the minimum the APIs allow under the model printed with it.
Tracing every allocation multiplies the client's CPU time by 2-4: time figures are taken with --no-memory.

Memory: the traced peak is printed twice, as the process's (the directory discovery read, held throughout,
is in it) and as what the phase added above what was traced when it began (`grew`: the phase's own). With
several sizes (`--people 1000,5000`: one tenant of the largest size plus 100, each size added then removed
in turn, smallest first, after an unreported round of WARM_UP people), the slope of each phase's growth in
the number of steps is printed at the end: KiB per step between consecutive sizes. Flat in the number of
steps is a slope near 0; a slope that holds between sizes is memory kept per step.

With --for-days N the adds are time-bound (each carries its end, N days on), as "add these people to the
list for two weeks" asks; the minimum is the same (an end is recorded with the step, no extra round trip).
Then, in place of the removal, the end: the expiry sweep (workflow/requests.py `run_expiries`) with the
store's clock moved past the end, as the worker's sweep runs it, timed as one phase ("end: sweep"). With
--end-one-by-one the sweep ends each step as its own expiry request, as it did before the due steps of a
request ended together (the same checks per step: `requests._end_one`), to measure what that cost.

    .venv/bin/python scripts/bench_bulk.py [--people N[,N...] --latency MS --parallel N --for-days N
                                           --end-one-by-one --no-memory]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import itertools
import math
import multiprocessing
import os
import re
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import httpx

from mailwarden.actions.base import ActionContext
from mailwarden.audit import AuditLog
from mailwarden.connectors.connection import ClientSecretCredential, TenantConnection, open_tenant
from mailwarden.connectors.endpoints import emulator as emulator_endpoints
from mailwarden.connectors.secret import Secret
from mailwarden.directory.discovery import discover
from mailwarden.directory.resolve import resolve
from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient
from mailwarden.model.requests import RequestState
from mailwarden.model.steps import DistributionListMembership, Step
from mailwarden.policy import Org, PolicyEngine
from mailwarden.store.db import Store
from mailwarden.store.tenants import TenantRecord, TenantRegistry
from mailwarden.workflow import live_policy
from mailwarden.workflow.live_policy import LivePolicy
from mailwarden.workflow.requests import _end_one, advance, plan_steps, run_expiries
from mailwarden.workflow.service import RUN_CHUNK, RequestService
from mailwarden.workflow.session import actor_of

LIST = "all-hands@acme.com"
ADMIN = "grace.hopper@acme.com"
TENANT = "acme"
GRAPH_BATCH, EXCHANGE_BATCH, MEMBER_PAGE = 20, 10, 1000
EXCHANGE_BUDGET, EXCHANGE_WINDOW_S = 3000, 60.0
GRAPH_BUDGET, GRAPH_WINDOW_S = 3500, 10.0
# Live facts read for any decision besides the people's own records: the admin role holders (2 queries), the
# list, its owners, the lists around it, the requester; and the list's join restriction from Exchange.
FIXED_GRAPH_FACTS, FIXED_EXCHANGE_FACTS = 6, 1
WARM_UP = 10
GENERATED = re.compile(r"user\d{5}@.+")
"""The generated people's addresses (emulator/seed.py `_generate`)."""


# ---- the emulator, in its own process ----------------------------------------------------------------


def _serve(state_dir: str, users: int, latency_ms: int, info: Any, stop: Any) -> None:
    from mailwarden.emulator.faults import Faults
    from mailwarden.testing import running_emulator

    faults = Faults()
    faults.preset("exchange")
    faults.preset("graph-directory-small")
    with running_emulator(Path(state_dir), users=users, latency_ms=latency_ms, faults=faults) as em:
        info.put(em.info())
        stop.wait()


@contextlib.contextmanager
def emulator_process(state_dir: Path, users: int, latency_ms: int) -> Iterator[dict[str, str]]:
    context = multiprocessing.get_context("spawn")
    info, stop = context.Queue(), context.Event()
    process = context.Process(target=_serve, args=(str(state_dir), users, latency_ms, info, stop))
    process.start()
    try:
        yield {**info.get(timeout=600), "pid": str(process.pid)}
    finally:
        stop.set()
        process.join(30)


# ---- counting what the client sends ---------------------------------------------------------------


_THROTTLED_INSIDE = re.compile(rb'"status"\s*:\s*429\b')


class Sent:
    """Requests the client sent, by API; `$batch` items counted apart; 429s (outside and inside a batch)."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.items: Counter[str] = Counter()
        self.throttled: Counter[str] = Counter()

    def reset(self) -> None:
        self.requests.clear()
        self.items.clear()
        self.throttled.clear()

    def answered(self, request: httpx.Request, response: httpx.Response) -> None:
        api = self.api(request)
        if response.status_code == 429:
            self.throttled[api] += 1
        elif request.url.path.endswith("/$batch"):
            self.throttled[api] += len(_THROTTLED_INSIDE.findall(response.content))

    @staticmethod
    def api(request: httpx.Request) -> str:
        path = request.url.path
        return "graph" if path.startswith("/v1.0") else "exchange" if "/adminapi/" in path else "identity"

    def note(self, request: httpx.Request) -> None:
        api = self.api(request)
        self.requests[api] += 1
        if request.url.path.endswith("/$batch"):
            import json

            self.items[api] += len(json.loads(request.content or b"{}").get("requests", []))


def hook(sent: Sent) -> Callable[[], None]:
    original = httpx.AsyncClient.send

    async def send(self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        sent.note(request)
        response = await original(self, request, **kwargs)
        sent.answered(request, response)
        return response

    httpx.AsyncClient.send = send  # type: ignore[method-assign]

    def undo() -> None:
        httpx.AsyncClient.send = original  # type: ignore[method-assign]

    return undo


# ---- the run -------------------------------------------------------------------------------------


@dataclass
class Phase:
    label: str
    steps: int
    seconds: float
    graph: int
    exchange: int
    graph_items: int
    exchange_items: int
    peak_mb: float
    outcome: str
    grew_mb: float = float("nan")
    """Of the traced peak, what the phase added above what was traced when it began (MiB)."""
    throttled: int = 0
    """Requests the tenant answered 429 (on their own or inside a `$batch`): budget spent for nothing."""
    held_back: dict[str, float] | None = None
    """Of `seconds`, how long some request to each API waited for the budget of connectors/budget.py."""
    settled: float = 0.0
    """Seconds waited before the phase (untimed) for the budgets to be full again, as the minimum assumes."""
    cpu: float = 0.0
    """Of `seconds`, the CPU time mailwarden itself spent (the rest: waiting for the tenant)."""
    rss_mb: float = 0.0
    """The client process's peak resident memory (MiB) up to the end of this phase (`peak_rss_mb`)."""
    emulator_cpu: float = 0.0
    """The CPU time the emulator's process spent meanwhile (a shared machine's load inflates wall time,
    much less CPU time)."""
    parts: dict[str, float] | None = None
    laps: dict[str, float] | None = None
    """Execution's wall time (s) by part: submit, confirm, run."""
    """Execution's peak traced memory (MiB) by part: submit, confirm, run (the phase's peak is theirs)."""

    @property
    def requests(self) -> int:
        return self.graph + self.exchange


@dataclass(frozen=True)
class Reader:
    """The requester's session as planning sees it (workflow/redact.py's Reader)."""

    ctx: ActionContext
    requester: Recipient
    engine: PolicyEngine
    org: Org


class _Clock:
    """Wall time by part of a phase."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, part: str) -> None:
        now = time.perf_counter()
        self.laps[part] = now - self._last
        self._last = now


def peak_rss_mb() -> float:
    """The client process's peak resident memory so far (MiB; resource.getrusage, never reset: the peak of the
    phases up to now, and of discovery's directory before them). With tracemalloc on, its own bookkeeping is
    in it too (run with --no-memory for the process's own)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system) process `pid` has spent so far; 0 where /proc is not there."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_since_last(memory: bool) -> float:
    """The traced peak (MiB) since the last reset, then reset: one part of a phase's peak."""
    if not memory:
        return float("nan")
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.reset_peak()
    return peak


class Settle:
    """Waits, untimed, until the tenant's budgets are full again before a phase: the minimum assumes each
    phase starts with full budgets, and the one before may have spent them (5,000 adds spend 5,500 of the
    emulator's 3,000 Exchange budget). Full is when the budget this process keeps for the tenant is
    (connectors/budget.py), and at least when the emulator's has had time to refill what was spent."""

    def __init__(self, connection: TenantConnection) -> None:
        self.connection = connection

    async def __call__(self, sent: Sent) -> float:
        # What the last phase spent, refilled at the emulator's rate (never more than a whole window).
        wait = min(
            EXCHANGE_WINDOW_S,
            max((sent.requests[api] + sent.items[api]) / TENANT_BUDGET[api].rate for api in TENANT_BUDGET),
        )
        try:
            from mailwarden.connectors.budget import local_budget
        except ImportError:  # before connectors/budget.py: the client keeps no budget of its own
            pass
        else:
            budget = local_budget(self.connection.budget_key, self.connection.rates)
            wait = max(wait, budget.full_in("graph"), budget.full_in("exchange"))
        await asyncio.sleep(wait)
        return wait

    def held_back(self) -> dict[str, float]:
        """Seconds so far during which some request waited for the client's budget, by API (none before
        connectors/budget.py)."""
        try:
            from mailwarden.connectors.budget import local_budget
        except ImportError:
            return {}
        budget = local_budget(self.connection.budget_key, self.connection.rates)
        return {api: budget.held_back(api) for api in ("graph", "exchange")}


@contextlib.asynccontextmanager
async def measured(
    sent: Sent, memory: bool, emulator_pid: int, settle: Settle
) -> AsyncIterator[dict[str, float]]:
    settled = await settle(sent)
    sent.reset()
    out: dict[str, float] = {"settled": settled}
    if memory:
        tracemalloc.reset_peak()
        out["start_mb"] = tracemalloc.get_traced_memory()[0] / 2**20
    held_back = settle.held_back()
    started, cpu, emulator = time.perf_counter(), time.process_time(), cpu_of(emulator_pid)
    yield out
    out["seconds"] = time.perf_counter() - started
    for api, before in held_back.items():
        out[f"held_back_{api}"] = settle.held_back()[api] - before
    out["cpu"] = time.process_time() - cpu
    out["emulator_cpu"] = cpu_of(emulator_pid) - emulator
    out["peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20 if memory else float("nan")
    out["rss_mb"] = peak_rss_mb()


async def bench(
    info: dict[str, str], args: argparse.Namespace, sent: Sent, data: Path
) -> tuple[list[Phase], int]:
    """The phases measured, and the tenant's mailboxes (what a scan of what a list holds reads)."""
    connection = TenantConnection(
        endpoints=emulator_endpoints(info["url"]),
        tenant_id=info["tenant_id"],
        client_id=info["client_id"],
        credential=ClientSecretCredential(Secret(info["client_secret"])),
        ca_file=Path(info["ca_file"]),
        max_concurrency=args.parallel,
    )
    phases: list[Phase] = []
    engine = PolicyEngine()
    settle = Settle(connection)
    async with open_tenant(connection) as clients:
        found = await discover(clients)
        directory = Directory(found.recipients, found.domains)
        mailboxes = sum(1 for r in directory if r.is_mailbox)
        ctx = ActionContext(clients=clients, directory=directory)
        org = Org(directory=directory, admins=frozenset(r.recipient_id for r in directory if r.is_admin))
        live = LivePolicy(engine, clients, directory, lambda: org)
        admin = resolve(directory, ADMIN)
        reader = Reader(ctx, admin, engine, org)
        # The generated people alone (emulator/seed.py: user00000@...): the demo tenant's own addresses may
        # begin with "user" too (its role-assignable group user-admins@, which sorts before user00000@ and,
        # being no person, made the add's plan refuse one step and the whole request be denied).
        everyone = sorted(r.primary_address for r in directory if GENERATED.fullmatch(r.primary_address))
        with Store(f"sqlite:///{data / 'mailwarden.db'}") as store:
            TenantRegistry(store).add(
                TenantRecord(
                    tenant_key=TENANT, display_name="Acme", cloud="emulator", tenant_id="t", client_id="c"
                )
            )
            # The store's clock, moved past the adds' end before the sweep (the tenant keeps no clock).
            shift = [dt.timedelta(0)]
            service = RequestService(
                store, AuditLog(store, data), clock=lambda: dt.datetime.now(dt.UTC) + shift[0]
            )
            changes: tuple[Literal["add", "remove", "end"], ...] = (
                ("add", "end") if args.for_days else ("add", "remove")
            )
            warm_up = 0
            # With several sizes, a first round of WARM_UP people (not reported): the first request of a
            # process imports and caches what every later one reuses, which is no step's memory.
            sizes = [WARM_UP, *args.people] if len(args.people) > 1 else args.people
            for size, change, people in ((i, c, everyone[:n]) for i, n in enumerate(sizes) for c in changes):
                if size == 1 and len(args.people) > 1 and not warm_up:
                    warm_up = len(phases)  # the warm-up round's phases, not reported
                # Adds for a while (--for-days) carry their end; a removal never does (DESIGN §5).
                until = service.clock() + dt.timedelta(days=args.for_days) if args.for_days else None
                if change == "end":
                    shift[0] += dt.timedelta(days=args.for_days, minutes=1)
                    async with measured(sent, args.memory, int(info["pid"]), settle) as m:
                        clock = _Clock()
                        if args.end_one_by_one:
                            ended = await _ends_one_by_one(service, ctx)
                        else:
                            ended = await run_expiries(service, ctx, TENANT)
                        clock.lap("sweep")
                    outcome = Counter(f"{e.state.value} request" for e in ended)
                    for e in ended:
                        outcome.update(e.status_counts)
                    phase = _phase("end: sweep", len(people), m, sent, dict(outcome))
                    phase.laps = clock.laps
                    phases.append(phase)
                    del ended, people
                    continue
                steps: list[Step] = [
                    DistributionListMembership(
                        change=change, group=LIST, member=p, expires=until if change == "add" else None
                    )
                    for p in people
                ]
                async with measured(sent, args.memory, int(info["pid"]), settle) as m:
                    # As cli/submit.py does: the decider (the live facts of every step's people) is gone once
                    # the plan is made.
                    planned = await plan_steps(
                        ctx, admin, steps, await live.decider(admin, steps), reader=reader
                    )
                previewed = Counter(
                    "already" if getattr(p.preview, "already", False) else type(p.preview).__name__
                    for p in planned
                )
                phases.append(_phase(f"{change}: planning", len(steps), m, sent, dict(previewed)))
                parts: dict[str, float] = {}
                async with measured(sent, args.memory, int(info["pid"]), settle) as m:
                    clock = _Clock()  # after the budgets settled (untimed)
                    # As `ask --yes` does (cli/submit.py, workflow/submission.py): the plan is dropped once it
                    # is stored, each view of the request once the next step of the flow begins.
                    submitted = service.submit(TENANT, actor_of(admin), planned, channel="cli")
                    request_id, state = submitted.request_id, submitted.state
                    del submitted, planned
                    parts["submit"] = _peak_since_last(args.memory)
                    clock.lap("submit")
                    if state is RequestState.NEEDS_CONFIRMATION:
                        await live_policy.confirm(service, live, TENANT, request_id, actor_of(admin))
                    parts["confirm"] = _peak_since_last(args.memory)
                    clock.lap("confirm")
                    view = await advance(service, ctx, TENANT, request_id, check=live.step_check)
                    parts["run"] = _peak_since_last(args.memory)
                    clock.lap("run")
                # Of every step (the view may hold only the first of them: view.steps_note).
                statuses = view.status_counts
                phase = _phase(f"{change}: execution", len(steps), m, sent, {view.state.value: 1, **statuses})
                phase.parts = parts
                phase.laps = clock.laps
                phases.append(phase)
                # The next request is another command: nothing of this one is held (as the CLI would not).
                del view, steps, people
    return phases[warm_up:], mailboxes


async def _ends_one_by_one(service: RequestService, ctx: ActionContext) -> list[Any]:
    """The sweep as it was before the due steps of a request ended together: each due step ended by an expiry
    request of its own (`requests._end_one`: the same checks, a read and a write for each), under the same
    lease on ending the request's steps."""
    done: list[Any] = []
    for view, step in service.due_expiries(TENANT):
        held = service.claim_ending(view.request_id)
        if held is None:
            continue
        try:
            done.extend(await _end_one(service, ctx, TENANT, view, step))
        finally:
            service.release_ending(view.request_id, held)
    return done


def _phase(label: str, steps: int, m: dict[str, float], sent: Sent, outcome: dict[str, int]) -> Phase:
    return Phase(
        label,
        steps,
        m["seconds"],
        sent.requests["graph"],
        sent.requests["exchange"],
        sent.items["graph"],
        sent.items["exchange"],
        m["peak_mb"],
        ", ".join(f"{k} {v}" for k, v in outcome.items()),
        grew_mb=m["peak_mb"] - m.get("start_mb", float("nan")),
        throttled=sum(sent.throttled.values()),
        held_back={k.removeprefix("held_back_"): v for k, v in m.items() if k.startswith("held_back_")},
        settled=m.get("settled", 0.0),
        cpu=m["cpu"],
        emulator_cpu=m["emulator_cpu"],
        rss_mb=m["rss_mb"],
    )


# ---- the minimum ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Minimum:
    requests: int
    seconds: float
    model: str
    paced: float
    """The least time under the budget the client keeps for itself (connectors/budget.py: under the
    tenant's, with a margin for what else uses the app), in place of the tenant's own."""


@dataclass(frozen=True)
class Bucket:
    """A token bucket: `burst` at once, then `rate` per second."""

    burst: float
    rate: float

    def seconds(self, tokens: int) -> float:
        """The least time `tokens` take from a full bucket."""
        return max(0.0, tokens - self.burst) / self.rate


TENANT_BUDGET = {
    "graph": Bucket(GRAPH_BUDGET, GRAPH_BUDGET / GRAPH_WINDOW_S),
    "exchange": Bucket(EXCHANGE_BUDGET, EXCHANGE_BUDGET / EXCHANGE_WINDOW_S),
}


def client_budget() -> dict[str, Bucket] | None:
    """The budget the client paces itself to by default; None before connectors/budget.py."""
    try:
        from mailwarden.connectors.budget import DEFAULT_RATES
    except ImportError:
        return None
    return {api: Bucket(rate.burst, rate.per_second) for api, rate in DEFAULT_RATES.items()}


@dataclass
class _Count:
    """Requests to one API in a phase's minimum: round trips, the budget tokens they spend (a `$batch` its
    envelope and each request inside it), and how many of the round trips must follow one another."""

    requests: int = 0
    tokens: int = 0
    sequential: int = 0

    def single(self, n: int = 1, *, sequential: bool = False) -> None:
        self.requests += n
        self.tokens += n
        self.sequential += n if sequential else 0

    def batched(self, items: int, size: int) -> None:
        batches = math.ceil(items / size) if items else 0
        self.requests += batches
        self.tokens += batches + items


def minimum(
    phase: str, n: int, members_before: int, mailboxes: int, latency_s: float, parallel: int
) -> Minimum:
    """The fewest requests a phase can send, and the least time they take.

    Every decision reads on live facts each person's record (enabled state, roles, manager) and the few
    facts of any decision (`FIXED_GRAPH_FACTS`): N + 6 Graph reads, 20 to a `$batch`; and the list's join
    restriction from Exchange (one `$batch` of one). A decision on adds to a list also reads what the list
    holds (workflow/list_rights.py: mail forwarded to it): the mailbox listing (Get-Mailbox, pages of 1,000,
    one after the other) and one Get-InboxRule per mailbox, 10 to an Exchange `$batch`. Planning previews
    every step on one read of the list's membership (pages of 1,000) and decides once. Execution decides
    twice (when the requester confirms, and right before the writes: the run's chunks share its scan, each
    chunk after the first reading the mailbox listing again to tell whether the scan still holds),
    reads who holds the steps' addresses now (workflow/binding.py: Get-Recipient filters of 20 addresses,
    10 to a `$batch`), the membership once before the writes (what runs is what was approved) and once after
    (verification), and sends the N writes in Exchange `$batch`es of 10.

    Requests are `parallel` in flight, each taking one latency, except the pages of one listing, which follow
    one another (each page's link comes with the page before). The budgets (Exchange 3,000 / 60 s, Graph
    3,500 / 10 s) start full and spend one token per request, `$batch` envelope and each request inside it
    alike (the emulator counts both); a phase that spends more than a budget waits for it to refill.
    Execution's confirmation is decided before its run begins, so its time comes before the run's, with
    the budget it left (`_least_time`).
    """
    adds = phase in ("planning-add", "add")
    planning = phase.startswith("planning")
    if phase == "end":
        return _minimum_of_end(n, members_before, latency_s, parallel)

    def decision(graph: _Count, exchange: _Count) -> None:
        graph.batched(n + FIXED_GRAPH_FACTS, GRAPH_BATCH)
        exchange.batched(FIXED_EXCHANGE_FACTS, EXCHANGE_BATCH)
        if adds:
            exchange.single(max(1, math.ceil(mailboxes / MEMBER_PAGE)), sequential=True)
            exchange.batched(mailboxes, EXCHANGE_BATCH)

    # Execution is two stages, one after the other: the decision when the requester confirms, then the run
    # (nothing is written before the confirmation's decision is made). Planning is one.
    stages: list[tuple[_Count, _Count]] = []
    pages_before = max(1, math.ceil(members_before / MEMBER_PAGE))
    if not planning:
        stages.append((_Count(), _Count()))
        decision(*stages[-1])
    graph, exchange = _Count(), _Count()
    stages.append((graph, exchange))
    decision(graph, exchange)
    exchange.single(pages_before, sequential=True)
    decisions = 1 if planning else 2
    scans = f"{decisions} scan(s) of {mailboxes:,d} mailboxes' Inbox rules, " if adds else ""
    model = f"{decisions} decision(s) on live facts, {scans}{pages_before} membership page(s)"
    if not planning:
        after = members_before + n if adds else max(0, members_before - n)
        pages_after = max(1, math.ceil(after / MEMBER_PAGE))
        exchange.batched(math.ceil(n / 20), EXCHANGE_BATCH)  # who holds each address now (binding)
        exchange.batched(n, EXCHANGE_BATCH)  # the writes
        exchange.single(pages_after, sequential=True)
        model += (
            f" before + {pages_after} after, binding reads, {math.ceil(n / EXCHANGE_BATCH)} write batches"
        )
        if adds:
            # The run's chunks share its scan only while the mailbox listing still says what it said then
            # (live_policy.RunScan, red team 33): every chunk after the first reads the listing again before
            # it is decided. Counted as round trips that may overlap the writes of the chunk before (a run
            # decides its next chunk while this one is written), never as waits of their own: a lower bound.
            listings = (math.ceil(n / RUN_CHUNK) - 1) * max(1, math.ceil(mailboxes / MEMBER_PAGE))
            exchange.single(listings)
            model += f", {listings} listing page(s) re-read between chunks"
    requests = sum(g.requests + e.requests for g, e in stages)
    tokens = {"graph": sum(g.tokens for g, _ in stages), "exchange": sum(e.tokens for _, e in stages)}
    seconds = _least_time(stages, TENANT_BUDGET, latency_s, parallel)
    own = client_budget()
    paced = _least_time(stages, own, latency_s, parallel) if own else seconds
    model += f"; budget tokens: exchange {tokens['exchange']:,d}, graph {tokens['graph']:,d}"
    if len(stages) > 1:
        model += "; the confirmation's decision before the run"
    return Minimum(requests, seconds, model, paced)


def _minimum_of_end(n: int, members_before: int, latency_s: float, parallel: int) -> Minimum:
    """The fewest requests the expiry sweep can send to end `n` time-bound adds to one list, and the least
    time they take: nothing is decided again (an end only takes away what a request gave), so one read of
    the list's membership (what each end takes away, as the tenant holds it now), who holds the steps'
    addresses now (Get-Recipient filters of 20, 10 to a `$batch`), the removals in `$batch`es of 10 and one
    read to verify them. The sweep reads the membership twice as it runs (the ends' previews, then the run
    before its writes, as any run does): the second is not counted here."""
    exchange = _Count()
    exchange.single(max(1, math.ceil(members_before / MEMBER_PAGE)), sequential=True)
    exchange.batched(math.ceil(n / 20), EXCHANGE_BATCH)
    exchange.batched(n, EXCHANGE_BATCH)
    after = max(1, math.ceil(max(0, members_before - n) / MEMBER_PAGE))
    exchange.single(after, sequential=True)
    stages = [(_Count(), exchange)]
    own = client_budget()
    seconds = _least_time(stages, TENANT_BUDGET, latency_s, parallel)
    paced = _least_time(stages, own, latency_s, parallel) if own else seconds
    model = (
        f"no decision, {math.ceil(members_before / MEMBER_PAGE)} membership page(s) before + {after} after, "
        f"binding reads, {math.ceil(n / EXCHANGE_BATCH)} removal batches; budget tokens: exchange "
        f"{exchange.tokens:,d}"
    )
    return Minimum(exchange.requests, seconds, model, paced)


def _least_time(
    stages: list[tuple[_Count, _Count]], budget: dict[str, Bucket], latency_s: float, parallel: int
) -> float:
    """The least time of `stages` run one after the other, each as fast as its round trips allow (`parallel`
    in flight, its sequential ones one after the other) and its budget lets it: each API's bucket starts full,
    a stage spending more than is in it waits for the rest to refill, and a stage's time refills it for the
    next (never above the burst)."""
    total = 0.0
    left = {api: bucket.burst for api, bucket in budget.items()}
    for graph, exchange in stages:
        spent = {"graph": graph.tokens, "exchange": exchange.tokens}
        sequential = graph.sequential + exchange.sequential
        trips = graph.requests + exchange.requests - sequential
        seconds = sequential * latency_s + math.ceil(trips / parallel) * latency_s
        seconds = max(seconds, *(max(0.0, spent[api] - left[api]) / budget[api].rate for api in budget))
        for api, bucket in budget.items():
            left[api] = min(bucket.burst, left[api] - spent[api] + bucket.rate * seconds)
        total += seconds
    return total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--people",
        type=_sizes,
        default=[5_000],
        help="people added, then removed; several sizes comma-separated (1000,5000), each in turn",
    )
    parser.add_argument("--users", type=int, default=0, help="generated users (default: people + 100)")
    parser.add_argument("--latency", type=int, default=50, help="milliseconds added to every response")
    parser.add_argument("--parallel", type=int, default=4, help="requests in flight to the tenant")
    parser.add_argument(
        "--for-days",
        type=int,
        default=0,
        help="add the people for this many days (time-bound adds; 0: for good)",
    )
    parser.add_argument(
        "--end-one-by-one",
        action="store_true",
        help="with --for-days: the sweep ends each step as its own expiry request (as before bulk ends)",
    )
    parser.add_argument("--no-memory", dest="memory", action="store_false", help="skip tracemalloc")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the client to FILE")
    args = parser.parse_args()
    users = args.users or max(args.people) + 100

    sent = Sent()
    undo = hook(sent)
    with tempfile.TemporaryDirectory(prefix="mailwarden-bench-bulk-") as tmp:
        seeding = time.perf_counter()
        with emulator_process(Path(tmp) / "emulator", users, args.latency) as info:
            seeded = time.perf_counter() - seeding
            if args.memory:
                tracemalloc.start()
            if args.profile:
                import cProfile

                with cProfile.Profile() as profile:
                    phases, mailboxes = asyncio.run(bench(info, args, sent, Path(tmp)))
                profile.dump_stats(args.profile)
            else:
                phases, mailboxes = asyncio.run(bench(info, args, sent, Path(tmp)))
    undo()

    print(
        f"tenant: {users} generated users (seeded and served in {seeded:.1f} s); "
        f"{', '.join(map(str, args.people))} people"
        f"{f' added for {args.for_days} days' if args.for_days else ''}; "
        f"latency {args.latency} ms per response; {args.parallel} requests in flight; budgets Exchange "
        f"{EXCHANGE_BUDGET}/{EXCHANGE_WINDOW_S:g} s, Graph {GRAPH_BUDGET}/{GRAPH_WINDOW_S:g} s"
    )
    if args.memory:
        print(
            "memory traced: tracemalloc's bookkeeping multiplies the client's CPU time by two to four "
            "(remove planning of 5,000: 8.6 s traced, 2.0 s not), so its wall times are not the client's; "
            "take time figures with --no-memory"
        )
    for p in phases:
        change, phase = p.label.split(": ")
        members_before = 4 + (p.steps if change != "add" else 0)  # All Hands starts with 4 members
        low = minimum(
            f"planning-{change}" if phase == "planning" else change,
            p.steps,
            members_before,
            mailboxes,
            args.latency / 1000,
            args.parallel,
        )
        print(
            f"{p.label:20s} {p.steps:>6,d} steps {p.seconds:9.2f} s (CPU: client {p.cpu:6.2f} s, emulator "
            f"{p.emulator_cpu:6.2f} s)  "
            f"requests {p.requests:>6,d} "
            f"(graph {p.graph:,d} with {p.graph_items:,d} batch items, exchange {p.exchange:,d} with "
            f"{p.exchange_items:,d} batch items)  {_memory(p)}, {p.rss_mb:7.1f} MiB RSS so far  [{p.outcome}]"
        )
        if p.parts and args.memory:
            print(f"{'':20s} peak by part: " + ", ".join(f"{k} {v:.1f} MiB" for k, v in p.parts.items()))
        if p.laps:
            print(f"{'':20s} wall by part: " + ", ".join(f"{k} {v:.2f} s" for k, v in p.laps.items()))
        print(
            f"{'':20s} minimum: {low.requests:,d} requests, {low.seconds:.2f} s ({low.model}); "
            f"measured/minimum: time {p.seconds / max(low.seconds, 1e-9):.2f}x, "
            f"requests {p.requests / max(low.requests, 1):.2f}x; 429s {p.throttled:,d}; "
            f"waited {p.settled:.1f} s before (untimed) for full budgets"
        )
        if p.held_back:
            print(
                f"{'':20s} of the wall time, some request waited for the client's budget: "
                + ", ".join(f"{api} {s:.1f} s" for api, s in p.held_back.items())
            )
        if low.paced > low.seconds:
            print(
                f"{'':20s} under the client's own budget (the tenant's less a margin): minimum "
                f"{low.paced:.2f} s, measured/that {p.seconds / max(low.paced, 1e-9):.2f}x"
            )
    if len(args.people) > 1 and args.memory:
        print("memory by size (traced peak above the phase's start, MiB) and its slope (KiB per step):")
        for label in (
            "add: planning",
            "add: execution",
            "remove: planning",
            "remove: execution",
            "end: sweep",
        ):
            runs = [(p.steps, _grew(p)) for p in phases if p.label == label]
            slopes = [
                f"{a:,d}->{b:,d} {(gb - ga) * 1024 / (b - a):.2f}"
                for (a, ga), (b, gb) in itertools.pairwise(runs)
            ]
            print(
                f"  {label:18s} "
                + ", ".join(f"{n:,d}: {g:.1f}" for n, g in runs)
                + "; slope "
                + ", ".join(slopes)
            )


def _memory(p: Phase) -> str:
    if math.isnan(p.peak_mb):
        return "memory not traced"
    peak = max([p.peak_mb, *(p.parts or {}).values()])
    return f"peak {peak:7.1f} MiB traced (grew {_grew(p):6.1f} MiB in the phase)"


def _grew(p: Phase) -> float:
    """What a phase added to the traced peak above what was traced when it began (its parts' peaks too)."""
    start = p.peak_mb - p.grew_mb
    return max([p.peak_mb, *(p.parts or {}).values()]) - start


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(n) for n in text.split(",")})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number or comma-separated numbers: {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("each size must be at least 1")
    return sizes


if __name__ == "__main__":
    main()
