"""Security 70: "add me to User Admins", where User Admins is a role-assignable group holding a directory
role, on the demo tenant, decided live as every channel decides it.

Graph refuses a role-assignable group's member writes to an app without RoleManagement.ReadWrite.Directory,
and until now that 403 was all mailwarden knew of such groups: in a tenant that grants mailwarden the
permission (many do), the default policy read an employee's "add me to User Admins" as an ordinary join of a
private group, for its owners to approve, and an admin's as a list add she runs on her confirmation alone.
Its members hold User Administrator (in many tenants such a group holds Global Administrator). Now
discovery reads isAssignableToRole, and the policy makes it a privileged grant: refused to an employee, a
second admin's to approve for an admin, the reason given.
"""

from __future__ import annotations

import pytest

from mailwarden.connectors.connection import open_tenant
from mailwarden.emulator.state import GRAPH_ADMIN_APP_ROLES, GRAPH_APP_ID, TenantState
from mailwarden.model.decisions import Allowed, ApprovalRequired, Denied
from mailwarden.model.steps import DistributionListMembership
from mailwarden.testing import RunningEmulator
from tests.conftest import discovered_context, emulator_connection
from tests.security.forwarding_setup import decide
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GRACE, KEN, JOHN = "grace.hopper@acme.com", "ken.adams@acme.com", "john@acme.com"
IT_ADMINS, PHOENIX = "user-admins@acme.com", "project-phoenix@acme.com"
WHY = "User Admins is role-assignable: members can hold directory roles."


def _join(member: str, group: str = IT_ADMINS) -> DistributionListMembership:
    return DistributionListMembership(change="add", group=group, member=member)


async def _with_role_management_write(flow: Flow, tenant: TenantState, emulator: RunningEmulator) -> None:
    """mailwarden's app is granted RoleManagement.ReadWrite.Directory (Graph would then carry out the add),
    and Ken becomes a second admin; the flow reconnects so its token carries the new permission."""
    with tenant.transaction():
        tenant.data.applications[emulator.client_id].app_role_assignments.append(
            (GRAPH_APP_ID, GRAPH_ADMIN_APP_ROLES["RoleManagement.ReadWrite.Directory"])
        )
    OtherAdmin(tenant, settled=True).add_role(KEN)


async def test_an_employees_add_me_to_user_admins_is_refused_with_the_reason(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    await _with_role_management_write(flow, tenant, emulator)
    async with open_tenant(emulator_connection(emulator)) as clients:
        flow.ctx = await discovered_context(clients)
        john = await decide(flow, JOHN, _join(JOHN), read_again=False)
    assert isinstance(john, Denied), john
    assert "role-assignable" in john.reason


async def test_an_admins_add_waits_for_a_second_admin_told_why(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    await _with_role_management_write(flow, tenant, emulator)
    async with open_tenant(emulator_connection(emulator)) as clients:
        flow.ctx = await discovered_context(clients)
        grace = await decide(flow, GRACE, _join(JOHN), read_again=False)
    assert isinstance(grace, ApprovalRequired), grace
    assert grace.approvers == [KEN]
    assert WHY in grace.reason


async def test_an_ordinary_group_is_joined_as_before(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """Project Phoenix (public, not role-assignable): John joins it on his own confirmation."""
    await _with_role_management_write(flow, tenant, emulator)
    async with open_tenant(emulator_connection(emulator)) as clients:
        flow.ctx = await discovered_context(clients)
        john = await decide(flow, JOHN, _join(JOHN, PHOENIX), read_again=False)
    assert isinstance(john, Allowed), john
