"""The tenant emulator as one ASGI app with three faces, each in its own room.

    /{tenant}/v2.0/.well-known/openid-configuration, /{tenant}/oauth2/v2.0/token ...   identity.py
    /v1.0/...                                                                        graph/
    /adminapi/beta/{tenant}/InvokeCommand, /adminapi/beta/{tenant}/$batch            exchange/

Faults (latency, throttling budgets, 5xx, dropped connections) wrap all three (faults.py). The app holds
one `TenantState` per tenant (`app.state.tenants`, tenancy.py; `app.state.tenant` is the default one); every
handler runs its work inside its tenant's `state.transaction()`.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI

from mailwarden.emulator import consent, devicecode, exchange, graph, identity, login
from mailwarden.emulator.faults import FaultMiddleware, Faults
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.tenancy import Tenants


def create_emulator_app(
    state: TenantState, faults: Faults | None = None, others: Sequence[TenantState] = ()
) -> FastAPI:
    """The emulator of `state` (the default tenant) and of `others`, each request routed to its tenant."""
    app = FastAPI(title="mailwarden tenant emulator", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.tenant = state
    app.state.tenants = Tenants(state, others)
    app.state.faults = faults if faults is not None else Faults()
    app.include_router(identity.router)
    app.include_router(login.router)
    app.include_router(consent.router)
    app.include_router(devicecode.router)
    app.include_router(devicecode.page_router)
    app.include_router(graph.router, prefix="/v1.0")
    app.include_router(exchange.router, prefix="/adminapi")
    app.add_middleware(FaultMiddleware, faults=app.state.faults)
    return app


def create_signin_page_app(emulator: FastAPI) -> FastAPI:
    """The browser-facing pages alone, for plain HTTP on loopback (serve.py says why): the sign-in page
    (login.py's authorize GET and POST), the admin-consent page (consent.py) and the device-code pages
    (devicecode.py's /devicelogin). They answer from the emulator's own state and share its pending codes,
    which only its token endpoint redeems, over TLS; no token endpoint or API is reachable here."""
    page = FastAPI(
        title="mailwarden tenant emulator sign-in", docs_url=None, redoc_url=None, openapi_url=None
    )
    page.state.tenant = emulator.state.tenant
    page.state.faults = emulator.state.faults
    page.state.tenants = emulator.state.tenants
    page.state.login_codes = login.codes_of(emulator)
    page.state.device_codes = devicecode.codes_of(emulator)
    page.include_router(login.router)
    page.include_router(consent.router)
    page.include_router(devicecode.page_router)
    page.add_middleware(FaultMiddleware, faults=page.state.faults)
    return page
