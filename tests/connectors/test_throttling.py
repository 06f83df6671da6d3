"""Throttling and faults injected by the emulator: what is retried, when, and what is not."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from mailwarden.connectors import GraphBatchRequest, RetryPolicy, TenantClients, TenantConnection, open_tenant
from mailwarden.emulator.faults import DROPPED
from mailwarden.errors import NotFound, Rejected, Transient
from mailwarden.testing import RunningEmulator

pytestmark = pytest.mark.anyio

Connect = Callable[..., TenantConnection]


async def test_a_retry_never_comes_before_retry_after(acme: RunningEmulator, connect: Connect) -> None:
    """After a 429 the next request to that API waits at least the Retry-After the emulator sent."""
    acme.faults.throttle("graph", budget=3, window_s=3, retry_after_s=1)
    async with open_tenant(connect(acme, max_concurrency=1)) as tenant:
        for _ in range(6):
            await tenant.graph.organization()
    log = acme.faults.requests("graph")
    throttled = [i for i, r in enumerate(log) if r.status == 429]
    assert throttled
    for i in throttled:
        assert log[i + 1].time - log[i].time >= 1.0
    assert sum(r.status == 200 for r in log) == 6


async def test_concurrent_requests_all_hold_back_after_a_429(acme: RunningEmulator, connect: Connect) -> None:
    """One 429 holds every request to the API, not only the refused one, until its Retry-After."""
    acme.faults.throttle("graph", budget=4, window_s=1, retry_after_s=1)
    async with open_tenant(connect(acme, max_concurrency=4)) as tenant:
        await asyncio.gather(*(tenant.graph.organization() for _ in range(12)))
    log = acme.faults.requests("graph")
    first_429 = next(r for r in log if r.status == 429)
    # Requests already on the wire when the 429 came back may still land; nothing is sent after it
    # within the wait, so at most max_concurrency - 1 arrive in that second.
    early = [r for r in log if first_429.time < r.time < first_429.time + 1.0]
    assert len(early) <= 3
    assert sum(r.status == 200 for r in log) == 12


@pytest.mark.slow
async def test_calls_far_over_a_small_budget_all_finish(acme: RunningEmulator, connect: Connect) -> None:
    """100 calls against a budget far below the demand all complete, each exactly once."""
    # The first 16 calls go out together against a bucket of 10, so some are refused whatever the machine's
    # speed (a large bucket with a fast refill never ran dry on a loaded machine); 10/s then paces the rest.
    # (A refusal says to come back in 1 s at the least and holds every call that long: a bucket of 5 let
    # only 5 through a hold, 20 s for the 100; a bucket of 10 at the same rate takes about half that.)
    acme.faults.throttle("graph", budget=10, window_s=1)
    async with open_tenant(connect(acme, max_concurrency=16)) as tenant:
        results = await asyncio.gather(*(tenant.graph.organization() for _ in range(100)))
    assert len(results) == 100
    assert all(r["id"] == acme.tenant_id for r in results)
    log = acme.faults.requests("graph")
    assert sum(r.status == 200 for r in log) == 100
    assert any(r.status == 429 for r in log)


async def test_throttled_batch_requests_are_sent_again(clients: TenantClients, acme: RunningEmulator) -> None:
    """Sub-requests of a $batch refused with 429 are sent again after their wait; all 20 succeed."""
    upns = [u["userPrincipalName"] for u in await clients.graph.users()][:20]
    acme.faults.reset()
    acme.faults.throttle("graph", budget=10, window_s=2, retry_after_s=1)
    results = await clients.graph.batch([GraphBatchRequest("GET", f"/users/{upn}") for upn in upns])
    assert [r.value()["userPrincipalName"] for r in results] == upns
    assert any(r.status == 429 for r in acme.faults.requests("graph") if r.path != "/v1.0/$batch")


async def test_permanent_errors_are_sent_once(clients: TenantClients, acme: RunningEmulator) -> None:
    """A 404 from either API and a 400 are final: one request each, no retry."""
    with pytest.raises(NotFound):
        await clients.graph.user("nobody@acme.com")
    with pytest.raises(NotFound):
        await clients.exchange.get_mailbox("ghost@acme.com")
    acme.faults.fail("graph", status=400, times=3)
    with pytest.raises(Rejected):
        await clients.graph.organization()
    graph = acme.faults.requests("graph")
    assert [r.status for r in graph] == [404, 400]
    assert [r.status for r in acme.faults.requests("exchange")] == [404]


async def test_dropped_connections_are_retried(clients: TenantClients, acme: RunningEmulator) -> None:
    """Two dropped connections in a row are retried and the call succeeds on the third try."""
    acme.faults.drop("graph", times=2)
    assert await clients.graph.organization()
    assert [r.status for r in acme.faults.requests("graph")] == [DROPPED, DROPPED, 200]


async def test_a_dropped_cmdlet_is_retried(clients: TenantClients, acme: RunningEmulator) -> None:
    """A dropped InvokeCommand connection is retried too."""
    acme.faults.drop("exchange", times=1)
    assert await clients.exchange.accepted_domains()
    assert [r.status for r in acme.faults.requests("exchange")] == [DROPPED, 200]


async def test_service_unavailable_is_retried(clients: TenantClients, acme: RunningEmulator) -> None:
    """503 answers are retried until the service is back."""
    acme.faults.fail("exchange", status=503, times=2)
    assert await clients.exchange.accepted_domains()
    assert [r.status for r in acme.faults.requests("exchange")] == [503, 503, 200]


async def test_a_lasting_outage_ends_as_transient(acme: RunningEmulator, connect: Connect) -> None:
    """When 503s outlast the policy's tries the call fails as Transient after exactly that many tries."""
    acme.faults.fail("exchange", status=503, times=50)
    policy = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.05)
    async with open_tenant(connect(acme, retry=policy)) as tenant:
        with pytest.raises(Transient, match="Get-AcceptedDomain"):
            await tenant.exchange.accepted_domains()
    assert [r.status for r in acme.faults.requests("exchange")] == [503, 503, 503]
