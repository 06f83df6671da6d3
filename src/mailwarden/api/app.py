"""The web app: the REST API under /api/v1 (OpenAPI at /docs) and the server-rendered pages, one FastAPI app.

    app = create_app()                       # the demo tenant, the embedded emulator as identity provider
    uvicorn.run(app, host="127.0.0.1", port=8000)

The app serves one tenant and holds ONE open connection to it for its lifetime (the lifespan below opens it
through `Workspace.connection`, which starts the embedded emulator for the demo tenant), with the directory
discovered once, refreshed after each change, and caught up with changes made elsewhere by a background
Graph delta round every MAILWARDEN_DIRECTORY_SYNC_SECONDS. Time-bound access is taken back by another.
On PostgreSQL the workers do all of that (jobs/tasks.py): the app only reloads what they wrote and queues.
Errors are RFC 9457 problems on the API and error pages on the site.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from mailwarden.api import problems
from mailwarden.api.auth import OidcClient, OidcSettings, SessionMiddleware, session_key
from mailwarden.api.body_limit import BodySizeLimit
from mailwarden.api.deps import Runtime
from mailwarden.api.first_discovery import needs_worker_discovery, queue_discovery, until_discovered
from mailwarden.api.routes import (
    approvals,
    audit,
    catalogue,
    drift,
    me,
    notifications,
    plans,
    policy,
    provider,
    reports,
    requests,
    reviews,
    tenants,
    tokens,
    views,
)
from mailwarden.api.tokens import ApiTokens
from mailwarden.api.web import access_pages, drift_pages, mail_pages, pages, signin
from mailwarden.connectors.connection import TenantConnection, open_tenant
from mailwarden.connectors.secret import Secret
from mailwarden.directory.snapshot import Directory
from mailwarden.errors import MailwardenError
from mailwarden.jobs.queue import uses_queue
from mailwarden.jobs.work import OpenTenant, expire
from mailwarden.logs import get_logger
from mailwarden.notifications.inprocess import send_now
from mailwarden.notifications.outbox import on_queued
from mailwarden.settings import Settings, load_settings
from mailwarden.workspace import DEMO_TENANT, Workspace

__all__ = ["create_app", "oidc_settings"]

log = get_logger("mailwarden.api")
EXPIRY_INTERVAL_S = 60.0
NOTIFY_INTERVAL_S = 15.0
_STATIC = Path(__file__).with_name("web") / "static"
_SWAGGER_ASSETS = Path(fastapi_offline.__file__).with_name("static")


def oidc_settings(connection: TenantConnection) -> OidcSettings:
    """Sign-in against the tenant's own identity platform; the app's client id (and secret, for a
    confidential client) from MAILWARDEN_OIDC_CLIENT_ID / MAILWARDEN_OIDC_CLIENT_SECRET, else the tenant
    connection's app as a public client with PKCE (the demo)."""
    secret = os.environ.get("MAILWARDEN_OIDC_CLIENT_SECRET", "").strip()
    return OidcSettings(
        metadata_url=f"{connection.endpoints.authority_host.rstrip('/')}/{connection.tenant_id}"
        "/v2.0/.well-known/openid-configuration",
        client_id=os.environ.get("MAILWARDEN_OIDC_CLIENT_ID", "").strip() or connection.client_id,
        tenant_id=connection.tenant_id,
        client_secret=Secret(secret) if secret else None,
        ca_file=str(connection.ca_file) if connection.ca_file else None,
    )


