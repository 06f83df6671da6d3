"""Authorize: the tenant's admin-consent URL for the app, and re-checking until the badges turn green.

The URL is the identity platform's v2.0 admin consent endpoint (Microsoft's "Admin consent on the Microsoft
identity platform"): `{authority}/{tenant}/v2.0/adminconsent?client_id=..&scope=<graph>/.default&
redirect_uri=..&state=..`. `/.default` asks for every permission on the app registration (application
permissions can only be asked that way), Exchange.ManageAsApp included. After consent, new tokens carry the
permissions within minutes and an Exchange role takes longer to reach Exchange, so `wait_for_green`
re-checks with a growing pause, a bounded number of times, and reports each amber round as waiting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from mailwarden.connectors.endpoints import CloudEndpoints

if TYPE_CHECKING:
    from mailwarden.tenants.health import HealthReport

__all__ = ["DEFAULT_REDIRECT", "Backoff", "admin_consent_url", "wait_for_green"]

DEFAULT_REDIRECT = "http://localhost"
"""Where the identity platform sends the admin after consenting; it must be a redirect URI of the app."""


def admin_consent_url(
    endpoints: CloudEndpoints,
    tenant: str,
    client_id: str,
    *,
    redirect_uri: str = DEFAULT_REDIRECT,
    state: str | None = None,
) -> str:
    """The page where an admin of `tenant` grants the app every permission its registration lists."""
    query = {
        "client_id": client_id,
        "scope": f"{endpoints.graph_resource.rstrip('/')}/.default",
        "redirect_uri": redirect_uri,
    }
    if state:
        query["state"] = state
    return f"{endpoints.browser_authority}/{tenant}/v2.0/adminconsent?{urlencode(query)}"


@dataclass(frozen=True)
class Backoff:
    """Pauses between re-checks: first, then times factor, at most cap; stop after `limit` seconds."""

    first: float = 10.0
    factor: float = 2.0
    cap: float = 120.0
    limit: float = 900.0

    def pauses(self) -> list[float]:
        out: list[float] = []
        pause, total = self.first, 0.0
        while total + pause <= self.limit:
            out.append(pause)
            total += pause
            pause = min(pause * self.factor, self.cap)
        return out


async def wait_for_green(
    check: Callable[[], Awaitable[HealthReport]],
    *,
    backoff: Backoff | None = None,
    on_round: Callable[[HealthReport, float | None], None] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> HealthReport:
    """Re-check until every badge is green or the backoff runs out; the last report either way.

    Right after consent a badge may be red (the token still lacks the permission) or amber (a role not yet
    honoured): both are reported through `on_round` as waiting, with the pause before the next round;
    only the last report decides.
    """
    pauses = (backoff or Backoff()).pauses()
    report = await check()
    for pause in pauses:
        if all(b == "green" for b in report.badges.values()):
            break
        if on_round:
            on_round(report, pause)
        await sleep(pause)
        report = await check()
    if on_round:
        on_round(report, None)
    return report
