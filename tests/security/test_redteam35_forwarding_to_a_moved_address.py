"""Red team 35 (around b2a9581): a forwarding address moved, since the directory was cached, to a list that
is not around the joined one is still placed on its old holder.

b2a9581 places an SMTP rule target that is one of the joined groups' addresses read live on that group
before the cached directory's holder, as a ForwardingSmtpAddress already was. Only the groups around the
joined list are read live. Maria's ForwardingSmtpAddress is helpers@, a secondary address of careers@ (a
shared mailbox that forwards nothing) when the directory is cached; an admin then moves helpers@ to the relay
list, whose member info@ redirects to the open exec-assist list. Maria's mail now reaches exec-assist, but
the scan places helpers@ on careers@ (the cache), the chain ends there, and John's join is decided on info@'s
own mail alone: it goes to an admin who is never told of Maria, where with the directory read again it is
a refusal. (An Inbox rule to helpers@ keeps naming careers@ by its DN, as Exchange does: no hand-over.)

Fixed (security 29): a ForwardingSmtpAddress is placed on what holds the address now (a group read live, a
mailbox of the live listing), else looked up live (`Get-Recipient`), never on the cache's holder.
Driven through the live decision against the emulator over HTTP, on the directory as last read."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, Decision, Denied
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec25_forwarded_unplaced_and_chains import (
    EXEC,
    INFO,
    JOHN,
    MARIA,
    TOM,
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

CAREERS, RELAY, HELPERS = "careers@acme.com", "relay@acme.com", "helpers@acme.com"


async def _helpers_moved_to_relay(flow: Flow, tenant: TenantState) -> OtherAdmin:
    other = _open_list(tenant)
    _list(other, "Relay", "relay")
    other.exchange("Add-DistributionGroupMember", Identity=RELAY, Member=INFO)
    other.exchange("New-InboxRule", Mailbox=INFO, Name="to assistants", RedirectTo=[EXEC])
    [careers] = other.exchange("Get-Mailbox", Identity=CAREERS)["value"]
    other.exchange(
        "Set-Mailbox", Identity=CAREERS, EmailAddresses=[*careers["EmailAddresses"], f"smtp:{HELPERS}"]
    )
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=HELPERS)
    await _read_directory(flow)
    other.exchange("Set-Mailbox", Identity=CAREERS, EmailAddresses=careers["EmailAddresses"])
    other.exchange(
        "Set-DistributionGroup", Identity=RELAY, EmailAddresses=[f"SMTP:{RELAY}", f"smtp:{HELPERS}"]
    )
    return other


async def _johns_join(flow: Flow, *, read_again: bool) -> Decision:
    return await _decide(flow, JOHN, _join(JOHN), read_again=read_again)


async def test_the_control_with_the_directory_read_again_johns_join_is_refused(
    flow: Flow, tenant: TenantState
) -> None:
    await _helpers_moved_to_relay(flow, tenant)
    john = await _johns_join(flow, read_again=True)
    assert isinstance(john, Denied), john


async def test_on_the_cached_directory_johns_join_is_refused_too(flow: Flow, tenant: TenantState) -> None:
    await _helpers_moved_to_relay(flow, tenant)
    john = await _johns_join(flow, read_again=False)
    assert isinstance(john, Denied), john


async def test_the_control_moved_to_a_list_whose_members_forward_nothing_the_join_stays_open(
    flow: Flow, tenant: TenantState
) -> None:
    """The live placing follows the address to its list and that list's members: with none of them
    forwarding to exec-assist, Maria's mail does not reach it and John's join of the open list is allowed
    (a live look-up is no unknown that refuses every join)."""
    other = _open_list(tenant)
    _list(other, "Quiet", "quiet")
    other.exchange("Add-DistributionGroupMember", Identity="quiet@acme.com", Member=TOM)
    [careers] = other.exchange("Get-Mailbox", Identity=CAREERS)["value"]
    other.exchange(
        "Set-Mailbox", Identity=CAREERS, EmailAddresses=[*careers["EmailAddresses"], f"smtp:{HELPERS}"]
    )
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress=HELPERS)
    await _read_directory(flow)
    other.exchange("Set-Mailbox", Identity=CAREERS, EmailAddresses=careers["EmailAddresses"])
    other.exchange(
        "Set-DistributionGroup",
        Identity="quiet@acme.com",
        EmailAddresses=["SMTP:quiet@acme.com", f"smtp:{HELPERS}"],
    )
    john = await _johns_join(flow, read_again=False)
    assert isinstance(john, Allowed), john
