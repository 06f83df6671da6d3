"""Per-tenant request budgets shared by every process: token buckets in PostgreSQL.

connectors/limits.py keeps a tenant's throttling per process; ten workers each keeping under Microsoft's
budget would together send ten times it. Here each (tenant, API) is one row of `rate_budgets`: a request
takes a token with one atomic UPDATE ... RETURNING (the row lock orders concurrent takers, and the
refill is computed from the database's clock, so machines with skewed clocks agree), and a 429 (on its
own, or inside a `$batch`'s 200) writes its Retry-After into the row, so every process holds that
tenant's API, and no other tenant's.

The budget sits in the HTTP transport under the Graph and Exchange clients: every attempt, retries
included, spends a token; the clients' own retry and throttle gates work as before on top of it. A
`$batch` spends one token per request inside it (Microsoft evaluates each against the throttling limits
on its own) and one for the envelope (the emulator counts it, and Microsoft does not say it is free).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import httpx
from sqlalchemy import Engine, text

from mailwarden.connectors.endpoints import CloudEndpoints
from mailwarden.connectors.limits import retry_after
from mailwarden.connectors.retry import RetryPolicy

__all__ = ["DEFAULT_RATES", "BudgetTransport", "Rate", "SharedBudget"]

Api = Literal["graph", "exchange"]


@dataclass(frozen=True)
class Rate:
    """`per_second` requests on average, at most `burst` at once after a quiet spell."""

    per_second: float
    burst: float

    def __post_init__(self) -> None:
        if self.per_second <= 0 or self.burst < 1:
            raise ValueError("a rate needs more than 0 requests per second and a burst of 1 or more")


DEFAULT_RATES: Mapping[Api, Rate] = {
    # Under Microsoft's published budgets per app and tenant (Graph directory, small tenant: 3,500 per
    # 10 s; Exchange admin API: 3,000 per 60 s assumed), with a margin for what else uses the app.
    "graph": Rate(300, 300),
    "exchange": Rate(45, 45),
}

_NOW = "(clock_timestamp() AT TIME ZONE 'UTC')"
_FILLED = f"LEAST(:burst, tokens + :rate * EXTRACT(EPOCH FROM ({_NOW} - refilled_at)))"
# A cost above the burst could never be taken whole: it goes once the bucket is full, into debt that
# later takers wait out, so the average rate still holds.
_NEEDED = "LEAST(:cost, :burst)"
_TAKE = text(
    f"UPDATE rate_budgets SET tokens = {_FILLED} - :cost, refilled_at = {_NOW} "  # noqa: S608  # nosec B608 - constants, never input
    "WHERE tenant_key = :tenant AND api = :api "
    f"AND (held_until IS NULL OR held_until <= {_NOW}) AND {_FILLED} >= {_NEEDED} "
    "RETURNING tokens"
)
_WAIT = text(
    f"SELECT GREATEST(COALESCE(EXTRACT(EPOCH FROM (held_until - {_NOW})), 0), "  # noqa: S608  # nosec B608 - constants, never input
    f"({_NEEDED} - {_FILLED}) / :rate, 0) FROM rate_budgets WHERE tenant_key = :tenant AND api = :api"
)
_CREATE = text(
    "INSERT INTO rate_budgets (tenant_key, api, tokens, refilled_at, held_until) "  # noqa: S608  # nosec B608 - constants, never input
    f"VALUES (:tenant, :api, :burst, {_NOW}, NULL) ON CONFLICT DO NOTHING"
)
_HOLD = text(
    f"UPDATE rate_budgets SET held_until = GREATEST(COALESCE(held_until, {_NOW}), "  # noqa: S608  # nosec B608 - constants, never input
    f"{_NOW} + make_interval(secs => :seconds)) WHERE tenant_key = :tenant AND api = :api"
)
_MIN_SLEEP = 0.005
_LONGEST_HOLD = RetryPolicy().max_retry_after
"""The longest wait a 429 may put on every process: the clients never wait out a longer one themselves
(they give up and reschedule), and a Retry-After of years (a proxy's, a fault's) would otherwise freeze
the tenant in every worker for good. A real longer wait is met by the next 429, which holds again."""


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

    def _try_take(self, api: Api, cost: int) -> float:
        """Take `cost` tokens: 0 when taken, else how long to wait before trying again."""
        params = {**self._params(api), "cost": cost}
        with self._engine.begin() as connection:
            if connection.execute(_TAKE, params).first() is not None:
                return 0.0
            wait = connection.execute(_WAIT, params).scalar()
            if wait is None:  # the first request to this tenant's API anywhere
                connection.execute(_CREATE, params)
                return _MIN_SLEEP
        return max(float(wait), _MIN_SLEEP)

    async def take(self, api: Api, cost: int = 1) -> None:
        """Wait until the tenant's API has budget for `cost` more requests, and spend it."""
        while (wait := await asyncio.to_thread(self._try_take, api, cost)) > 0:
            await asyncio.sleep(wait)

    async def hold(self, api: Api, seconds: float) -> None:
        """No process sends this tenant's API anything for `seconds` (a longer hold already set stays)."""

        def write() -> None:
            with self._engine.begin() as connection:
                connection.execute(_HOLD, {**self._params(api), "seconds": seconds})

        await asyncio.to_thread(write)