def create_app(
    settings: Settings | None = None,
    *,
    workspace: Workspace | None = None,
    tenant_key: str = DEMO_TENANT,
    connection: TenantConnection | None = None,
    oidc: OidcSettings | None = None,
) -> FastAPI:
    """The app for one tenant. `workspace` and `connection` may be given (tests hand in the running
    emulator's); otherwise they are opened from `settings` (default: the environment) at startup."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with contextlib.ExitStack() as stack:
            ws = workspace
            if ws is None:
                ws = Workspace.open(settings)
                stack.callback(ws.close)
            ws.tenant_record(tenant_key)
            conn = connection or stack.enter_context(ws.connection(tenant_key))
            async with open_tenant(conn) as clients:
                discovering = needs_worker_discovery(ws, tenant_key)
                if discovering:
                    await queue_discovery(ws, tenant_key)
                    directory = Directory([])
                else:
                    directory = await ws.ensure_directory(tenant_key, clients)
                runtime = Runtime(
                    workspace=ws,
                    tenant_key=tenant_key,
                    clients=clients,
                    directory=directory,
                    oidc=OidcClient(oidc or oidc_settings(conn)),
                    tokens=ApiTokens(ws.store, audit=ws.audit),
                    discovering=discovering,
                )
                app.state.runtime = runtime
                loops = [asyncio.create_task(job) for job in _background(runtime)]
                try:
                    yield
                finally:
                    for task in loops:
                        task.cancel()
                        with contextlib.suppress(asyncio.CancelledError):
                            await task

    app = FastAPI(
        title="mailwarden",
        summary="Manage Exchange Online by asking in plain language, safely.",
        version="1",
        lifespan=lifespan,
        docs_url=None,  # served below from the installed Swagger UI, so /docs works offline
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    for router in (
        me,
        requests,
        plans,
        approvals,
        catalogue,
        views,
        reports,
        audit,
        tenants,
        policy,
        tokens,
        notifications,
        provider,
        drift,
        reviews,
    ):
        app.include_router(router.router, prefix="/api/v1")
    app.include_router(signin.router)
    app.include_router(pages.router)
    app.include_router(mail_pages.router)
    app.include_router(drift_pages.router)
    app.include_router(access_pages.router)
    app.mount("/static", StaticFiles(directory=_STATIC), name="static")
    _serve_docs(app)
    home = (workspace.settings if workspace else settings or load_settings()).home
    app.add_middleware(SessionMiddleware, secret_key=session_key(home))
    app.add_middleware(BodySizeLimit)  # outside everything that reads a body or asks who is asking
    app.add_middleware(_SecurityHeaders)
    _install_error_handlers(app)
    return app


def _serve_docs(app: FastAPI) -> None:
    """Swagger UI at /docs with its script and style from the installed fastapi-offline package (Swagger UI
    5, which reads OpenAPI 3.1), not from a CDN: the docs work on a machine without internet access."""
    app.mount("/docs/assets", StaticFiles(directory=_SWAGGER_ASSETS), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="mailwarden API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon.png",
        )


def _background(runtime: Runtime) -> list[Coroutine[None, None, None]]:
    """What this process keeps doing beside answering: on SQLite, the background work itself (no workers
    exist); on PostgreSQL, none of it (the workers' sweeps sync, expire, check and notify once for every
    server; news queued here becomes a worker's delivery job at once, notifications/outbox.py): only
    reloading the directory the workers keep fresh."""
    ws = runtime.workspace
    if uses_queue(ws.store.url):
        return [_reload_forever(runtime, ws.settings.directory_sync_seconds)]
    return [
        _sync_forever(runtime, ws.settings.directory_sync_seconds),
        # The sender wakes when an action here queues news.
        _notify_forever(runtime),
        _expire_forever(runtime),
    ]


async def _reload_forever(runtime: Runtime, interval: float) -> None:
    """Take up the directory the workers' delta sync wrote to the database, when it changed (no request to
    the tenant: the workers' sync job makes those, once for every server)."""
    cache = runtime.workspace.cache
    if runtime.discovering:
        await until_discovered(runtime.workspace, runtime.tenant_key)
        await runtime.reload()
        runtime.discovering = False
    seen = await asyncio.to_thread(cache.signature, runtime.tenant_key)
    while True:
        await asyncio.sleep(interval)
        try:
            now = await asyncio.to_thread(cache.signature, runtime.tenant_key)
            if now != seen:
                seen = now
                await runtime.reload()
        except MailwardenError as exc:
            log.warning("directory_reload_failed", tenant=runtime.tenant_key, error=str(exc))


async def _expire_forever(runtime: Runtime) -> None:
    """Take back time-bound access whose time has come, and expire approvals that waited too long: the
    workers' expiry job (jobs/work.py), run here on SQLite, where there are no workers."""
    while True:
        try:
            await expire(
                OpenTenant(runtime.workspace, runtime.tenant_key, runtime.clients, runtime.directory)
            )
        except MailwardenError as exc:
            log.warning("expiry_run_failed", tenant=runtime.tenant_key, error=str(exc))
        await asyncio.sleep(EXPIRY_INTERVAL_S)


async def _notify_forever(runtime: Runtime) -> None:
    """Send notifications as soon as an action queued them, else every so often for retries (SQLite: no
    workers)."""
    await _on_news(
        runtime,
        lambda: send_now(runtime.workspace, runtime.tenant_key, runtime.clients.graph),
        every=NOTIFY_INTERVAL_S,
    )


async def _on_news(runtime: Runtime, act: Callable[[], Awaitable[object]], *, every: float | None) -> None:
    """Run `act` whenever an action in this process queues news for the tenant (and every `every` s)."""
    loop = asyncio.get_running_loop()
    wake = asyncio.Event()

    def queued(tenant: str) -> None:
        if tenant == runtime.tenant_key:
            loop.call_soon_threadsafe(wake.set)

    stop_listening = on_queued(queued)
    try:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), timeout=every)
            wake.clear()
            await act()
    finally:
        stop_listening()


