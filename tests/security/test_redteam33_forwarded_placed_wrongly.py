"""Red team 33: forwarded mail whose target the directory cache places WRONGLY on another recipient.

sec25 looks up live only what the cache places on no one; red team 32 matches the groups' live Names and
addresses only when the cache placed no one. A target the cache places on the wrong recipient is taken as
that recipient, and the mail's real way to the list goes unseen: John's self-join of the open list is
allowed and hands him Maria's mail. Driven through the live decision against the emulator over HTTP, as
sec24's and sec25's tests."""

from __future__ import annotations

import pytest

from mailwarden.emulator.state import TenantState
from mailwarden.model.decisions import Allowed, ApprovalRequired, Denied
from tests.security.other_admin import OtherAdmin
from tests.security.test_sec25_forwarded_unplaced_and_chains import (
    EXEC,
    GRACE,
    INFO,
    JOHN,
    KEN,
    MARIA,
    OFFICE,
    _decide,
    _join,
    _open_list,
    _read_directory,
)
from tests.workflow import conftest as workflow_fixtures
from tests.workflow.conftest import Flow

pytestmark = pytest.mark.anyio
flow, store = workflow_fixtures.flow, workflow_fixtures.store

LONG_ALIAS = "executive-assistants-to-the-board-and-ceo-office"  # 48 characters: a DN keeps 40
SHORT_ALIAS = LONG_ALIAS[:40]


# ---- a DN's alias cut at 40 is another recipient's whole alias ------------------------------------------


def _long_list(tenant: TenantState) -> OtherAdmin:
    other = OtherAdmin(tenant, settled=True)
    other.add_role(KEN)
    other.exchange(
        "New-DistributionGroup",
        Name="Exec assistants",
        Alias=LONG_ALIAS,
        PrimarySmtpAddress=EXEC,
        Type="Distribution",
    )
    other.set_join_restriction(EXEC, "Open")
    return other


async def test_the_control_a_recipient_with_the_cut_alias_and_no_rule_keeps_the_list_open(
    flow: Flow, tenant: TenantState
) -> None:
    other = _long_list(tenant)
    other.exchange("New-DistributionGroup", Name="Board office", Alias=SHORT_ALIAS, Type="Distribution")
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Allowed), john


async def test_a_rule_dn_whose_cut_alias_is_another_recipients_whole_alias(
    flow: Flow, tenant: TenantState
) -> None:
    """exec-assist's alias is 48 characters; another list's alias is exactly its first 40. Maria's rule
    prints exec-assist as `"Exec assistants" [EX:...-<the first 40>]`: the cache placed it on the other
    list (the one alias it holds that equals the cut), so Maria's mail seemed to go there."""
    other = _long_list(tenant)
    other.exchange("New-DistributionGroup", Name="Board office", Alias=SHORT_ALIAS, Type="Distribution")
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to assistants", RedirectTo=[EXEC])
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john
    grace = await _decide(flow, GRACE, _join(GRACE))
    assert isinstance(grace, ApprovalRequired), grace
    assert grace.approvers == [KEN], grace


# ---- a rule's display name placed on someone its DN says it is not --------------------------------------


async def test_a_rule_to_a_list_made_since_whose_display_name_a_mailbox_carries(
    flow: Flow, tenant: TenantState
) -> None:
    """exec-office is made after the directory was read, exec-assist put in it, and Maria's rule redirects
    to it. Its display name is 'Info', which the cache holds once (the shared mailbox info@): the cache
    placed the rule's target on info@ by display name although the DN ends with an alias info@ does not
    have, so no live lookup was made and the mail seemed to stay in info@."""
    other = _open_list(tenant)
    await _read_directory(flow)
    other.exchange(
        "New-DistributionGroup",
        Name="Exec office",
        DisplayName="Info",
        Alias="exec-office",
        Type="Distribution",
    )
    other.exchange("Add-DistributionGroupMember", Identity=OFFICE, Member=EXEC)
    other.exchange("New-InboxRule", Mailbox=MARIA, Name="to office", RedirectTo=[OFFICE])
    john = await _decide(flow, JOHN, _join(JOHN), read_again=False)
    assert isinstance(john, Denied), john


# ---- a mailbox's Name is another person's display name (a chain) ----------------------------------------


def _name_mailbox(tenant: TenantState, address: str, name: str) -> None:
    """Set an Exchange Name (Set-Mailbox -Name; the emulator has no parameter for it): a mailbox synced
    from on-premises keeps its CN as its Name, which need be neither its alias nor its display name."""
    with tenant.transaction():
        box = tenant.address_owner(address)
        assert box is not None
        box.name = name
        tenant.reindex()
        tenant.mark_dirty()


async def test_the_control_a_chain_through_a_mailbox_named_apart_is_seen(
    flow: Flow, tenant: TenantState
) -> None:
    other = _open_list(tenant)
    _name_mailbox(tenant, INFO, "Info desk 2019")
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=INFO)
    other.exchange("New-InboxRule", Mailbox=INFO, Name="to assistants", RedirectTo=[EXEC])
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john


async def test_a_chain_through_a_mailbox_whose_name_is_another_persons_display_name(
    flow: Flow, tenant: TenantState
) -> None:
    """Maria forwards to info@, whose rule redirects to exec-assist. info@'s Name is 'Tom Becker' (the CN it
    kept from the on-premises account it was converted from): Maria's ForwardingAddress prints 'Tom Becker',
    which the cache placed on Tom by display name, and Tom forwards nothing: the chain seemed to end."""
    other = _open_list(tenant)
    _name_mailbox(tenant, INFO, "Tom Becker")
    other.exchange("Set-Mailbox", Identity=MARIA, ForwardingAddress=INFO)
    other.exchange("New-InboxRule", Mailbox=INFO, Name="to assistants", RedirectTo=[EXEC])
    john = await _decide(flow, JOHN, _join(JOHN))
    assert isinstance(john, Denied), john
