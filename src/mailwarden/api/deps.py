"""What routes depend on: the app's one open tenant connection (`Runtime`), the person asking, their session.

The app holds ONE connection to its tenant for its lifetime (app.py's lifespan opens it through
`Workspace.connection` and `open_tenant`), with the directory cached from discovery. Each request resolves
who is asking (auth.py) and builds the same `Session` a CLI command gets from `cli.session.acting`, so the
policy, the workflow and the read checks are the CLI's own code.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from mailwarden.actions.base import ActionContext, VerifyWait
from mailwarden.api.auth import SAFE_METHODS, SESSION_MAX_AGE_S, OidcClient, Principal, check_csrf, is_person
from mailwarden.api.problems import Problem
from mailwarden.api.signed_out import live_session, session_start
from mailwarden.api.tokens import ApiTokens, Scope, UnboundToken
from mailwarden.connectors.connection import TenantClients
from mailwarden.directory.live_facts import LiveFacts, read_live_facts
from mailwarden.directory.person import person_by_object_id
from mailwarden.directory.snapshot import Directory
from mailwarden.model.recipients import Recipient
from mailwarden.policy import Org
from mailwarden.workflow.session import Session
from mailwarden.workspace import Workspace

__all__ = [
    "CurrentPrincipal",
    "Runtime",
    "admin_only",
    "browser_admin",
    "browser_principal",
    "get_runtime",
    "principal",
    "scoped",
    "session_of",
]


@dataclass
class Runtime:
    """The tenant this app serves, held open for the app's lifetime."""

    workspace: Workspace
    tenant_key: str
    clients: TenantClients
    directory: Directory
    oidc: OidcClient
    tokens: ApiTokens
    discovering: bool = False
    """On PostgreSQL, a worker discovers the tenant for the first time: nothing is served until it is in."""
    _refresh_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def context(self) -> ActionContext:
        verify = VerifyWait(bound=self.workspace.settings.verify_seconds)
        return ActionContext(clients=self.clients, directory=self.directory, verify=verify)

    def org(self) -> Org:
        return self.workspace.org(self.tenant_key, self.directory)

    async def refresh(self, addresses: list[str]) -> None:
        """Re-read the recipients a finished change touched, so the next preview sees the tenant as it is."""
        if not addresses:
            return
        async with self._refresh_lock:
            self.directory = await self.workspace.refresh(
                self.tenant_key, self.clients, self.directory, addresses
            )

    async def person(self, object_id: str) -> Recipient | None:
        """The recipient with this object id, read live by that id (never by name or address) and cached.

        Read live even when the cache knows the id: a sign-in is rare, and the cache may hold an account as a
        person that has since become a shared mailbox (delta sync learns a new account's kind only at the
        next discovery), been disabled, or gone."""
        fresh = await person_by_object_id(self.clients, object_id)
        if fresh is None:
            return None
        if self.directory.get(object_id) == fresh:
            return fresh
        async with self._refresh_lock:
            self.workspace.cache.upsert(self.tenant_key, fresh)
            self.directory = self.workspace.cache.load_directory(self.tenant_key)
        return fresh

    async def sync(self) -> None:
        """Catch up with directory changes made elsewhere (one Graph delta round; see directory/delta.py)."""
        async with self._refresh_lock:
            result = await self.workspace.sync_directory(self.tenant_key, self.clients)
            if result is not None and result.anything:
                self.directory = self.workspace.directory(self.tenant_key)

    async def reload(self) -> None:
        """Take up the directory as the database holds it (on PostgreSQL the workers' delta sync wrote it)."""
        async with self._refresh_lock:
            self.directory = await asyncio.to_thread(self.workspace.directory, self.tenant_key)

    async def rediscover(self) -> Directory:
        async with self._refresh_lock:
            self.directory = await self.workspace.discover(self.tenant_key, self.clients)
        return self.directory


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    if runtime.discovering:
        from mailwarden.api.first_discovery import being_discovered

        raise being_discovered(runtime.workspace, runtime.tenant_key)
    return runtime


def _unauthenticated(detail: str) -> Problem:
    return Problem(401, "sign-in-required", "Sign-in required", detail)


