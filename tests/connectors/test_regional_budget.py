"""After Exchange's regional redirect the client stays on the regional host (exchange.py `_follow`, as
Microsoft's module does): its requests there are still the tenant's Exchange requests, so they spend the
tenant's Exchange budget and a 429 there holds the tenant (red team 77 F4: the budget hooks knew only the
configured hosts, so every request after the redirect was charged to no budget and its 429 held nothing)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from mailwarden.connectors import RetryPolicy, TenantConnection, open_tenant
from mailwarden.connectors.budget import Api
from mailwarden.errors import Throttled
from mailwarden.testing import RunningEmulator

pytestmark = pytest.mark.anyio

Connect = Callable[..., TenantConnection]


class Spent:
    """A tenant budget that records what is taken from it and held on it, and never waits."""

    def __init__(self) -> None:
        self.taken: Counter[str] = Counter()
        self.held: dict[str, float] = {}

    async def take(self, api: Api, cost: int = 1) -> None:
        self.taken[api] += cost

    async def hold(self, api: Api, seconds: float) -> None:
        self.held[api] = max(self.held.get(api, 0.0), seconds)


async def test_requests_after_the_regional_redirect_spend_and_hold_the_tenants_exchange_budget(
    acme: RunningEmulator, connect: Connect
) -> None:
    acme.faults.regional("localhost")  # the emulator's front door is 127.0.0.1
    spent = Spent()
    # A Retry-After longer than the client waits out: the call gives up at once (no wait in the test).
    patience = RetryPolicy(base_delay=0.02, max_delay=0.2, retry_after_jitter=0.0, max_retry_after=1)
    async with open_tenant(connect(acme, retry=patience), budget=spent) as tenant:
        await tenant.exchange.accepted_domains()
        await tenant.exchange.accepted_domains()
        sent = acme.faults.requests("exchange")
        assert [r.status for r in sent] == [302, 200, 200]  # redirected once, then on the regional host
        assert spent.taken["exchange"] == len(sent)
        acme.faults.throttle("exchange", budget=1, window_s=60, retry_after_s=30)
        await tenant.exchange.accepted_domains()
        with pytest.raises(Throttled):
            await tenant.exchange.accepted_domains()
    assert acme.faults.requests("exchange")[-1].status == 429
    assert spent.held == {"exchange": 30}
