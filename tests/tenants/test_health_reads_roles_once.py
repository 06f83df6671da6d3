"""The health check reads the tenant's directory role assignments once: the app's own roles (the Exchange
role hint) and the admins (whether four eyes are possible) come from one read, not one per role and another
for the app."""

from __future__ import annotations

import pytest

from mailwarden.connectors.connection import open_tenant
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.tenants.health import check_tenant
from mailwarden.testing import RunningEmulator
from tests.tenants.conftest import emulator_spec

pytestmark = pytest.mark.anyio


def _role_reads(emulator: RunningEmulator) -> int:
    return sum(
        1 for r in emulator.faults.requests("graph") if "roleManagement/directory/roleAssignments" in r.path
    )


async def test_a_health_check_reads_role_assignments_once(
    emulator: RunningEmulator, tenant: TenantState
) -> None:
    before = _role_reads(emulator)
    async with open_tenant(emulator_spec(emulator).connection()) as clients:
        report = await check_tenant(clients, "acme")
    assert set(report.badges.values()) == {"green"}
    assert report.four_eyes is not None
    assert "Grace Hopper (grace.hopper@acme.com) is the only admin" in report.four_eyes
    assert _role_reads(emulator) - before == 1


async def test_the_role_hint_still_sees_a_role_that_is_propagating(
    emulator: RunningEmulator, tenant: TenantState
) -> None:
    """From the one read, the app's own assignment still tells 'assigned, not honoured yet' (amber)."""
    set_switch(tenant, "role_propagation_seconds", 3600)
    async with open_tenant(emulator_spec(emulator).connection()) as clients:
        report = await check_tenant(clients, "acme")
    assert report.badges["mailbox"] == "amber"
    assert "Waiting for role propagation" in (report.capability("mailbox").fix or "")
