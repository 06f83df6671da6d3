"""Security leftover 25: mail forwarded to a list, where the target cannot be placed or the mail gets there
through another mailbox.

Sec24 decided an add to a list that a mailbox's forwarding or enabled Inbox rule sends mail to as access to
that mailbox (right "Forwarded mail"). Two ways round it were left open:
  - a target the cached directory cannot place (printed by DN, by Name or by address: a list made since the
    directory was read, or one deleted since, which the rule still names) counted as nobody. It counts as
    unknown now, unless a live Get-Recipient places it (a list made since is then found as what it is),
    or says nobody holds it (deleted since: the mail goes to nobody, security 27);
  - a chain: Maria's mailbox forwards to Tom's, and Tom's forwards (or a rule redirects) to the list, so
    joining the list reads Maria's mail too. Chains are followed to their end, loops safely (security 27
    dropped a five-hop bound past which a chain counted as unknown).
Driven through the live decision against the emulator over HTTP, as test_sec24_forwarded_to_group.py."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, ApprovalRequired, Decision, Denied
from mailwarden.model.steps import DistributionListMembership, Step
from mailwarden.testing import RunningEmulator
from mailwarden.workflow.requests import plan_steps
from tests.conftest import discovered_context
from tests.security.other_admin import OtherAdmin
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

GRACE, KEN, JOHN, MARIA, TOM = (
    "grace.hopper@acme.com",
    "ken.adams@acme.com",
    "john@acme.com",
    "maria.garcia@acme.com",
    "tom.becker@acme.com",
)
EXEC, OFFICE, OLD = "exec-assist@acme.com", "exec-office@acme.com", "exec-old@acme.com"
INFO = "info@acme.com"  # a shared mailbox
UNKNOWN = "Which mailboxes exec-assist@acme.com gives its members access to could not be established"
"""The decision's note when the list's mail (or rights) could not be read or placed."""
CHAIN = [
    "emma.wilson@acme.com",
    "liam.brown@acme.com",
    "noah.davis@acme.com",
    "ava.johnson@acme.com",
    "lucas.rossi@acme.com",
    "mia.novak@acme.com",
    "priya.patel@acme.com",
]


async def _read_directory(flow: Flow) -> None:
    flow.ctx = await discovered_context(flow.ctx.clients)


async def _decide(flow: Flow, requester: str, step: Step, *, read_again: bool = True) -> Decision:
    """The live decision on `step`; on the directory as it was last read when not `read_again`."""
    if read_again:
        await _read_directory(flow)
    who = flow.person(requester)
    [planned] = await plan_steps(flow.ctx, who, [step], await flow.live.decider(who, [step]))
    return planned.decision


def _join(member: str, group: str = EXEC) -> DistributionListMembership:
    return DistributionListMembership(change="add", group=group, member=member)


def _list(other: OtherAdmin, name: str, alias: str) -> None:
    other.exchange("New-DistributionGroup", Name=name, Alias=alias, Type="Distribution")
    other.set_join_restriction(f"{alias}@acme.com", "Open")


def _open_list(tenant: TenantState) -> OtherAdmin:
    """exec-assist: a plain distribution list, open (as in sec24)."""
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    _list(other, "Exec assistants", "exec-assist")
    return other


def _rules(other: OtherAdmin, mailbox: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = other.exchange("Get-InboxRule", Mailbox=mailbox)["value"]
    return rows


# ---- the emulator: a rule names its target as Exchange keeps it ----------------------------------------


def test_a_rule_keeps_naming_a_deleted_list_by_its_dn(tenant: TenantState) -> None:
    """A rule holds the address-book entry it was given: the list deleted, the rule still prints it by
    display name and LegacyExchangeDN (the DN no longer resolves), rather than forgetting the action."""
    other = OtherAdmin(tenant, settled=True)
    _list(other, "Exec old", "exec-old")
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to old", RedirectTo=[OLD])
    [before] = _rules(other, MARIA)
    [printed] = before["RedirectTo"]
    assert printed.startswith('"Exec old" [EX:/o=ExchangeLabs/'), printed
    assert printed.endswith("-exec-old]"), printed
    other.exchange("Remove-DistributionGroup", Identity=OLD)
    [after] = _rules(other, MARIA)
    assert after["RedirectTo"] == [printed], after
    assert "redirect the message to " + printed in after["Description"], after["Description"]
    dn = printed.split("[EX:", 1)[1].rstrip("]")
    response = other.client.post(
        f"/adminapi/beta/{tenant.tenant.id}/InvokeCommand",
        json={"CmdletInput": {"CmdletName": "Get-Recipient", "Parameters": {"Identity": dn}}},
        headers={"Authorization": f"Bearer {other._exchange_token}"},
    )
    assert response.status_code == 404, response.text


# ---- unplaced targets: unknown unless the tenant places them --------------------------------------------


async def test_a_rule_to_a_list_made_since_the_directory_was_read_is_not_missed(
    flow: Flow, tenant: TenantState
) -> None:
    """exec-office is made after the directory was read, exec-assist put inside it, and Maria's rule
    redirects to it: the cache can place neither the rule's DN nor the list around exec-assist."""
    other = _open_list(tenant)
    await _read_directory(flow)
    _list(other, "Exec office", "exec-office")
    other.exchange("Add-DistributionGroupMember", Identity=OFFICE, Member=EXEC)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to office", RedirectTo=[OFFICE])
    john = await _decide(flow, JOHN, _join(JOHN), read_again=False)
    assert isinstance(john, Denied), john
    grace = await _decide(flow, GRACE, _join(GRACE), read_again=False)
    assert isinstance(grace, ApprovalRequired), grace
    assert grace.approvers == [KEN], grace