async def _sync_forever(runtime: Runtime, interval: float) -> None:
    """Keep the directory the app decides with as fresh as the tenant, one delta round per interval."""
    while True:
        try:
            await runtime.sync()
        except MailwardenError as exc:
            log.warning("directory_sync_failed", tenant=runtime.tenant_key, error=str(exc))
        await asyncio.sleep(interval)


_PAGES_CSP = b"default-src 'self'; frame-ancestors 'none'; form-action 'self'"
_DOCS_CSP = (
    b"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    b"img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
)


class _SecurityHeaders:
    """Headers every answer carries: no framing, no sniffing, no referrer leaks, a strict CSP for pages, and
    not to be kept (`no-store`) but for the static assets."""

    def __init__(self, app: object) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, object], receive: object, send: object) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)  # type: ignore[operator]
            return
        path = str(scope.get("path", ""))
        docs = path.startswith("/docs")
        # Pages and API answers hold personal data, a new token shown once, the session's CSRF token: a
        # browser must not keep them in its cache or history (Back after sign-out on a shared computer), nor
        # a proxy in front. The stylesheets and scripts hold nothing of anyone and may be cached.
        keep = path.startswith(("/static/", "/docs/assets/"))

        async def with_headers(message: dict[str, object]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))  # type: ignore[call-overload]
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]
                # Swagger UI starts itself from an inline script and draws its icons from data: URLs;
                # everything else, on /docs too, comes from this server only.
                policy = _DOCS_CSP if docs else _PAGES_CSP
                headers.append((b"content-security-policy", policy))
                if not keep:
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)  # type: ignore[operator]

        await self.app(scope, receive, with_headers)  # type: ignore[operator]


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _install_error_handlers(app: FastAPI) -> None:
    async def on_problem(request: Request, exc: Exception) -> Response:
        if isinstance(exc, problems.Problem):
            problem = exc
        elif isinstance(exc, MailwardenError):
            problem = problems.problem_for(exc)
        elif isinstance(exc, RequestValidationError):
            if _is_api(request):
                return await problems.handle_validation_error(request, exc)
            fields = ", ".join(str(e.get("loc", ["?"])[-1]) for e in exc.errors())
            problem = problems.Problem(
                422, "invalid-input", "Invalid input", f"These fields are missing or invalid: {fields}."
            )
        elif isinstance(exc, StarletteHTTPException):
            if _is_api(request):
                return await problems.handle_http_error(request, exc)
            problem = problems.Problem(exc.status_code, "http", "Error", str(exc.detail))
        else:
            if _is_api(request):
                return await problems.handle_unexpected(request, exc)
            log.error("unexpected_error", path=request.url.path, error=type(exc).__name__)
            problem = problems.Problem(
                500, "internal", "Internal error", "Something went wrong on the server."
            )
        if _is_api(request):
            return problems.problem_response(problem)
        if problem.status == 401:
            return RedirectResponse(f"/signin?next={request.url.path}", status_code=303)
        return pages.error_page(request, problem)

    for kind in (
        problems.Problem,
        MailwardenError,
        RequestValidationError,
        StarletteHTTPException,
        Exception,
    ):
        app.add_exception_handler(kind, on_problem)
