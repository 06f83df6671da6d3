"""Red team 3: the sole-admin rule (DESIGN §5) and an admin role held through a group. Entra ID lets a
role-assignable group hold the Exchange Administrator role: each of its members administers Exchange.
With such a group in the tenant Grace is not the only admin, so the sole-admin permit must not let her run
a four-eyes write alone."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import EXCHANGE_ADMIN_ROLE_TEMPLATE, TenantState
from tests.conftest import settle
from tests.security.test_redteam2_sole_admin import assert_grace_cannot_rename_mike_alone
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

flow, store = workflow_fixtures.flow, workflow_fixtures.store


def _group_made_exchange_admin(tenant: TenantState, group: str) -> None:
    """Another admin assigns the Exchange Administrator role to a (role-assignable) group in Entra."""
    with tenant.transaction():
        found = tenant.find(group)
        assert found is not None
        assert found.members
        tenant.data.user_directory_roles[found.id] = [EXCHANGE_ADMIN_ROLE_TEMPLATE]
        tenant.mark_dirty()
    settle(tenant)  # assigned a while before Grace asks, not inside the reads' lag


@pytest.mark.anyio
async def test_an_admin_role_held_through_a_group_means_grace_is_not_sole_admin(
    flow: Flow, tenant: TenantState
) -> None:
    _group_made_exchange_admin(tenant, "finance-team@acme.com")
    await assert_grace_cannot_rename_mike_alone(flow)
