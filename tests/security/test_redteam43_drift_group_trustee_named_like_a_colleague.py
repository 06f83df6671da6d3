"""Red team 43: a drift scan records Full Access held by a security group named like a colleague as his.

sec37 placed GrantSendOnBehalfTo Names live in the drift scan (and sec34 ForwardingAddress Names), but the
Full Access and Send As trustees of a shared mailbox are still placed with `identify` on the cached
directory (delegation_report._grants_of). Get-MailboxPermission prints a group trustee by its Name: a
mail-enabled security group named 'Tom Becker' (Tom's display name; Tom's own Name is 'tom.becker', the
group's display name 'HR auditors', its alias 'hr-auditors') given Full Access on hr@ outside mailwarden
is recorded as Tom's Full Access ("Full Access on hr@acme.com granted to tom.becker@acme.com outside
mailwarden"): the group is hidden from the admin, and a revert of the event would take Tom's right (which
he does not hold: Exchange answers "the ACE doesn't exist", so it would read "already") while the group
keeps Full Access on hr@. Driven against the emulator over HTTP."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from mailwarden.emulator.state import TenantState
from tests.drift.test_scan import _outside, _scan
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store
Replicated = Callable[[], Awaitable[None]]

HR, TOM, GROUP = "hr@acme.com", "tom.becker@acme.com", "hr-auditors@acme.com"


def _group(tenant: TenantState, name: str) -> None:
    _outside(
        tenant,
        "New-DistributionGroup",
        Name=name,
        DisplayName="HR auditors",
        Alias="hr-auditors",
        Type="Security",
    )


async def test_the_control_a_group_with_a_name_of_its_own_is_recorded_as_the_group(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    _group(tenant, "HR auditors 2019")
    await replicated()
    await _scan(flow)
    _outside(tenant, "Add-MailboxPermission", Identity=HR, User=GROUP, AccessRights="FullAccess")
    await replicated()
    events = [e for e in (await _scan(flow)).events if e.fact_kind == "full_access"]
    assert len(events) == 1, events
    assert TOM not in events[0].holder, events[0]


async def test_full_access_held_by_a_group_named_like_tom_is_never_recorded_as_toms(
    flow: Flow, tenant: TenantState, replicated: Replicated
) -> None:
    _group(tenant, "Tom Becker")
    await replicated()
    await _scan(flow)
    _outside(tenant, "Add-MailboxPermission", Identity=HR, User=GROUP, AccessRights="FullAccess")
    await replicated()
    events = [e for e in (await _scan(flow)).events if e.fact_kind == "full_access"]
    assert len(events) == 1, events
    assert TOM not in events[0].holder, events[0]
