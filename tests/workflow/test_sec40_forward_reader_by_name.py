"""sec40: a Full Access holder printed by Name, on a mailbox forwarded mail lands in, is placed live.

Who reads the mail a forwarding sends on decides who may approve it (workflow/forwarded_readers.py). A
group holding Full Access is printed by its Name, which was placed with the cache's alias / display-name
match: a security group made outside since the cache was read and named 'ken.adams' (Ken's alias; Ken's
own Name is his directory id), whose member Mike reads Maria's mailbox through it, was taken for Ken.
Routing left Ken out and named Mike to approve forwarding Tom's mail to Maria: mail he reads. Now the Name
is looked up live (`Get-Recipient -Filter "Name -eq ..."`); one the tenant cannot place makes everyone a
reader (nobody approves), never a guess."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import ApprovalRequired
from mailwarden.testing import RunningEmulator
from tests.conftest import discovered_context
from tests.drift.test_sec34_forwarding_name import _name
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow
from tests.workflow.test_sec22_forwarded_readers import KEN, MARIA, MIKE, _decided, admins

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
__all__ = ["admins"]
Replicated = Callable[[], Awaitable[None]]


def _vault_named_as_ken(tenant: TenantState, other: OtherAdmin) -> None:
    ken = tenant.address_owner(KEN)
    assert ken is not None
    _name(tenant, (KEN, ken.id))
    other.exchange("New-DistributionGroup", Name="Vault", Alias="vault", Type="Security", Members=[MIKE])
    _name(tenant, ("vault@acme.com", "ken.adams"))
    other.exchange(
        "Add-MailboxPermission", Identity=MARIA, User="vault@acme.com", AccessRights=["FullAccess"]
    )


async def test_a_reader_through_a_group_named_as_a_colleagues_alias_is_not_named(
    flow: Flow, tenant: TenantState, admins: OtherAdmin, replicated: Replicated
) -> None:
    flow.ctx = await discovered_context(flow.ctx.clients)  # the cache: before the group was made
    _vault_named_as_ken(tenant, admins)
    await replicated()
    decision = await _decided(flow)
    assert isinstance(decision, ApprovalRequired), decision
    assert MIKE not in decision.approvers, decision
    assert KEN in decision.approvers, decision  # he reads none of it: he decides


async def test_a_holder_the_tenant_could_not_place_lets_nobody_approve(
    flow: Flow, tenant: TenantState, admins: OtherAdmin, emulator: RunningEmulator, replicated: Replicated
) -> None:
    flow.ctx = await discovered_context(flow.ctx.clients)
    _vault_named_as_ken(tenant, admins)
    await replicated()
    emulator.faults.fail_items("exchange", status=500, times=200, matching="name -eq")
    decision = await _decided(flow)
    assert MIKE not in getattr(decision, "approvers", ()), decision
