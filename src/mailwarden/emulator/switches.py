"""Reproduce the mistakes an admin makes when setting up app-only access, to test the health check.

    no_exchange_consent        Exchange.ManageAsApp was never consented: Exchange tokens lack the role
    no_exchange_role           the app's service principal holds no Exchange Administrator role
    role_propagation_seconds   the role was just assigned: tokens lack it until N seconds have passed
    wrong_tenant               the demo app is registered in another tenant (AADSTS700016 here)
    expired_secret             the demo app's client secret is past its end date (AADSTS7000222)
    replication_lag_seconds    every write reaches reads (Graph and Exchange) only N seconds later, as
                               Entra and Exchange's directory replicate; writes always see the latest
    audit_log_lag_seconds      an Exchange admin action shows in the unified audit log N seconds later
    audit_query_seconds        an audit log query runs N seconds before it has succeeded

Each switch persists with the tenant and journals itself, so a test can see when it was flipped.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from mailwarden.emulator.credentials import SECRET_LIFETIME, demo_app_id
from mailwarden.emulator.state import TenantState

BOOLEAN_SWITCHES: Final = ("no_exchange_consent", "no_exchange_role", "wrong_tenant", "expired_secret")
NUMBER_SWITCHES: Final = (
    "role_propagation_seconds",
    "replication_lag_seconds",
    "audit_log_lag_seconds",
    "audit_query_seconds",
)
SWITCHES: Final = BOOLEAN_SWITCHES + NUMBER_SWITCHES
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class UnknownSwitch(ValueError):
    """A switch name or value the emulator does not know."""


def set_switch(state: TenantState, name: str, value: bool | int) -> None:
    """Turn a misconfiguration on (or off, with False / 0). Runs its own `state.transaction()`."""
    if name not in SWITCHES:
        raise UnknownSwitch(f"unknown switch {name!r}; known switches: {', '.join(SWITCHES)}")
    if name in NUMBER_SWITCHES and (isinstance(value, bool) or value < 0):
        raise UnknownSwitch(f"switch {name!r} takes a number of seconds (0 or more), not {value!r}")
    with state.transaction():
        switches = state.data.switches
        now = dt.datetime.now(dt.UTC)
        app = state.application(demo_app_id(state.tenant.id))
        if name == "role_propagation_seconds":
            switches.role_propagation_seconds = int(value)
            if app is not None and value:
                # The role counts as assigned now, so Exchange sees it only N seconds from now.
                app.role_assigned_at = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        elif name in ("replication_lag_seconds", "audit_log_lag_seconds", "audit_query_seconds"):
            setattr(switches, name, int(value))
        elif name == "expired_secret":
            switches.expired_secret = bool(value)
            if app is not None:
                end = now - dt.timedelta(days=1) if value else now + SECRET_LIFETIME
                for secret in app.secrets:
                    secret.end = end.strftime("%Y-%m-%dT%H:%M:%SZ")
        else:
            setattr(switches, name, bool(value))
        state.record("emulator", "SetSwitch", name, value=value)
        state.mark_dirty()


def parse_switch(text: str) -> tuple[str, bool | int]:
    """`no_exchange_role`, `wrong_tenant=off` or `role_propagation_seconds=30` -> (name, value)."""
    name, sep, raw = text.partition("=")
    name = name.strip().replace("-", "_")
    raw = raw.strip().lower()
    if name in BOOLEAN_SWITCHES:
        if not sep:
            return name, True
        if raw in _TRUE | _FALSE:
            return name, raw in _TRUE
        raise UnknownSwitch(f"switch {name!r} takes on or off, not {raw!r}")
    if name in NUMBER_SWITCHES:
        if raw.isdigit():
            return name, int(raw)
        raise UnknownSwitch(f"switch {name!r} needs a number of seconds, as in {name}=30")
    raise UnknownSwitch(f"unknown switch {name!r}; known switches: {', '.join(SWITCHES)}")
