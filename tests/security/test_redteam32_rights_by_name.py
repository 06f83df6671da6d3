"""Red team 32: mailbox rights held by a security group printed by an Exchange Name the cache does not know.

Get-MailboxPermission prints a group trustee by its Name, and GrantSendOnBehalfTo lists Names too. A group
created with `-Name "EA security 2019" -DisplayName "Exec assistants"` is then printed by a value that is
neither its alias nor its display name: the live read of what the group holds (workflow/list_rights.py)
named nobody, and John's self-join of the open group that holds Full Access on Maria's mailbox was allowed.
Driven through the live decision against the emulator over HTTP, as red team 27."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, Denied
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec24_forwarded_to_group import EXEC, JOHN, KEN, MARIA, _decide, _join
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


def _security_group(tenant: TenantState) -> OtherAdmin:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange(
        "New-DistributionGroup",
        Name="EA security 2019",
        DisplayName="Exec assistants",
        Alias="exec-assist",
        Type="Security",
    )
    other.set_join_restriction(EXEC, "Open")
    return other


async def test_the_control_the_open_security_group_holding_nothing_stays_open(
    flow: Flow, tenant: TenantState
) -> None:
    _security_group(tenant)
    decision = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(decision, Allowed), decision


async def test_full_access_held_by_a_group_printed_by_its_name(flow: Flow, tenant: TenantState) -> None:
    other = _security_group(tenant)
    other.exchange("Add-MailboxPermission", Identity=MARIA, User=EXEC, AccessRights=["FullAccess"])
    decision = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(decision, Denied), decision


async def test_send_on_behalf_held_by_a_group_printed_by_its_name(flow: Flow, tenant: TenantState) -> None:
    other = _security_group(tenant)
    add = {"@odata.type": "#Exchange.GenericHashTable", "add": [EXEC]}
    other.exchange("Set-Mailbox", Identity=MARIA, GrantSendOnBehalfTo=add)
    decision = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(decision, Denied), decision
