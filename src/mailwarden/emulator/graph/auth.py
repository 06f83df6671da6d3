"""Who may call which Graph route: the bearer token's audience, tenant and application permissions.

Graph checks the token first (401 `InvalidAuthenticationToken`), then the app roles the route needs
(403 `Authorization_RequestDenied`). Each route names the roles any one of which suffices, as the
permission tables of the Graph reference do.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from fastapi import Request

from mailwarden.emulator import tokens
from mailwarden.emulator.graph.errors import forbidden, unauthorized
from mailwarden.emulator.state import TenantState

USERS_READ = frozenset(
    {"User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}
)
GROUPS_READ = frozenset(
    {
        "Group.Read.All",
        "Group.ReadWrite.All",
        "GroupMember.Read.All",
        "GroupMember.ReadWrite.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
    }
)
USERS_WRITE = frozenset({"User.ReadWrite.All", "Directory.ReadWrite.All"})
ROLES_WRITE = frozenset({"RoleManagement.ReadWrite.Directory"})
MEMBERS_WRITE = frozenset({"GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All"})
CONTACTS_READ = frozenset({"OrgContact.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"})
CALENDARS_READ = frozenset({"Calendars.Read", "Calendars.ReadWrite"})
CALENDARS_WRITE = frozenset({"Calendars.ReadWrite"})
DOMAINS_READ = frozenset(
    {"Domain.Read.All", "Domain.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}
)
ORGANIZATION_READ = frozenset(
    {
        "Organization.Read.All",
        "Organization.ReadWrite.All",
        "User.Read.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
    }
)
APPLICATIONS_READ = frozenset(
    {
        "Application.Read.All",
        "Application.ReadWrite.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
    }
)
ROLES_READ = frozenset(
    {
        "RoleManagement.Read.Directory",
        "RoleManagement.Read.All",
        "RoleManagement.ReadWrite.Directory",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
    }
)


def tenant_state(request: Request) -> TenantState:
    state: TenantState = request.app.state.tenant
    return state


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
        # A read sees the directory as replicated (writes of the last replication_lag_seconds not yet);
        # a write always works on the latest state, as Entra's writable replica does.
        yield state.lagged() if request.method in ("GET", "HEAD") else state