async def principal(request: Request, runtime: Annotated[Runtime, Depends(get_runtime)]) -> Principal:
    """The person asking, from an API token or the session cookie (which also needs CSRF on changes)."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        try:
            owner = runtime.tokens.verify(runtime.tenant_key, header[7:].strip())
        except UnboundToken:
            raise _unauthenticated(
                "This API token was made before tokens were bound to the session that made them, so no "
                "sign-out could end it; it is no longer accepted. Make a new one on /tokens (and revoke "
                "this one there)."
            ) from None
        if owner is None:
            raise _unauthenticated("The API token is unknown, expired or revoked. Make a new one on /tokens.")
        recipient = runtime.directory.get(owner.owner_id)
        if not is_person(recipient):
            raise _unauthenticated("The API token's owner is no longer an enabled user of the tenant.")
        assert recipient is not None
        recipient, facts = await _as_now(runtime, recipient, issued=owner.created)
        return Principal(
            recipient=recipient, via="token", scopes=owner.scopes, token_id=owner.token_id, live=facts
        )
    user = request.session.get("user")
    if not isinstance(user, dict):
        raise _unauthenticated("Sign in first (GET /auth/login), or send an API token as a Bearer token.")
    if not live_session(runtime.workspace.documents, runtime.tenant_key, user, SESSION_MAX_AGE_S):
        request.session.clear()
        raise _unauthenticated("This session was signed out or has ended; sign in again (GET /auth/login).")
    recipient = runtime.directory.get(str(user.get("oid", "")))
    if not is_person(recipient):
        request.session.clear()
        raise _unauthenticated("Your account is no longer an enabled user of the tenant; sign in again.")
    assert recipient is not None
    if request.method not in SAFE_METHODS:
        await check_csrf(request)
    since = session_start(user)
    assert since is not None  # a live session has one (live_session)
    try:
        recipient, facts = await _as_now(runtime, recipient, issued=since)
    except Problem:
        request.session.clear()
        raise
    return Principal(recipient=recipient, via="session", live=facts)


async def _as_now(
    runtime: Runtime, recipient: Recipient, *, issued: dt.datetime
) -> tuple[Recipient, LiveFacts]:
    """The person as the tenant says now: still an enabled account, with the roles they hold now, whose
    sign-in sessions were not revoked since `issued` (when the session signed in, or the token was made).
    The directory this app holds may be older than the admin's 'disable', the role taken away or the
    'revoke sessions' of an incident, and a session or an API token must lose that power at once (one Graph
    $batch per request)."""
    facts = await read_live_facts(runtime.clients, runtime.directory, [recipient.recipient_id])
    fresh = facts.recipients.get(recipient.recipient_id)
    if fresh is None or not fresh.enabled:
        await runtime.refresh([recipient.primary_address])
        raise _unauthenticated("Your account is disabled or removed in the tenant; nothing was changed.")
    revoked = facts.sessions_valid_from.get(recipient.recipient_id)
    # Entra keeps the time to the second: what was issued within that second may be from before the revoke.
    if revoked is not None and issued.replace(microsecond=0) <= revoked:
        raise _unauthenticated(
            "Your sign-in sessions were revoked in the tenant (or your password was reset) after this "
            "session or API token was made; sign in again, and make new tokens."
        )
    return fresh, facts


CurrentPrincipal = Annotated[Principal, Depends(principal)]


def scoped(scope: Scope) -> object:
    """A dependency: the person asking, refused when their API token lacks `scope` (sessions have all)."""

    async def dependency(who: CurrentPrincipal) -> Principal:
        if scope not in who.scopes:
            raise Problem(
                403,
                "token-scope",
                "The API token lacks a scope",
                f"This needs an API token with the {scope!r} scope; this one has "
                f"{', '.join(sorted(who.scopes)) or 'none'}.",
            )
        return who

    return Depends(dependency)


async def browser_principal(who: CurrentPrincipal) -> Principal:
    """The person at the pages: a signed-in session only. An API token is for the API, whose routes check its
    scopes; a page accepting one would let a read-only token approve (and skip CSRF, which tokens need not
    carry)."""
    if who.via != "session":
        raise _unauthenticated(
            "The pages need a signed-in session; use the REST API under /api/v1 with a token."
        )
    return who


async def admin_only(who: CurrentPrincipal) -> Principal:
    if not who.is_admin:
        raise Problem(
            403,
            "admins-only",
            "Admins only",
            "Only the tenant's Exchange administrators may see or do this.",
        )
    return who


async def browser_admin(who: Annotated[Principal, Depends(browser_principal)]) -> Principal:
    """An admin at the pages (signed-in session only)."""
    return await admin_only(who)


def session_of(runtime: Runtime, who: Principal) -> Session:
    """The CLI's `Session` for this person: the tenant context, the policy in force, the request service."""
    return Session(
        workspace=runtime.workspace,
        tenant_key=runtime.tenant_key,
        ctx=runtime.context(),
        requester=who.recipient,
        engine=runtime.workspace.policy(runtime.tenant_key),
        org=runtime.org().with_live(who.live) if who.live is not None else runtime.org(),
    )
