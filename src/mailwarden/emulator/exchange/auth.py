"""Who may call InvokeCommand: Exchange Online's app-only checks, in the order a real tenant makes them.

1. A valid token for https://outlook.office365.com in this tenant, else 401.
2. The app role Exchange.ManageAsApp in `roles`, else 401 (graph2otel measured 401 "with neither grant").
3. Some Exchange RBAC grant, else 403: a directory role in `wids` that Exchange maps to a role group, or
   management roles assigned to the app's Exchange service principal (RBAC for applications). Which
   cmdlets the grant covers is decided per cmdlet (rbac.py).

The 403 body: graph2otel saw NUL bytes, go-exoscc saw `{"error":{"code":"Forbidden","message":"User is
not allowed to call <cmdlet>"}}`. The emulator sends the JSON one: it is what a cmdlet outside the
caller's RBAC answers, clients (and mailwarden's connector) already handle a non-JSON 403, and a
readable body makes the emulator's misconfiguration switches easier to diagnose by hand.
"""

from __future__ import annotations

from mailwarden.emulator import tokens
from mailwarden.emulator.exchange.rbac import granted
from mailwarden.emulator.state import (
    EXCHANGE_ADMIN_ROLE_TEMPLATE,
    EXCHANGE_RECIPIENT_ADMIN_ROLE_TEMPLATE,
    GLOBAL_ADMIN_ROLE_TEMPLATE,
    TenantState,
)

MANAGE_AS_APP = "Exchange.ManageAsApp"
ADMIN_ROLES = frozenset(
    {EXCHANGE_ADMIN_ROLE_TEMPLATE, EXCHANGE_RECIPIENT_ADMIN_ROLE_TEMPLATE, GLOBAL_ADMIN_ROLE_TEMPLATE}
)
_CHALLENGE = (
    'Bearer client_id="00000002-0000-0ff1-ce00-000000000000", '
    'trusted_issuers="00000001-0000-0000-c000-000000000000@*", '
    'token_types="app_asserted_user_v1 service_asserted_app_v1", '
    'authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", '
    'error="invalid_token"'
)


class Denied(Exception):
    """The caller may not call the admin API at all (401) or lacks an RBAC role (403)."""

    def __init__(self, status: int, reason: str) -> None:
        self.status = status
        self.reason = reason
        super().__init__(reason)

    def headers(self) -> dict[str, str]:
        if self.status == 401:
            return {"WWW-Authenticate": _CHALLENGE, "x-ms-diagnostics": f'2000001;reason="{self.reason}"'}
        return {}


def authorize(state: TenantState, authorization: str | None) -> frozenset[str]:
    """The cmdlets (and role-gated switches) the caller may run in this tenant; `Denied` if none."""
    try:
        claims = tokens.verify(state, authorization, tokens.EXCHANGE_AUDIENCE)
    except tokens.InvalidToken as exc:
        raise Denied(401, exc.reason) from exc
    if MANAGE_AS_APP not in claims.roles:
        raise Denied(401, f"The token has no '{MANAGE_AS_APP}' role; grant the API permission and consent.")
    allowed = granted(state, claims.app_id, claims.wids & ADMIN_ROLES)
    if not allowed:
        raise Denied(403, "The application has no directory role and no Exchange management role.")
    # The unified audit log names the app behind an app-only cmdlet; the journal keeps it for audit_log.py.
    state.actor = claims.app_id
    return allowed