class BudgetTransport(httpx.AsyncBaseTransport):
    """An HTTP transport that spends the tenant's shared budget on every Graph and Exchange request."""

    def __init__(self, inner: httpx.AsyncBaseTransport, budget: SharedBudget, endpoints: CloudEndpoints):
        self._inner = inner
        self._budget = budget
        self._roots: list[tuple[str, Api]] = [
            (endpoints.graph_url.rstrip("/"), "graph"),
            (endpoints.exchange_url.rstrip("/"), "exchange"),
        ]

    def _api(self, url: httpx.URL) -> Api | None:
        address = str(url.copy_with(query=None))
        return next(
            (api for root, api in self._roots if address == root or address.startswith(root + "/")), None
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        api = self._api(request.url)
        if api is not None:
            await self._budget.take(api, requests_in(request))
        response = await self._inner.handle_async_request(request)
        if api is None:
            return response
        wait: float | None = None
        if response.status_code == 429:
            wait = retry_after(response.headers)
        elif response.status_code == 200 and requests_in(request) > 1:
            response, wait = await _throttled_inside(response)
        if wait:
            await self._budget.hold(api, min(wait, _LONGEST_HOLD))
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


async def _throttled_inside(response: httpx.Response) -> tuple[httpx.Response, float | None]:
    """The longest Retry-After of the requests a `$batch` answered 429 inside its 200, and the response
    (read here, handed on whole). Microsoft throttles each request in a batch on its own: a 429 inside is
    the tenant's budget spent as surely as a 429 outside, so every process holds, not only this client."""
    raw = b"".join([chunk async for chunk in response.aiter_raw()])
    await response.aclose()
    whole = httpx.Response(
        response.status_code,
        headers=response.headers,
        stream=httpx.ByteStream(raw),
        extensions=response.extensions,
    )
    reader = httpx.Response(response.status_code, headers=response.headers, stream=httpx.ByteStream(raw))
    try:
        answers = json.loads(await reader.aread()).get("responses")
    except (ValueError, AttributeError, httpx.DecodingError):
        return whole, None  # not a batch answer we can read: the client maps it to an error
    waits = [
        retry_after({str(k): str(v) for k, v in (item.get("headers") or {}).items()})
        for item in (answers if isinstance(answers, list) else [])
        if isinstance(item, dict) and item.get("status") == 429 and isinstance(item.get("headers"), dict)
    ]
    known = [w for w in waits if w is not None]
    return whole, max(known) if known else None


def requests_in(request: httpx.Request) -> int:
    """How many requests Microsoft counts `request` as: a `$batch` its envelope and each one inside it."""
    if request.method != "POST" or not request.url.path.endswith("/$batch"):
        return 1
    try:
        inner = json.loads(request.content).get("requests")
    except (httpx.RequestNotRead, ValueError, AttributeError):
        return 1  # not a batch body we can read: the batch endpoint refuses it, as one request
    return 1 + len(inner) if isinstance(inner, list) else 1
