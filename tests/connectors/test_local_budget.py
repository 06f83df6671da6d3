"""The tenant's request budget kept in this process (connectors/budget.py), over real HTTPS to the emulator:
a burst paces itself under the tenant's budget instead of earning 429s, a `$batch` spends one token per
request inside it, and a 429 of one tenant holds that tenant only."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest.mock import patch

import httpx
import pytest

from mailwarden.connectors import RetryPolicy, TenantConnection, open_tenant
from mailwarden.connectors.budget import LocalBudget, Rate, local_budget, rates
from mailwarden.connectors.connection import CertificateCredential
from mailwarden.connectors.endpoints import emulator as emulator_endpoints
from mailwarden.connectors.exchange import Cmdlet
from mailwarden.emulator.faults import Verdict
from mailwarden.errors import Throttled
from mailwarden.testing import RunningEmulator

pytestmark = pytest.mark.anyio

Connect = Callable[..., TenantConnection]

# The emulator's budget is twice the client's, in burst and in rate: a request granted by the client's
# bucket may reach the emulator up to a second late (a busy machine) and still find budget there.
TENANT_BUDGET, TENANT_WINDOW_S = 10, 1.0
CLIENT_RATE = 5
REQUESTS = 20


async def _organization_burst(connection: TenantConnection) -> None:
    async with open_tenant(connection) as tenant:
        await tenant.tokens.token(connection.endpoints.graph_resource)
        await asyncio.gather(*(tenant.graph.organization() for _ in range(REQUESTS)))


async def test_a_burst_paces_itself_under_the_tenant_budget(acme: RunningEmulator, connect: Connect) -> None:
    """Twenty requests at once against a tenant that allows ten at once and ten a second: paced to the
    client's budget (five at once, five a second) none comes back 429. The same burst unpaced (a budget far
    above the tenant's) does earn 429s: the tenant's budget is tight enough for the test to mean something."""
    acme.faults.throttle("graph", budget=TENANT_BUDGET, window_s=TENANT_WINDOW_S)
    unpaced = rates(10_000, 10_000)
    await _organization_burst(connect(acme, max_concurrency=16, rates=unpaced))
    assert any(r.status == 429 for r in acme.faults.requests("graph")), "the emulator refused nothing"

    acme.faults.reset()
    acme.faults.throttle("graph", budget=TENANT_BUDGET, window_s=TENANT_WINDOW_S)
    paced = rates(CLIENT_RATE, 45, graph_burst=CLIENT_RATE)
    await _organization_burst(connect(acme, max_concurrency=16, rates=paced))
    sent = [r for r in acme.faults.requests("graph") if r.path.endswith("/organization")]
    assert len(sent) == REQUESTS
    assert [r.status for r in sent if r.status != 200] == []


@pytest.mark.parametrize("size", [10])
async def test_an_exchange_batch_spends_one_token_per_cmdlet_inside_it(
    acme: RunningEmulator, connect: Connect, size: int
) -> None:
    """Three `$batch`es of ten cmdlets at once, with the client's budget one batch (and its envelope) at
    once and a second, and the tenant's a little over two: a budget that counted a batch as one request
    would send all three at once, and the cmdlets of the third would come back 429 inside its 200."""
    rate = size + 1
    budget = 2 * rate + 2
    acme.faults.throttle("exchange", budget=budget, window_s=budget / (rate * 1.1))
    item_verdicts: list[int] = []
    decide = acme.faults.decide

    def recording(*args: Any, **kwargs: Any) -> Verdict:
        verdict = decide(*args, **kwargs)
        if kwargs.get("item") is not None:
            item_verdicts.append(verdict.status)
        return verdict

    paced = rates(300, rate, exchange_burst=rate)
    with patch.object(acme.faults, "decide", recording):
        async with open_tenant(connect(acme, max_concurrency=4, rates=paced)) as tenant:
            outcomes = await tenant.exchange.batch([Cmdlet("Get-AcceptedDomain")] * size * 3)
    assert len(outcomes) == size * 3
    assert len(item_verdicts) == size * 3, "each cmdlet went once: none was refused and sent again"
    assert [v for v in item_verdicts if v == 429] == []
    assert [r.status for r in acme.faults.requests("exchange") if r.status == 429] == []


async def test_a_429_of_one_tenant_holds_that_tenant_only(tmp_path: Path) -> None:
    """Tenant A is answered 429 with a long Retry-After: its next request waits in this process (it never
    reaches the tenant), while tenant B's requests, sent meanwhile from the same process, all go through."""
    from mailwarden.testing import running_emulator

    with running_emulator(tmp_path, tenants=2, mailboxes=10) as em:
        assert em.fleet_file is not None
        listed = json.loads(em.fleet_file.read_text())["tenants"]

        def connection(tenant: dict[str, str]) -> TenantConnection:
            return TenantConnection(
                endpoints=emulator_endpoints(em.url, em.signin_url),
                tenant_id=tenant["tenant_id"],
                client_id=tenant["client_id"],
                credential=CertificateCredential.from_file(tenant["certificate_file"]),
                ca_file=em.ca_file,
                # A Retry-After above this is not waited out by the client: it raises Throttled at once.
                retry=RetryPolicy(max_retry_after=5),
            )

        a, b = connection(listed[0]), connection(listed[1])
        # Two requests per tenant, then 429 with a minute to wait (each tenant has its own bucket).
        em.faults.throttle("graph", budget=2, window_s=1000, retry_after_s=60)
        async with open_tenant(a) as tenant_a, open_tenant(b) as tenant_b:
            await tenant_a.graph.organization()
            await tenant_a.graph.organization()
            with pytest.raises(Throttled):
                await tenant_a.graph.organization()
            reached_a = len(
                [r for r in em.faults.requests("graph") if r.tenant.lower() == a.tenant_id.lower()]
            )
            waiting = asyncio.create_task(tenant_a.graph.organization())
            await tenant_b.graph.organization()
            await tenant_b.graph.organization()
            await asyncio.sleep(0.2)  # time for A's request to go out, were it not held
            assert not waiting.done()
            waiting.cancel()
        log = em.faults.requests("graph")
        assert [r.status for r in log if r.tenant.lower() == b.tenant_id.lower()] == [200, 200]
        assert len([r for r in log if r.tenant.lower() == a.tenant_id.lower()]) == reached_a == 3
        assert local_budget(a.budget_key, a.rates).full_in("graph") > 30
        assert local_budget(b.budget_key, b.rates).full_in("graph") < 1


