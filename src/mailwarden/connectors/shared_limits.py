"""Per-tenant request budgets shared by every process: token buckets in PostgreSQL.

connectors/budget.py keeps a tenant's budget in one process (LocalBudget); ten workers each keeping under
Microsoft's budget would together send ten times it. Here each (tenant, API) is one row of `rate_budgets`:
a request takes a token with one atomic UPDATE ... RETURNING (the row lock orders concurrent takers, and
the refill is computed from the database's clock, so machines with skewed clocks agree), and a 429 (on its
own, or inside a `$batch`'s 200) writes its Retry-After into the row, so every process holds that
tenant's API, and no other tenant's.

The hooks that spend it (BudgetHooks), the rates and the cost of a `$batch` are connectors/
budget.py's, the same for both: every attempt, retries included, spends a token; the clients' own retry
and throttle gates work as before on top of it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from sqlalchemy import Engine, text

from mailwarden.connectors.budget import (
    DEFAULT_RATES,
    MIN_SLEEP,
    Api,
    BudgetHooks,
    Rate,
    requests_in,
)

__all__ = ["DEFAULT_RATES", "BudgetHooks", "Rate", "SharedBudget", "requests_in"]

_NOW = "(clock_timestamp() AT TIME ZONE 'UTC')"
_FILLED = f"LEAST(:burst, tokens + :rate * EXTRACT(EPOCH FROM ({_NOW} - refilled_at)))"
# A cost above the burst could never be taken whole: it goes once the bucket is full, into debt that
# later takers wait out, so the average rate still holds.
_NEEDED = "LEAST(:cost, :burst)"
# Spent at once, into debt if need be (the row lock orders takers): each later taker waits out the debt of
# those before it, so a $batch needing eleven tokens is never starved by single requests taking each token as
# it refills. RETURNING sees the new tokens: the bucket before the take was tokens + :cost.
_TAKE = text(
    f"UPDATE rate_budgets SET tokens = {_FILLED} - :cost, refilled_at = {_NOW} "  # noqa: S608  # nosec B608 - constants, never input
    "WHERE tenant_key = :tenant AND api = :api "
    f"RETURNING GREATEST(COALESCE(EXTRACT(EPOCH FROM (held_until - {_NOW})), 0), "
    f"({_NEEDED} - (tokens + :cost)) / :rate, 0)"
)
_HELD = text(
    f"SELECT GREATEST(COALESCE(EXTRACT(EPOCH FROM (held_until - {_NOW})), 0), 0) "  # noqa: S608  # nosec B608 - constants, never input
    "FROM rate_budgets WHERE tenant_key = :tenant AND api = :api"
)
_CREATE = text(
    "INSERT INTO rate_budgets (tenant_key, api, tokens, refilled_at, held_until) "  # noqa: S608  # nosec B608 - constants, never input
    f"VALUES (:tenant, :api, :burst, {_NOW}, NULL) ON CONFLICT DO NOTHING"
)
_HOLD = text(
    f"UPDATE rate_budgets SET held_until = GREATEST(COALESCE(held_until, {_NOW}), "  # noqa: S608  # nosec B608 - constants, never input
    f"{_NOW} + make_interval(secs => :seconds)) WHERE tenant_key = :tenant AND api = :api"
)


class SharedBudget:
    """One tenant's budgets for Graph and Exchange, kept in the PostgreSQL database of `engine`."""

    def __init__(self, engine: Engine, tenant_key: str, rates: Mapping[Api, Rate] = DEFAULT_RATES) -> None:
        if engine.dialect.name != "postgresql":
            raise ValueError("a shared budget lives in PostgreSQL; on SQLite one process runs the jobs")
        self._engine = engine
        self._tenant = tenant_key
        self._rates = dict(rates)

    def _params(self, api: Api) -> dict[str, object]:
        rate = self._rates[api]
        return {"tenant": self._tenant, "api": api, "rate": rate.per_second, "burst": rate.burst}

    def _reserve(self, api: Api, cost: int) -> float:
        """Spend `cost` tokens now (into debt if need be): how long to wait before sending."""
        params = {**self._params(api), "cost": cost}
        with self._engine.begin() as connection:
            wait = connection.execute(_TAKE, params).scalar()
            if wait is None:  # the first request to this tenant's API anywhere
                connection.execute(_CREATE, params)
                wait = connection.execute(_TAKE, params).scalar()
        return float(wait or 0.0)

    def _held_for(self, api: Api) -> float:
        with self._engine.begin() as connection:
            return float(connection.execute(_HELD, self._params(api)).scalar() or 0.0)

    async def take(self, api: Api, cost: int = 1) -> None:
        """Wait until the tenant's API has budget for `cost` more requests, and spend it."""
        wait = await asyncio.to_thread(self._reserve, api, cost)
        while wait > 0:
            await asyncio.sleep(max(wait, MIN_SLEEP))
            wait = await asyncio.to_thread(self._held_for, api)  # a 429 meanwhile holds this one too

    async def hold(self, api: Api, seconds: float) -> None:
        """No process sends this tenant's API anything for `seconds` (a longer hold already set stays)."""

        def write() -> None:
            with self._engine.begin() as connection:
                connection.execute(_HOLD, {**self._params(api), "seconds": seconds})

        await asyncio.to_thread(write)