async def test_forwarding_to_an_address_the_list_got_since_the_directory_was_read_is_placed_live(
    flow: Flow, tenant: TenantState
) -> None:
    """exec-assist gets the address helpers@acme.com after the directory was read, and Maria's mailbox
    forwards to it (ForwardingSmtpAddress): an address of the organisation's own domain that the cache
    does not hold is looked up (Get-Recipient), never taken for nobody."""
    other = _open_list(tenant)
    await _read_directory(flow)
    other.exchange(
        "Set-DistributionGroup",
        Identity=EXEC,
        EmailAddresses=["SMTP:exec-assist@acme.com", "smtp:helpers@acme.com"],
    )
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingSmtpAddress="smtp:helpers@acme.com")
    john = await _decide(flow, JOHN, _join(JOHN), read_again=False)
    assert isinstance(john, Denied), john
    grace = await _decide(flow, GRACE, _join(GRACE), read_again=False)
    assert isinstance(grace, ApprovalRequired), grace
    assert "Maria Garcia" in grace.reason, grace.reason
    assert UNKNOWN not in grace.reason, grace.reason  # placed, not guessed


async def test_a_list_made_since_that_the_joined_list_is_not_in_hands_over_nothing(
    flow: Flow, tenant: TenantState
) -> None:
    """The control: the live lookup places the new list, and exec-assist is not inside it."""
    other = _open_list(tenant)
    await _read_directory(flow)
    _list(other, "Exec office", "exec-office")
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to office", RedirectTo=[OFFICE])
    john = await _decide(flow, JOHN, _join(JOHN), read_again=False)
    assert isinstance(john, Allowed), john


