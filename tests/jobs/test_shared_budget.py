"""Per-tenant budgets shared by all processes (connectors/shared_limits.py): two processes sending one
tenant as fast as they can stay inside its budget together, counted at the emulator; a 429 of one tenant
holds that tenant only."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import anyio
import pytest

from mailwarden.connectors.shared_limits import Rate, SharedBudget
from mailwarden.emulator.faults import Verdict
from tests.jobs.conftest import Home

pytestmark = [pytest.mark.slow]

RATE = 4  # requests per second, and a burst of as many
PER_PROCESS = 20
_CLIENT = f"""
import asyncio
from mailwarden.connectors.connection import open_tenant
from mailwarden.workspace import Workspace

async def main():
    workspace = Workspace.open()
    with workspace.connection("demo") as connection:
        async with open_tenant(connection) as clients:  # a command, a web server or a worker alike
            await clients.tokens.token(connection.endpoints.graph_resource)  # not part of the count
            print("ready", flush=True)
            calls = [clients.graph.request("GET", "/organization") for _ in range({PER_PROCESS})]
            await asyncio.gather(*calls)

asyncio.run(main())
"""


# How late a request may reach the tenant after taking its token (a busy machine schedules the sender
# late): arrivals, not grants, are what the emulator sees, so the bound is widened by this much time.
JITTER_S = 1.0


def test_two_processes_never_exceed_the_tenant_budget_together(pg_home: Callable[..., Home]) -> None:
    home = pg_home(MAILWARDEN_GRAPH_RATE=str(RATE), MAILWARDEN_GRAPH_BURST=str(RATE))
    # The tenant's own budget above ours by what jitter can bunch (a request over it would come back 429),
    # and well under two processes each spending the whole budget (twice the rate).
    burst = RATE + RATE * JITTER_S
    home.emulator.faults.throttle("graph", budget=int(burst), window_s=burst / (RATE * 1.25))
    clients = [
        subprocess.Popen([sys.executable, "-c", _CLIENT], env=home.env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for client in clients:
        assert client.stdout is not None
        assert client.stdout.readline().strip() == "ready"
    for client in clients:
        assert client.wait(120) == 0
    sent = [r for r in home.emulator.faults.requests("graph") if r.path.endswith("/organization")]
    assert len(sent) == 2 * PER_PROCESS
    assert [r.status for r in sent if r.status != 200] == []
    times = sorted(r.time for r in sent)
    # A token bucket grants at most burst + rate × T requests in any T seconds; at the emulator each
    # arrival may be up to JITTER_S late. Checked for every span between two arrivals (the whole run
    # included), so one bunched second on a busy machine is no failure, but two unshared budgets (twice
    # the rate, twice the burst) are, over any few seconds.
    worst = max(
        (j - i + 1) - (RATE + RATE * (times[j] - times[i] + JITTER_S))
        for i in range(len(times))
        for j in range(i, len(times))
    )
    assert worst <= 0, f"{worst:.1f} requests over burst + rate × window; arrivals: {times}"


def test_a_hold_after_429_slows_that_tenant_only(pg_home: Callable[..., Home]) -> None:
    home = pg_home()
    workspace = home.workspace()
    rates = {"graph": Rate(100, 100), "exchange": Rate(100, 100)}
    try:
        throttled = SharedBudget(workspace.store.engine, "tenant-a", rates)
        other = SharedBudget(workspace.store.engine, "tenant-b", rates)

        async def run() -> tuple[float, float]:
            await throttled.take("graph")
            await other.take("graph")
            await throttled.hold("graph", 2.0)
            start = time.monotonic()
            await other.take("graph")
            other_wait = time.monotonic() - start
            await throttled.take("graph")
            return other_wait, time.monotonic() - start

        other_wait, throttled_wait = anyio.run(run)
    finally:
        workspace.close()
    assert other_wait < 0.5
    assert throttled_wait >= 1.8


BATCHES = 3


@pytest.mark.parametrize("api", ["graph", "exchange"])
def test_a_batch_spends_one_request_of_the_budget_per_request_inside_it(
    pg_home: Callable[..., Home], api: str
) -> None:
    """Microsoft evaluates each request inside a `$batch` against the throttling limits on its own (and the
    emulator spends one for the envelope too); a budget that counted a batch as one would send the tenant
    twenty times what it may. Three full batches at once, with the budget a little under the tenant's:
    no request inside them may come back 429."""
    from mailwarden.connectors.connection import open_tenant
    from mailwarden.connectors.exchange import Cmdlet
    from mailwarden.connectors.graph import BATCH_SIZE as GRAPH_BATCH
    from mailwarden.connectors.graph import GraphBatchRequest

    size = GRAPH_BATCH if api == "graph" else 10
    rate = size + 1  # one full batch (and its envelope) per second
    home = pg_home(
        MAILWARDEN_GRAPH_RATE=str(rate),
        MAILWARDEN_EXCHANGE_RATE=str(rate),
        MAILWARDEN_GRAPH_BURST=str(rate),
        MAILWARDEN_EXCHANGE_BURST=str(rate),
    )
    # Room for two batches at once (so a busy machine's bunching is no failure), not for three: a batch
    # spending more of the tenant's budget than it was charged comes back 429.
    budget = 2 * rate + 2
    home.emulator.faults.throttle(api, budget=budget, window_s=budget / (rate * 1.1))
    faults = home.emulator.faults
    item_verdicts: list[str] = []
    decide = faults.decide

    def recording(*args: Any, **kwargs: Any) -> Verdict:
        verdict = decide(*args, **kwargs)
        if kwargs.get("item") is not None:
            item_verdicts.append(verdict.action)
        return verdict

    faults.decide = recording  # type: ignore[method-assign]
    workspace = home.workspace()

    async def run() -> None:
        with workspace.connection("demo") as connection:
            async with open_tenant(connection) as clients:  # a command, a web server or a worker alike
                if api == "graph":
                    await clients.graph.batch([GraphBatchRequest("GET", "/organization")] * size * BATCHES)
                else:
                    await clients.exchange.batch([Cmdlet("Get-AcceptedDomain")] * size * BATCHES)

    try:
        anyio.run(run)
    finally:
        workspace.close()
    assert len(item_verdicts) >= size * BATCHES
    assert [v for v in item_verdicts if v != "pass"] == []


HOLD_S = 3


@pytest.mark.parametrize("api", ["graph", "exchange"])
def test_a_429_inside_a_batch_holds_the_tenant_for_every_process(
    pg_home: Callable[..., Home], api: str
) -> None:
    """A `$batch` answered 200 with requests inside it refused 429: the tenant's budget is spent as surely as
    by a 429 outside, so the shared budget holds every process for the Retry-After (not only the client
    that sent the batch, which waits it out on its own). Seen from another process's budget while the
    client waits."""
    from sqlalchemy import text

    from mailwarden.connectors.connection import open_tenant
    from mailwarden.connectors.exchange import Cmdlet
    from mailwarden.connectors.graph import GraphBatchRequest

    home = pg_home()
    # Room for the envelope and a few requests inside it; the rest of the batch comes back 429 inside.
    home.emulator.faults.throttle(api, budget=4, window_s=1000, retry_after_s=HOLD_S)
    faults = home.emulator.faults
    refused_inside: list[int] = []
    decide = faults.decide

    def recording(*args: Any, **kwargs: Any) -> Verdict:
        verdict = decide(*args, **kwargs)
        if kwargs.get("item") is not None and verdict.status == 429:
            refused_inside.append(verdict.status)
        return verdict

    faults.decide = recording  # type: ignore[method-assign]
    workspace = home.workspace()
    held = text(
        "SELECT EXTRACT(EPOCH FROM (held_until - (clock_timestamp() AT TIME ZONE 'UTC'))) "
        "FROM rate_budgets WHERE tenant_key = 'demo' AND api = :api"
    )

    def holding() -> float:
        with workspace.store.engine.connect() as connection:
            return float(connection.execute(held, {"api": api}).scalar() or 0.0)

    async def run() -> float:
        longest = 0.0
        with workspace.connection("demo") as connection:
            async with open_tenant(connection) as clients:  # a command, a web server or a worker alike
                await clients.tokens.token(connection.endpoints.graph_resource)
                if api == "graph":
                    sending = clients.graph.batch([GraphBatchRequest("GET", "/organization")] * 10)
                else:
                    sending = clients.exchange.batch([Cmdlet("Get-AcceptedDomain")] * 10)
                async with anyio.create_task_group() as group:
                    group.start_soon(lambda: sending)
                    deadline = time.monotonic() + HOLD_S - 0.5  # the hold set at once, still on
                    while time.monotonic() < deadline:
                        longest = max(longest, await anyio.to_thread.run_sync(holding))
                        await anyio.sleep(0.1)
                    faults.throttle(api, budget=1000, window_s=1)  # the retried requests get through
        return longest

    try:
        longest = anyio.run(run)
    finally:
        workspace.close()
    assert refused_inside, "the emulator refused nothing inside the batch: the test proves nothing"
    assert longest > 1.0, f"the shared budget held {api} for {longest:.2f} s after 429s inside a batch"
