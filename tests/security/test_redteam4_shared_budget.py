"""Red team 4: the rate budget (connectors/budget.py; shared: shared_limits.py) and an absurd Retry-After.

Every worker reads one row per tenant and API; a 429 writes its Retry-After there, so every process holds
that tenant. A proxy in the way (or a fault) answering `Retry-After: 1e12` (or `inf`) must not freeze the
tenant in every worker for ever: the clients themselves never wait out more than `max_retry_after`
(connectors/retry.py), and the shared hold is bounded the same way.
"""

from __future__ import annotations

import math

import httpx
import pytest

from mailwarden.connectors.budget import BudgetHooks
from mailwarden.connectors.endpoints import emulator
from mailwarden.connectors.retry import RetryPolicy

ENDPOINTS = emulator("https://127.0.0.1:1")


class RecordingBudget:
    """Stands in for the PostgreSQL row: records what the transport spends and holds."""

    def __init__(self) -> None:
        self.held: list[float] = []

    async def take(self, api: str, cost: int = 1) -> None:
        return None

    async def hold(self, api: str, seconds: float) -> None:
        self.held.append(seconds)


@pytest.mark.anyio
@pytest.mark.parametrize("retry_after", ["1e12", "inf", "315360000"])
async def test_an_absurd_retry_after_does_not_hold_the_tenant_for_ever(retry_after: str) -> None:
    def throttled(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": retry_after})

    budget = RecordingBudget()
    hooks = BudgetHooks(budget, ENDPOINTS).hooks()
    async with httpx.AsyncClient(transport=httpx.MockTransport(throttled), event_hooks=hooks) as http:
        answer = await http.get(f"{ENDPOINTS.graph_url}/organization")
    assert answer.status_code == 429  # the caller still sees the throttling and reschedules
    assert budget.held, "a 429 with a wait holds the tenant's API"
    assert all(math.isfinite(s) and s <= RetryPolicy().max_retry_after for s in budget.held), budget.held


@pytest.mark.anyio
async def test_an_honest_retry_after_is_held_as_asked() -> None:
    def throttled(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": "7"})

    budget = RecordingBudget()
    hooks = BudgetHooks(budget, ENDPOINTS).hooks()
    async with httpx.AsyncClient(transport=httpx.MockTransport(throttled), event_hooks=hooks) as http:
        await http.get(f"{ENDPOINTS.exchange_url}/InvokeCommand")
    assert budget.held == [7.0]
