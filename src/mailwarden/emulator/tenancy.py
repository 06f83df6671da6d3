"""Which tenant a request is about, when one emulator serves many (`mailwarden emulator --tenants N`).

Entra ID, Graph and Exchange are one service for every tenant: the identity platform and Exchange name the
tenant in the path (`/{tenant}/oauth2/v2.0/token`, `/adminapi/beta/{tenant}/InvokeCommand`), Graph takes it
from the access token's `tid`. The registry routes each request the same way; the handlers then check as
before that the token is valid for that tenant, so a token of tenant A never reads tenant B's data (on
Exchange a path naming B with A's token is refused; on Graph A's token only ever reaches A).

A request naming no tenant the emulator holds goes to the default tenant (Acme), whose own checks refuse
it exactly as a one-tenant emulator does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import jwt
from fastapi import Request

from mailwarden.emulator.state import TenantState

__all__ = ["Tenants", "for_id", "for_path", "for_token"]


class Tenants:
    """Every tenant one emulator serves, by id and by verified domain; the first is the default."""

    def __init__(self, default: TenantState, others: Iterable[TenantState] = ()) -> None:
        self.default = default
        self._all = [default, *others]
        self._by_id = {s.tenant.id.lower(): s for s in self._all}
        if len(self._by_id) != len(self._all):
            raise ValueError("two tenants of one emulator share a tenant id")

    def __iter__(self) -> Iterator[TenantState]:
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)

    def by_id(self, tenant_id: str) -> TenantState | None:
        return self._by_id.get(tenant_id.strip().lower())

    def by_segment(self, segment: str) -> TenantState | None:
        """The tenant a path segment names: its id, or one of its verified domains."""
        found = self.by_id(segment)
        if found is not None:
            return found
        name = segment.strip().lower()
        for state in self._all:
            domain = state.domain(name)
            if domain is not None and domain.verified:
                return state
        return None


def _tenants(request: Request) -> Tenants:
    tenants = getattr(request.app.state, "tenants", None)
    if isinstance(tenants, Tenants):
        return tenants
    state: TenantState = request.app.state.tenant
    return Tenants(state)


def for_path(request: Request) -> TenantState:
    """The tenant the path's `{tenant}` names (the default one when it names none served here)."""
    tenants = _tenants(request)
    segment = str(request.path_params.get("tenant", ""))
    return (tenants.by_segment(segment) if segment else None) or tenants.default


def for_id(request: Request, tenant_id: str) -> TenantState:
    """The tenant with this id, for a page whose URL names none (the device-code page: the code names it)."""
    return _tenants(request).by_id(tenant_id) or _tenants(request).default


def for_token(request: Request) -> TenantState:
    """The tenant of the bearer token's `tid` (read unverified: the handler verifies the token against that
    tenant, so a forged `tid` only picks whose checks refuse it)."""
    tenants = _tenants(request)
    authorization = request.headers.get("authorization") or ""
    if len(tenants) > 1 and authorization.lower().startswith("bearer "):
        try:
            claims = jwt.decode(authorization[7:].strip(), options={"verify_signature": False})
        except jwt.PyJWTError:
            return tenants.default
        found = tenants.by_id(str(claims.get("tid", "")))
        if found is not None:
            return found
    return tenants.default