def test_one_budget_per_tenant_and_app_in_a_process(acme: RunningEmulator, connect: Connect) -> None:
    """Two connections to the same tenant and app (two commands in one process) spend one budget; another
    app of the same tenant has its own (Microsoft budgets per app and tenant)."""
    first, second = connect(acme), connect(acme)
    assert local_budget(first.budget_key) is local_budget(second.budget_key)
    other_app = replace(first, client_id="11111111-2222-3333-4444-555555555555")
    assert local_budget(other_app.budget_key) is not local_budget(first.budget_key)


def test_the_bucket_arithmetic_on_a_clock_of_its_own() -> None:
    """The same bucket as the shared one: a full burst, then the rate; a batch costlier than the burst goes
    once the bucket is full, into debt later takers wait out; a hold outlasts the refill."""
    now = [0.0]
    budget = LocalBudget({"graph": Rate(10, 5), "exchange": Rate(1, 1)}, clock=lambda: now[0])
    assert [budget.reserve("graph") for _ in range(5)] == [0.0] * 5
    assert budget.reserve("graph") == pytest.approx(0.1)  # spent now: one token of debt
    now[0] += 0.6  # six back: the bucket full again
    assert budget.reserve("graph", 21) == 0.0  # the whole burst: a batch of 20 and its envelope, into debt
    assert budget.reserve("graph") == pytest.approx((16 + 1) / 10)  # the debt, then one token
    now[0] += 10
    budget.hold_now("graph", 30)
    assert budget.reserve("graph") == pytest.approx(30)
    assert budget.held_for("graph") == pytest.approx(30)
    assert budget.reserve("exchange") == 0.0  # another API of the tenant is not held


def test_a_batch_is_not_starved_by_single_requests() -> None:
    """Review of bulk11: with takers polling until enough tokens were there, single requests took each token
    as it refilled and a $batch needing eleven waited for ever. Reserved in order, everyone who comes after
    the batch waits behind it."""
    now = [0.0]
    budget = LocalBudget({"graph": Rate(10, 10), "exchange": Rate(45, 45)}, clock=lambda: now[0])
    for _ in range(45):
        budget.reserve("exchange")  # the burst spent
    batch = budget.reserve("exchange", 11)
    singles = [budget.reserve("exchange") for _ in range(20)]
    assert batch == pytest.approx(11 / 45)
    assert min(singles) > batch
    assert singles == sorted(singles)  # first come, first served


@pytest.mark.parametrize(
    ("answer", "held"),
    [
        # A Graph batch of people: their ids hold "429", no request inside was refused.
        (
            b'{"responses":[{"id":"1","status":200,"body":{"id":"04290429-4290-4429-8429-000000004290"}}]}',
            None,
        ),
        (
            b'{"responses":[{"id":"1","status":200},{"id":"2","status":429,"headers":{"Retry-After":"7"}}]}',
            7.0,
        ),
        # As JSON may write it: spaces around the colon, a number with a fraction.
        (b'{"responses": [{"id": "1", "status" : 429.0, "headers": {"Retry-After": "3"}}]}', 3.0),
        # An Exchange batch's items carry no headers: held for the clients' first backoff (red team 77 F5).
        (b'{"responses":[{"id":"1","status":200,"body":{}},{"id":"2","status":429,"body":{}}]}', 1.0),
        # A status as text is a 429 to the clients (they read it with int()): to the budget too.
        (b'{"responses":[{"id":"2","status":"429","headers":{"Retry-After":"5"}}]}', 5.0),
        (b'{"responses":[{"id":"2","status":"4290","body":{}}]}', None),
    ],
)
def test_a_429_inside_a_batch_is_found_by_its_status_not_by_digits(answer: bytes, held: float | None) -> None:
    """A `$batch` answer is parsed for a 429 inside only when a status says 429, never because an id holds
    the digits (issue 14: most answers of a batch of people did, and were parsed twice), and a 429 inside
    is still found however JSON spaces it."""
    from mailwarden.connectors.budget import _throttled_inside

    request = httpx.Request("POST", "https://graph.example/v1.0/$batch")
    response = httpx.Response(200, content=answer, request=request)
    assert asyncio.run(_throttled_inside(response)) == held