async def test_a_rule_target_the_tenant_cannot_look_up_is_unknown_not_nobody(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """Maria's rule names a list deleted since. Nobody holding its DN hands the mail to nobody (security 27),
    but only the tenant can say that nobody holds it, as an X500 proxy included: when that look-up fails,
    where the mail goes cannot be said, so the join is routed as the worst case."""
    other = _open_list(tenant)
    _list(other, "Exec old", "exec-old")
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to old", RedirectTo=[OLD])
    other.exchange("Remove-DistributionGroup", Identity=OLD)
    emulator.faults.fail_items("exchange", status=500, times=50, matching="x500:")
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john
    grace = await _decide(flow, GRACE, _join(GRACE))
    assert isinstance(grace, ApprovalRequired), grace
    assert UNKNOWN in grace.reason, grace.reason
    assert "which the tenant could not place" in grace.reason, grace.reason


# ---- chains --------------------------------------------------------------------------------------------


async def test_mail_forwarded_to_a_mailbox_that_forwards_to_the_list_counts(
    flow: Flow, tenant: TenantState
) -> None:
    """Maria forwards to the shared mailbox info@, whose rule redirects to exec-assist: joining it reads
    Maria's mail too. (Through a shared mailbox, so that only the chain makes it a person's mail: a list
    that gets a shared mailbox's mail is an admin's to approve, not one an employee is refused.)"""
    other = _open_list(tenant)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=INFO)
    other.exchange("New-InboxRule", Mailbox=INFO, Name="to assistants", RedirectTo=[EXEC])
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john
    grace = await _decide(flow, GRACE, _join(GRACE))
    assert isinstance(grace, ApprovalRequired), grace
    assert grace.approvers == [KEN], grace
    assert "on Maria Garcia (maria.garcia@acme.com), forwarded on by Info (info@acme.com)" in grace.reason, (
        grace.reason
    )


async def test_a_chain_through_a_rule_then_a_forwarding_counts(flow: Flow, tenant: TenantState) -> None:
    """Maria's rule forwards to info@, whose mailbox forwards to exec-assist."""
    other = _open_list(tenant)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to info", ForwardTo=[INFO])
    other.exchange("Set-Mailbox", Identity=INFO, ForwardingAddress=EXEC)
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john


async def test_a_forwarding_loop_is_followed_once_and_hands_over_nothing(
    flow: Flow, tenant: TenantState
) -> None:
    other = _open_list(tenant)
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=TOM)
    other.exchange("New-InboxRule", Mailbox=TOM, Name="back to maria", RedirectTo=[MARIA])
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Allowed), john


async def test_a_chain_longer_than_five_mailboxes_is_followed(flow: Flow, tenant: TenantState) -> None:
    """Seven mailboxes forward one to the next, the last to exec-assist: the chain is followed to its end
    (security 27 dropped the five-hop bound, past which it counted as unknown), so the first mailbox's mail
    is named, never taken for nobody."""
    other = _open_list(tenant)
    for here, there in itertools.pairwise(CHAIN):
        other.exchange("Set-Mailbox", Identity=here, ForwardingAddress=there)
    other.exchange("Set-Mailbox", Identity=CHAIN[-1], ForwardingAddress=EXEC)
    grace = await _decide(flow, GRACE, _join(GRACE))
    assert isinstance(grace, ApprovalRequired), grace
    assert "on Emma Wilson (emma.wilson@acme.com)" in grace.reason, grace.reason


async def test_following_chains_costs_no_round_trip(
    flow: Flow, tenant: TenantState, emulator: RunningEmulator
) -> None:
    """careers@ forwards to Maria in the demo tenant: a plain join costs the same Exchange round trips with
    that chain as without it (chains are followed on the listing and rules already read; a live lookup is
    made only for a target the directory cannot place)."""

    async def trips() -> int:
        await _read_directory(flow)
        emulator.faults.reset()
        john = await _decide(flow, JOHN, _join(JOHN, "marketing@acme.com"), read_again=False)
        assert isinstance(john, Allowed), john
        return sum(1 for r in emulator.faults.requests("exchange") if not r.batch_item)

    with_chain = await trips()
    OtherAdmin(tenant, settled=True).exchange(
        "Set-Mailbox", Identity="careers@acme.com", ForwardingAddress=None
    )
    assert await trips() == with_chain
