"""Red team 33: Send As held by a security group on a mailbox whose Exchange Name is a list's alias.

Get-RecipientPermission -Trustee <group> prints each mailbox the group may send as by the mailbox's Name.
A mailbox synced from on-premises keeps its CN as its Name ('mgarcia' for Maria), which need be neither its
alias nor its display name, and may be another recipient's alias (here a list's). The live read placed the
printed Name with `identify` (alias before display name), took it for the list, and skipped it ("sending as
a list reaches nobody's mailbox"): the open security group holding Send As on Maria's mailbox stayed
self-service. Driven through the live decision against the emulator over HTTP, as red team 32."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, Denied
from tests.security.test_redteam32_rights_by_name import _security_group
from tests.security.test_redteam33_forwarded_placed_wrongly import _name_mailbox
from tests.security.test_sec24_forwarded_to_group import EXEC, JOHN, MARIA, _decide, _join
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store


async def test_the_control_maria_named_like_a_list_and_no_right_keeps_the_group_open(
    flow: Flow, tenant: TenantState
) -> None:
    other = _security_group(tenant)
    other.exchange("New-DistributionGroup", Name="M Garcia team", Alias="mgarcia", Type="Distribution")
    _name_mailbox(tenant, MARIA, "mgarcia")
    decision = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(decision, Allowed), decision


async def test_send_as_on_a_mailbox_whose_name_is_a_lists_alias(flow: Flow, tenant: TenantState) -> None:
    other = _security_group(tenant)
    other.exchange("New-DistributionGroup", Name="M Garcia team", Alias="mgarcia", Type="Distribution")
    _name_mailbox(tenant, MARIA, "mgarcia")
    other.exchange("Add-RecipientPermission", Identity=MARIA, Trustee=EXEC, AccessRights="SendAs")
    decision = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(decision, Denied), decision
