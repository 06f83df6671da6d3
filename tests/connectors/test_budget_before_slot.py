"""A request waits for the tenant's budget before it takes one of the tenant's slots, over real HTTPS to the
emulator (issue 14): a bulk run's `$batch`es waiting for their budget hold no slot, so a single read issued
meanwhile goes out and is answered before them, instead of queueing behind them until they have gone."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any
from unittest.mock import patch

import httpx
import pytest

from mailwarden.connectors import TenantConnection, open_tenant
from mailwarden.connectors.budget import local_budget, rates
from mailwarden.connectors.exchange import BATCH_SIZE, Cmdlet
from mailwarden.testing import RunningEmulator

pytestmark = pytest.mark.anyio

Connect = Callable[..., TenantConnection]

# One `$batch` of BATCH_SIZE cmdlets and its envelope at once, then one token every five seconds: the next
# batch waits about a minute for its budget, far longer than the test (it is cancelled once the read is in).
BATCH_COST = BATCH_SIZE + 1
EXCHANGE_RATE = 0.2
READ_WITHIN_S = 15.0
"""Only a bound on failure: the read is answered in milliseconds when it does not queue behind the batches."""


@pytest.mark.parametrize("slots", [1, 4])
async def test_a_read_goes_out_while_batches_wait_for_their_budget(
    acme: RunningEmulator, connect: Connect, slots: int
) -> None:
    """The tenant's Exchange budget is spent; `slots` more `$batch`es (one per slot) then wait for theirs.
    A Graph read issued meanwhile (its budget is full) reaches the tenant and is answered while every batch
    still waits: none of them held a slot while it slept."""
    connection = connect(
        acme, max_concurrency=slots, rates=rates(300, EXCHANGE_RATE, exchange_burst=BATCH_COST)
    )
    budget = local_budget(connection.budget_key, connection.rates)
    async with open_tenant(connection) as tenant:
        # Both apps' tokens in hand (no sign-in inside the race), and the Exchange burst spent.
        await tenant.graph.organization()
        await tenant.exchange.batch([Cmdlet("Get-AcceptedDomain")] * BATCH_SIZE)
        batches_before = _batches(acme)
        waiting = asyncio.create_task(
            tenant.exchange.batch([Cmdlet("Get-AcceptedDomain")] * BATCH_SIZE * slots)
        )
        try:
            while budget.held_back("exchange") == 0:
                await asyncio.sleep(0.01)
            for _ in range(20):  # every batch of the bulk run to its wait for budget
                await asyncio.sleep(0)
            reads_before = _reads(acme)
            organization = await asyncio.wait_for(tenant.graph.organization(), READ_WITHIN_S)
            assert organization.get("id")
            assert _reads(acme) == reads_before + 1
            assert not waiting.done()
            assert _batches(acme) == batches_before, "a batch went before its budget"
        finally:
            waiting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiting


async def test_never_more_on_the_wire_than_the_tenant_has_slots(
    acme: RunningEmulator, connect: Connect
) -> None:
    """Reads and `$batch`es of both APIs at once, on a paced budget: whatever waits for budget, what is on
    the wire to the tenant (counted at the transport, under every hook) never exceeds its slots, and fills
    them."""
    acme.faults.latency("all", 30)
    connection = connect(acme, max_concurrency=3, rates=rates(40, 40, graph_burst=10, exchange_burst=22))
    on_wire = peak = 0
    send = httpx.AsyncHTTPTransport.handle_async_request

    async def counted(transport: httpx.AsyncHTTPTransport, request: httpx.Request) -> Any:
        nonlocal on_wire, peak
        if request.url.host != httpx.URL(acme.url).host or "/token" in request.url.path:
            return await send(transport, request)
        on_wire += 1
        peak = max(peak, on_wire)
        try:
            return await send(transport, request)
        finally:
            on_wire -= 1

    async with open_tenant(connection) as tenant:
        await tenant.graph.organization()
        await tenant.exchange.batch([Cmdlet("Get-AcceptedDomain")])
        with patch.object(httpx.AsyncHTTPTransport, "handle_async_request", counted):
            outcomes, *orgs = await asyncio.gather(
                tenant.exchange.batch([Cmdlet("Get-AcceptedDomain")] * BATCH_SIZE * 4),
                *(tenant.graph.organization() for _ in range(12)),
            )
    assert len(outcomes) == BATCH_SIZE * 4
    assert all(o.error is None for o in outcomes)
    assert len(orgs) == 12
    assert peak == 3
    assert on_wire == 0


def _batches(acme: RunningEmulator) -> int:
    return len([r for r in acme.faults.requests("exchange") if r.path.endswith("/$batch")])


def _reads(acme: RunningEmulator) -> int:
    return len([r for r in acme.faults.requests("graph") if r.path.endswith("/organization")])
