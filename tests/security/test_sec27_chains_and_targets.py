"""Security 27: the forwarded-mail scan's chains and targets, as an independent review found them.

  - F1: a list made since the directory was read, which the live lookup places, was a dead end: its
    members, unknown to the cache, were never walked, so a chain through it ended silently;
  - F3: a rule target printed by LegacyExchangeDN was placed by the alias its DN ends with before the
    live groups' LegacyExchangeDN and x500 proxies were matched (the DN keeps the alias of the creation);
  - F6: a chain of more than five mailboxes, or a rule to a recipient deleted since, made every list join
    in the tenant unknown;
  - F8: a mailbox made since the directory was read was taken for another recipient by its Name.
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
    UNKNOWN,
    _decide,
    _join,
    _list,
    _open_list,
    _read_directory,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

RELAY = "relay@acme.com"


# ---- F1: a list made since the directory was read is walked through its members -------------------------


async def test_a_chain_through_a_list_made_since_the_directory_was_read_is_followed(
    flow: Flow, tenant: TenantState
) -> None:
    """relay is made after the directory was read, info@ put on it, Maria's rule redirects to it and
    info@'s rule to exec-assist: the live lookup places relay, and its members are read live."""
    other = _open_list(tenant)
    await _read_directory(flow)
    _list(other, "Relay", "relay")
    other.exchange("Add-DistributionGroupMember", Identity=RELAY, Member=INFO)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to relay", RedirectTo=[RELAY])
    other.exchange("New-InboxRule", Mailbox=INFO, Name="to assistants", RedirectTo=[EXEC])
    john = await _decide(flow, JOHN, _join(JOHN), read_again=False)
    assert isinstance(john, Denied), john
    grace = await _decide(flow, GRACE, _join(GRACE), read_again=False)
    assert isinstance(grace, ApprovalRequired), grace
    assert grace.approvers == [KEN], grace
    assert UNKNOWN not in grace.reason, grace.reason  # read, not guessed
    assert "Relay (relay@acme.com)" in grace.reason, grace.reason


async def test_a_list_made_since_whose_new_nested_list_holds_a_forwarder_is_followed(
    flow: Flow, tenant: TenantState
) -> None:
    """relay and inner are both made since the read; inner is on relay, info@ on inner."""
    other = _open_list(tenant)
    await _read_directory(flow)
    _list(other, "Relay", "relay")
    _list(other, "Inner", "inner")
    other.exchange("Add-DistributionGroupMember", Identity=RELAY, Member="inner@acme.com")
    other.exchange("Add-DistributionGroupMember", Identity="inner@acme.com", Member=INFO)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress="smtp:relay@acme.com")
    other.exchange("Set-Mailbox", Identity=INFO, ForwardingAddress=EXEC)
    john = await _decide(flow, JOHN, _join(JOHN), read_again=False)
    assert isinstance(john, Denied), john


async def test_the_control_a_list_made_since_whose_members_forward_nothing(
    flow: Flow, tenant: TenantState
) -> None:
    """sec25's control stays: relay (made since) holds info@, which forwards nowhere."""
    other = _open_list(tenant)
    await _read_directory(flow)
    _list(other, "Relay", "relay")
    other.exchange("Add-DistributionGroupMember", Identity=RELAY, Member=INFO)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to relay", RedirectTo=[RELAY])
    john = await _decide(flow, JOHN, _join(JOHN), read_again=False)
    assert isinstance(john, Allowed), john
