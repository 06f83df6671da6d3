"""Who may call which Graph route: the bearer token's audience, tenant and application permissions.

Graph checks the token first (401 `InvalidAuthenticationToken`), then the app roles the route needs
(403 `Authorization_RequestDenied`). Each route names the roles any one of which suffices, as the
permission tables of the Graph reference do.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from fastapi import Request

from mailwarden.emulator import tenancy, tokens
from mailwarden.emulator.graph.errors import forbidden, unauthorized
from mailwarden.emulator.state import TenantState
from mailwarden.tenants import requirements

# The same table the client's health check and the README read (tenants/requirements.py): a route refused
# here is a feature the health check marks red, never one it passes.
USERS_READ = requirements.USERS_READ.roles
GROUPS_READ = requirements.GROUPS_READ.roles
MEMBERS_WRITE = requirements.MEMBERS_WRITE.roles
CONTACTS_READ = requirements.CONTACTS_READ.roles
CALENDARS_READ = requirements.CALENDARS_READ.roles
CALENDARS_WRITE = requirements.CALENDARS_WRITE.roles
DOMAINS_READ = requirements.DOMAINS_READ.roles
ORGANIZATION_READ = requirements.ORGANIZATION_READ.roles
APPLICATIONS_READ = requirements.APPLICATIONS_READ.roles
USERS_WRITE = frozenset({"User.ReadWrite.All", "Directory.ReadWrite.All"})
# A user's passwordProfile has a permission of its own, which neither of USERS_WRITE includes (users.py).
PASSWORD_WRITE = frozenset({"User-PasswordProfile.ReadWrite.All"})
# revokeSignInSessions: its least privileged application permission, or either of USERS_WRITE (users.py).
SESSIONS_REVOKE = frozenset({"User.RevokeSessions.All"}) | USERS_WRITE
# Another admin's writes (tests change the tenant behind mailwarden's back); never granted to mailwarden.
ROLES_WRITE = frozenset({"RoleManagement.ReadWrite.Directory"})
ROLES_READ = requirements.ROLES_READ.roles | ROLES_WRITE


def tenant_state(request: Request) -> TenantState:
    return tenancy.for_token(request)


def authenticate(state: TenantState, request: Request) -> tokens.Claims:
    """The verified claims of the request's bearer token, or a 401 in Graph's words."""
    try:
        return tokens.verify(state, request.headers.get("authorization"), tokens.GRAPH_AUDIENCE)
    except tokens.InvalidToken as exc:
        raise unauthorized(exc.reason) from exc


@contextlib.contextmanager
def session(request: Request, roles: frozenset[str]) -> Iterator[TenantState]:
    """Run one Graph call inside the tenant's transaction, once the token holds one of `roles`."""
    state = tenant_state(request)
    with state.transaction():
        claims = authenticate(state, request)
        if not claims.roles & roles:
            raise forbidden()
        state.actor = claims.app_id
        # A read sees the directory as replicated (writes of the last replication_lag_seconds not yet);
        # a write always works on the latest state, as Entra's writable replica does.
        yield state.lagged() if request.method in ("GET", "HEAD") else state
