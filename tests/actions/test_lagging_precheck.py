"""A pre-check read through a lagging replica never decides that a step is "already" done (sec36).

Reads lag writes in Entra and Exchange (the emulator's replication_lag_seconds switch). A right another
admin granted seconds ago is not in the reads yet: a revoke that trusted its pre-check would write nothing,
report "already", and leave the right in place. The mirror: a right removed outside seconds ago still shows,
and a grant that trusted the read would leave it missing. So the write is always sent, and only its own
answer ("the ACE doesn't exist", "isn't a member", "no settings modified" ...) makes a step "already".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from mailwarden.actions import WRITE_ACTIONS, execute
from mailwarden.actions.base import ActionContext, VerifyWait
from mailwarden.emulator.state import TenantState
from mailwarden.emulator.switches import set_switch
from mailwarden.model.steps import (
    CalendarShare,
    DistributionListMembership,
    EmailForwardingInternal,
    MailboxDelegation,
    SendAs,
    SendOnBehalf,
)
from tests.security.other_admin import OtherAdmin

pytestmark = pytest.mark.anyio

HASH = "#Exchange.GenericHashTable"
LAG = 3600  # far longer than the test: the outside write is never in the reads while it runs


def _id(tenant: TenantState, address: str) -> str:
    found = tenant.find(address)
    assert found is not None, address
    return found.id


def _box(tenant: TenantState, address: str) -> Any:
    found = tenant.find(address)
    assert found is not None, address
    return found


def _full_access(tenant: TenantState, box: str, who: str) -> bool:
    return any(g.trustee_id == _id(tenant, who) for g in _box(tenant, box).full_access)


def _send_as(tenant: TenantState, box: str, who: str) -> bool:
    return _id(tenant, who) in _box(tenant, box).send_as


def _on_behalf(tenant: TenantState, box: str, who: str) -> bool:
    return _id(tenant, who) in _box(tenant, box).grant_send_on_behalf_to


def _member(tenant: TenantState, group: str, who: str) -> bool:
    return _id(tenant, who) in _box(tenant, group).members


def _calendar(tenant: TenantState, owner: str, who: str) -> bool:
    return any(
        e.user == _id(tenant, who) and e.access_rights != ["None"] for e in _box(tenant, owner).calendar
    )


# (step that takes a right away, the other admin's grant of it, whether the tenant holds it)
Holds = Callable[[TenantState], bool]
REVOKES: list[tuple[Any, tuple[str, dict[str, Any]], Holds]] = [
    (
        MailboxDelegation(change="revoke", mailbox="billing@acme.com", trustee="rachel.green@acme.com"),
        (
            "Add-MailboxPermission",
            {"Identity": "billing@acme.com", "User": "rachel.green@acme.com", "AccessRights": ["FullAccess"]},
        ),
        lambda t: _full_access(t, "billing@acme.com", "rachel.green@acme.com"),
    ),
    (
        SendAs(change="revoke", mailbox="support@acme.com", trustee="tom.becker@acme.com"),
        (
            "Add-RecipientPermission",
            {"Identity": "support@acme.com", "Trustee": "tom.becker@acme.com", "AccessRights": ["SendAs"]},
        ),
        lambda t: _send_as(t, "support@acme.com", "tom.becker@acme.com"),
    ),
    (
        SendOnBehalf(change="revoke", mailbox="jane.doe@acme.com", trustee="rachel.green@acme.com"),
        (
            "Set-Mailbox",
            {
                "Identity": "jane.doe@acme.com",
                "GrantSendOnBehalfTo": {"@odata.type": HASH, "add": ["rachel.green@acme.com"]},
            },
        ),
        lambda t: _on_behalf(t, "jane.doe@acme.com", "rachel.green@acme.com"),
    ),
    (
        DistributionListMembership(
            change="remove", group="marketing@acme.com", member="emma.wilson@acme.com"
        ),
        ("Add-DistributionGroupMember", {"Identity": "marketing@acme.com", "Member": "emma.wilson@acme.com"}),
        lambda t: _member(t, "marketing@acme.com", "emma.wilson@acme.com"),
    ),
    (
        CalendarShare(change="revoke", owner="sarah@acme.com", grantee="john@acme.com"),
        (
            "Add-MailboxFolderPermission",
            {"Identity": "sarah@acme.com:\\Calendar", "User": "john@acme.com", "AccessRights": ["Reviewer"]},
        ),
        lambda t: _calendar(t, "sarah@acme.com", "john@acme.com"),
    ),
]

REVOKES.append(
    (
        EmailForwardingInternal(change="clear", mailbox="sarah@acme.com"),
        ("Set-Mailbox", {"Identity": "sarah@acme.com", "ForwardingAddress": "chris.lee@acme.com"}),
        lambda t: _box(t, "sarah@acme.com").forwarding_address is not None,
    )
)
UNKNOWN_BEFORE = ("calendar_share", "email_forwarding_internal")
"""Actions whose write, made through lagging reads, replaced a state the reads never showed: no undo."""

# (step that gives a right the seed holds, the other admin's removal of it, whether the tenant holds it)
GRANTS: list[tuple[Any, tuple[str, dict[str, Any]], Holds]] = [
    (
        MailboxDelegation(change="grant", mailbox="billing@acme.com", trustee="mike.smith@acme.com"),
        (
            "Remove-MailboxPermission",
            {"Identity": "billing@acme.com", "User": "mike.smith@acme.com", "AccessRights": ["FullAccess"]},
        ),
        lambda t: _full_access(t, "billing@acme.com", "mike.smith@acme.com"),
    ),
    (
        DistributionListMembership(change="add", group="all-sales@acme.com", member="priya.patel@acme.com"),
        (
            "Remove-DistributionGroupMember",
            {"Identity": "all-sales@acme.com", "Member": "priya.patel@acme.com"},
        ),
        lambda t: _member(t, "all-sales@acme.com", "priya.patel@acme.com"),
    ),
    (
        CalendarShare.model_validate(
            {
                "change": "grant",
                "owner": "olivia.martin@acme.com",
                "grantee": "maria.garcia@acme.com",
                "access": "editor",
            }
        ),
        (
            "Remove-MailboxFolderPermission",
            {"Identity": "olivia.martin@acme.com:\\Calendar", "User": "maria.garcia@acme.com"},
        ),
        lambda t: _calendar(t, "olivia.martin@acme.com", "maria.garcia@acme.com"),
    ),
]


def _name(value: Any) -> str:
    return f"{value.action}-{value.change}" if hasattr(value, "action") else "-"


def _quick(ctx: ActionContext) -> ActionContext:
    # Verification reads through the same lag: bounded short, so a write it cannot see is "unverified".
    return dataclasses.replace(ctx, verify=VerifyWait(first=0.05, longest=0.05, bound=0.1))


async def _behind_the_reads(tenant: TenantState, cmdlet: str, parameters: dict[str, Any]) -> None:
    admin = OtherAdmin(tenant)
    set_switch(tenant, "replication_lag_seconds", LAG)
    admin.exchange(cmdlet, **parameters)


@pytest.mark.parametrize(("step", "outside", "holds"), REVOKES, ids=_name)
async def test_a_revoke_takes_away_a_right_granted_seconds_ago(
    ctx: ActionContext, tenant: TenantState, step: Any, outside: tuple[str, dict[str, Any]], holds: Holds
) -> None:
    assert not holds(tenant)
    await _behind_the_reads(tenant, *outside)
    assert holds(tenant)
    action = WRITE_ACTIONS[step.action]
    seen = await action.preflight(ctx, step)
    assert getattr(seen, "already", False), "the reads should still lag behind the outside grant"

    outcome = await execute(action, _quick(ctx), step)

    assert not holds(tenant), f"the right granted outside survived the revoke: {outcome}"
    assert outcome.status == "applied", outcome.message  # never "already": the write took a right away
    assert outcome.change is not None
    assert not outcome.change.already
    # The record says what the write did, so undo gives the right back (a calendar's level the reads never
    # showed is not known: its undo says so rather than guess one).
    undo = action.revert(step, outcome.change)
    assert (undo is None) == (step.action in UNKNOWN_BEFORE), undo
    set_switch(tenant, "replication_lag_seconds", 0)
    settled = await execute(action, _quick(ctx), step)
    assert settled.status == "already", settled.message
    assert not holds(tenant)


@pytest.mark.parametrize(("step", "outside", "holds"), GRANTS, ids=_name)
async def test_a_grant_gives_back_a_right_removed_seconds_ago(
    ctx: ActionContext, tenant: TenantState, step: Any, outside: tuple[str, dict[str, Any]], holds: Holds
) -> None:
    assert holds(tenant)
    await _behind_the_reads(tenant, *outside)
    assert not holds(tenant)
    action = WRITE_ACTIONS[step.action]
    seen = await action.preflight(ctx, step)
    assert getattr(seen, "already", False), "the reads should still show the right removed outside"

    outcome = await execute(action, _quick(ctx), step)

    assert holds(tenant), "the grant was not made"
    assert outcome.status == "applied", outcome.message
    assert outcome.change is not None
    assert not outcome.change.already


@pytest.mark.parametrize(("step", "outside", "holds"), REVOKES, ids=_name)
async def test_a_revoke_of_what_is_not_there_is_already_and_writes_nothing(
    ctx: ActionContext, tenant: TenantState, step: Any, outside: tuple[str, dict[str, Any]], holds: Holds
) -> None:
    """ "Already" now comes from the write's own answer; with no outside change it is still "already"."""
    action = WRITE_ACTIONS[step.action]
    before = {k: r.model_dump() for k, r in tenant.recipients.items()}
    outcome = await execute(action, _quick(ctx), step)
    assert outcome.status == "already", outcome.message
    assert {k: r.model_dump() for k, r in tenant.recipients.items()} == before


@pytest.mark.parametrize("regranted", [True, False], ids=["added-outside", "not-a-member"])
async def test_a_removal_from_a_microsoft_365_group_is_sent_through_graph_whatever_the_reads_say(
    ctx: ActionContext, tenant: TenantState, regranted: bool
) -> None:
    """Graph answers 404 to removing a member reference that is not there: that answer, not the read, is
    "already"."""
    step = DistributionListMembership(
        change="remove", group="project-phoenix@acme.com", member="tom.becker@acme.com"
    )
    admin = OtherAdmin(tenant)
    set_switch(tenant, "replication_lag_seconds", LAG)
    if regranted:
        ref = {
            "@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{admin.id_of('tom.becker@acme.com')}"
        }
        admin.graph("POST", f"/groups/{admin.id_of('project-phoenix@acme.com')}/members/$ref", ref)
    assert _member(tenant, "project-phoenix@acme.com", "tom.becker@acme.com") is regranted

    outcome = await execute(WRITE_ACTIONS[step.action], _quick(ctx), step)

    assert not _member(tenant, "project-phoenix@acme.com", "tom.becker@acme.com")
    assert outcome.status == ("applied" if regranted else "already"), outcome.message
