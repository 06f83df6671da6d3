"""Red team 33: forwarded mail that reaches the joined list through another list and a member's forwarding.

Maria's mailbox forwards to the relay list; info@ (a shared mailbox) is on relay, and info@'s rule redirects
to exec-assist. Whoever joins exec-assist reads Maria's mail. sec25 follows chains only through mailboxes
("mail that reaches a mailbox through a list it is on is not followed"), so the join stayed self-service.
Driven through the live decision against the emulator over HTTP, as sec25's tests."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, ApprovalRequired, Denied
from tests.security.test_sec25_forwarded_unplaced_and_chains import (
    EXEC,
    GRACE,
    INFO,
    JOHN,
    KEN,
    MARIA,
    _decide,
    _join,
    _list,
    _open_list,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

RELAY = "relay@acme.com"


async def test_the_control_a_list_maria_forwards_to_whose_members_forward_nothing(
    flow: Flow, tenant: TenantState
) -> None:
    other = _open_list(tenant)
    _list(other, "Relay", "relay")
    other.exchange("Add-DistributionGroupMember", Identity=RELAY, Member=INFO)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=RELAY)
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Allowed), john


async def test_maria_forwards_to_a_list_a_member_of_which_redirects_to_the_joined_list(
    flow: Flow, tenant: TenantState
) -> None:
    other = _open_list(tenant)
    _list(other, "Relay", "relay")
    other.exchange("Add-DistributionGroupMember", Identity=RELAY, Member=INFO)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=RELAY)
    other.exchange("New-InboxRule", Mailbox=INFO, Name="to assistants", RedirectTo=[EXEC])
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john
    grace = await _decide(flow, GRACE, _join(GRACE))
    assert isinstance(grace, ApprovalRequired), grace
    assert grace.approvers == [KEN], grace


async def test_a_rule_to_a_list_then_a_nested_list_then_a_members_forwarding(
    flow: Flow, tenant: TenantState
) -> None:
    """Maria's rule redirects to relay; relay holds the inner list; info@ is on inner and forwards to
    exec-assist (a shared mailbox: only the chain makes it a person's mail)."""
    other = _open_list(tenant)
    _list(other, "Relay", "relay")
    _list(other, "Inner", "inner")
    other.exchange("Add-DistributionGroupMember", Identity=RELAY, Member="inner@acme.com")
    other.exchange("Add-DistributionGroupMember", Identity="inner@acme.com", Member=INFO)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to relay", RedirectTo=[RELAY])
    other.exchange("Set-Mailbox", Identity=INFO, ForwardingAddress=EXEC)
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john
