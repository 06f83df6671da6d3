"""Red team 35 (on fd39bbb): two Exchange Names that Exchange holds apart and the list-rights scan folds.

ForwardingAddress prints its target by Name. The scan (workflow/list_rights.py) indexes the listed
mailboxes' Names by `str.strip().casefold()`, one mailbox per key, the last listed winning, and matches a
printed Name there before anything else. Names Exchange holds apart fold together: a trailing no-break space
('Info desk' and 'Info desk\\u00a0', a CN pasted from a web page) and 'ß' against 'ss' ('Strasse' and
'Straße'). Maria forwards to info@ (by Name), info@'s rule redirects to the open exec-assist list;
careers@ (shared), listed after info@, carries the look-alike Name and forwards nothing: the chain is
placed on careers@ and ends there. John's join of exec-assist is then decided on info@'s own mail alone
(a shared mailbox): it waits for an admin, who is told of info@ and never of Maria, where Maria's mail
makes an employee's join a refusal.

The same folding places a forwarding to a list (by its Name) on a mailbox carrying a look-alike of the
list's Name (a mailbox's Name is matched before the directory is asked), and the chain through the list's
members is missed, with the same outcome. And Send As, which Get-RecipientPermission prints by the mailbox's
Name, is indexed on the look-alike: Send As on Maria held by an open security group is decided as Send As
on careers@ (a shared mailbox), and John's join goes to an admin instead of being refused.

Fixed (security 29): the scan keys Names as Exchange compares them (exactly, but for case:
`list_rights.name_key`), and a key several listed recipients share counts as every one of them, never the
last listed. Driven through the live decision against the emulator over HTTP."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, Decision, Denied
from tests.security.test_redteam32_rights_by_name import _security_group
from tests.security.test_redteam33_forwarded_placed_wrongly import _name_mailbox
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
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

RELAY = "relay@acme.com"
CAREERS = "careers@acme.com"  # a shared mailbox the listing gives after info@
NBSP = "\u00a0"


def _listed_after(tenant: TenantState, first: str, then: str) -> bool:
    with tenant.transaction():
        order = [r.primary_smtp for r in tenant.recipients.values()]
    return order.index(then) > order.index(first)


async def test_the_control_the_chain_through_info_named_apart_is_seen(
    flow: Flow, tenant: TenantState
) -> None:
    other = _open_list(tenant)
    _name_mailbox(tenant, INFO, "Info desk")
    _name_mailbox(tenant, CAREERS, "Info desk 2")
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=INFO)
    other.exchange("New-InboxRule", Mailbox=INFO, Name="to assistants", RedirectTo=[EXEC])
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john


@pytest.mark.parametrize(
    ("info_name", "look_alike"),
    [("Info desk", f"Info desk{NBSP}"), ("Straße office", "Strasse office")],
    ids=["trailing-no-break-space", "sharp-s"],
)
async def test_a_look_alike_name_on_a_later_mailbox_does_not_end_the_chain(
    flow: Flow, tenant: TenantState, info_name: str, look_alike: str
) -> None:
    other = _open_list(tenant)
    assert _listed_after(tenant, INFO, CAREERS)
    _name_mailbox(tenant, INFO, info_name)
    _name_mailbox(tenant, CAREERS, look_alike)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=INFO)
    other.exchange("New-InboxRule", Mailbox=INFO, Name="to assistants", RedirectTo=[EXEC])
    # Exchange prints the forwarding by the target's own Name, which it holds apart from the look-alike.
    [maria] = other.exchange("Get-Mailbox", Identity=MARIA)["value"]
    assert maria["ForwardingAddress"] == info_name, maria
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john


async def test_the_control_a_list_maria_forwards_to_named_apart(flow: Flow, tenant: TenantState) -> None:
    other = _open_list(tenant)
    _list(other, "Front office", "relay")
    other.exchange("Add-DistributionGroupMember", Identity=RELAY, Member=INFO)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=RELAY)
    other.exchange("New-InboxRule", Mailbox=INFO, Name="to assistants", RedirectTo=[EXEC])
    _name_mailbox(tenant, TOM, "Front office 2")
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john


async def test_a_mailbox_named_like_the_list_maria_forwards_to_does_not_take_the_forwarding(
    flow: Flow, tenant: TenantState
) -> None:
    other = _open_list(tenant)
    _list(other, "Front office", "relay")
    other.exchange("Add-DistributionGroupMember", Identity=RELAY, Member=INFO)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=RELAY)
    other.exchange("New-InboxRule", Mailbox=INFO, Name="to assistants", RedirectTo=[EXEC])
    _name_mailbox(tenant, TOM, f"Front office{NBSP}")
    [maria] = other.exchange("Get-Mailbox", Identity=MARIA)["value"]
    assert maria["ForwardingAddress"] == "Front office", maria
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john


async def test_the_control_a_join_nobody_forwards_to_stays_open_with_the_look_alikes(
    flow: Flow, tenant: TenantState
) -> None:
    _open_list(tenant)
    _name_mailbox(tenant, INFO, "Info desk")
    _name_mailbox(tenant, CAREERS, f"Info desk{NBSP}")
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Allowed), john


# ---- Send As, printed by the mailbox's Name (the Send As index of fd39bbb) ---------------------------------


async def _send_as_on_maria(flow: Flow, tenant: TenantState, look_alike: str) -> Decision:
    other = _security_group(tenant)
    _name_mailbox(tenant, MARIA, "Maria Garcia")
    _name_mailbox(tenant, CAREERS, look_alike)
    other.exchange("Add-RecipientPermission", Identity=MARIA, Trustee=EXEC, AccessRights="SendAs")
    [row] = other.exchange("Get-RecipientPermission", Trustee=EXEC)["value"]
    assert row["Identity"] == "Maria Garcia", row
    return await _decide(flow, JOHN, _join(JOHN))


async def test_the_control_send_as_on_maria_with_a_name_apart_is_refused(
    flow: Flow, tenant: TenantState
) -> None:
    john = await _send_as_on_maria(flow, tenant, "Maria Garcia 2")
    assert isinstance(john, Denied), john


async def test_send_as_on_maria_is_never_indexed_on_a_look_alike_name(
    flow: Flow, tenant: TenantState
) -> None:
    john = await _send_as_on_maria(flow, tenant, f"Maria Garcia{NBSP}")
    assert isinstance(john, Denied), john
